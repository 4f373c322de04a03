#include "RoundhouseResources.h"
#include "RouteBinding.h"

#include "catalog/Catalog.h"
#include "observe/Metrics.h"
#include "roundhouse/BuildQueue.h"
#include "roundhouse/BuildRecord.h"
#include "roundhouse/ImageSigner.h"
#include "roundhouse/GitHubWebhook.h"
#include "roundhouse/WebhookStore.h"
#include "store/AuditLog.h"
#include "store/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

#include <spdlog/spdlog.h>

namespace enclii::api {

using http::Request;
using http::Response;
using roundhouse::BuildJob;
using roundhouse::BuildQueue;

namespace {

const QRegularExpression kCommit(QStringLiteral("^[0-9a-f]{40}$"));

std::optional<Response> requireJson(const Request &req)
{
    const QByteArray type = req.header("content-type").split(';').first().trimmed().toLower();
    if (type == "application/json")
        return std::nullopt;
    return http::unsupportedMediaType(QString::fromLatin1(type.isEmpty() ? QByteArray("(none)") : type), {QStringLiteral("application/json")})
        .toResponse(req.path);
}

bool parseObject(const QByteArray &body, QJsonObject *out, QString *error)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = e.error != QJsonParseError::NoError ? QStringLiteral("not JSON: %1 at offset %2").arg(e.errorString()).arg(e.offset)
                                                      : QStringLiteral("the body must be a JSON object");
        return false;
    }
    *out = doc.object();
    return true;
}

} // namespace

RoundhouseResources::RoundhouseResources(catalog::Catalog &catalog, BuildQueue &queue, roundhouse::BuildRecord &record,
                                         roundhouse::WebhookStore &webhooks, store::AuditLog *audit)
    : m_catalog(catalog), m_queue(queue), m_record(record), m_webhooks(webhooks), m_audit(audit)
{
    observe::Metrics::global().describe(QStringLiteral("enclii_webhook_deliveries_total"), QStringLiteral("counter"),
                                        QStringLiteral("GitHub webhook deliveries, by event and outcome"));
}

void RoundhouseResources::registerRoutes(http::Router &router)
{
    auto bind = [this, &router](const QByteArray &method, const QString &pattern, Response (RoundhouseResources::*fn)(const Request &),
                                const char *permission, std::function<QStringList(const Request &)> projects = {}) {
        bindRoute(router, this, method, pattern, fn, http::RouteAccess{QString::fromLatin1(permission), std::move(projects)});
    };
    bind("POST", QStringLiteral("/v1/webhooks/github"), &RoundhouseResources::github, "public");
    bind("PUT", QStringLiteral("/v1/repos/secret"), &RoundhouseResources::putSecret, "users.manage");
    bind("POST", QStringLiteral("/v1/services/{name}/builds"), &RoundhouseResources::triggerBuild, "builds.trigger",
         [this](const Request &r) { return projectOfService(r); });
    bind("GET", QStringLiteral("/v1/builds"), &RoundhouseResources::listBuilds, "catalog.read");
    bind("GET", QStringLiteral("/v1/builds/{id}"), &RoundhouseResources::getBuild, "catalog.read");
    bind("POST", QStringLiteral("/v1/builds/{id}/cancel"), &RoundhouseResources::cancelBuild, "builds.trigger",
         [this](const Request &r) { return projectOfJob(r); });
    bind("POST", QStringLiteral("/v1/builds/{id}/retry"), &RoundhouseResources::retryBuild, "builds.trigger",
         [this](const Request &r) { return projectOfJob(r); });
    bind("GET", QStringLiteral("/v1/builds/{id}/logs"), &RoundhouseResources::buildLogs, "catalog.read");
    bind("GET", QStringLiteral("/v1/releases"), &RoundhouseResources::listReleases, "catalog.read");
    bind("GET", QStringLiteral("/v1/signing/public-key"), &RoundhouseResources::publicKey, "public");
}

QJsonObject RoundhouseResources::buildJson(const BuildJob &job)
{
    return roundhouse::buildJson(job, m_record.steps(job.id));
}

// An unknown service or job names no project: then only a platform-wide grant passes the
// guard, and the handler answers 404.
QStringList RoundhouseResources::projectOfService(const Request &req)
{
    const auto snapshot = m_catalog.snapshot();
    const core::ServiceSpec *s = snapshot->specs.service(req.param(QStringLiteral("name")));
    return s ? QStringList{s->project} : QStringList{};
}

