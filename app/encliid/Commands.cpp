#include "Commands.h"

#include "Daemon.h"

#include "spec/SpecLoader.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace enclii::daemon {

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &byte, 1);
}

// SIGINT/SIGTERM end the event loop through a socket pair, so shutdown runs in normal
// code (destructors stop the server and the embedded database), not in a signal handler.
void installSignalHandlers()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, QCoreApplication::instance(), [] {
        char byte;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &byte, 1);
        spdlog::info("stopping on signal");
        QCoreApplication::quit();
    });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

} // namespace

int runValidate(const QString &dir)
{
    const spec::LoadResult result = spec::SpecLoader().loadDirectory(dir);
    int errors = 0, warnings = 0;
    for (const auto &d : result.diagnostics) {
        std::fprintf(stderr, "%s\n", qPrintable(d.toString()));
        (d.isError() ? errors : warnings)++;
    }
    std::fprintf(stdout, "%s: %d services, %d ecosystem document(s): %d error(s), %d warning(s)\n", qPrintable(dir),
                 int(result.specs.services.size()), result.ecosystemDocuments, errors, warnings);
    return errors == 0 ? 0 : 1;
}

int runServe(const Config &config)
{
    installSignalHandlers();
    int status = 0;
    {
        Daemon daemon(config);
        QString error;
        if (!daemon.start(&error)) {
            spdlog::error("{}", error.toStdString());
            return 1;
        }
        std::fprintf(stdout, "encliid listening on %s (%s)\n", qPrintable(daemon.url()), qPrintable(daemon.databaseDescription()));
        if (!daemon.bootstrapPassword().isEmpty()) {
            // Shown once, on the terminal only: it is in no log and no file.
            std::fprintf(stdout, "\nFirst start: the administrator %s has the password\n\n    %s\n\n"
                                 "Sign in with it now (enclii-console, Console > Sign in) and keep it safe;\n"
                                 "it is not shown again. Set ENCLII_ADMIN_PASSWORD to choose it instead.\n\n",
                         qPrintable(qEnvironmentVariable("ENCLII_ADMIN_EMAIL", QStringLiteral("admin@enclii.local"))),
                         qPrintable(daemon.bootstrapPassword()));
        }
        std::fflush(stdout);
        status = QCoreApplication::exec();
    }
    spdlog::info("encliid stopped");
    return status;
}

} // namespace enclii::daemon
