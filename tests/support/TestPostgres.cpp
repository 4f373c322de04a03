#include "TestPostgres.h"

#include "store/EmbeddedPostgres.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace enclii::test {

namespace {

constexpr int kPsqlTimeoutMs = 60000;
const char kUrlEnv[] = "ENCLII_TEST_DATABASE_URL";

// Where EmbeddedPostgres puts a root-run cluster whose folder the postgres user cannot
// reach (a 0700 temporary folder is such a folder); only there do we delete a link target.
const QString kFallbackRoot = QStringLiteral("/var/lib/enclii/clusters/");

struct Server
{
    QUrl url;  // as given, with the database in the path
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QList<std::pair<QString, QString>> params;  // ?sslmode=... and friends
};

std::optional<Server> parseUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres")))
        return std::nullopt;
    Server s;
    s.url = url;
    s.host = url.host();
    s.port = url.port(5432);
    s.user = url.userName(QUrl::FullyDecoded);
    s.password = url.password(QUrl::FullyDecoded);
    s.database = url.path(QUrl::FullyDecoded).mid(1);
    if (s.database.isEmpty())
        s.database = QStringLiteral("postgres");
    for (const auto &item : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
        s.params.append({item.first, item.second});
    return s;
}

QString conninfoValue(const QString &v)
{
    if (!v.isEmpty() && !v.contains(QLatin1Char(' ')) && !v.contains(QLatin1Char('\''))
        && !v.contains(QLatin1Char('\\')))
        return v;
    QString q = v;
    q.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    q.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

QString conninfo(const Server &s, const QString &database, bool withPassword)
{
    QStringList parts;
    const auto add = [&parts](const QString &key, const QString &value) {
        if (!value.isEmpty())
            parts << key + QLatin1Char('=') + conninfoValue(value);
    };
    add(QStringLiteral("host"), s.host);
    add(QStringLiteral("port"), QString::number(s.port));
    add(QStringLiteral("dbname"), database);
    add(QStringLiteral("user"), s.user);
    if (withPassword)
        add(QStringLiteral("password"), s.password);
    for (const auto &[key, value] : s.params)
        add(key, value);
    return parts.join(QLatin1Char(' '));
}

QString quoteIdentifier(const QString &s)
{
    QString q = s;
    q.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

// Lower-case letters, digits and '_' only, so the name needs no care in hand-written SQL.
QString databaseNameFor(const QString &fixture)
{
    QString name;
    for (const QChar c : fixture.toLower()) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_');
        name += plain ? c : QLatin1Char('_');
    }
    if (name.isEmpty() || name.at(0).isDigit())
        name.prepend(QLatin1String("t_"));
    return name.left(40);
}

QString psqlPath()
{
    const QString binDir = store::EmbeddedPostgres::findBinDir();
    if (!binDir.isEmpty() && QFileInfo(binDir + QLatin1String("/psql")).isExecutable())
        return binDir + QLatin1String("/psql");
    return QStandardPaths::findExecutable(QStringLiteral("psql"));
}

} // namespace

struct TestPostgres::Private
{
    QString fixture;
    std::optional<Server> server;
    QString database;      // this fixture's database
    bool external = false;
    bool dropOnExit = false;
    QString error;

    QTemporaryDir tempDir;
    QString dataDir;
    std::unique_ptr<store::EmbeddedPostgres> embedded;

