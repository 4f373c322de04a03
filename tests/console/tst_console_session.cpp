// Session: OIDC sign-in with PKCE through a loopback redirect, tokens in a real OS keychain,
// silent refresh with rotation, sign-out with revocation, ApiClient's 401 -> refresh -> retry,
// and MainWindow following the person's roles.
//
// The provider is OidcTestServer, a TEST STAND-IN for encliid's provider written from the
// same contract; the test plays the person in the browser: it GETs the authorization URL
// without following the redirect, then GETs the Location (the console's loopback callback).
// tst_console_e2e does the same against the real daemon and its sign-in page.
//
// The keychain is the real thing: ctest runs this under a private D-Bus session with a
// throwaway, unlocked gnome-keyring (with-keyring.sh); initTestCase fails without one.

#include "OidcTestServer.h"
#include "client/ApiClient.h"
#include "client/Session.h"
#include "views/CanaryView.h"
#include "views/MainWindow.h"
#include "views/SignInPrompt.h"

#include <qt6keychain/keychain.h>

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace enclii::ui;
using namespace enclii::test;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using State = Session::State;
using Requirement = Session::Requirement;

// Helpers report through QVERIFY; this stops the calling test when one failed.
#define CHECKED(call)                                                                                                  \
    do {                                                                                                               \
        call;                                                                                                          \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

namespace {

struct Page
{
    int status = 0;
    QByteArray body;
    QUrl location;
    QString error;
};

struct Stored
{
    bool found = false;
    QJsonObject data;
    QString error;
};

QString queryValue(const QUrl &url, const QString &name)
{
    return QUrlQuery(url).queryItemValue(name, QUrl::FullyDecoded);
}

QUrl withQueryValue(const QUrl &url, const QString &name, const QString &value)
{
    QUrlQuery query(url);
    query.removeAllQueryItems(name);
    query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    QUrl out = url;
    out.setQuery(query);
    return out;
}

} // namespace

class TestConsoleSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void pkceFollowsRfc7636();
    void jwtClaimsAreDecoded();
    void fullSignIn();
    void stateMismatchIsRejected();
    void wrongVerifierIsSurfaced();
    void deniedSignInIsSurfaced();
    void rejectedClientIsSurfaced();
    void idTokenClaimsAreChecked_data();
    void idTokenClaimsAreChecked();
    void callbackTimesOut();
    void silentRefreshRotatesBeforeExpiry();
    void restoresFromKeychain();
    void signOutRevokesAndClearsKeychain();
    void signInOff_data();
    void signInOff();
    void apiClientWaitsForSignIn();
    void apiClientRefreshesOn401AndRetries();
    void apiClientSignsOutWhenRefreshIsRefused();
    void givenTokenIsUsedButNeverKept();
    void mainWindowFollowsTheRole();

private:
    std::unique_ptr<Session> newSession() const;
    Page fetch(const QUrl &url);
    void configure(Session &session);
    void startSignIn(Session &session, QUrl *authorizationUrl);
    void playBrowser(const QUrl &authorizationUrl, Page *callback);
    void signInThroughBrowser(Session &session);
    Stored readKeychain(const QString &key);
    void deleteKeychain(const QString &key);
    void verifyNoTokensInSettings(const QString &token);

    std::unique_ptr<OidcTestServer> m_server;
    QNetworkAccessManager m_browser;
};

void TestConsoleSession::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"EncliiTest"_s);
    QCoreApplication::setApplicationName(u"tst_console_session"_s);
    QLocale::setDefault(QLocale::c());

    // The keychain must be real: without a Secret Service there is nothing to test.
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run through ctest (dbus-run-session + with-keyring.sh)");
    const QString probeKey = u"tst_console_session probe"_s;
    auto *write = new QKeychain::WritePasswordJob(Session::keychainService());
    write->setKey(probeKey);
    write->setTextData(u"probe"_s);
    QSignalSpy written(write, &QKeychain::Job::finished);
    write->start();
    QVERIFY(written.wait(10000));
    QVERIFY2(write->error() == QKeychain::NoError,
             qPrintable(u"the keychain does not work here: "_s + write->errorString()));
    const Stored probe = readKeychain(probeKey);
    QVERIFY2(probe.error.isEmpty(), qPrintable(probe.error));
    deleteKeychain(probeKey);
    QVERIFY(!readKeychain(probeKey).found);
}

void TestConsoleSession::init()
{
    m_server = std::make_unique<OidcTestServer>();
    QVERIFY(m_server->start());
}

void TestConsoleSession::cleanup()
{
    if (m_server)
        deleteKeychain(m_server->url().toString());
    m_server.reset();
}

