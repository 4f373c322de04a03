#include "RolloutStore.h"

#include "store/Database.h"
#include "store/PqxxUtil_p.h"

namespace enclii::canary {

using namespace store::detail;

namespace {

#define MS(col) "(extract(epoch FROM " col ") * 1000)::bigint"

const char *const kColumns =
    "id, service, project, namespace, image, revision, strategy::text, state, step_index, step_phase, analysis_run, "
    MS("analysis_started_at") ", " MS("last_measured_at") ", " MS("deadline_at") ", pause_reason, message, failing_metric, failing_value, "
    "traffic::text, settled, coalesce(superseded_by, 0), coalesce(retry_of, 0), created_by, " MS("created_at") ", " MS("updated_at") ", "
    MS("finished_at") ", version, " MS("canary_since");

std::string select(const std::string &tail)
{
    return std::string("SELECT ") + kColumns + " FROM rollouts " + tail;
}

long long ms(const QDateTime &t)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : -1;
}

Rollout rolloutFrom(const pqxx::row &r)
{
    Rollout o;
    o.id = r[0].as<long long>();
    o.service = qstr(r[1]);
    o.project = qstr(r[2]);
    o.ns = qstr(r[3]);
    o.image = qstr(r[4]);
    o.revision = qstr(r[5]);
    o.strategy = strategyFromJson(jsonObject(r[6]));
    o.state = stateFromName(qstr(r[7])).value_or(RolloutState::Failed);
    o.stepIndex = r[8].as<int>();
    o.stepPhase = qstr(r[9]);
    o.analysisRun = r[10].as<int>();
    o.analysisStartedAt = timestamp(r[11]);
    o.lastMeasuredAt = timestamp(r[12]);
    o.deadlineAt = timestamp(r[13]);
    o.pauseReason = qstr(r[14]);
    o.message = qstr(r[15]);
    o.failingMetric = qstr(r[16]);
    if (!r[17].is_null())
        o.failingValue = r[17].as<double>();
    o.traffic = TrafficSplit::fromJson(jsonObject(r[18]));
    o.settled = r[19].as<bool>();
    o.supersededBy = r[20].as<long long>();
    o.retryOf = r[21].as<long long>();
    o.createdBy = qstr(r[22]);
    o.createdAt = timestamp(r[23]);
    o.updatedAt = timestamp(r[24]);
    o.finishedAt = timestamp(r[25]);
    o.version = r[26].as<int>();
    o.canarySince = timestamp(r[27]);
    return o;
}

void insertTransition(pqxx::work &tx, const Transition &t)
{
    tx.exec_params("INSERT INTO rollout_transitions (rollout_id, at, from_state, to_state, step_index, actor, reason, notify)"
                   " VALUES ($1, rollout_ts($2), $3, $4, $5, $6, $7, $8)",
                   static_cast<long long>(t.rolloutId), ms(t.at), str(t.from), str(t.to), t.stepIndex, str(t.actor), str(t.reason), t.notify);
}

Transition transitionFrom(const pqxx::row &r, int first)
{
    Transition t;
    t.id = r[first].as<long long>();
    t.rolloutId = r[first + 1].as<long long>();
    t.at = timestamp(r[first + 2]);
    t.from = qstr(r[first + 3]);
    t.to = qstr(r[first + 4]);
    t.stepIndex = r[first + 5].as<int>();
    t.actor = qstr(r[first + 6]);
    t.reason = qstr(r[first + 7]);
    t.notify = r[first + 8].as<bool>();
    return t;
}

const char *const kTransitionColumns = "t.id, t.rollout_id, " MS("t.at") ", t.from_state, t.to_state, t.step_index, t.actor, t.reason, t.notify";

} // namespace

RolloutStore::RolloutStore(store::Database &db) : m_db(db) {}