    bool startEmbedded();
    bool useExternal(const QString &url);
    bool psql(const QString &database, const QString &sql, QString *output);
};

TestPostgres::TestPostgres(const QString &fixtureName)
    : d(std::make_unique<Private>())
{
    d->fixture = fixtureName;
    const QString url = qEnvironmentVariable(kUrlEnv);
    if (url.isEmpty())
        d->startEmbedded();
    else
        d->useExternal(url);
}

TestPostgres::~TestPostgres()
{
    if (d->dropOnExit) {
        // FORCE (PostgreSQL 13+) ends sessions a test forgot to close.
        const QString sql = QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoteIdentifier(d->database));
        if (!d->psql(d->server->database, sql + QLatin1String(" WITH (FORCE)"), nullptr)
            && !d->psql(d->server->database, sql, nullptr))
            qWarning("TestPostgres: could not drop %s: %s", qPrintable(d->database), qPrintable(d->error));
    }
    if (d->embedded) {
        d->embedded.reset();  // stops the server before its files go
        // Run as root, the cluster may live behind a link in the fallback location, which
        // removing the temporary folder would leave behind.
        const QFileInfo link(d->dataDir);
        if (link.isSymLink() && link.symLinkTarget().startsWith(kFallbackRoot))
            QDir(link.symLinkTarget()).removeRecursively();
    }
}

bool TestPostgres::Private::startEmbedded()
{
    if (!tempDir.isValid()) {
        error = QStringLiteral("cannot create a temporary folder: %1").arg(tempDir.errorString());
        return false;
    }
    dataDir = tempDir.filePath(QStringLiteral("pg"));
    store::EmbeddedPostgres::Options options;
    options.dataDir = dataDir;
    options.database = databaseNameFor(fixture);
    options.stopOnDestroy = true;
    embedded = std::make_unique<store::EmbeddedPostgres>(options);
    if (!embedded->start()) {
        error = embedded->error();
        embedded.reset();
        return false;
    }
    server = parseUrl(embedded->url());
    database = options.database;
    return server.has_value();
}

bool TestPostgres::Private::useExternal(const QString &url)
{
    external = true;
    server = parseUrl(url);
    if (!server) {
        // The value is not echoed: it carries a password.
        error = QStringLiteral("%1 is not a postgresql:// URL").arg(QLatin1String(kUrlEnv));
        return false;
    }
    const QString suffix = QString::number(QRandomGenerator::system()->generate(), 16).rightJustified(8, QLatin1Char('0'));
    database = databaseNameFor(fixture) + QLatin1Char('_') + suffix;
    if (!psql(server->database, QStringLiteral("CREATE DATABASE %1").arg(quoteIdentifier(database)), nullptr)) {
        server.reset();
        return false;
    }
    dropOnExit = true;
    return true;
}

// The password goes to psql through the environment, never through argv.
bool TestPostgres::Private::psql(const QString &db, const QString &sql, QString *output)
{
    const QString program = psqlPath();
    if (program.isEmpty()) {
        error = QStringLiteral("psql not found");
        return false;
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    env.insert(QStringLiteral("PGPASSWORD"), server->password);
    env.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("10"));
    QProcess process;
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(program, {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"), QStringLiteral("-t"),
                            QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                            QStringLiteral("-d"), conninfo(*server, db, false), QStringLiteral("-c"), sql});
    if (!process.waitForFinished(kPsqlTimeoutMs)) {
        process.kill();
        process.waitForFinished(3000);
        error = QStringLiteral("psql did not finish: %1").arg(process.errorString());
        return false;
    }
    const QString out = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        error = QStringLiteral("psql failed: %1").arg(QString::fromUtf8(process.readAllStandardError()).trimmed());
        return false;
    }
    if (output)
        *output = out;
    return true;
}

bool TestPostgres::isValid() const
{
    return d->server.has_value();
}

QString TestPostgres::error() const
{
    return d->error;
}

QString TestPostgres::url() const
{
    if (!d->server)
        return {};
    QUrl u = d->server->url;
    u.setPath(QLatin1Char('/') + d->database);
    return u.toString(QUrl::FullyEncoded);
}

QString TestPostgres::connectionString() const
{
    return d->server ? conninfo(*d->server, d->database, true) : QString();
}

QString TestPostgres::databaseName() const
{
    return d->database;
}

bool TestPostgres::isExternal() const
{
    return d->external;
}

QString TestPostgres::query(const QString &sql, bool *ok) const
{
    QString output;
    // Without a server error() already says why the fixture failed.
    const bool success = d->server && d->psql(d->database, sql, &output);
    if (ok)
        *ok = success;
    return output;
}

} // namespace enclii::test