std::unique_ptr<Session> TestConsoleSession::newSession() const
{
    auto session = std::make_unique<Session>();
    session->setOpenBrowser(false); // the test is the person at the browser
    session->setRequestTimeout(5s);
    session->setBaseUrl(m_server->url());
    return session;
}

Page TestConsoleSession::fetch(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(10000);
    QNetworkReply *reply = m_browser.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(15000);
    Page page;
    page.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    page.body = reply->readAll();
    page.location = QUrl::fromEncoded(reply->rawHeader("Location"));
    page.error = reply->errorString();
    reply->deleteLater();
    return page;
}

void TestConsoleSession::configure(Session &session)
{
    session.checkConfiguration();
    QTRY_COMPARE(session.requirement(), Requirement::Required);
    // The restore attempt reads the keychain; let it finish.
    QTRY_VERIFY(!session.isKeychainBusy() && session.state() != State::Refreshing);
}

void TestConsoleSession::startSignIn(Session &session, QUrl *authorizationUrl)
{
    QSignalSpy urls(&session, &Session::authorizationUrlReady);
    session.signIn();
    QTRY_COMPARE(urls.size(), 1);
    QCOMPARE(session.state(), State::Authorizing);
    *authorizationUrl = urls.at(0).at(0).toUrl();
}

void TestConsoleSession::playBrowser(const QUrl &authorizationUrl, Page *callback)
{
    const Page authorize = fetch(authorizationUrl);
    QVERIFY2(authorize.status == 302, qPrintable(u"authorize answered %1: %2"_s.arg(authorize.status).arg(QString::fromUtf8(authorize.body))));
    QVERIFY(authorize.location.isValid());
    *callback = fetch(authorize.location);
}

void TestConsoleSession::signInThroughBrowser(Session &session)
{
    QUrl url;
    CHECKED(startSignIn(session, &url));
    Page callback;
    CHECKED(playBrowser(url, &callback));
    QVERIFY2(callback.status == 200, qPrintable(QString::fromUtf8(callback.body)));
    QTRY_COMPARE(session.state(), State::SignedIn);
    QTRY_VERIFY(!session.user().isEmpty());
    QTRY_VERIFY(!session.isKeychainBusy());
}

Stored TestConsoleSession::readKeychain(const QString &key)
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

void TestConsoleSession::deleteKeychain(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(Session::keychainService());
    job->setKey(key);
    QSignalSpy finished(job, &QKeychain::Job::finished);
    job->start();
    finished.wait(10000);
}

void TestConsoleSession::verifyNoTokensInSettings(const QString &token)
{
    QSettings settings;
    for (const QString &key : settings.allKeys())
        QVERIFY2(!settings.value(key).toString().contains(token), qPrintable(u"a token is in QSettings: "_s + key));
}

// ---- building blocks -------------------------------------------------------------------