QStringList RoundhouseResources::projectOfJob(const Request &req)
{
    try {
        const qint64 id = idParam(req);
        const auto job = id ? m_queue.job(id) : std::nullopt;
        return job ? QStringList{job->project} : QStringList{};
    } catch (const std::exception &) {
        return {}; // the handler meets the same error and reports it
    }
}

// GitHub's documented contract: 2xx means delivered. Order of checks: the framing (type,
// headers), then the payload's repository (its secret), then the signature - nothing in
// the body is trusted, or even recorded, before the signature matched.
Response RoundhouseResources::github(const Request &req)
{
    if (auto refused = requireJson(req))
        return *refused;
    // Without GitHub's event headers this is no delivery at all (400); a delivery without a
    // signature is an unauthenticated one (401).
    const QString event = QString::fromLatin1(req.header("x-github-event")).trimmed();
    const QString delivery = QString::fromLatin1(req.header("x-github-delivery")).trimmed();
    if (event.isEmpty() || delivery.isEmpty() || delivery.size() > 200)
        return http::badRequest(QStringLiteral("missing-header"), QStringLiteral("X-GitHub-Event and X-GitHub-Delivery are required"))
            .toResponse(req.path);
    const QByteArray signature = req.header("x-hub-signature-256");
    if (signature.isEmpty())
        return http::unauthorized(QStringLiteral("X-Hub-Signature-256 is missing: configure the webhook with a secret")).toResponse(req.path);
    QJsonObject payload;
    QString error;
    if (!parseObject(req.body, &payload, &error))
        return http::badRequest(QStringLiteral("invalid-json"), error).toResponse(req.path);
    const QStringList repos = roundhouse::payloadRepos(payload);
    if (repos.isEmpty())
        return http::badRequest(QStringLiteral("no-repository"), QStringLiteral("the payload names no repository (repository.clone_url)"))
            .toResponse(req.path);
    const auto secret = m_webhooks.findSecret(repos);
    if (!secret)
        return http::notFound(QStringLiteral("a webhook secret for %1; an administrator registers it with PUT /v1/repos/secret")
                                  .arg(repos.first()))
            .toResponse(req.path);
    if (!roundhouse::verifyGithubSignature(secret->secret, req.body, signature))
        return http::unauthorized(QStringLiteral("X-Hub-Signature-256 does not match the body under %1's webhook secret").arg(secret->repo))
            .toResponse(req.path);

    auto &metrics = observe::Metrics::global();
    if (m_webhooks.seenDelivery(delivery)) {
        metrics.increment(QStringLiteral("enclii_webhook_deliveries_total"), {{QStringLiteral("event"), event}, {QStringLiteral("outcome"), QStringLiteral("duplicate")}});
        return Response::json(QJsonObject{{QStringLiteral("duplicate"), true}, {QStringLiteral("delivery"), delivery}});
    }
    int status = 202;
    QJsonObject body;
    if (event == QLatin1String("ping")) {
        status = 200;
        body = {{QStringLiteral("pong"), true}, {QStringLiteral("zen"), payload.value(QStringLiteral("zen"))}};
    } else if (event == QLatin1String("push")) {
        body = handlePush(payload, repos, &status);
    } else if (event == QLatin1String("pull_request")) {
        body = handlePullRequest(payload, repos, &status);
    } else {
        body = {{QStringLiteral("ignored"), true}, {QStringLiteral("reason"), QStringLiteral("event \"%1\" is not used").arg(event)}};
    }
    body.insert(QStringLiteral("event"), event);
    body.insert(QStringLiteral("delivery"), delivery);
    const QString outcome = body.value(QStringLiteral("outcome")).toString(body.contains(QStringLiteral("ignored")) ? QStringLiteral("ignored")
                                                                                                                   : QStringLiteral("ok"));
    // Remembered only once handled (a failure above throws and records nothing, so GitHub's
    // redelivery is handled again); jobs are idempotent, so a concurrent replay queues nothing twice.
    m_webhooks.recordDelivery(delivery, event, secret->repo, outcome);
    metrics.increment(QStringLiteral("enclii_webhook_deliveries_total"), {{QStringLiteral("event"), event}, {QStringLiteral("outcome"), QStringLiteral("handled")}});
    return Response::json(body, status);
}

