#include "BuildRecord.h"

#include "BuildQueue.h"

#include "store/Database.h"
#include "store/PqxxUtil_p.h"

#include <QJsonArray>

#include <algorithm>
#include <stdexcept>

namespace enclii::roundhouse {

using namespace store::detail;

namespace {

#define MS(col) "(extract(epoch FROM " col ") * 1000)::bigint"

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

const char *const kReleaseColumns =
    "id, build_id, service, project, commit_sha, ref, image_ref, image_digest, sbom_digest, sbom_format, sbom_summary,"
    " signature_digest, signing_key_id, auto_deploy, " MS("created_at");

Release releaseFrom(const pqxx::row &r)
{
    Release x;
    x.id = r[0].as<long long>();
    x.buildId = r[1].as<long long>();
    x.service = qstr(r[2]);
    x.project = qstr(r[3]);
    x.commit = qstr(r[4]);
    x.ref = qstr(r[5]);
    x.imageRef = qstr(r[6]);
    x.imageDigest = qstr(r[7]);
    x.sbomDigest = qstr(r[8]);
    x.sbomFormat = qstr(r[9]);
    x.sbomSummary = jsonObject(r[10]);
    x.signatureDigest = qstr(r[11]);
    x.signingKeyId = qstr(r[12]);
    x.autoDeploy = r[13].as<bool>();
    x.createdAt = timestamp(r[14]);
    return x;
}

// Cut at a character boundary, so the stored text stays valid UTF-8.
QString cutLine(QString text)
{
    text.remove(QChar(0)); // PostgreSQL text cannot hold NUL
    QByteArray utf8 = text.toUtf8();
    if (utf8.size() <= BuildRecord::kMaxLineBytes)
        return text;
    QString cut = QString::fromUtf8(utf8.left(BuildRecord::kMaxLineBytes));
    if (!cut.isEmpty() && cut.back() == QChar::ReplacementCharacter)
        cut.chop(1);
    return cut + QStringLiteral(" [line cut at %1 bytes]").arg(BuildRecord::kMaxLineBytes);
}

} // namespace

const QStringList &buildStepNames()
{
    static const QStringList names{QStringLiteral("clone"), QStringLiteral("build"), QStringLiteral("sbom"),
                                   QStringLiteral("sign"),  QStringLiteral("push"),  QStringLiteral("release")};
    return names;
}

BuildRecord::BuildRecord(store::Database &db) : m_db(db) {}

void BuildRecord::resetSteps(qint64 buildId)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        // One statement for every step: a new attempt starts with one round trip.
        tx.exec_params("INSERT INTO build_steps (build_id, position, name)"
                       " SELECT $1, n.position - 1, n.name FROM unnest($2::text[]) WITH ORDINALITY AS n(name, position)"
                       " ON CONFLICT (build_id, name) DO UPDATE SET state = 'pending', started_at = NULL,"
                       " finished_at = NULL, progress = NULL, detail = ''",
                       static_cast<long long>(buildId), textArrayLiteral(buildStepNames()));
        tx.commit();
    });
}

void BuildRecord::updateStep(qint64 buildId, const BuildStep &s)
{
    const int position = int(buildStepNames().indexOf(s.name));
    if (position < 0)
        throw std::invalid_argument("unknown build step " + s.name.toStdString());
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        // libpqxx 6 has no null parameters: an empty string stands for NULL.
        const auto ms = [](const QDateTime &t) { return t.isValid() ? std::to_string(t.toMSecsSinceEpoch()) : std::string(); };
        const std::string progress = s.progress ? std::to_string(std::clamp(*s.progress, 0.0, 1.0)) : std::string();
        tx.exec_params("INSERT INTO build_steps (build_id, position, name, state, started_at, finished_at, progress, detail)"
                       " VALUES ($1, $2, $3, $4, to_timestamp(nullif($5, '')::float8 / 1000),"
                       " to_timestamp(nullif($6, '')::float8 / 1000), nullif($7, '')::real, $8)"
                       " ON CONFLICT (build_id, name) DO UPDATE SET state = EXCLUDED.state, started_at = EXCLUDED.started_at,"
                       " finished_at = EXCLUDED.finished_at, progress = EXCLUDED.progress, detail = EXCLUDED.detail",
                       static_cast<long long>(buildId), position, str(s.name), str(s.state), ms(s.startedAt), ms(s.finishedAt),
                       progress, str(s.detail));
        tx.commit();
    });
}

QList<BuildStep> BuildRecord::steps(qint64 buildId)
{
    return steps(QList<qint64>{buildId}).value(buildId);
}

