// The console against the real encliid, end to end: the daemon runs in-process on a
// throwaway PostgreSQL with its built-in OpenID Connect provider, and the console's own
// Session, ApiClient and MainWindow sign in to it as a person would. No stand-ins.
//
// The test plays the person at the browser: it loads the authorization URL the console
// offers (the real sign-in page), takes the anti-forgery cookie and the form's hidden fields,
// posts e-mail and password without following the redirect, and then opens the redirect's
// Location, which is the console's own loopback callback. From there the console is on its
// own: the code exchange, /v1/me, the ecosystem, refresh, sign-out with revocation.
//
// Scripts and screenshots without a browser: a bearer token given to the Session (what
// `enclii-console --token` and ENCLII_TOKEN do) and the enclii-console binary itself.
//
// Like tst_console_session it runs under a private D-Bus session with a throwaway, unlocked
// gnome-keyring (with-keyring.sh), so the keychain is real too.

#include "Daemon.h"
#include "ImageStats.h"
#include "api/HttpClient.h"
#include "api/OidcTestClient.h"
#include "client/ApiClient.h"
#include "client/Session.h"
#include "models/BudgetModel.h"
#include "models/EcosystemModel.h"
#include "support/TestPostgres.h"
#include "views/CanaryView.h"
#include "views/MainWindow.h"
#include "views/ScreenshotRunner.h"
#include "views/SignInPrompt.h"

#include <qt6keychain/keychain.h>

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace enclii;
using namespace enclii::ui;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using test::bearer;
using test::httpRequest;
using test::HttpResult;
using State = Session::State;
using Requirement = Session::Requirement;
using Screen = MainWindow::Screen;

// Helpers report through QVERIFY; this stops the calling test when one failed.
#define CHECKED(call)                                                                                                  \
    do {                                                                                                               \
        call;                                                                                                          \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

namespace {

const QString kSpecs = QStringLiteral(ENCLII_SOURCE_DIR "/specs");
const QByteArray kMasterKey = QByteArray(32, '\x3c');
const QString kAdmin = u"admin@console-e2e.test"_s;
const QString kAdminPassword = u"a long and winding admin passphrase"_s;
const QString kViewer = u"viewer@console-e2e.test"_s;
const QString kViewerPassword = u"only looking, never touching"_s;
constexpr int kSeedServices = 33; // specs/services: the dogfooding map's deployable components

struct Stored
{
    bool found = false;
    QJsonObject data;
    QString error;
};

Stored readKeychain(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(Session::keychainService());
    job->setAutoDelete(false);
    job->setKey(key);
    QSignalSpy finished(job, &QKeychain::Job::finished);
    job->start();
    Stored stored;
    if (!finished.wait(10000)) {
        stored.error = u"the keychain did not answer"_s;
    } else if (job->error() == QKeychain::NoError) {
        stored.found = true;
        stored.data = QJsonDocument::fromJson(job->textData().toUtf8()).object();
    } else if (job->error() != QKeychain::EntryNotFound) {
        stored.error = job->errorString();
    }
    delete job;
    return stored;
}

void deleteKeychain(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(Session::keychainService());
    job->setKey(key);
    QSignalSpy finished(job, &QKeychain::Job::finished);
    job->start();
    finished.wait(10000);
}

QString htmlUnescape(QString s)
{
    s.replace(u"&quot;"_s, u"\""_s).replace(u"&#39;"_s, u"'"_s).replace(u"&#x27;"_s, u"'"_s);
    s.replace(u"&lt;"_s, u"<"_s).replace(u"&gt;"_s, u">"_s);
    return s.replace(u"&amp;"_s, u"&"_s); // last: "&amp;lt;" is the text "&lt;"
}

QString attribute(const QString &tag, const QString &name)
{
    const QRegularExpression re(u"\\b%1=\"([^\"]*)\""_s.arg(name));
    const auto m = re.match(tag);
    return m.hasMatch() ? htmlUnescape(m.captured(1)) : QString();
}

int serviceCount(const QJsonObject &ecosystem)
{
    int n = 0;
    for (const QJsonValue &node : ecosystem.value("nodes"_L1).toArray())
        n += node.toObject().value("kind"_L1).toString() == "service"_L1;
    return n;
}

QString errorOf(const HttpResult &r)
{
    return u"HTTP %1 %2 %3"_s.arg(r.status).arg(r.error, QString::fromUtf8(r.body.left(600)));
}

} // namespace

class TestConsoleE2E : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void daemonWantsSignIn();
    void adminSignsInThroughTheBrowser();
    void viewerSeesLess();
    void apiTokenRendersScreenshots_data();
    void apiTokenRendersScreenshots();
    void consoleBinaryTakesAToken_data();
    void consoleBinaryTakesAToken();

private:
    // The person at the browser; `callback` is what the console's loopback listener answered.
    void playPerson(const QUrl &authorizationUrl, const QString &email, const QString &password, HttpResult *callback);
    void signInThroughBrowser(MainWindow &window, Session &session, const QString &email, const QString &password);
    void signOut(MainWindow &window, Session &session);
    void connectConsole(Session &session, ApiClient &client);
    QString freshAdminAccessToken();
    QString outputPath(const QString &name) const;

    test::TestPostgres m_pg{u"console_e2e"_s};
    QTemporaryDir m_state;
    QTemporaryDir m_tmp;
    QString m_outputDir;
    std::unique_ptr<daemon::Daemon> m_daemon;
    QString m_base;
    QString m_apiToken; // enclii_pat_..., catalog.read only
};