RolloutStore::Started RolloutStore::start(const NewRollout &n, const QDateTime &now)
{
    Started out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out = {};
        pqxx::work tx(c);
        // The service's row lock serialises two releases arriving at once.
        tx.exec_params("SELECT pg_advisory_xact_lock(hashtext('enclii.rollout:' || $1))", str(n.service));
        const auto active = tx.exec_params(select("WHERE service = $1 AND state IN ('pending', 'progressing', 'paused', 'promoting') FOR UPDATE"),
                                           str(n.service));
        if (!active.empty()) {
            Rollout old = rolloutFrom(active[0]);
            if (old.image == n.image) {
                out.rollout = old;
                tx.commit();
                return;
            }
            tx.exec_params("UPDATE rollouts SET state = 'superseded', settled = false, finished_at = rollout_ts($2), updated_at = rollout_ts($2),"
                           " deadline_at = NULL, version = version + 1,"
                           " message = 'superseded by a newer release (' || $3 || ')' WHERE id = $1",
                           static_cast<long long>(old.id), ms(now), str(n.revision.isEmpty() ? n.image : n.revision));
            out.superseded = old.id;
            insertTransition(tx, {0, old.id, now, stateName(old.state), QStringLiteral("superseded"), old.stepIndex, n.actor,
                                  QStringLiteral("a newer release (%1) replaces it").arg(n.revision.isEmpty() ? n.image : n.revision), false});
        }
        const auto inserted = tx.exec_params(
            "INSERT INTO rollouts (service, project, namespace, image, revision, strategy, state, created_by, created_at, updated_at,"
            " retry_of, deadline_at)"
            " VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'pending', $7, rollout_ts($8), rollout_ts($8), NULLIF($9::bigint, 0), rollout_ts($10))"
            " RETURNING id",
            str(n.service), str(n.project), str(n.ns), str(n.image), str(n.revision), jsonText(strategyToJson(n.strategy)), str(n.actor),
            ms(now), static_cast<long long>(n.retryOf), ms(now.addSecs(600)));
        const long long id = inserted[0][0].as<long long>();
        if (out.superseded)
            tx.exec_params("UPDATE rollouts SET superseded_by = $2 WHERE id = $1", static_cast<long long>(out.superseded), id);
        QString reason = QStringLiteral("release %1").arg(n.revision.isEmpty() ? n.image : n.revision);
        if (out.superseded)
            reason += QStringLiteral("; supersedes rollout #%1").arg(out.superseded);
        if (n.retryOf)
            reason += QStringLiteral("; retries rollout #%1").arg(n.retryOf);
        insertTransition(tx, {0, id, now, QString(), QStringLiteral("pending"), 0, n.actor, reason, true});
        out.rollout = rolloutFrom(tx.exec_params(select("WHERE id = $1"), id)[0]);
        out.created = true;
        tx.commit();
    });
    return out;
}

bool RolloutStore::update(Rollout &r, const QList<StoredMeasurement> &measurements, const std::optional<Transition> &transition)
{
    bool written = false;
    m_db.withConnection([&](pqxx::connection_base &c) {
        written = false;
        pqxx::work tx(c);
        const auto row = tx.exec_params(
            "UPDATE rollouts SET state = $3, step_index = $4, step_phase = $5, analysis_run = $6, analysis_started_at = rollout_ts($7),"
            " last_measured_at = rollout_ts($8), deadline_at = rollout_ts($9), pause_reason = $10, message = $11, failing_metric = $12,"
            " failing_value = CASE WHEN $13 THEN $14::double precision END, traffic = $15::jsonb, settled = $16,"
            " updated_at = rollout_ts($17), finished_at = rollout_ts($18), canary_since = rollout_ts($19), version = version + 1"
            " WHERE id = $1 AND version = $2 RETURNING version",
            static_cast<long long>(r.id), r.version, str(stateName(r.state)), r.stepIndex, str(r.stepPhase), r.analysisRun,
            ms(r.analysisStartedAt), ms(r.lastMeasuredAt), ms(r.deadlineAt), str(r.pauseReason), str(r.message.left(4000)),
            str(r.failingMetric), r.failingValue.has_value(), r.failingValue.value_or(0.0), jsonText(r.traffic.toJson()), r.settled,
            ms(r.updatedAt), ms(r.finishedAt), ms(r.canarySince));
        if (row.empty())
            return;
        for (const StoredMeasurement &s : measurements) {
            const Measurement &m = s.m;
            tx.exec_params("INSERT INTO rollout_measurements (rollout_id, step_index, run, at, metric, track, value, threshold, verdict, gates,"
                           " counted, message) VALUES ($1, $2, $3, rollout_ts($4), $5, $6, CASE WHEN $7 THEN $8::double precision END,"
                           " $9, $10, $11, $12, $13)",
                           static_cast<long long>(r.id), s.stepIndex, s.run, ms(m.at), str(m.metric), str(m.track), m.value.has_value(),
                           m.value.value_or(0.0), str(m.condition), str(verdictName(m.verdict)), m.gates, s.counted, str(m.message.left(2000)));
        }
        if (transition) {
            Transition t = *transition;
            t.rolloutId = r.id;
            insertTransition(tx, t);
        }
        tx.commit();
        r.version = row[0][0].as<int>();
        written = true;
    });
    return written;
}

