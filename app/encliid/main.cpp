// encliid: the Enclii control-plane daemon (headless; no Qt Widgets linked).
#include "Commands.h"
#include "Config.h"

#include "observe/Logging.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("encliid"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ENCLII_VERSION_TEXT));

    using namespace enclii;
    const auto parsed = daemon::parseConfig(QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment().toStringList());
    if (parsed.exitNow) {
        std::fputs(qPrintable(parsed.output), stdout);
        return 0;
    }
    if (!parsed.error.isEmpty()) {
        std::fprintf(stderr, "encliid: %s\n", qPrintable(parsed.error));
        return 2;
    }
    const auto &config = parsed.config;
    if (!observe::setupLogging(config.logFormat == QLatin1String("json") ? observe::LogFormat::Json : observe::LogFormat::Text,
                               config.logLevel)) {
        std::fprintf(stderr, "encliid: log-level must be trace, debug, info, warn or error, not \"%s\"\n", qPrintable(config.logLevel));
        return 2;
    }
    if (config.command == QLatin1String("validate"))
        return daemon::runValidate(config.arguments.first());
    return daemon::runServe(config);
}