void TestConsoleE2E::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"EncliiTest"_s);
    QCoreApplication::setApplicationName(u"tst_console_e2e"_s);
    QLocale::setDefault(QLocale::c());

    // The keychain must be real, as for tst_console_session.
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run through ctest (dbus-run-session + with-keyring.sh)");
    const QString probeKey = u"tst_console_e2e probe"_s;
    auto *write = new QKeychain::WritePasswordJob(Session::keychainService());
    write->setKey(probeKey);
    write->setTextData(u"probe"_s);
    QSignalSpy written(write, &QKeychain::Job::finished);
    write->start();
    QVERIFY(written.wait(10000));
    QVERIFY2(write->error() == QKeychain::NoError, qPrintable(u"the keychain does not work here: "_s + write->errorString()));
    deleteKeychain(probeKey);

    QVERIFY(m_tmp.isValid());
    m_outputDir = qEnvironmentVariable("ENCLII_SCREENSHOT_DIR", m_tmp.path());
    QVERIFY(QDir().mkpath(m_outputDir));

    // The daemon, as tests/api/tst_identity.cpp starts it: the first administrator from the
    // environment, a throwaway database and state folder.
    QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
    QVERIFY(m_state.isValid());
    qputenv("ENCLII_ADMIN_EMAIL", kAdmin.toUtf8());
    qputenv("ENCLII_ADMIN_PASSWORD", kAdminPassword.toUtf8());
    qputenv("ENCLII_MASTER_KEY", kMasterKey.toBase64());
    daemon::Config config;
    config.listen = u"127.0.0.1:0"_s;
    config.databaseUrl = m_pg.connectionString();
    config.specsDir = kSpecs;
    config.stateDir = m_state.path();
    m_daemon = std::make_unique<daemon::Daemon>(config);
    QString error;
    QVERIFY2(m_daemon->start(&error), qPrintable(error));
    m_base = m_daemon->url();
    QVERIFY(!m_base.isEmpty());
}

void TestConsoleE2E::init()
{
    // Whatever an earlier test left behind, each starts with nothing saved for this daemon.
    if (!m_base.isEmpty())
        deleteKeychain(m_base);
}

void TestConsoleE2E::cleanupTestCase()
{
    if (!m_base.isEmpty())
        deleteKeychain(m_base);
    m_daemon.reset();
}

QString TestConsoleE2E::outputPath(const QString &name) const
{
    return QDir(m_outputDir).filePath(name + u".png"_s);
}

