// enclii-console: the desktop console for encliid. Composes ApiClient and MainWindow,
// picks the language, and offers a headless --screenshot mode for docs and CI. Scripts
// give a bearer token (--token or ENCLII_TOKEN) instead of signing in with a browser.

#include "client/ApiClient.h"
#include "client/Session.h"
#include "views/ConnectDialog.h"
#include "views/MainWindow.h"
#include "views/ScreenshotRunner.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <chrono>
#include <cstdio>
#include <cstring>

using namespace enclii::ui;
using namespace Qt::StringLiterals;

namespace {

// The value of `--name value` or `--name=value` before QApplication exists.
QByteArray earlyOption(int argc, char **argv, const char *name)
{
    const QByteArray flag = QByteArray("--") + name;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == flag && i + 1 < argc)
            return argv[i + 1];
        if (arg.startsWith(flag + '='))
            return arg.mid(flag.size() + 1);
    }
    return {};
}

bool hasFlag(int argc, char **argv, const char *name)
{
    const QByteArray flag = QByteArray("--") + name;
    for (int i = 1; i < argc; ++i)
        if (QByteArray(argv[i]) == flag || QByteArray(argv[i]).startsWith(flag + '='))
            return true;
    return false;
}

// A screenshot (or --help) needs no screen: without a display server, render offscreen.
bool preparePlatform(int argc, char **argv)
{
    bool headless = hasFlag(argc, argv, "screenshot") || hasFlag(argc, argv, "help") || hasFlag(argc, argv, "version");
    for (int i = 1; i < argc; ++i)
        headless |= std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "-v") == 0;
    if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        return true;
    }
    return false;
}

// The offscreen platform warns about window hints it cannot honour; in a CI log that line
// is noise next to the one error that matters.
QtMessageHandler previousHandler = nullptr;

void quietOffscreenNoise(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.contains(QLatin1String("propagateSizeHints")))
        return;
    if (previousHandler)
        previousHandler(type, context, message);
}

// --lang beats the saved ui/language, which beats the system locale.
void installTranslators(QApplication &app, const QString &requested, QTranslator &own, QTranslator &qt)
{
    QString language = requested;
    if (language.isEmpty())
        language = QSettings().value(u"ui/language"_s).toString();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (!language.isEmpty())
        QLocale::setDefault(locale); // numbers and dates follow the chosen language too
    // No catalogue for the language: English, whose catalogue carries the plural forms.
    if (own.load(locale, u"enclii"_s, u"_"_s, u":/i18n"_s) || own.load(u":/i18n/enclii_en"_s))
        app.installTranslator(&own);
    if (qt.load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(&qt);
}

void printError(const QString &message)
{
    std::fprintf(stderr, "enclii-console: %s\n", qPrintable(message));
}

} // namespace

int main(int argc, char *argv[])
{
    if (preparePlatform(argc, argv))
        previousHandler = qInstallMessageHandler(quietOffscreenNoise);
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Enclii"_s);
    QCoreApplication::setOrganizationDomain(u"enclii.dev"_s);
    QCoreApplication::setApplicationName(u"enclii-console"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(ENCLII_VERSION));

    QTranslator ownTranslator;
    QTranslator qtTranslator;
    installTranslators(app, QString::fromLocal8Bit(earlyOption(argc, argv, "lang")), ownTranslator, qtTranslator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Desktop console for the Enclii control plane (encliid)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption urlOption(u"url"_s,
        QCoreApplication::translate("main", "Daemon base URL for this session (the saved one is left alone)."), u"URL"_s);
    const QCommandLineOption screenshotOption(u"screenshot"_s,
        QCoreApplication::translate("main", "Render a screen to a PNG file once its data has loaded, then exit."), u"FILE"_s);
    const QCommandLineOption viewOption(u"view"_s,
        QCoreApplication::translate("main", "Screen to open: %1.").arg(MainWindow::screenNames().join(u", "_s)), u"NAME"_s);
    const QCommandLineOption langOption(u"lang"_s,
        QCoreApplication::translate("main", "Interface language, e.g. es or en (default: ui/language setting, then the system's)."),
        u"LANG"_s);
    const QCommandLineOption timeoutOption(u"timeout"_s,
        QCoreApplication::translate("main", "Seconds --screenshot waits for data (default 20)."), u"SECONDS"_s, u"20"_s);
    const QCommandLineOption tokenOption(u"token"_s,
        QCoreApplication::translate("main", "Use this bearer token instead of signing in: an API token (enclii_pat_…) or an "
                                            "access token. It is not stored anywhere. The environment variable ENCLII_TOKEN "
                                            "does the same without showing the token to other users of this machine."),
        u"TOKEN"_s);
    parser.addOptions({urlOption, screenshotOption, viewOption, langOption, timeoutOption, tokenOption});
    parser.process(app);

    QUrl url = MainWindow::savedUrl();
    if (parser.isSet(urlOption)) {
        const std::optional<QUrl> given = ConnectDialog::parseUrl(parser.value(urlOption));
        if (!given) {
            printError(QCoreApplication::translate("main", "not a usable daemon URL: %1").arg(parser.value(urlOption)));
            return 2;
        }
        url = *given;
    }

    std::optional<MainWindow::Screen> screen;
    if (parser.isSet(viewOption)) {
        screen = MainWindow::screenFromName(parser.value(viewOption));
        if (!screen) {
            printError(QCoreApplication::translate("main", "unknown view \"%1\"; use one of: %2")
                           .arg(parser.value(viewOption), MainWindow::screenNames().join(u", "_s)));
            return 2;
        }
    }

    bool timeoutOk = false;
    const double timeoutSeconds = parser.value(timeoutOption).toDouble(&timeoutOk);
    if (!timeoutOk || timeoutSeconds <= 0) {
        printError(QCoreApplication::translate("main", "--timeout needs a positive number of seconds"));
        return 2;
    }

    // --token beats ENCLII_TOKEN; either beats a sign-in.
    const QString token = parser.isSet(tokenOption) ? parser.value(tokenOption).trimmed() : Session::environmentToken();
    if (parser.isSet(tokenOption) && token.isEmpty()) {
        printError(QCoreApplication::translate("main", "--token needs a token"));
        return 2;
    }

    // The session signs in through the system browser and keeps its tokens in the OS
    // keychain; on a daemon with sign-in off it stays out of the way. A given token is used
    // as it is: no browser, no keychain.
    Session session;
    ApiClient client;
    client.setBaseUrl(url);
    client.setSession(&session);
    if (!token.isEmpty())
        session.useGivenToken(token);
    MainWindow window(&client);

    if (parser.isSet(screenshotOption)) {
        ScreenshotRunner runner(&window, screen.value_or(MainWindow::Screen::Map), parser.value(screenshotOption),
                                std::chrono::milliseconds(qint64(timeoutSeconds * 1000)));
        QObject::connect(&runner, &ScreenshotRunner::finished, &app, [](int code, const QString &message) {
            if (code != 0)
                printError(message);
            QCoreApplication::exit(code);
        });
        runner.start();
        client.start();
        return app.exec();
    }

    if (screen)
        window.showScreen(*screen);
    window.show();
    client.start();
    return app.exec();
}
