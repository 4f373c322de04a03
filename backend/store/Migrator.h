#pragma once

#include <QList>
#include <QString>

namespace enclii::store {

class Database;

struct Migration
{
    int version = 0;
    QString name;
    QString sql;
    QString checksum; // SHA-256 of sql
};

// Versioned SQL migrations (NNNN_name.sql, embedded as Qt resources), applied in one
// transaction under an advisory lock, so concurrent starts wait for each other and a failed
// migration leaves nothing behind. Applied versions are recorded with their checksum; an
// applied migration whose file has since changed is reported, never silently re-run.
class Migrator
{
public:
    explicit Migrator(Database &db);

    // The embedded migrations, in version order.
    static QList<Migration> embedded();

    // Applies what is missing. Returns the number applied, or -1 with the reason in error.
    int migrate(QString *error, const QList<Migration> &migrations = embedded());
    QList<int> appliedVersions();

private:
    Database &m_db;
};

} // namespace enclii::store