QString TestConsoleE2E::freshAdminAccessToken()
{
    // The provider's own test client (tests/api/OidcTestClient.h): for set-up only.
    return test::signIn(m_base, kAdmin, kAdminPassword).value("access_token"_L1).toString();
}

void TestConsoleE2E::connectConsole(Session &session, ApiClient &client)
{
    session.setOpenBrowser(false); // the test is the person at the browser
    session.setRequestTimeout(15s);
    client.setPollInterval(200ms);
    client.setRequestTimeout(15s);
    client.setBaseUrl(QUrl(m_base));
    client.setSession(&session);
}

void TestConsoleE2E::playPerson(const QUrl &authorizationUrl, const QString &email, const QString &password,
                                HttpResult *callback)
{
    // 1. The sign-in page.
    const HttpResult page = httpRequest(authorizationUrl.toString(QUrl::FullyEncoded));
    QVERIFY2(page.status == 200, qPrintable(errorOf(page)));
    QVERIFY2(page.contentType.startsWith("text/html"), page.contentType.constData());
    const QString html = QString::fromUtf8(page.body);

    // 2. Its form, as a browser reads it: the action and every hidden field.
    static const QRegularExpression formTag(u"<form\\b[^>]*>"_s);
    const QString form = formTag.match(html).captured(0);
    QVERIFY2(!form.isEmpty(), qPrintable(html));
    QCOMPARE(attribute(form, u"method"_s).toLower(), u"post"_s);
    const QUrl action = QUrl(m_base + u"/"_s).resolved(QUrl(attribute(form, u"action"_s)));
    QList<QPair<QString, QString>> fields;
    static const QRegularExpression inputTag(u"<input\\b[^>]*>"_s);
    for (auto it = inputTag.globalMatch(html); it.hasNext();) {
        const QString input = it.next().captured(0);
        if (attribute(input, u"type"_s) == "hidden"_L1)
            fields << qMakePair(attribute(input, u"name"_s), attribute(input, u"value"_s));
    }
    QString csrf;
    for (const auto &[name, value] : std::as_const(fields))
        if (name == "csrf_token"_L1)
            csrf = value;
    QVERIFY2(!csrf.isEmpty(), qPrintable(u"no csrf_token in the form: "_s + html));

    // 3. The anti-forgery cookie the page set; the browser sends it back with the form.
    const QByteArray setCookie = page.header("Set-Cookie");
    QVERIFY2(setCookie.startsWith("enclii_csrf="), setCookie.constData());
    const QByteArray cookie = setCookie.left(setCookie.indexOf(';'));
    QCOMPARE(cookie, "enclii_csrf=" + csrf.toLatin1()); // double submit: the same value twice

    // 4. The person types and submits; the redirect is not followed, just read.
    fields << qMakePair(u"email"_s, email) << qMakePair(u"password"_s, password);
    const HttpResult posted = httpRequest(action.toString(QUrl::FullyEncoded), "POST", test::formBody(fields),
                                          "application/x-www-form-urlencoded", {{"Cookie", cookie}});
    QVERIFY2(posted.status == 302, qPrintable(errorOf(posted)));
    const QUrl location = QUrl::fromEncoded(posted.header("Location"));

    // 5. It goes to the console's own loopback listener, the one the console asked for.
    const QUrl redirectUri(QUrlQuery(authorizationUrl).queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded));
    QCOMPARE(location.scheme(), u"http"_s);
    QCOMPARE(location.host(), u"127.0.0.1"_s);
    QCOMPARE(location.port(), redirectUri.port());
    QCOMPARE(location.path(), u"/callback"_s);
    QCOMPARE(QUrlQuery(location).queryItemValue(u"state"_s, QUrl::FullyDecoded),
             QUrlQuery(authorizationUrl).queryItemValue(u"state"_s, QUrl::FullyDecoded));
    QVERIFY(!QUrlQuery(location).queryItemValue(u"code"_s).isEmpty());

    // 6. The browser opens it; the console exchanges the code before it answers.
    *callback = httpRequest(location.toString(QUrl::FullyEncoded));
}