void TestConsoleSession::pkceFollowsRfc7636()
{
    // RFC 7636 Appendix B.
    QCOMPARE(Session::codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
             QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    const QByteArray a = Session::createCodeVerifier();
    const QByteArray b = Session::createCodeVerifier();
    QCOMPARE(a.size(), 43);
    QVERIFY(a != b);
    for (char c : a)
        QVERIFY2(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_', a.constData());
    QCOMPARE(Session::codeChallenge(a).size(), 43);
}

void TestConsoleSession::jwtClaimsAreDecoded()
{
    const QByteArray payload = QJsonDocument(QJsonObject{{"sub"_L1, "u-1"_L1}, {"nonce"_L1, "n?>"_L1}}).toJson(QJsonDocument::Compact);
    const QByteArray jwt = "eyJhbGciOiJIUzI1NiJ9." + payload.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) + ".c2ln";
    const QJsonObject claims = Session::jwtClaims(jwt);
    QCOMPARE(claims.value("sub"_L1).toString(), u"u-1"_s);
    QCOMPARE(claims.value("nonce"_L1).toString(), u"n?>"_s);
    QVERIFY(Session::jwtClaims("not a jwt").isEmpty());
    QVERIFY(Session::jwtClaims("a.%%%.c").isEmpty());
}

// ---- sign-in ---------------------------------------------------------------------------

void TestConsoleSession::fullSignIn()
{
    auto session = newSession();
    CHECKED(configure(*session));
    QCOMPARE(session->state(), State::SignedOut);
    QVERIFY(!session->can(u"catalog.read"_s));

    QSignalSpy states(session.get(), &Session::stateChanged);
    QUrl url;
    CHECKED(startSignIn(*session, &url));

    // The authorization request carries exactly what the contract asks for.
    QCOMPARE(url.toString(QUrl::RemoveQuery), m_server->url().toString() + u"/oauth/authorize"_s);
    QCOMPARE(queryValue(url, u"response_type"_s), u"code"_s);
    QCOMPARE(queryValue(url, u"client_id"_s), u"enclii-console"_s);
    QCOMPARE(queryValue(url, u"scope"_s), u"openid profile email offline_access"_s);
    QCOMPARE(queryValue(url, u"code_challenge_method"_s), u"S256"_s);
    QCOMPARE(queryValue(url, u"code_challenge"_s).size(), 43);
    QVERIFY(queryValue(url, u"state"_s).size() >= 16);
    QVERIFY(queryValue(url, u"nonce"_s).size() >= 16);
    const QUrl redirect(queryValue(url, u"redirect_uri"_s));
    QCOMPARE(redirect.scheme(), u"http"_s);
    QCOMPARE(redirect.host(), u"127.0.0.1"_s);
    QCOMPARE(redirect.path(), u"/callback"_s);
    QVERIFY(redirect.port() > 0);

    // The loopback listener takes only /callback.
    QUrl stray = redirect;
    stray.setPath(u"/favicon.ico"_s);
    QCOMPARE(fetch(stray).status, 404);
    QCOMPARE(session->state(), State::Authorizing);

    Page callback;
    CHECKED(playBrowser(url, &callback));
    QCOMPARE(callback.status, 200);
    QVERIFY2(callback.body.contains("You can close this tab and return to Enclii"), callback.body.constData());
    QCOMPARE(m_server->tokenRequests(u"authorization_code"_s), 1);
    QTRY_COMPARE(session->state(), State::SignedIn);
    QVERIFY(session->isSignedIn());
    QVERIFY(!session->accessToken().isEmpty());
    QVERIFY(session->accessTokenExpiry() > QDateTime::currentDateTimeUtc().addSecs(3000));
    QCOMPARE(states.at(0).at(0).value<State>(), State::Authorizing);

    // Exactly one answer: the listener is gone.
    QCOMPARE(fetch(redirect).status, 0);

    // Who signed in, from /v1/me.
    QTRY_VERIFY(!session->user().isEmpty());
    QCOMPARE(session->user().name, u"Ana Admin"_s);
    QCOMPARE(session->user().roles, QStringList{u"admin"_s});
    QVERIFY(session->can(u"billing.read"_s));
    QVERIFY(session->can(u"canary.operate"_s, u"enclii"_s));
    QVERIFY(!session->can(u"no.such.permission"_s));

    // The tokens are in the keychain under the daemon URL, and nowhere in QSettings.
    QTRY_VERIFY(!session->isKeychainBusy());
    const Stored stored = readKeychain(m_server->url().toString());
    QVERIFY2(stored.found, qPrintable(stored.error));
    const QString refreshToken = stored.data.value("refreshToken"_L1).toString();
    QVERIFY(!refreshToken.isEmpty());
    QVERIFY(m_server->isRefreshTokenActive(refreshToken));
    QCOMPARE(stored.data.value("accessToken"_L1).toString(), session->accessToken());
    QVERIFY(!stored.data.value("accessTokenExpiresAt"_L1).toString().isEmpty());
    CHECKED(verifyNoTokensInSettings(refreshToken));
}

void TestConsoleSession::stateMismatchIsRejected()
{
    auto session = newSession();
    CHECKED(configure(*session));
    QSignalSpy failures(session.get(), &Session::signInFailed);
    QUrl url;
    CHECKED(startSignIn(*session, &url));

    const Page authorize = fetch(url);
    QCOMPARE(authorize.status, 302);
    // A redirect forged for another sign-in: same listener, another state.
    const QUrl forged = withQueryValue(authorize.location, u"state"_s, u"someone-elses-state"_s);
    const Page callback = fetch(forged);
    QCOMPARE(callback.status, 400);
    QVERIFY(callback.body.contains("state"));

    QTRY_COMPARE(failures.size(), 1);
    QVERIFY2(failures.at(0).at(0).toString().contains(u"state"_s), qPrintable(failures.at(0).at(0).toString()));
    QCOMPARE(session->state(), State::SignedOut);
    QVERIFY(session->accessToken().isEmpty());
    QTest::qWait(200);
    QCOMPARE(m_server->tokenRequests(u"authorization_code"_s), 0); // no token request at all
}

void TestConsoleSession::wrongVerifierIsSurfaced()
{
    auto session = newSession();
    CHECKED(configure(*session));
    QSignalSpy failures(session.get(), &Session::signInFailed);
    QUrl url;
    CHECKED(startSignIn(*session, &url));

    // Someone swapped the challenge on the way: the console's verifier no longer fits it.
    const QByteArray otherVerifier = Session::createCodeVerifier();
    const QUrl tampered = withQueryValue(url, u"code_challenge"_s, QString::fromLatin1(Session::codeChallenge(otherVerifier)));
    Page callback;
    CHECKED(playBrowser(tampered, &callback));
    QCOMPARE(callback.status, 400);

    QTRY_COMPARE(failures.size(), 1);
    const QString message = failures.at(0).at(0).toString();
    QVERIFY2(message.contains(u"PKCE verification failed"_s) && message.contains(u"invalid_grant"_s), qPrintable(message));
    QCOMPARE(session->state(), State::SignedOut);
    QCOMPARE(session->lastError(), message);
    QCOMPARE(m_server->tokenRequests(u"authorization_code"_s), 1);
    QCOMPARE(m_server->successfulTokenResponses(), 0);
    QVERIFY(!readKeychain(m_server->url().toString()).found);
}

void TestConsoleSession::deniedSignInIsSurfaced()
{
    m_server->setDenyAuthorization(true);
    auto session = newSession();
    CHECKED(configure(*session));
    QSignalSpy failures(session.get(), &Session::signInFailed);
    QUrl url;
    CHECKED(startSignIn(*session, &url));
    Page callback;
    CHECKED(playBrowser(url, &callback));
    QCOMPARE(callback.status, 400);
    QTRY_COMPARE(failures.size(), 1);
    const QString message = failures.at(0).at(0).toString();
    // error_description arrives form-encoded ('+' for spaces) and is shown decoded.
    QVERIFY2(message.contains(u"The person declined"_s) && message.contains(u"access_denied"_s), qPrintable(message));
    QCOMPARE(session->state(), State::SignedOut);
    QCOMPARE(m_server->tokenRequests(u"authorization_code"_s), 0);
}

void TestConsoleSession::rejectedClientIsSurfaced()
{
    m_server->setRejectClientAtTokenEndpoint(true);
    auto session = newSession();
    CHECKED(configure(*session));
    QSignalSpy failures(session.get(), &Session::signInFailed);
    QUrl url;
    CHECKED(startSignIn(*session, &url));
    Page callback;
    CHECKED(playBrowser(url, &callback));
    QCOMPARE(callback.status, 400);
    QTRY_COMPARE(failures.size(), 1);
    // A 401 with a Basic challenge: the RFC 6749 error still comes through.
    const QString message = failures.at(0).at(0).toString();
    QVERIFY2(message.contains(u"invalid_client"_s) && message.contains(u"unknown client"_s), qPrintable(message));
    QCOMPARE(session->state(), State::SignedOut);
}

void TestConsoleSession::idTokenClaimsAreChecked_data()
{
    QTest::addColumn<QString>("claim");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("nonce") << u"nonce"_s << QJsonValue(u"replayed-nonce"_s) << u"nonce"_s;
    QTest::newRow("aud") << u"aud"_s << QJsonValue(u"some-other-client"_s) << u"some-other-client"_s;
    QTest::newRow("iss") << u"iss"_s << QJsonValue(u"https://evil.example"_s) << u"evil.example"_s;
    QTest::newRow("exp") << u"exp"_s << QJsonValue(1000000) << u"expired"_s;
}

void TestConsoleSession::idTokenClaimsAreChecked()
{
    QFETCH(QString, claim);
    QFETCH(QJsonValue, value);
    QFETCH(QString, complaint);
    m_server->overrideIdTokenClaim(claim, value);
    auto session = newSession();
    CHECKED(configure(*session));
    QSignalSpy failures(session.get(), &Session::signInFailed);
    QUrl url;
    CHECKED(startSignIn(*session, &url));
    Page callback;
    CHECKED(playBrowser(url, &callback));
    QCOMPARE(callback.status, 400);
    QTRY_COMPARE(failures.size(), 1);
    const QString message = failures.at(0).at(0).toString();
    QVERIFY2(message.contains(u"ID token"_s) && message.contains(complaint), qPrintable(message));
    QCOMPARE(session->state(), State::SignedOut);
    QVERIFY(session->accessToken().isEmpty());
    QVERIFY(!readKeychain(m_server->url().toString()).found);
}

void TestConsoleSession::callbackTimesOut()
{
    auto session = newSession();
    session->setCallbackTimeout(300ms);
    CHECKED(configure(*session));
    QSignalSpy failures(session.get(), &Session::signInFailed);
    QUrl url;
    CHECKED(startSignIn(*session, &url));
    const QUrl redirect(queryValue(url, u"redirect_uri"_s));
    QTRY_COMPARE(failures.size(), 1);
    QCOMPARE(session->state(), State::SignedOut);
    QCOMPARE(fetch(redirect).status, 0); // nobody listens any more
}

// ---- tokens over time ------------------------------------------------------------------

void TestConsoleSession::silentRefreshRotatesBeforeExpiry()
{
    m_server->setAccessTokenLifetime(3);
    auto session = newSession();
    CHECKED(configure(*session));
    CHECKED(signInThroughBrowser(*session));
    const QString firstAccess = session->accessToken();
    const QString firstRefresh = readKeychain(m_server->url().toString()).data.value("refreshToken"_L1).toString();
    QVERIFY(m_server->isRefreshTokenActive(firstRefresh));

    const QDateTime firstExpiry = session->accessTokenExpiry();
    QDateTime refreshStarted;
    connect(session.get(), &Session::stateChanged, this, [&refreshStarted](State state) {
        if (state == State::Refreshing && refreshStarted.isNull())
            refreshStarted = QDateTime::currentDateTimeUtc();
    });
    QSignalSpy refreshed(session.get(), &Session::refreshFinished);
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(refreshed.at(0).at(0).toBool(), true);
    // At ~80 % of the 3 s lifetime: before the access token expired, not needlessly early.
    QVERIFY(!refreshStarted.isNull());
    const qint64 margin = refreshStarted.msecsTo(firstExpiry);
    QVERIFY2(margin > 0 && margin < 1500, qPrintable(u"refresh started %1 ms before expiry"_s.arg(margin)));
    QCOMPARE(session->state(), State::SignedIn);
    QVERIFY(session->accessToken() != firstAccess);
    QCOMPARE(m_server->tokenRequests(u"refresh_token"_s), 1);

    // Rotation: the first refresh token is spent, the new one is in the keychain.
    QTRY_VERIFY(!session->isKeychainBusy());
    const QString secondRefresh = readKeychain(m_server->url().toString()).data.value("refreshToken"_L1).toString();
    QVERIFY(secondRefresh != firstRefresh);
    QVERIFY(!m_server->isRefreshTokenActive(firstRefresh));
    QVERIFY(m_server->isRefreshTokenActive(secondRefresh));

    // And again, with the new one: never a reuse.
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(refreshed.at(1).at(0).toBool(), true);
    QCOMPARE(m_server->tokenRequests(u"refresh_token"_s), 2);
    QCOMPARE(m_server->refreshTokenReuses(), 0);
    QTRY_VERIFY(!session->isKeychainBusy());
    const QString thirdRefresh = readKeychain(m_server->url().toString()).data.value("refreshToken"_L1).toString();
    QVERIFY(thirdRefresh != secondRefresh);
    QVERIFY(m_server->isRefreshTokenActive(thirdRefresh));
    QCOMPARE(session->state(), State::SignedIn);
}

void TestConsoleSession::restoresFromKeychain()
{
    QString saved;
    {
        auto first = newSession();
        CHECKED(configure(*first));
        CHECKED(signInThroughBrowser(*first));
        saved = readKeychain(m_server->url().toString()).data.value("refreshToken"_L1).toString();
        QVERIFY(!saved.isEmpty());
    } // the console quits without signing out

    auto second = newSession();
    QSignalSpy urls(second.get(), &Session::authorizationUrlReady);
    second->checkConfiguration();
    QTRY_COMPARE(second->state(), State::SignedIn); // no browser: the saved session was refreshed
    QCOMPARE(urls.size(), 0);
    QCOMPARE(m_server->tokenRequests(u"authorization_code"_s), 1);
    QCOMPARE(m_server->tokenRequests(u"refresh_token"_s), 1);
    QVERIFY(!m_server->isRefreshTokenActive(saved)); // rotated away at once
    QTRY_COMPARE(second->user().name, u"Ana Admin"_s);
    QTRY_VERIFY(!second->isKeychainBusy());
    const QString now = readKeychain(m_server->url().toString()).data.value("refreshToken"_L1).toString();
    QVERIFY(now != saved);
    QVERIFY(m_server->isRefreshTokenActive(now));
}

void TestConsoleSession::signOutRevokesAndClearsKeychain()
{
    auto session = newSession();
    CHECKED(configure(*session));
    CHECKED(signInThroughBrowser(*session));
    const QString refreshToken = readKeychain(m_server->url().toString()).data.value("refreshToken"_L1).toString();
    QVERIFY(m_server->isRefreshTokenActive(refreshToken));

    QSignalSpy finished(session.get(), &Session::signOutFinished);
    QSignalSpy users(session.get(), &Session::userChanged);
    session->signOut();
    QCOMPARE(session->state(), State::SignedOut); // forgotten in memory at once
    QVERIFY(session->accessToken().isEmpty());
    QVERIFY(session->user().isEmpty());
    QCOMPARE(users.size(), 1);
    QVERIFY(!session->can(u"catalog.read"_s));

    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(finished.at(0).at(0).toString().isEmpty(), qPrintable(finished.at(0).at(0).toString()));
    QCOMPARE(m_server->revokedTokens(), QStringList{refreshToken});
    QVERIFY(!m_server->isRefreshTokenActive(refreshToken));
    const Stored stored = readKeychain(m_server->url().toString());
    QVERIFY2(stored.error.isEmpty(), qPrintable(stored.error));
    QVERIFY(!stored.found);

    // Nothing left to restore.
    auto next = newSession();
    CHECKED(configure(*next));
    QCOMPARE(next->state(), State::SignedOut);
    QCOMPARE(m_server->tokenRequests(u"refresh_token"_s), 0);
}

// ---- ApiClient -------------------------------------------------------------------------

void TestConsoleSession::signInOff_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("older daemon (404)") << QString();
    QTest::newRow("disabled") << u"disabled"_s;
}