QHash<qint64, QList<BuildStep>> BuildRecord::steps(const QList<qint64> &buildIds)
{
    QHash<qint64, QList<BuildStep>> out;
    if (buildIds.isEmpty())
        return out;
    std::string ids = "{";
    for (qint64 id : buildIds)
        ids += (ids.size() > 1 ? "," : "") + std::to_string(id);
    ids += "}";
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params("SELECT build_id, name, state, " MS("started_at") ", " MS("finished_at") ", progress, detail"
                                            " FROM build_steps WHERE build_id = ANY($1::bigint[]) ORDER BY build_id, position",
                                            ids)) {
            BuildStep s;
            s.name = qstr(r[1]);
            s.state = qstr(r[2]);
            s.startedAt = timestamp(r[3]);
            s.finishedAt = timestamp(r[4]);
            if (!r[5].is_null())
                s.progress = r[5].as<double>();
            s.detail = qstr(r[6]);
            out[r[0].as<long long>()] << s;
        }
    });
    return out;
}

void BuildRecord::appendLog(qint64 buildId, int attempt, const QList<LogLine> &lines)
{
    if (lines.isEmpty())
        return;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        // The job's row lock orders concurrent appenders (a stale worker and its successor).
        tx.exec_params("SELECT id FROM build_jobs WHERE id = $1 FOR UPDATE", static_cast<long long>(buildId));
        int seq = tx.exec_params("SELECT coalesce(max(seq), 0) FROM build_logs WHERE build_id = $1", static_cast<long long>(buildId))[0][0]
                      .as<int>();
        QList<QString> seqs, steps, streams, texts;
        for (const LogLine &l : lines) {
            if (seq > kMaxLinesPerBuild)
                break;
            const bool last = seq == kMaxLinesPerBuild;
            ++seq;
            seqs << QString::number(seq);
            steps << l.step;
            streams << (last ? QStringLiteral("info") : l.stream);
            texts << (last ? QStringLiteral("[the log is over %1 lines; the rest is not kept]").arg(kMaxLinesPerBuild) : cutLine(l.text));
        }
        if (!seqs.isEmpty())
            // One statement for the batch (and one feed statement from its trigger).
            tx.exec_params("INSERT INTO build_logs (build_id, seq, attempt, step, stream, text)"
                           " SELECT $1, s, $2, st, sr, t FROM unnest($3::int[], $4::text[], $5::text[], $6::text[]) AS u(s, st, sr, t)",
                           static_cast<long long>(buildId), attempt, textArrayLiteral(seqs), textArrayLiteral(steps),
                           textArrayLiteral(streams), textArrayLiteral(texts));
        tx.commit();
    });
}

QList<LogLine> BuildRecord::logs(qint64 buildId, int afterSeq, int limit)
{
    QList<LogLine> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params("SELECT seq, attempt, step, stream, " MS("at") ", text FROM build_logs"
                                            " WHERE build_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                                            static_cast<long long>(buildId), afterSeq, std::clamp(limit, 1, 5000)))
            out << LogLine{r[0].as<int>(), r[1].as<int>(), qstr(r[2]), qstr(r[3]), timestamp(r[4]), qstr(r[5])};
    });
    return out;
}

void BuildRecord::mergeArtifacts(qint64 buildId, const QJsonObject &fields)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("UPDATE build_jobs SET artifacts = artifacts || $2::jsonb WHERE id = $1", static_cast<long long>(buildId),
                       jsonText(fields));
        tx.commit();
    });
}

Release BuildRecord::recordRelease(const Release &x)
{
    Release out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO releases (build_id, service, project, commit_sha, ref, image_ref, image_digest, sbom_digest,"
                       " sbom_format, sbom_summary, signature_digest, signing_key_id, auto_deploy)"
                       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13) ON CONFLICT (build_id) DO NOTHING",
                       static_cast<long long>(x.buildId), str(x.service), str(x.project), str(x.commit), str(x.ref), str(x.imageRef),
                       str(x.imageDigest), str(x.sbomDigest), str(x.sbomFormat), jsonText(x.sbomSummary), str(x.signatureDigest),
                       str(x.signingKeyId), x.autoDeploy);
        out = releaseFrom(tx.exec_params(std::string("SELECT ") + kReleaseColumns + " FROM releases WHERE build_id = $1",
                                         static_cast<long long>(x.buildId))[0]);
        tx.commit();
    });
    return out;
}