void TestConsoleE2E::signInThroughBrowser(MainWindow &window, Session &session, const QString &email, const QString &password)
{
    QTRY_COMPARE_WITH_TIMEOUT(session.requirement(), Requirement::Required, 15000);
    QTRY_VERIFY(!session.isKeychainBusy() && session.state() == State::SignedOut); // nothing saved to restore
    QVERIFY(window.showsSignInPrompt(Screen::Map));

    QSignalSpy urls(&session, &Session::authorizationUrlReady);
    QVERIFY(window.signInAction()->isEnabled());
    window.signInAction()->trigger(); // Console ▸ Sign in…
    QTRY_COMPARE(urls.size(), 1);
    const QUrl url = urls.at(0).at(0).toUrl();
    QCOMPARE(url.toString(QUrl::RemoveQuery), m_base + u"/oauth/authorize"_s);
    QCOMPARE(session.state(), State::Authorizing);

    HttpResult callback;
    CHECKED(playPerson(url, email, password, &callback));
    QVERIFY2(callback.status == 200, qPrintable(errorOf(callback)));
    QVERIFY2(callback.body.contains("You can close this tab and return to Enclii"), callback.body.constData());
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), State::SignedIn, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!session.user().isEmpty(), 15000);
    QTRY_VERIFY(!session.isKeychainBusy());
    QVERIFY(!session.usesGivenToken());
}

void TestConsoleE2E::signOut(MainWindow &window, Session &session)
{
    QSignalSpy finished(&session, &Session::signOutFinished);
    QVERIFY(window.signOutAction()->isEnabled());
    window.signOutAction()->trigger(); // Console ▸ Sign out
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
    QVERIFY2(finished.at(0).at(0).toString().isEmpty(), qPrintable(finished.at(0).at(0).toString()));
    QCOMPARE(session.state(), State::SignedOut);
    QVERIFY(session.accessToken().isEmpty());
    QVERIFY(window.showsSignInPrompt(Screen::Map));
}

// ---- the daemon --------------------------------------------------------------------------

void TestConsoleE2E::daemonWantsSignIn()
{
    const QJsonObject config = httpRequest(m_base + u"/v1/auth/config"_s).json();
    QCOMPARE(config.value("mode"_L1).toString(), u"builtin"_s);
    QCOMPARE(config.value("consoleClientId"_L1).toString(), Session::defaultClientId());
    // Without a bearer there is nothing to see.
    const HttpResult anonymous = httpRequest(m_base + u"/v1/ecosystem"_s);
    QVERIFY2(anonymous.status == 401, qPrintable(errorOf(anonymous)));
}

// ---- a person signs in -------------------------------------------------------------------