QJsonObject RoundhouseResources::handlePush(const QJsonObject &payload, const QStringList &repos, int *status)
{
    const QString ref = payload.value(QStringLiteral("ref")).toString();
    const QString after = payload.value(QStringLiteral("after")).toString();
    *status = 202;
    if (!ref.startsWith(QLatin1String("refs/heads/")))
        return {{QStringLiteral("ignored"), true}, {QStringLiteral("outcome"), QStringLiteral("not a branch")},
                {QStringLiteral("reason"), QStringLiteral("%1 is not a branch (tags are not built)").arg(ref)}};
    const QString branch = ref.mid(int(qstrlen("refs/heads/")));
    if (payload.value(QStringLiteral("deleted")).toBool() || after == QString(40, u'0'))
        return {{QStringLiteral("queued"), QJsonArray()}, {QStringLiteral("outcome"), QStringLiteral("branch deleted")},
                {QStringLiteral("reason"), QStringLiteral("the push deletes branch %1: nothing to build").arg(branch)}};
    if (!kCommit.match(after).hasMatch()) {
        *status = 400;
        return {{QStringLiteral("error"), QStringLiteral("\"after\" is not a 40-hex commit")}, {QStringLiteral("outcome"), QStringLiteral("bad commit")}};
    }
    const QStringList changed = roundhouse::changedPaths(payload);
    const auto snapshot = m_catalog.snapshot();
    QJsonArray queued;
    for (const core::ServiceSpec &s : roundhouse::servicesFor(snapshot->specs, repos, branch, &changed)) {
        const auto r = m_queue.enqueue({s.name, s.project, roundhouse::normaliseRepoUrl(s.build.repo), after, ref, QStringLiteral("push"),
                                        kPushPriority});
        queued << QJsonObject{{QStringLiteral("service"), s.name}, {QStringLiteral("id"), double(r.id)}, {QStringLiteral("created"), r.created}};
    }
    return {{QStringLiteral("queued"), queued}, {QStringLiteral("branch"), branch}, {QStringLiteral("commit"), after},
            {QStringLiteral("outcome"), QStringLiteral("queued %1 job(s)").arg(queued.size())}};
}

QJsonObject RoundhouseResources::handlePullRequest(const QJsonObject &payload, const QStringList &repos, int *status)
{
    *status = 202;
    const QString action = payload.value(QStringLiteral("action")).toString();
    const QJsonObject pr = payload.value(QStringLiteral("pull_request")).toObject();
    const int number = payload.value(QStringLiteral("number")).toInt(pr.value(QStringLiteral("number")).toInt());
    const QString ref = QStringLiteral("refs/pull/%1/head").arg(number);
    const QString base = pr.value(QStringLiteral("base")).toObject().value(QStringLiteral("ref")).toString();
    const QString head = pr.value(QStringLiteral("head")).toObject().value(QStringLiteral("sha")).toString();
    const auto snapshot = m_catalog.snapshot();
    const auto services = roundhouse::servicesFor(snapshot->specs, repos, base, nullptr);
    if (action == QLatin1String("closed")) {
        int cancelled = 0;
        QStringList seen;
        for (const core::ServiceSpec &s : services) {
            const QString repo = roundhouse::normaliseRepoUrl(s.build.repo);
            if (!seen.contains(repo)) {
                seen << repo;
                cancelled += m_queue.cancelRef(repo, ref, QStringLiteral("pull_request"));
            }
        }
        return {{QStringLiteral("cancelled"), cancelled}, {QStringLiteral("outcome"), QStringLiteral("cancelled %1 preview job(s)").arg(cancelled)}};
    }
    if (action != QLatin1String("opened") && action != QLatin1String("synchronize") && action != QLatin1String("reopened"))
        return {{QStringLiteral("ignored"), true}, {QStringLiteral("outcome"), QStringLiteral("ignored")},
                {QStringLiteral("reason"), QStringLiteral("pull_request action \"%1\" is not used").arg(action)}};
    if (!kCommit.match(head).hasMatch()) {
        *status = 400;
        return {{QStringLiteral("error"), QStringLiteral("pull_request.head.sha is not a 40-hex commit")}, {QStringLiteral("outcome"), QStringLiteral("bad commit")}};
    }
    QJsonArray queued;
    for (const core::ServiceSpec &s : services) {
        const auto r = m_queue.enqueue({s.name, s.project, roundhouse::normaliseRepoUrl(s.build.repo), head, ref, QStringLiteral("pull_request"),
                                        kPullRequestPriority});
        queued << QJsonObject{{QStringLiteral("service"), s.name}, {QStringLiteral("id"), double(r.id)}, {QStringLiteral("created"), r.created}};
    }
    return {{QStringLiteral("queued"), queued}, {QStringLiteral("pullRequest"), number},
            {QStringLiteral("outcome"), QStringLiteral("queued %1 preview job(s)").arg(queued.size())}};
}