std::optional<Release> BuildRecord::releaseOfBuild(qint64 buildId)
{
    std::optional<Release> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        const auto r = tx.exec_params(std::string("SELECT ") + kReleaseColumns + " FROM releases WHERE build_id = $1",
                                      static_cast<long long>(buildId));
        out = r.empty() ? std::nullopt : std::optional<Release>(releaseFrom(r[0]));
    });
    return out;
}

QList<Release> BuildRecord::releases(const QString &service, int limit)
{
    QList<Release> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params(std::string("SELECT ") + kReleaseColumns +
                                                " FROM releases WHERE ($1 = '' OR service = $1) ORDER BY created_at DESC, id DESC LIMIT $2",
                                            str(service), std::clamp(limit, 1, 1000)))
            out << releaseFrom(r);
    });
    return out;
}

QJsonObject buildJson(const BuildJob &j, const QList<BuildStep> &steps)
{
    QJsonObject o{{QStringLiteral("id"), double(j.id)},
                  {QStringLiteral("service"), j.service},
                  {QStringLiteral("project"), j.project},
                  {QStringLiteral("repo"), j.repo},
                  {QStringLiteral("commit"), j.commit},
                  {QStringLiteral("ref"), j.ref},
                  {QStringLiteral("reason"), j.reason},
                  {QStringLiteral("priority"), j.priority},
                  {QStringLiteral("state"), j.state},
                  {QStringLiteral("attempts"), j.attempts},
                  {QStringLiteral("maxAttempts"), j.maxAttempts},
                  {QStringLiteral("createdAt"), iso(j.createdAt)},
                  {QStringLiteral("updatedAt"), iso(j.updatedAt)}};
    auto optional = [&o](const char *key, const QString &v) {
        if (!v.isEmpty())
            o.insert(QLatin1String(key), v);
    };
    optional("lastError", j.lastError);
    optional("leaseOwner", j.leaseOwner);
    optional("runAfter", iso(j.runAfter));
    optional("leaseExpiresAt", iso(j.leaseExpiresAt));
    optional("heartbeatAt", iso(j.heartbeatAt));
    optional("startedAt", iso(j.startedAt));
    optional("finishedAt", iso(j.finishedAt));
    QJsonArray stepArray;
    for (const BuildStep &s : steps) {
        QJsonObject so{{QStringLiteral("name"), s.name}, {QStringLiteral("state"), s.state}};
        if (s.startedAt.isValid())
            so.insert(QStringLiteral("startedAt"), iso(s.startedAt));
        if (s.finishedAt.isValid())
            so.insert(QStringLiteral("finishedAt"), iso(s.finishedAt));
        if (s.startedAt.isValid() && s.finishedAt.isValid())
            so.insert(QStringLiteral("durationMs"), double(s.startedAt.msecsTo(s.finishedAt)));
        if (s.progress)
            so.insert(QStringLiteral("progress"), *s.progress);
        if (!s.detail.isEmpty())
            so.insert(QStringLiteral("detail"), s.detail);
        stepArray << so;
    }
    o.insert(QStringLiteral("steps"), stepArray);
    for (auto it = j.artifacts.begin(); it != j.artifacts.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QJsonObject logLineJson(qint64 buildId, const LogLine &l)
{
    return {{QStringLiteral("build"), double(buildId)}, {QStringLiteral("seq"), l.seq},      {QStringLiteral("attempt"), l.attempt},
            {QStringLiteral("step"), l.step},         {QStringLiteral("stream"), l.stream}, {QStringLiteral("at"), iso(l.at)},
            {QStringLiteral("text"), l.text}};
}

QJsonObject releaseJson(const Release &x)
{
    return {{QStringLiteral("id"), double(x.id)},
            {QStringLiteral("build"), double(x.buildId)},
            {QStringLiteral("service"), x.service},
            {QStringLiteral("project"), x.project},
            {QStringLiteral("commit"), x.commit},
            {QStringLiteral("ref"), x.ref},
            {QStringLiteral("image"), x.imageRef},
            {QStringLiteral("digest"), x.imageDigest},
            {QStringLiteral("sbom"), QJsonObject{{QStringLiteral("digest"), x.sbomDigest},
                                                 {QStringLiteral("format"), x.sbomFormat},
                                                 {QStringLiteral("summary"), x.sbomSummary}}},
            {QStringLiteral("signature"), QJsonObject{{QStringLiteral("digest"), x.signatureDigest},
                                                      {QStringLiteral("keyId"), x.signingKeyId}}},
            {QStringLiteral("autoDeploy"), x.autoDeploy},
            {QStringLiteral("createdAt"), iso(x.createdAt)}};
}

} // namespace enclii::roundhouse