void TestConsoleSession::signInOff()
{
    QFETCH(QString, mode);
    m_server->setMode(mode);
    auto session = newSession();
    ApiClient client;
    client.setPollInterval(150ms);
    client.setSession(session.get());
    client.setBaseUrl(m_server->url());
    QSignalSpy ecosystems(&client, &ApiClient::ecosystemReceived);
    MainWindow window(&client);
    client.start();
    QTRY_COMPARE(session->requirement(), Requirement::Off);
    QTRY_COMPARE(ecosystems.size(), 1);
    QCOMPARE(m_server->ecosystemAuthorizations(), QStringList{QString()}); // no token, none needed
    QVERIFY(session->can(u"billing.read"_s));
    QCOMPARE(window.userLabel()->text(), u"Sign-in is off on this daemon"_s);
    QVERIFY(!window.showsSignInPrompt(MainWindow::Screen::Map));
    QVERIFY(!window.signInAction()->isEnabled());
    QVERIFY(window.screenBlockedReason(MainWindow::Screen::Waybill).isEmpty());
}

void TestConsoleSession::apiClientWaitsForSignIn()
{
    auto session = newSession();
    ApiClient client;
    client.setPollInterval(150ms);
    client.setSession(session.get());
    client.setBaseUrl(m_server->url());
    QSignalSpy ecosystems(&client, &ApiClient::ecosystemReceived);
    client.start();
    QTRY_COMPARE(session->requirement(), Requirement::Required);
    QTest::qWait(500);
    // Signed out on a daemon that wants sign-in: no pointless 401s.
    QCOMPARE(m_server->requestCount(u"/v1/ecosystem"_s), 0);

    CHECKED(signInThroughBrowser(*session));
    QTRY_COMPARE(ecosystems.size(), 1);
    QCOMPARE(m_server->ecosystemAuthorizations(), QStringList{u"Bearer "_s + session->accessToken()});
}

