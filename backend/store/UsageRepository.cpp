#include "UsageRepository.h"

#include "Database.h"
#include "PqxxUtil_p.h"

namespace enclii::store {

using namespace detail;

namespace {

std::string bigintArray(const QList<qint64> &items)
{
    std::string out = "{";
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i)
            out += ',';
        out += std::to_string(items[i]);
    }
    return out + '}';
}

QHash<QString, QString> hashesOf(pqxx::transaction_base &tx, const QStringList &keys)
{
    QHash<QString, QString> out;
    if (keys.isEmpty())
        return out;
    for (const auto &r : tx.exec_params("SELECT idempotency_key, body_hash FROM usage_events WHERE idempotency_key = ANY($1::text[])",
                                        textArrayLiteral(keys)))
        out.insert(qstr(r[0]), qstr(r[1]));
    return out;
}

} // namespace

UsageRepository::UsageRepository(Database &db) : m_db(db) {}

UsageRepository::InsertOutcome UsageRepository::insertNew(const QList<UsageRow> &rows, const QStringList &alsoLookUp,
                                                          const std::function<bool(const InsertOutcome &)> &keepIt)
{
    QList<QString> keys, hashes, types, projects, resources, quantities, sources;
    QList<qint64> times;
    for (const UsageRow &r : rows) {
        keys << r.idempotencyKey;
        hashes << r.bodyHash;
        types << r.type;
        projects << r.project;
        resources << r.resource;
        quantities << QString::fromUtf8(r.quantitiesJson);
        sources << r.source;
        times << r.occurredAtMs;
    }
    InsertOutcome outcome;
    m_db.withConnection([&](pqxx::connection_base &c) {
        outcome = {};
        pqxx::work tx(c);
        if (!rows.isEmpty()) {
            // One statement for the whole batch; ORDER BY takes the unique-index locks in key
            // order, so concurrent batches that share keys wait for each other instead of deadlocking.
            const auto inserted = tx.exec_params(
                "INSERT INTO usage_events (idempotency_key, body_hash, type, project, resource, quantities, occurred_at, source)"
                " SELECT k, h, t, p, r, q::jsonb, timestamptz 'epoch' + ms * interval '1 millisecond', s"
                " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[])"
                "   AS u(k, h, t, p, r, q, ms, s)"
                " ORDER BY k"
                " ON CONFLICT (idempotency_key) DO NOTHING"
                " RETURNING idempotency_key",
                textArrayLiteral(keys), textArrayLiteral(hashes), textArrayLiteral(types), textArrayLiteral(projects), textArrayLiteral(resources),
                textArrayLiteral(quantities), bigintArray(times), textArrayLiteral(sources));
            for (const auto &r : inserted)
                outcome.inserted.insert(qstr(r[0]));
        }
        QStringList existing = alsoLookUp;
        for (const QString &k : keys)
            if (!outcome.inserted.contains(k))
                existing << k;
        // Read committed: this statement sees rows committed by others after our INSERT began,
        // which are exactly the ones it skipped.
        outcome.existingHash = hashesOf(tx, existing);
        if (keepIt(outcome))
            tx.commit();
        // else: the transaction's destructor rolls back
    });
    return outcome;
}

QHash<QString, QString> UsageRepository::bodyHashes(const QStringList &keys)
{
    QHash<QString, QString> out;
    if (keys.isEmpty())
        return out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        out = hashesOf(tx, keys);
    });
    return out;
}

QList<UsageRow> UsageRepository::list(const UsageQuery &q)
{
    QList<UsageRow> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        // Epoch milliseconds both ways, so no text format has to be parsed; extract() is exact (numeric).
        const auto rows = tx.exec_params(
            "SELECT id, idempotency_key, body_hash, type, project, resource, quantities::text,"
            " (extract(epoch FROM occurred_at) * 1000)::bigint, (extract(epoch FROM received_at) * 1000)::bigint, source"
            " FROM usage_events"
            " WHERE ($1 = '' OR project = $1)"
            "   AND ($2::bigint = 0 OR occurred_at >= timestamptz 'epoch' + $2::bigint * interval '1 millisecond')"
            "   AND ($3::bigint = 0 OR occurred_at < timestamptz 'epoch' + $3::bigint * interval '1 millisecond')"
            "   AND ($5::bigint = 0 OR (occurred_at, id) > (timestamptz 'epoch' + $4::bigint * interval '1 millisecond', $5::bigint))"
            " ORDER BY occurred_at, id LIMIT $6",
            str(q.project), static_cast<long long>(q.fromMs), static_cast<long long>(q.toMs), static_cast<long long>(q.afterMs),
            static_cast<long long>(q.afterId), q.limit);
        for (const auto &r : rows) {
            UsageRow u;
            u.id = r[0].as<long long>();
            u.idempotencyKey = qstr(r[1]);
            u.bodyHash = qstr(r[2]);
            u.type = qstr(r[3]);
            u.project = qstr(r[4]);
            u.resource = qstr(r[5]);
            u.quantitiesJson = QByteArray::fromStdString(r[6].as<std::string>());
            u.occurredAtMs = r[7].as<long long>();
            u.receivedAt = timestamp(r[8]);
            u.source = qstr(r[9]);
            out << u;
        }
    });
    return out;
}

} // namespace enclii::store
