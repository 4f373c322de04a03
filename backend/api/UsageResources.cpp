#include "UsageResources.h"
#include "RouteBinding.h"

#include "observe/Metrics.h"
#include "store/Database.h"
#include "store/UsageRepository.h"
#include "waybill/UsageIngest.h"
#include "waybill/UsageJson.h"

#include <QJsonDocument>
#include <QUrl>

#include <spdlog/spdlog.h>

namespace enclii::api {

using http::Request;
using http::Response;
using waybill::BatchMode;
using waybill::UsageIngest;

namespace {

QJsonObject itemJson(qsizetype index, const UsageIngest::ItemResult &r)
{
    QJsonObject o{{QStringLiteral("index"), double(index)},
                  {QStringLiteral("idempotencyKey"), r.idempotencyKey},
                  {QStringLiteral("status"), UsageIngest::statusName(r.status)}};
    if (!r.reason.isEmpty())
        o.insert(QStringLiteral("reason"), r.reason);
    return o;
}

QJsonObject summaryJson(const UsageIngest::BatchResult &b)
{
    QJsonArray items;
    for (qsizetype i = 0; i < b.items.size(); ++i)
        items << itemJson(i, b.items[i]);
    return {{QStringLiteral("mode"), waybill::batchModeName(b.mode)},
            {QStringLiteral("accepted"), b.accepted},
            {QStringLiteral("duplicates"), b.duplicates},
            {QStringLiteral("invalid"), b.invalid},
            {QStringLiteral("conflicts"), b.conflicts},
            {QStringLiteral("rejected"), b.rejected},
            {QStringLiteral("items"), items}};
}

void count(const UsageIngest::BatchResult &b)
{
    auto &m = observe::Metrics::global();
    for (const auto &r : b.items)
        m.increment(QStringLiteral("enclii_usage_events_total"), {{QStringLiteral("status"), UsageIngest::statusName(r.status)}});
}

// The first refused item, for a problem's one-line detail.
QString firstProblem(const UsageIngest::BatchResult &b)
{
    for (qsizetype i = 0; i < b.items.size(); ++i) {
        const auto s = b.items[i].status;
        if (s == UsageIngest::Status::Invalid || s == UsageIngest::Status::Conflict)
            return QStringLiteral("item %1: %2").arg(i).arg(b.items[i].reason);
    }
    return {};
}

// ?from= / ?to=: an RFC 3339 UTC instant, or absent (0).
bool instantParam(const Request &req, const QString &name, qint64 *ms, QString *error)
{
    const QString text = req.query.queryItemValue(name, QUrl::FullyDecoded);
    *ms = 0;
    if (text.isEmpty())
        return true;
    QString why;
    const QDateTime t = waybill::parseUtcTimestamp(text, &why);
    if (!t.isValid()) {
        *error = QStringLiteral("%1: %2").arg(name, why);
        return false;
    }
    *ms = t.toMSecsSinceEpoch();
    return true;
}

} // namespace

UsageResources::UsageResources(store::Database &db, UsageIngest &ingest) : m_db(db), m_ingest(ingest)
{
    observe::Metrics::global().describe(QStringLiteral("enclii_usage_events_total"), QStringLiteral("counter"),
                                        QStringLiteral("Usage events posted to /v1/usage/events, by outcome"));
}

void UsageResources::registerRoutes(http::Router &router)
{
    auto bind = [this, &router](const QByteArray &method, const QString &pattern, Response (UsageResources::*fn)(const Request &),
                                const char *permission) {
        bindRoute(router, this, method, pattern, fn, http::RouteAccess{QString::fromLatin1(permission), {}});
    };
    bind("POST", QStringLiteral("/v1/usage/events"), &UsageResources::post, "usage.write");
    bind("GET", QStringLiteral("/v1/usage/events"), &UsageResources::list, "billing.read");
}

// Answers:
//   one event:  201 accepted, 200 duplicate, 409 conflict, 422 invalid
//   a batch:    201 every item stored now; 200 otherwise when something was stored or was there
//               already (all duplicates, or a partial batch with refused items - see "items");
//               422 when nothing could be taken: an all-or-nothing batch with an invalid or
//               conflicting item (nothing stored), or a partial batch whose every item was refused
//   400 not JSON; 413 more than 1,000 events; 415 not application/json.
Response UsageResources::post(const Request &req)
{
    const QByteArray type = req.header("content-type").split(';').first().trimmed().toLower();
    if (type != "application/json")
        return http::unsupportedMediaType(QString::fromLatin1(type.isEmpty() ? QByteArray("(none)") : type), {QStringLiteral("application/json")})
            .toResponse(req.path);
    const waybill::ParsedBody body = waybill::parseUsageBody(req.body, UsageIngest::kMaxBatch);
    if (body.tooMany)
        return http::Problem{413, QStringLiteral("too-many-events"), QStringLiteral("Payload too large"), body.error,
                             {{QStringLiteral("limit"), double(UsageIngest::kMaxBatch)}, {QStringLiteral("count"), double(body.count)}}}
            .toResponse(req.path);
    if (body.notJson)
        return http::badRequest(QStringLiteral("invalid-json"), body.error).toResponse(req.path);
    if (!body.error.isEmpty())
        return http::unprocessable(body.error, {}).toResponse(req.path);

    const QString source = QStringLiteral("api:") + req.principal.actor();
    const UsageIngest::BatchResult result = m_ingest.ingest(body.items, body.mode, source);
    count(result);
    if (!result.error.isEmpty())
        return http::unprocessable(result.error, {}).toResponse(req.path);

    if (body.single) {
        const UsageIngest::ItemResult &r = result.items.first();
        switch (r.status) {
        case UsageIngest::Status::Accepted:
        case UsageIngest::Status::Duplicate:
            return Response::json(QJsonObject{{QStringLiteral("idempotencyKey"), r.idempotencyKey},
                                              {QStringLiteral("status"), UsageIngest::statusName(r.status)}},
                                  r.status == UsageIngest::Status::Accepted ? 201 : 200);
        case UsageIngest::Status::Conflict:
            return http::Problem{409, QStringLiteral("idempotency-conflict"), QStringLiteral("Conflict"), r.reason,
                                 {{QStringLiteral("idempotencyKey"), r.idempotencyKey}}}
                .toResponse(req.path);
        case UsageIngest::Status::Invalid:
        case UsageIngest::Status::Rejected:
            return http::unprocessable(r.reason, QJsonArray{itemJson(0, r)}).toResponse(req.path);
        }
    }

    const int total = int(result.items.size());
    const int refused = result.invalid + result.conflicts;
    if (result.refused() || result.accepted + result.duplicates == 0) {
        http::Problem p = http::unprocessable(
            result.mode == BatchMode::AllOrNothing
                ? QStringLiteral("%1 of the %2 events %3 invalid or conflicting and the batch is all-or-nothing: nothing was stored. "
                                 "First: %4").arg(refused).arg(total).arg(refused == 1 ? "is" : "are", firstProblem(result))
                : QStringLiteral("none of the %1 events could be stored. First: %2").arg(total).arg(firstProblem(result)),
            {});
        p.code = QStringLiteral("batch-refused");
        p.extensions = summaryJson(result);
        return p.toResponse(req.path);
    }
    return Response::json(summaryJson(result), result.accepted == total ? 201 : 200);
}

Response UsageResources::list(const Request &req)
{
    store::UsageQuery q;
    q.project = req.query.queryItemValue(QStringLiteral("project"), QUrl::FullyDecoded);
    QString error;
    if (!instantParam(req, QStringLiteral("from"), &q.fromMs, &error) || !instantParam(req, QStringLiteral("to"), &q.toMs, &error))
        return http::badRequest(QStringLiteral("bad-query"), error).toResponse(req.path);
    bool ok = true;
    const QString limitText = req.query.queryItemValue(QStringLiteral("limit"));
    q.limit = limitText.isEmpty() ? 100 : limitText.toInt(&ok);
    if (!ok || q.limit < 1 || q.limit > 1000)
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("limit is a whole number from 1 to 1000")).toResponse(req.path);
    // The cursor is the last item's "<occurred ms>.<id>", as "next" gave it.
    const QString after = req.query.queryItemValue(QStringLiteral("after"));
    if (!after.isEmpty()) {
        bool okMs = false, okId = false;
        q.afterMs = after.section(u'.', 0, 0).toLongLong(&okMs);
        q.afterId = after.section(u'.', 1, 1).toLongLong(&okId);
        if (!okMs || !okId || q.afterId <= 0 || after.count(u'.') != 1)
            return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("after is the \"next\" value of the previous page")).toResponse(req.path);
    }
    const QList<store::UsageRow> rows = store::UsageRepository(m_db).list(q);
    QJsonArray items;
    for (const store::UsageRow &r : rows) {
        items << QJsonObject{{QStringLiteral("id"), double(r.id)},
                             {QStringLiteral("idempotencyKey"), r.idempotencyKey},
                             {QStringLiteral("type"), r.type},
                             {QStringLiteral("project"), r.project},
                             {QStringLiteral("resource"), r.resource},
                             // Stored as exact decimal strings; read back as strings, never as doubles.
                             {QStringLiteral("quantities"), QJsonDocument::fromJson(r.quantitiesJson).object()},
                             {QStringLiteral("timestamp"), waybill::formatUtcTimestamp(QDateTime::fromMSecsSinceEpoch(r.occurredAtMs, Qt::UTC))},
                             {QStringLiteral("receivedAt"), waybill::formatUtcTimestamp(r.receivedAt)},
                             {QStringLiteral("source"), r.source}};
    }
    QJsonObject body{{QStringLiteral("items"), items}};
    if (rows.size() == q.limit)
        body.insert(QStringLiteral("next"), QStringLiteral("%1.%2").arg(rows.last().occurredAtMs).arg(rows.last().id));
    return Response::json(body);
}

} // namespace enclii::api