void TestConsoleSession::apiClientRefreshesOn401AndRetries()
{
    auto session = newSession();
    ApiClient client;
    client.setPollInterval(150ms);
    client.setSession(session.get());
    client.setBaseUrl(m_server->url());
    QSignalSpy ecosystems(&client, &ApiClient::ecosystemReceived);
    QSignalSpy failures(&client, &ApiClient::ecosystemFailed);
    QSignalSpy lost(&client, &ApiClient::authenticationFailed);
    client.start();
    QTRY_COMPARE(session->requirement(), Requirement::Required);
    CHECKED(signInThroughBrowser(*session));
    QTRY_COMPARE(ecosystems.size(), 1);
    const QString before = session->accessToken();

    // The daemon stops taking the access token (say it expired early): 401, one refresh, one retry.
    m_server->expireAccessTokens();
    client.fetchEcosystem();
    QTRY_COMPARE(ecosystems.size(), 2);
    QCOMPARE(m_server->unauthorizedAnswers(), 1);
    QCOMPARE(m_server->tokenRequests(u"refresh_token"_s), 1);
    QVERIFY(session->accessToken() != before);
    const QStringList sent = m_server->ecosystemAuthorizations();
    QCOMPARE(sent.size(), 3);
    QCOMPARE(sent.at(1), u"Bearer "_s + before);
    QCOMPARE(sent.at(2), u"Bearer "_s + session->accessToken());
    QCOMPARE(failures.size(), 0);
    QCOMPARE(lost.size(), 0);
    QCOMPARE(session->state(), State::SignedIn);
}