void TestConsoleE2E::adminSignsInThroughTheBrowser()
{
    Session session;
    ApiClient client;
    connectConsole(session, client);
    MainWindow window(&client);
    QSignalSpy ecosystems(&client, &ApiClient::ecosystemReceived);
    QSignalSpy lost(&client, &ApiClient::authenticationFailed);
    client.start();

    CHECKED(signInThroughBrowser(window, session, kAdmin, kAdminPassword));

    // Who signed in, from the daemon's /v1/me.
    const SessionUser &user = session.user();
    QCOMPARE(user.email, kAdmin);
    QCOMPARE(user.roles, QStringList{u"admin"_s});
    for (const char *permission : {"catalog.read", "billing.read", "canary.operate", "users.manage"})
        QVERIFY2(user.permissions.contains(QLatin1String(permission)), permission);
    QVERIFY(session.can(u"billing.read"_s));
    // The daemon's access tokens live 900 s.
    const qint64 lifetime = QDateTime::currentDateTimeUtc().secsTo(session.accessTokenExpiry());
    QVERIFY2(lifetime > 840 && lifetime <= 900, qPrintable(QString::number(lifetime)));

    // ApiClient fetched the ecosystem with the bearer: the whole seed.
    QTRY_VERIFY_WITH_TIMEOUT(ecosystems.size() >= 1, 15000);
    const QJsonObject ecosystem = ecosystems.last().at(0).toJsonObject();
    QCOMPARE(serviceCount(ecosystem), kSeedServices);
    QVERIFY(window.hasEcosystem());
    QCOMPARE(window.ecosystemModel()->rowCount(), ecosystem.value("nodes"_L1).toArray().size());
    const HttpResult withBearer = httpRequest(m_base + u"/v1/ecosystem"_s, "GET", {}, {}, bearer(session.accessToken()));
    QVERIFY2(withBearer.status == 200, qPrintable(errorOf(withBearer)));

    // An admin may do everything on screen.
    QVERIFY(!window.showsSignInPrompt(Screen::Map));
    QVERIFY2(window.userLabel()->text().startsWith(u"Signed in as "_s) && window.userLabel()->text().endsWith(u"(admin)"_s),
             qPrintable(window.userLabel()->text()));
    QVERIFY(window.screenBlockedReason(Screen::Waybill).isEmpty());
    QVERIFY(window.navigation()->item(int(Screen::Waybill))->flags() & Qt::ItemIsEnabled);
    window.showScreen(Screen::Waybill);
    QCOMPARE(window.currentScreen(), Screen::Waybill);
    QCOMPARE(window.canaryActions().size(), 6);
    // The controls are the person's to use; each rollout's state decides which.
    QVERIFY(window.canaryView()->operateDenied().isEmpty());
    QVERIFY(!window.signInAction()->isEnabled());

    // The tokens are in the keychain, under the daemon URL.
    const Stored saved = readKeychain(m_base);
    QVERIFY2(saved.found, qPrintable(saved.error));
    const QString firstRefresh = saved.data.value("refreshToken"_L1).toString();
    QVERIFY(!firstRefresh.isEmpty());
    QCOMPARE(saved.data.value("accessToken"_L1).toString(), session.accessToken());
    QCOMPARE(saved.data.value("issuer"_L1).toString(), m_base);

    // Silent refresh against the real token endpoint (due after 80 % of 900 s; asked for now).
    const QString firstAccess = session.accessToken();
    QSignalSpy refreshed(&session, &Session::refreshFinished);
    session.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 1, 15000);
    QVERIFY2(refreshed.at(0).at(0).toBool(), qPrintable(session.lastError()));
    QCOMPARE(session.state(), State::SignedIn);
    QVERIFY(session.accessToken() != firstAccess);
    QTRY_VERIFY(!session.isKeychainBusy());
    const QString secondRefresh = readKeychain(m_base).data.value("refreshToken"_L1).toString();
    QVERIFY(!secondRefresh.isEmpty());
    QVERIFY(secondRefresh != firstRefresh); // rotated, and the rotation is what the keychain keeps
    QCOMPARE(readKeychain(m_base).data.value("accessToken"_L1).toString(), session.accessToken());
    // The renewed token works for the console...
    const int before = int(ecosystems.size());
    client.fetchEcosystem();
    QTRY_VERIFY_WITH_TIMEOUT(ecosystems.size() > before, 15000);
    // ... and for the daemon, who still knows who it is.
    const HttpResult me = httpRequest(m_base + u"/v1/me"_s, "GET", {}, {}, bearer(session.accessToken()));
    QVERIFY2(me.status == 200, qPrintable(errorOf(me)));
    QCOMPARE(me.json().value("email"_L1).toString(), kAdmin);
    QTRY_VERIFY(!session.user().isEmpty());
    QCOMPARE(lost.size(), 0);

    // Sign-out revokes the session at the provider and empties the keychain.
    CHECKED(signOut(window, session));
    const HttpResult afterSignOut = test::refresh(m_base, secondRefresh);
    QVERIFY2(afterSignOut.status == 400, qPrintable(errorOf(afterSignOut)));
    QCOMPARE(afterSignOut.json().value("error"_L1).toString(), u"invalid_grant"_s);
    const Stored gone = readKeychain(m_base);
    QVERIFY2(gone.error.isEmpty(), qPrintable(gone.error));
    QVERIFY(!gone.found);
    QVERIFY(window.signInAction()->isEnabled());
    QVERIFY(!window.signOutAction()->isEnabled());
}