Response RoundhouseResources::putSecret(const Request &req)
{
    if (auto refused = requireJson(req))
        return *refused;
    QJsonObject o;
    QString error;
    if (!parseObject(req.body, &o, &error))
        return http::badRequest(QStringLiteral("invalid-json"), error).toResponse(req.path);
    const QString repo = o.value(QStringLiteral("repo")).toString().trimmed();
    const QString secret = o.value(QStringLiteral("secret")).toString();
    const QUrl url(repo, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")) || url.host().isEmpty())
        return http::unprocessable(QStringLiteral("repo must be the repository's https URL"), {}).toResponse(req.path);
    if (secret.size() < 16)
        return http::unprocessable(QStringLiteral("secret must be at least 16 characters"), {}).toResponse(req.path);
    m_webhooks.putSecret(repo, secret.toUtf8());
    const QString key = roundhouse::normaliseRepoUrl(repo);
    if (m_audit)
        m_audit->append(req.principal.actor(), QStringLiteral("repo.secret.set"), QStringLiteral("repo/") + key);
    return Response::json(QJsonObject{{QStringLiteral("repo"), key}, {QStringLiteral("stored"), true}});
}

Response RoundhouseResources::triggerBuild(const Request &req)
{
    const QString name = req.param(QStringLiteral("name"));
    const auto snapshot = m_catalog.snapshot();
    const core::ServiceSpec *s = snapshot->specs.service(name);
    if (!s)
        return http::notFound(QStringLiteral("a service named \"%1\"").arg(name)).toResponse(req.path);
    if (auto refused = requireJson(req))
        return *refused;
    QJsonObject o;
    QString error;
    if (!parseObject(req.body, &o, &error))
        return http::badRequest(QStringLiteral("invalid-json"), error).toResponse(req.path);
    const QString commit = o.value(QStringLiteral("commit")).toString();
    if (!kCommit.match(commit).hasMatch())
        return http::unprocessable(QStringLiteral("commit must be a full 40-character lower-case hex commit id"), {}).toResponse(req.path);
    const auto r = m_queue.enqueue({s->name, s->project, roundhouse::normaliseRepoUrl(s->build.repo), commit,
                                    QStringLiteral("refs/heads/") + s->build.branch, QStringLiteral("manual"), kManualPriority});
    return Response::json(QJsonObject{{QStringLiteral("id"), double(r.id)}, {QStringLiteral("created"), r.created},
                                      {QStringLiteral("service"), s->name}, {QStringLiteral("commit"), commit}},
                          202)
        .withHeader("Location", "/v1/builds/" + QByteArray::number(r.id));
}

Response RoundhouseResources::listBuilds(const Request &req)
{
    const QString service = req.query.queryItemValue(QStringLiteral("service"), QUrl::FullyDecoded);
    const QString state = req.query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    static const QStringList states = {QStringLiteral("queued"), QStringLiteral("running"), QStringLiteral("succeeded"),
                                       QStringLiteral("failed"), QStringLiteral("cancelled")};
    if (!state.isEmpty() && !states.contains(state))
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("state is one of %1").arg(states.join(QStringLiteral(", "))))
            .toResponse(req.path);
    bool ok = true;
    const QString limitText = req.query.queryItemValue(QStringLiteral("limit"));
    const int limit = limitText.isEmpty() ? 100 : limitText.toInt(&ok);
    if (!ok || limit < 1 || limit > 1000)
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("limit is a whole number from 1 to 1000")).toResponse(req.path);
    const QString project = req.query.queryItemValue(QStringLiteral("project"), QUrl::FullyDecoded);
    const QList<BuildJob> jobs = m_queue.list(service, state, limit, project);
    QList<qint64> ids;
    for (const BuildJob &j : jobs)
        ids << j.id;
    const auto steps = m_record.steps(ids);
    QJsonArray items;
    for (const BuildJob &j : jobs)
        items << roundhouse::buildJson(j, steps.value(j.id));
    return Response::json(QJsonObject{{QStringLiteral("items"), items}});
}