std::optional<Rollout> RolloutStore::rollout(qint64 id)
{
    std::optional<Rollout> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params(select("WHERE id = $1"), static_cast<long long>(id));
        out = rows.empty() ? std::nullopt : std::optional<Rollout>(rolloutFrom(rows[0]));
    });
    return out;
}

QList<Rollout> RolloutStore::list(const QString &service, const QString &state, int limit)
{
    QList<Rollout> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params(select("WHERE ($1 = '' OR service = $1) AND ($2 = '' OR state = $2) ORDER BY id DESC LIMIT $3"),
                                            str(service), str(state), limit))
            out << rolloutFrom(r);
    });
    return out;
}

QList<Rollout> RolloutStore::work()
{
    QList<Rollout> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec(select("WHERE state IN ('pending', 'progressing', 'paused', 'promoting') OR NOT settled ORDER BY id")))
            out << rolloutFrom(r);
    });
    return out;
}

bool RolloutStore::hasUnsettled(const QString &service, qint64 exceptId)
{
    bool out = false;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        out = !tx.exec_params("SELECT 1 FROM rollouts WHERE service = $1 AND id <> $2 AND NOT settled LIMIT 1", str(service),
                              static_cast<long long>(exceptId))
                   .empty();
    });
    return out;
}

qint64 RolloutStore::latestId(const QString &service)
{
    qint64 out = 0;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params("SELECT coalesce(max(id), 0) FROM rollouts WHERE service = $1", str(service));
        out = rows[0][0].as<long long>();
    });
    return out;
}

QList<Transition> RolloutStore::transitions(qint64 rolloutId)
{
    QList<Transition> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params(std::string("SELECT ") + kTransitionColumns + " FROM rollout_transitions t WHERE t.rollout_id = $1 ORDER BY t.id",
                                            static_cast<long long>(rolloutId)))
            out << transitionFrom(r, 0);
    });
    return out;
}

QList<StoredMeasurement> RolloutStore::measurements(qint64 rolloutId, int step, int run, int limit)
{
    QList<StoredMeasurement> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params(
            "SELECT id, step_index, run, counted, metric, track, value, threshold, verdict, message, " MS("at") ", gates"
            " FROM rollout_measurements WHERE rollout_id = $1 AND ($2 < 0 OR step_index = $2) AND ($3 < 0 OR run = $3) ORDER BY id LIMIT $4",
            static_cast<long long>(rolloutId), step, run, limit);
        for (const auto &r : rows) {
            StoredMeasurement s;
            s.id = r[0].as<long long>();
            s.stepIndex = r[1].as<int>();
            s.run = r[2].as<int>();
            s.counted = r[3].as<bool>();
            s.m.metric = qstr(r[4]);
            s.m.track = qstr(r[5]);
            if (!r[6].is_null())
                s.m.value = r[6].as<double>();
            s.m.condition = qstr(r[7]);
            const QString verdict = qstr(r[8]);
            s.m.verdict = verdict == QLatin1String("successful") ? Verdict::Successful
                : verdict == QLatin1String("failed")             ? Verdict::Failed
                : verdict == QLatin1String("inconclusive")       ? Verdict::Inconclusive
                                                                 : Verdict::Error;
            s.m.message = qstr(r[9]);
            s.m.at = timestamp(r[10]);
            s.m.gates = r[11].as<bool>();
            out << s;
        }
    });
    return out;
}

QList<Outgoing> RolloutStore::unnotified(int limit)
{
    QList<Outgoing> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params(std::string("SELECT ") + kTransitionColumns
                                             + " FROM rollout_transitions t WHERE t.notify AND NOT t.notified ORDER BY t.id LIMIT $1",
                                         limit);
        for (const auto &r : rows) {
            Outgoing o;
            o.transition = transitionFrom(r, 0);
            const auto rollout = tx.exec_params(select("WHERE id = $1"), static_cast<long long>(o.transition.rolloutId));
            if (rollout.empty())
                continue;
            o.rollout = rolloutFrom(rollout[0]);
            out << o;
        }
    });
    return out;
}

void RolloutStore::markNotified(qint64 transitionId)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("UPDATE rollout_transitions SET notified = true WHERE id = $1", static_cast<long long>(transitionId));
        tx.commit();
    });
}

} // namespace enclii::canary