void TestConsoleSession::apiClientSignsOutWhenRefreshIsRefused()
{
    auto session = newSession();
    ApiClient client;
    client.setPollInterval(150ms);
    client.setSession(session.get());
    client.setBaseUrl(m_server->url());
    QSignalSpy ecosystems(&client, &ApiClient::ecosystemReceived);
    QSignalSpy lost(&client, &ApiClient::authenticationFailed);
    QSignalSpy ended(session.get(), &Session::sessionEnded);
    client.start();
    QTRY_COMPARE(session->requirement(), Requirement::Required);
    CHECKED(signInThroughBrowser(*session));
    QTRY_COMPARE(ecosystems.size(), 1);

    // An administrator ended every session: the access token and the refresh are refused.
    m_server->revokeAllSessions();
    client.fetchEcosystem();
    QTRY_COMPARE(lost.size(), 1);
    QCOMPARE(session->state(), State::SignedOut);
    QCOMPARE(ended.size(), 1);
    const QString message = lost.at(0).at(0).toString();
    QVERIFY2(message.contains(u"invalid_grant"_s), qPrintable(message));
    QCOMPARE(m_server->tokenRequests(u"refresh_token"_s), 1);
    QCOMPARE(ecosystems.size(), 1);
    QTRY_VERIFY(!session->isKeychainBusy());
    QVERIFY(!readKeychain(m_server->url().toString()).found);
    // Signed out, the client stops asking.
    const int asked = m_server->requestCount(u"/v1/ecosystem"_s);
    QTest::qWait(500);
    QCOMPARE(m_server->requestCount(u"/v1/ecosystem"_s), asked);
}