Response RoundhouseResources::getBuild(const Request &req)
{
    const qint64 id = idParam(req);
    const auto job = id ? m_queue.job(id) : std::nullopt;
    if (!job)
        return http::notFound(QStringLiteral("a build job %1").arg(req.param(QStringLiteral("id")))).toResponse(req.path);
    return Response::json(buildJson(*job));
}

Response RoundhouseResources::cancelBuild(const Request &req)
{
    const qint64 id = idParam(req);
    const auto job = id ? m_queue.job(id) : std::nullopt;
    if (!job)
        return http::notFound(QStringLiteral("a build job %1").arg(req.param(QStringLiteral("id")))).toResponse(req.path);
    if (!m_queue.cancel(id))
        return http::conflict(QStringLiteral("not-cancellable"), QStringLiteral("build job %1 is %2; only queued and running jobs can be cancelled")
                                                                      .arg(id).arg(job->state))
            .toResponse(req.path);
    if (m_audit)
        m_audit->append(req.principal.actor(), QStringLiteral("build.cancel"), QStringLiteral("build/%1").arg(id));
    return Response::json(buildJson(*m_queue.job(id)));
}

Response RoundhouseResources::retryBuild(const Request &req)
{
    const qint64 id = idParam(req);
    const auto job = id ? m_queue.job(id) : std::nullopt;
    if (!job)
        return http::notFound(QStringLiteral("a build job %1").arg(req.param(QStringLiteral("id")))).toResponse(req.path);
    if (!m_queue.retry(id))
        return http::conflict(QStringLiteral("not-retryable"),
                              QStringLiteral("build job %1 is %2; only failed and cancelled jobs can be retried").arg(id).arg(job->state))
            .toResponse(req.path);
    if (m_audit)
        m_audit->append(req.principal.actor(), QStringLiteral("build.retry"), QStringLiteral("build/%1").arg(id));
    return Response::json(buildJson(*m_queue.job(id)), 202);
}

Response RoundhouseResources::buildLogs(const Request &req)
{
    const qint64 id = idParam(req);
    const auto job = id ? m_queue.job(id) : std::nullopt;
    if (!job)
        return http::notFound(QStringLiteral("a build job %1").arg(req.param(QStringLiteral("id")))).toResponse(req.path);
    bool okAfter = true, okLimit = true;
    const QString afterText = req.query.queryItemValue(QStringLiteral("after"));
    const QString limitText = req.query.queryItemValue(QStringLiteral("limit"));
    const int after = afterText.isEmpty() ? 0 : afterText.toInt(&okAfter);
    const int limit = limitText.isEmpty() ? 1000 : limitText.toInt(&okLimit);
    if (!okAfter || after < 0 || !okLimit || limit < 1 || limit > 5000)
        return http::badRequest(QStringLiteral("bad-query"),
                                QStringLiteral("after is a line number (0 or more) and limit a whole number from 1 to 5000"))
            .toResponse(req.path);
    QJsonArray lines;
    int next = after;
    for (const roundhouse::LogLine &l : m_record.logs(id, after, limit)) {
        QJsonObject o = roundhouse::logLineJson(id, l);
        o.remove(QStringLiteral("build"));
        lines << o;
        next = l.seq;
    }
    return Response::json(QJsonObject{{QStringLiteral("build"), double(id)}, {QStringLiteral("lines"), lines}, {QStringLiteral("next"), next}});
}

Response RoundhouseResources::listReleases(const Request &req)
{
    const QString service = req.query.queryItemValue(QStringLiteral("service"), QUrl::FullyDecoded);
    QJsonArray items;
    for (const roundhouse::Release &r : m_record.releases(service, 100))
        items << roundhouse::releaseJson(r);
    return Response::json(QJsonObject{{QStringLiteral("items"), items}});
}

Response RoundhouseResources::publicKey(const Request &req)
{
    if (!m_signer || m_signer->publicKeyPem().isEmpty())
        return http::unavailable(QStringLiteral("no-signing-key"), QStringLiteral("this daemon has no image-signing key yet")).toResponse(req.path);
    return Response::raw(m_signer->publicKeyPem().toUtf8(), "application/x-pem-file")
        .withHeader("X-Enclii-Key-Id", m_signer->keyId().toLatin1())
        .withHeader("Cache-Control", "public, max-age=300");
}

} // namespace enclii::api
