#include "AuditLog.h"

#include "Database.h"
#include "PqxxUtil_p.h"

namespace enclii::store {

using namespace detail;

AuditLog::AuditLog(Database &db) : m_db(db) {}

void AuditLog::append(const QString &actor, const QString &action, const QString &target, const QJsonObject &detail)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO audit_log (actor, action, target, detail) VALUES ($1, $2, $3, $4::jsonb)",
                       str(actor), str(action), str(target), jsonText(detail));
        tx.commit();
    });
}

QList<AuditEntry> AuditLog::list(int limit, qint64 beforeId, const QString &target)
{
    QList<AuditEntry> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_params(
            "SELECT id, (extract(epoch FROM at) * 1000)::bigint, actor, action, target, detail::text FROM audit_log"
            " WHERE ($1::bigint = 0 OR id < $1::bigint) AND ($2 = '' OR target = $2) ORDER BY id DESC LIMIT $3",
            static_cast<long long>(beforeId), str(target), limit);
        for (const auto &r : rows)
            out << AuditEntry{r[0].as<long long>(), timestamp(r[1]), qstr(r[2]), qstr(r[3]), qstr(r[4]), jsonObject(r[5])};
    });
    return out;
}

} // namespace enclii::store