void TestConsoleE2E::viewerSeesLess()
{
    // An administrator makes a viewer over the API.
    const QString admin = freshAdminAccessToken();
    QVERIFY(!admin.isEmpty());
    const QJsonObject newUser{{"email"_L1, kViewer},
                              {"password"_L1, kViewerPassword},
                              {"name"_L1, "Vic Viewer"_L1},
                              {"roles"_L1, QJsonArray{u"viewer:forgesight"_s}}};
    const HttpResult created = httpRequest(m_base + u"/v1/users"_s, "POST", QJsonDocument(newUser).toJson(QJsonDocument::Compact),
                                           "application/json", bearer(admin));
    QVERIFY2(created.status == 201, qPrintable(errorOf(created)));

    Session session;
    ApiClient client;
    connectConsole(session, client);
    MainWindow window(&client);
    QSignalSpy ecosystems(&client, &ApiClient::ecosystemReceived);
    client.start();
    CHECKED(signInThroughBrowser(window, session, kViewer, kViewerPassword));

    QCOMPARE(session.user().email, kViewer);
    QCOMPARE(session.user().roles, QStringList{u"viewer:forgesight"_s});
    QVERIFY(session.user().permissions.contains(u"catalog.read"_s));
    QVERIFY(!session.can(u"billing.read"_s));
    QVERIFY(!session.can(u"canary.operate"_s));
    QCOMPARE(window.userLabel()->text(), u"Signed in as Vic Viewer (viewer:forgesight)"_s);

    // The map is for everyone who works on the platform.
    QTRY_VERIFY_WITH_TIMEOUT(ecosystems.size() >= 1, 15000);
    QCOMPARE(serviceCount(ecosystems.last().at(0).toJsonObject()), kSeedServices);
    QVERIFY(!window.showsSignInPrompt(Screen::Map));

    // Waybill and the Canary controls are not, and the window says why.
    const QString waybillReason = u"Waybill needs the finance or admin role"_s;
    QCOMPARE(window.screenBlockedReason(Screen::Waybill), waybillReason);
    QListWidgetItem *waybill = window.navigation()->item(int(Screen::Waybill));
    QVERIFY(!(waybill->flags() & Qt::ItemIsEnabled));
    QCOMPARE(waybill->toolTip(), waybillReason);
    window.showScreen(Screen::Waybill);
    QVERIFY(window.currentScreen() != Screen::Waybill);
    QCOMPARE(window.canaryActions().size(), 6);
    for (QPushButton *button : window.canaryActions()) {
        QVERIFY(!button->isEnabled());
        QCOMPARE(button->toolTip(), u"Only on-call or admin can promote, pause or abort a rollout"_s);
    }

    CHECKED(signOut(window, session));
    QVERIFY(!readKeychain(m_base).found);
}

// ---- no browser: a given token -----------------------------------------------------------

void TestConsoleE2E::apiTokenRendersScreenshots_data()
{
    QTest::addColumn<QString>("view");
    QTest::addColumn<int>("minColors");
    QTest::addColumn<double>("maxBackground");
    // The thresholds of tst_console_screenshots, which draws the fixture of this very seed.
    QTest::newRow("map") << u"map"_s << 300 << 0.75;
    QTest::newRow("budgets") << u"budgets"_s << 200 << 0.75;
}

