#include "EventFeed.h"

#include "Database.h"
#include "PqxxUtil_p.h"

#include <algorithm>

namespace enclii::store {

using namespace detail;

EventFeed::EventFeed(Database &db) : m_db(db) {}

QList<FeedEvent> EventFeed::since(qint64 afterId, int limit)
{
    QList<FeedEvent> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params("SELECT id, topic, payload FROM events WHERE id > $1 ORDER BY id LIMIT $2",
                                            static_cast<long long>(afterId), std::clamp(limit, 1, 10000)))
            out << FeedEvent{r[0].as<long long>(), qstr(r[1]), jsonObject(r[2])};
    });
    return out;
}

qint64 EventFeed::lastId()
{
    qint64 id = 0;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        id = tx.exec("SELECT coalesce(max(id), 0) FROM events")[0][0].as<long long>();
    });
    return id;
}

int EventFeed::prune(int olderThanSeconds)
{
    int n = 0;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        n = int(tx.exec_params("DELETE FROM events WHERE created_at < now() - $1 * interval '1 second'", olderThanSeconds).affected_rows());
        tx.commit();
    });
    return n;
}

} // namespace enclii::store