void TestConsoleSession::givenTokenIsUsedButNeverKept()
{
    // Someone signed in with the browser earlier: that saved sign-in must survive what follows.
    QString given;
    QString savedRefresh;
    {
        auto earlier = newSession();
        CHECKED(configure(*earlier));
        CHECKED(signInThroughBrowser(*earlier));
        given = earlier->accessToken();
        savedRefresh = readKeychain(m_server->url().toString()).data.value("refreshToken"_L1).toString();
        QVERIFY(!savedRefresh.isEmpty());
    }
    const int refreshesBefore = m_server->tokenRequests(u"refresh_token"_s);

    // --token / ENCLII_TOKEN: signed in at once, with that bearer and nothing else.
    auto session = newSession();
    ApiClient client;
    client.setPollInterval(150ms);
    client.setSession(session.get());
    client.setBaseUrl(m_server->url());
    session->useGivenToken(u"  "_s + given + u"\n"_s);
    QVERIFY(session->usesGivenToken());
    QCOMPARE(session->state(), State::SignedIn);
    QCOMPARE(session->accessToken(), given); // trimmed
    QSignalSpy ecosystems(&client, &ApiClient::ecosystemReceived);
    QSignalSpy lost(&client, &ApiClient::authenticationFailed);
    QSignalSpy urls(session.get(), &Session::authorizationUrlReady);
    client.start();
    QTRY_COMPARE(ecosystems.size(), 1);
    QCOMPARE(m_server->ecosystemAuthorizations().last(), u"Bearer "_s + given);
    QTRY_COMPARE(session->user().name, u"Ana Admin"_s); // /v1/me, once sign-in is known to be on
    // No restore from the keychain, no refresh: the saved sign-in is left as it is.
    QTest::qWait(300);
    QCOMPARE(m_server->tokenRequests(u"refresh_token"_s), refreshesBefore);
    QCOMPARE(urls.size(), 0);

    // The daemon stops taking it: nothing to renew it with, so the session ends and says why.
    m_server->expireAccessTokens();
    client.fetchEcosystem();
    QTRY_COMPARE(lost.size(), 1);
    QVERIFY2(lost.at(0).at(0).toString().contains(u"ENCLII_TOKEN"_s), qPrintable(lost.at(0).at(0).toString()));
    QCOMPARE(session->state(), State::SignedOut);
    QVERIFY(!session->usesGivenToken());
    QCOMPARE(m_server->tokenRequests(u"refresh_token"_s), refreshesBefore);
    QVERIFY(m_server->revokedTokens().isEmpty()); // not the console's to revoke
    QTRY_VERIFY(!session->isKeychainBusy());
    const Stored stored = readKeychain(m_server->url().toString());
    QVERIFY(stored.found);
    QCOMPARE(stored.data.value("refreshToken"_L1).toString(), savedRefresh);
    QVERIFY(m_server->isRefreshTokenActive(savedRefresh));

    // Another daemon URL drops a given token: it belongs to the daemon it was made for.
    session->useGivenToken(given);
    QCOMPARE(session->state(), State::SignedIn);
    session->setBaseUrl(QUrl(u"http://127.0.0.1:1"_s));
    QCOMPARE(session->state(), State::SignedOut);
    QVERIFY(session->accessToken().isEmpty());
}