void TestConsoleE2E::apiTokenRendersScreenshots()
{
    QFETCH(QString, view);
    QFETCH(int, minColors);
    QFETCH(double, maxBackground);

    if (m_apiToken.isEmpty()) {
        // An API token for the docs: read-only, one day.
        const QString admin = freshAdminAccessToken();
        QVERIFY(!admin.isEmpty());
        const QJsonObject request{{"name"_L1, "docs"_L1}, {"scopes"_L1, QJsonArray{u"catalog.read"_s}}, {"expiresInDays"_L1, 1}};
        const HttpResult created = httpRequest(m_base + u"/v1/tokens"_s, "POST", QJsonDocument(request).toJson(QJsonDocument::Compact),
                                               "application/json", bearer(admin));
        QVERIFY2(created.status == 201, qPrintable(errorOf(created)));
        m_apiToken = created.json().value("token"_L1).toString();
        QVERIFY2(m_apiToken.startsWith(u"enclii_pat_"_s), qPrintable(m_apiToken));
    }

    const std::optional<Screen> screen = MainWindow::screenFromName(view);
    QVERIFY(screen);

    // What main() does with --token: the session takes the token, no browser, no keychain.
    Session session;
    ApiClient client;
    connectConsole(session, client);
    session.useGivenToken(m_apiToken);
    QVERIFY(session.usesGivenToken());
    QCOMPARE(session.state(), State::SignedIn);
    QSignalSpy urls(&session, &Session::authorizationUrlReady);
    MainWindow window(&client);
    const QString path = outputPath(u"e2e-token-"_s + view);
    QFile::remove(path);
    ScreenshotRunner runner(&window, *screen, path, 30s);
    QSignalSpy finished(&runner, &ScreenshotRunner::finished);
    runner.start();
    client.start();
    QVERIFY(finished.wait(40000));
    QCOMPARE(finished.size(), 1);
    QVERIFY2(finished.at(0).at(0).toInt() == 0, qPrintable(finished.at(0).at(1).toString()));

    const QImage image(path);
    QVERIFY2(!image.isNull(), qPrintable(path));
    QCOMPARE(image.size(), ScreenshotRunner::windowSize() * image.devicePixelRatio());
    const test::ImageStats stats = test::measureImage(image);
    qInfo("%s: %d colours, background %.1f %% -> %s", qPrintable(view), stats.distinctColors, stats.backgroundShare * 100,
          qPrintable(path));
    QVERIFY2(stats.distinctColors >= minColors, qPrintable(u"only %1 colours"_s.arg(stats.distinctColors)));
    QVERIFY2(stats.backgroundShare <= maxBackground,
             qPrintable(u"%1 % of the picture is one colour"_s.arg(stats.backgroundShare * 100)));

    // What is on screen came from the daemon, with the token.
    QCOMPARE(session.requirement(), Requirement::Required);
    QCOMPARE(session.state(), State::SignedIn);
    QCOMPARE(urls.size(), 0); // never a browser
    QVERIFY(!window.showsSignInPrompt(*screen));
    if (*screen == Screen::Map) {
        QVERIFY(window.ecosystemModel()->rowCount() > kSeedServices);
    } else {
        QVERIFY(window.budgetModel()->rowCount() > 0);
    }

    // The token speaks for the admin, but only with its one scope.
    QTRY_VERIFY_WITH_TIMEOUT(!session.user().isEmpty(), 15000);
    QCOMPARE(session.user().email, kAdmin);
    QVERIFY(session.user().permissions.contains(u"catalog.read"_s));
    QVERIFY(!session.can(u"billing.read"_s));
    QCOMPARE(window.screenBlockedReason(Screen::Waybill), u"Waybill needs billing.read, which this token does not allow"_s);
    QVERIFY(window.userLabel()->toolTip().contains(u"ENCLII_TOKEN"_s));

    // Stored nowhere: not in the keychain...
    QTRY_VERIFY(!session.isKeychainBusy());
    const Stored stored = readKeychain(m_base);
    QVERIFY2(stored.error.isEmpty(), qPrintable(stored.error));
    QVERIFY(!stored.found);
    // ... and signing out forgets it here without revoking it: it belongs to whoever made it.
    QSignalSpy signedOut(&session, &Session::signOutFinished);
    session.signOut();
    QCOMPARE(signedOut.size(), 1);
    QVERIFY(!session.usesGivenToken());
    QVERIFY(session.accessToken().isEmpty());
    QCOMPARE(httpRequest(m_base + u"/v1/ecosystem"_s, "GET", {}, {}, bearer(m_apiToken)).status, 200);
    QVERIFY(!readKeychain(m_base).found);
}

