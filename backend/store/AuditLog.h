#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace enclii::store {

class Database;

struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    QString actor;
    QString action; // "spec.apply", ...
    QString target; // "Service/switchyard-api"
    QJsonObject detail;
};

// The append-only record of who changed what. SpecRepository writes its own entries inside
// its transaction; other writers use append().
class AuditLog
{
public:
    explicit AuditLog(Database &db);

    void append(const QString &actor, const QString &action, const QString &target, const QJsonObject &detail = {});
    // Newest first; beforeId pages backwards (0: from the newest).
    QList<AuditEntry> list(int limit, qint64 beforeId = 0, const QString &target = {});

private:
    Database &m_db;
};

} // namespace enclii::store