// ---- the window ------------------------------------------------------------------------

void TestConsoleSession::mainWindowFollowsTheRole()
{
    m_server->setProfile(OidcTestServer::viewerProfile());
    auto session = newSession();
    ApiClient client;
    client.setPollInterval(150ms);
    client.setSession(session.get());
    client.setBaseUrl(m_server->url());
    MainWindow window(&client);
    client.start();
    QTRY_COMPARE(session->requirement(), Requirement::Required);

    // Signed out: every screen says what signing in would show, with the button.
    QTRY_VERIFY(window.showsSignInPrompt(MainWindow::Screen::Map));
    QVERIFY(window.showsSignInPrompt(MainWindow::Screen::Waybill));
    SignInPrompt *prompt = window.signInPrompt(MainWindow::Screen::Map);
    QCOMPARE(prompt->title(), u"Sign in to see the map"_s);
    QVERIFY(prompt->button()->isEnabled());
    QCOMPARE(window.userLabel()->text(), u"Not signed in"_s);
    QVERIFY(window.signInAction()->isEnabled());
    QVERIFY(!window.signOutAction()->isEnabled());

    // The prompt's button starts the sign-in.
    QSignalSpy urls(session.get(), &Session::authorizationUrlReady);
    prompt->button()->click();
    QTRY_COMPARE(urls.size(), 1);
    QCOMPARE(window.userLabel()->text(), u"Signing in…"_s);
    Page callback;
    CHECKED(playBrowser(urls.at(0).at(0).toUrl(), &callback));
    QCOMPARE(callback.status, 200);
    QTRY_VERIFY(!session->user().isEmpty());

    QVERIFY(!window.showsSignInPrompt(MainWindow::Screen::Map));
    QCOMPARE(window.userLabel()->text(), u"Signed in as Vic Viewer (viewer:janua, developer:enclii)"_s);
    QVERIFY(window.signOutAction()->isEnabled());
    QVERIFY(!window.signInAction()->isEnabled());

    // A viewer may not open Waybill nor act on rollouts, and is told why.
    QCOMPARE(window.screenBlockedReason(MainWindow::Screen::Waybill), u"Waybill needs the finance or admin role"_s);
    QListWidgetItem *waybill = window.navigation()->item(int(MainWindow::Screen::Waybill));
    QVERIFY(!(waybill->flags() & Qt::ItemIsEnabled));
    QCOMPARE(waybill->toolTip(), u"Waybill needs the finance or admin role"_s);
    window.showScreen(MainWindow::Screen::Waybill);
    QVERIFY(window.currentScreen() != MainWindow::Screen::Waybill);
    QCOMPARE(window.canaryActions().size(), 6);
    for (QPushButton *button : window.canaryActions()) {
        QVERIFY(!button->isEnabled());
        QCOMPARE(button->toolTip(), u"Only on-call or admin can promote, pause or abort a rollout"_s);
    }

    // Signed out again, then in as an admin: everything opens up.
    QSignalSpy signedOut(session.get(), &Session::signOutFinished);
    window.signOutAction()->trigger();
    QTRY_COMPARE(signedOut.size(), 1);
    QVERIFY(window.showsSignInPrompt(MainWindow::Screen::Map));
    m_server->setProfile(OidcTestServer::adminProfile());
    CHECKED(signInThroughBrowser(*session));
    QTRY_VERIFY(window.screenBlockedReason(MainWindow::Screen::Waybill).isEmpty());
    QVERIFY(waybill->flags() & Qt::ItemIsEnabled);
    window.showScreen(MainWindow::Screen::Waybill);
    QCOMPARE(window.currentScreen(), MainWindow::Screen::Waybill);
    // The controls are the person's to use; each rollout's state decides which.
    QVERIFY(window.canaryView()->operateDenied().isEmpty());
    QCOMPARE(window.userLabel()->text(), u"Signed in as Ana Admin (admin)"_s);
}

QTEST_MAIN(TestConsoleSession)
#include "tst_console_session.moc"