void TestConsoleE2E::consoleBinaryTakesAToken_data()
{
    QTest::addColumn<QString>("how");   // "option", "environment", or "none"
    QTest::addColumn<QString>("token"); // "api", "access", "bogus"
    QTest::addColumn<QString>("view");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("--token with an API token") << u"option"_s << u"api"_s << u"map"_s << 0 << QString();
    QTest::newRow("ENCLII_TOKEN with an access token") << u"environment"_s << u"access"_s << u"budgets"_s << 0 << QString();
    QTest::newRow("ENCLII_TOKEN refused") << u"environment"_s << u"bogus"_s << u"map"_s << 2 << u"refused"_s;
    QTest::newRow("no token, nothing saved") << u"none"_s << QString() << u"map"_s << 2 << u"--token"_s;
}

void TestConsoleE2E::consoleBinaryTakesAToken()
{
    QFETCH(QString, how);
    QFETCH(QString, token);
    QFETCH(QString, view);
    QFETCH(int, exitCode);
    QFETCH(QString, complaint);

    QString bearerToken;
    if (token == "api"_L1) {
        if (m_apiToken.isEmpty())
            QSKIP("apiTokenRendersScreenshots made no API token");
        bearerToken = m_apiToken;
    } else if (token == "access"_L1) {
        bearerToken = freshAdminAccessToken();
        QVERIFY(!bearerToken.isEmpty());
    } else if (token == "bogus"_L1) {
        bearerToken = u"enclii_pat_this-token-was-never-issued"_s;
    }

    const QString path = outputPath(u"e2e-binary-"_s + view + u"-"_s + how);
    QFile::remove(path);
    QStringList arguments{u"--url"_s, m_base, u"--screenshot"_s, path, u"--view"_s, view, u"--lang"_s, u"en"_s,
                          u"--timeout"_s, exitCode == 0 ? u"30"_s : u"4"_s};
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"ENCLII_TOKEN"_s);
    if (how == "option"_L1)
        arguments << u"--token"_s << bearerToken;
    else if (how == "environment"_L1)
        environment.insert(u"ENCLII_TOKEN"_s, bearerToken);

    // The daemon lives in this process: wait with the event loop running so it can answer.
    QProcess console;
    console.setProcessEnvironment(environment);
    QSignalSpy done(&console, &QProcess::finished);
    console.start(QStringLiteral(ENCLII_CONSOLE_BINARY), arguments);
    QVERIFY2(console.waitForStarted(10000), qPrintable(console.errorString()));
    QVERIFY2(done.wait(60000), "enclii-console did not finish");
    const QString stderrText = QString::fromLocal8Bit(console.readAllStandardError());
    QCOMPARE(console.exitStatus(), QProcess::NormalExit);
    QVERIFY2(console.exitCode() == exitCode, qPrintable(u"exit %1: %2"_s.arg(console.exitCode()).arg(stderrText)));

    if (exitCode == 0) {
        const QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(stderrText));
        const test::ImageStats stats = test::measureImage(image);
        qInfo("%s: %d colours, background %.1f %% -> %s", qPrintable(view), stats.distinctColors,
              stats.backgroundShare * 100, qPrintable(path));
        QVERIFY2(stats.distinctColors >= 200, qPrintable(u"only %1 colours"_s.arg(stats.distinctColors)));
        QVERIFY(stats.backgroundShare <= 0.75);
    } else {
        QVERIFY(!QFile::exists(path));
        QVERIFY2(stderrText.contains(complaint), qPrintable(stderrText));
    }
    // None of it went to the keychain.
    QVERIFY(!readKeychain(m_base).found);
}

QTEST_MAIN(TestConsoleE2E)
#include "tst_console_e2e.moc"
