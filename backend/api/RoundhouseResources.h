#pragma once

#include "http/Router.h"

namespace enclii::catalog {
class Catalog;
}
namespace enclii::store {
class AuditLog;
}
namespace enclii::roundhouse {
class BuildQueue;
class BuildRecord;
struct BuildJob;
class WebhookStore;
class ImageSigner;
}

namespace enclii::api {

// Roundhouse over HTTP. Handlers only write rows (a delivery, jobs); workers build.
//   POST /v1/webhooks/github           public: the X-Hub-Signature-256 is the authentication
//   PUT  /v1/repos/secret              (users.manage) a repository's webhook secret, sealed
//   POST /v1/services/{name}/builds    (builds.trigger on the service's project) a manual build
//   GET  /v1/builds, /v1/builds/{id}   (catalog.read) the queue
//   POST /v1/builds/{id}/cancel        (builds.trigger on the job's project)
//   POST /v1/builds/{id}/retry         (builds.trigger on the job's project) a failed or cancelled job again
//   GET  /v1/builds/{id}/logs          (catalog.read) ?after=<seq>&limit=
//   GET  /v1/releases                  (catalog.read) ?service=
//   GET  /v1/signing/public-key        public: the PEM images are signed with (cosign verify --key)
class RoundhouseResources
{
public:
    RoundhouseResources(catalog::Catalog &catalog, roundhouse::BuildQueue &queue, roundhouse::BuildRecord &record,
                        roundhouse::WebhookStore &webhooks, store::AuditLog *audit);

    void registerRoutes(http::Router &router);
    // The key GET /v1/signing/public-key serves; without one that route answers 503.
    void setSigner(roundhouse::ImageSigner *signer) { m_signer = signer; }

    // Queue priorities by reason: a person waiting on a manual build goes first, previews last.
    static constexpr int kManualPriority = 10;
    static constexpr int kPushPriority = 0;
    static constexpr int kPullRequestPriority = -10;

private:
    http::Response github(const http::Request &);
    http::Response putSecret(const http::Request &);
    http::Response triggerBuild(const http::Request &);
    http::Response listBuilds(const http::Request &);
    http::Response getBuild(const http::Request &);
    http::Response cancelBuild(const http::Request &);
    http::Response retryBuild(const http::Request &);
    http::Response buildLogs(const http::Request &);
    http::Response listReleases(const http::Request &);
    http::Response publicKey(const http::Request &);
    QJsonObject buildJson(const roundhouse::BuildJob &job);

    QJsonObject handlePush(const QJsonObject &payload, const QStringList &repos, int *status);
    QJsonObject handlePullRequest(const QJsonObject &payload, const QStringList &repos, int *status);

    QStringList projectOfService(const http::Request &);
    QStringList projectOfJob(const http::Request &);

    catalog::Catalog &m_catalog;
    roundhouse::BuildQueue &m_queue;
    roundhouse::BuildRecord &m_record;
    roundhouse::WebhookStore &m_webhooks;
    store::AuditLog *m_audit;
    roundhouse::ImageSigner *m_signer = nullptr;
};

} // namespace enclii::api
