#include "Migrator.h"

#include "Database.h"

#include <pqxx/pqxx>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>

// Resources of a static library must be registered by hand (outside any namespace).
static void initMigrationResources()
{
    Q_INIT_RESOURCE(migrations);
}

namespace enclii::store {

namespace {
// Any fixed number: the key of the advisory lock that serializes migrations.
constexpr long long kMigrationLockKey = 0x656e636c6969; // "enclii"
} // namespace

Migrator::Migrator(Database &db) : m_db(db) {}

QList<Migration> Migrator::embedded()
{
    initMigrationResources();
    QList<Migration> out;
    static const QRegularExpression fileName(QStringLiteral("^(\\d{4})_([a-z0-9_]+)\\.sql$"));
    const QDir dir(QStringLiteral(":/enclii/migrations"));
    for (const QString &entry : dir.entryList(QDir::Files, QDir::Name)) {
        const auto m = fileName.match(entry);
        if (!m.hasMatch())
            continue;
        QFile f(dir.filePath(entry));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        Migration mig;
        mig.version = m.captured(1).toInt();
        mig.name = m.captured(2);
        mig.sql = QString::fromUtf8(f.readAll());
        mig.checksum = QString::fromLatin1(QCryptographicHash::hash(mig.sql.toUtf8(), QCryptographicHash::Sha256).toHex());
        out << mig;
    }
    std::sort(out.begin(), out.end(), [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return out;
}

int Migrator::migrate(QString *error, const QList<Migration> &migrations)
{
    if (migrations.isEmpty()) {
        if (error)
            *error = QStringLiteral("no database migrations are embedded in this build");
        return -1;
    }
    int applied = 0;
    try {
        m_db.withConnection([&](pqxx::connection_base &c) {
            pqxx::work tx(c);
            tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
            tx.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
                    " applied_at timestamptz NOT NULL DEFAULT now())");
            QHash<int, QString> done;
            for (const auto &row : tx.exec("SELECT version, checksum FROM schema_migrations"))
                done.insert(row[0].as<int>(), QString::fromStdString(row[1].as<std::string>()));
            for (const auto &m : migrations) {
                if (done.contains(m.version)) {
                    if (done[m.version] != m.checksum)
                        throw std::runtime_error(QStringLiteral("migration %1_%2 was changed after it was applied; "
                                                                "add a new migration instead of editing an applied one")
                                                     .arg(m.version, 4, 10, QLatin1Char('0')).arg(m.name).toStdString());
                    continue;
                }
                tx.exec(m.sql.toStdString());
                tx.exec_params("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                               m.version, m.name.toStdString(), m.checksum.toStdString());
                ++applied;
            }
            tx.commit();
        });
    } catch (const std::exception &e) {
        if (error)
            *error = QStringLiteral("database migration failed: %1").arg(redactedError(e));
        return -1;
    }
    return applied;
}

QList<int> Migrator::appliedVersions()
{
    QList<int> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        for (const auto &row : tx.exec("SELECT version FROM schema_migrations ORDER BY version"))
            out << row[0].as<int>();
    });
    return out;
}

} // namespace enclii::store
