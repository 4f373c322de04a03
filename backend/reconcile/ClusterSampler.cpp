#include "ClusterSampler.h"

#include "LoopThread.h"
#include "ObjectKey.h"
#include "PromText.h"

#include "core/Quantity.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

#include <spdlog/spdlog.h>

#include <cmath>
#include <limits>

namespace enclii::reconcile {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

qint64 quantity(const QJsonValue &v, bool memory)
{
    const auto q = core::Quantity::parse(v.toString());
    return q ? (memory ? q->bytes() : q->millicores()) : 0;
}

QJsonObject at(const QJsonObject &o, const char *a, const char *b = nullptr)
{
    QJsonObject x = o.value(QLatin1String(a)).toObject();
    return b ? x.value(QLatin1String(b)).toObject() : x;
}

PodInfo podInfo(const QJsonObject &pod)
{
    PodInfo p;
    const QJsonObject meta = at(pod, "metadata");
    const QJsonObject status = at(pod, "status");
    p.name = meta.value(QLatin1String("name")).toString();
    p.namespaceName = meta.value(QLatin1String("namespace")).toString();
    p.service = serviceOf(pod);
    p.phase = status.value(QLatin1String("phase")).toString();
    p.node = at(pod, "spec").value(QLatin1String("nodeName")).toString();
    p.startedAt = status.value(QLatin1String("startTime")).toString();
    for (const QJsonValue &c : status.value(QLatin1String("conditions")).toArray()) {
        const QJsonObject cond = c.toObject();
        const QString type = cond.value(QLatin1String("type")).toString();
        if (type == QLatin1String("Ready"))
            p.ready = cond.value(QLatin1String("status")).toString() == QLatin1String("True");
        if (type == QLatin1String("PodScheduled") && cond.value(QLatin1String("status")).toString() == QLatin1String("False"))
            p.reason = cond.value(QLatin1String("message")).toString();
    }
    for (const QJsonValue &c : status.value(QLatin1String("containerStatuses")).toArray()) {
        const QJsonObject cs = c.toObject();
        p.restarts += cs.value(QLatin1String("restartCount")).toInt();
        const QString waiting = at(cs, "state", "waiting").value(QLatin1String("reason")).toString();
        if (p.reason.isEmpty() && !waiting.isEmpty())
            p.reason = waiting;
    }
    return p;
}

struct Traffic
{
    double requests = 0;
    double errors = 0;
    QMap<double, double> buckets;
};

} // namespace

// The sampler's thread: its own KubeClient and network access; one sample per tick.
class SamplerLoop : public QObject
{
public:
    SamplerLoop(const kube::KubeConfig &cluster, const ClusterSampler::Options &options, ClusterView &view)
        : m_cluster(cluster), m_options(options), m_view(view)
    {
    }

    void begin()
    {
        m_client = std::make_unique<kube::KubeClient>(m_cluster, m_options.client);
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_timer = std::make_unique<QTimer>();
        m_timer->setInterval(m_options.intervalMs);
        QObject::connect(m_timer.get(), &QTimer::timeout, this, [this] { sample(); });
        m_timer->start();
        sample();
    }

    void end()
    {
        m_timer.reset();
        m_nam.reset();
        m_client.reset();
    }

private:
    void sample();
    QHash<QString, Traffic> exposition();
    QHash<QString, Traffic> fromPrometheus();
    QByteArray fetch(const QUrl &url);

    kube::KubeConfig m_cluster;
    ClusterSampler::Options m_options;
    ClusterView &m_view;
    std::unique_ptr<kube::KubeClient> m_client;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<QTimer> m_timer;
    QHash<QString, Traffic> m_previous;
    qint64 m_previousAt = 0;
    bool m_warned = false;
};

QByteArray SamplerLoop::fetch(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(5000);
    QNetworkReply *reply = m_nam->get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const QByteArray body = reply->error() == QNetworkReply::NoError ? reply->read(32 << 20) : QByteArray();
    reply->deleteLater();
    return body;
}

QHash<QString, Traffic> SamplerLoop::exposition()
{
    QHash<QString, Traffic> out;
    for (const PromSample &s : parsePromText(fetch(m_options.exposition))) {
        const QString service = s.labels.value(QStringLiteral("deployment"));
        if (service.isEmpty())
            continue;
        Traffic &t = out[service];
        if (s.name == QLatin1String("http_requests_total")) {
            t.requests += s.value;
            if (s.labels.value(QStringLiteral("code")).startsWith(u'5'))
                t.errors += s.value;
        } else if (s.name == QLatin1String("http_request_duration_seconds_bucket")) {
            const QString le = s.labels.value(QStringLiteral("le"));
            t.buckets[le == QLatin1String("+Inf") ? std::numeric_limits<double>::infinity() : le.toDouble()] += s.value;
        }
    }
    return out;
}

// Asks Prometheus for rates directly; the values are per second already.
QHash<QString, Traffic> SamplerLoop::fromPrometheus()
{
    QHash<QString, Traffic> out;
    const auto query = [this](const QString &promql) {
        QUrl url = m_options.prometheus;
        url.setPath(url.path() + QStringLiteral("/api/v1/query"));
        url.setQuery(QUrlQuery{{QStringLiteral("query"), promql}});
        return QJsonDocument::fromJson(fetch(url)).object().value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray();
    };
    const auto each = [&](const QString &promql, const std::function<void(Traffic &, double)> &put) {
        for (const QJsonValue &v : query(promql)) {
            const QJsonObject r = v.toObject();
            const QString service = r.value(QLatin1String("metric")).toObject().value(QLatin1String("deployment")).toString();
            if (!service.isEmpty())
                put(out[service], r.value(QLatin1String("value")).toArray().at(1).toString().toDouble());
        }
    };
    each(QStringLiteral("sum by (deployment) (rate(http_requests_total[1m]))"), [](Traffic &t, double v) { t.requests = v; });
    each(QStringLiteral("sum by (deployment) (rate(http_requests_total{code=~\"5..\"}[1m]))"), [](Traffic &t, double v) { t.errors = v; });
    each(QStringLiteral("histogram_quantile(0.95, sum by (deployment, le) (rate(http_request_duration_seconds_bucket[1m])))"),
         [](Traffic &t, double v) { t.buckets.insert(0.95, v); });
    return out;
}

void SamplerLoop::sample()
{
    const auto pods = m_client->list(QStringLiteral("Pod"), QString());
    const auto nodes = m_client->list(QStringLiteral("Node"), QString());
    if (!pods.ok() || !nodes.ok()) {
        if (!m_warned)
            spdlog::warn("cluster sampler: {}", (pods.ok() ? nodes.error() : pods.error()).toString().toStdString());
        m_warned = true;
        return;
    }
    m_warned = false;
    QHash<QString, qint64> cpuOfPod, memoryOfPod;
    if (const auto usage = m_client->list(QStringLiteral("PodMetrics"), QString()); usage.ok()) {
        for (const QJsonObject &m : usage->items) {
            const QString key = at(m, "metadata").value(QLatin1String("namespace")).toString() + u'/'
                + at(m, "metadata").value(QLatin1String("name")).toString();
            for (const QJsonValue &c : m.value(QLatin1String("containers")).toArray()) {
                cpuOfPod[key] += quantity(c.toObject().value(QLatin1String("usage")).toObject().value(QLatin1String("cpu")), false);
                memoryOfPod[key] += quantity(c.toObject().value(QLatin1String("usage")).toObject().value(QLatin1String("memory")), true);
            }
        }
    }

    QList<PodInfo> podInfos;
    QHash<QString, NodeInfo> nodeInfos;
    for (const QJsonObject &n : nodes->items) {
        NodeInfo info;
        info.name = at(n, "metadata").value(QLatin1String("name")).toString();
        info.cpuAllocatableMillicores = quantity(at(n, "status", "allocatable").value(QLatin1String("cpu")), false);
        info.memoryAllocatableBytes = quantity(at(n, "status", "allocatable").value(QLatin1String("memory")), true);
        nodeInfos.insert(info.name, info);
    }
    QHash<QString, ServiceSample> samples;
    for (const QJsonObject &pod : pods->items) {
        PodInfo p = podInfo(pod);
        const QString key = p.namespaceName + u'/' + p.name;
        p.cpuMillicores = cpuOfPod.value(key);
        p.memoryBytes = memoryOfPod.value(key);
        const bool terminated = p.phase == QLatin1String("Succeeded") || p.phase == QLatin1String("Failed");
        if (nodeInfos.contains(p.node) && !terminated) {
            NodeInfo &n = nodeInfos[p.node];
            ++n.pods;
            for (const QJsonValue &c : at(pod, "spec").value(QLatin1String("containers")).toArray()) {
                const QJsonObject requests = at(c.toObject(), "resources", "requests");
                n.cpuRequestedMillicores += quantity(requests.value(QLatin1String("cpu")), false);
                n.memoryRequestedBytes += quantity(requests.value(QLatin1String("memory")), true);
            }
        }
        if (!p.service.isEmpty() && isOwned(pod)) {
            auto it = samples.find(p.service);
            if (it == samples.end())
                it = samples.insert(p.service, ServiceSample{0, 0, kNaN, kNaN, kNaN, 0});
            it->cpuMillicores += double(p.cpuMillicores);
            it->memoryBytes += double(p.memoryBytes);
            it->readyReplicas += p.ready ? 1 : 0;
            podInfos << p;
        } else if (p.phase == QLatin1String("Pending")) {
            podInfos << p; // someone else's pending pod still tells why the cluster is full
        }
    }

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!m_options.prometheus.isEmpty()) {
        const auto traffic = fromPrometheus();
        for (auto it = traffic.begin(); it != traffic.end(); ++it) {
            if (!samples.contains(it.key()))
                continue;
            ServiceSample &s = samples[it.key()];
            s.requestsPerSecond = it->requests;
            s.errorRatio = it->requests > 0 ? it->errors / it->requests : 0;
            s.latencyP95Seconds = it->buckets.value(0.95, kNaN);
        }
    } else if (!m_options.exposition.isEmpty()) {
        const auto traffic = exposition();
        const double seconds = m_previousAt ? (now - m_previousAt) / 1000.0 : 0;
        for (auto it = traffic.begin(); it != traffic.end() && seconds > 0; ++it) {
            const auto before = m_previous.constFind(it.key());
            if (before == m_previous.constEnd() || !samples.contains(it.key()) || it->requests < before->requests)
                continue; // new, or its counters restarted
            ServiceSample &s = samples[it.key()];
            const double requests = it->requests - before->requests;
            s.requestsPerSecond = requests / seconds;
            s.errorRatio = requests > 0 ? (it->errors - before->errors) / requests : 0;
            QMap<double, double> delta;
            for (auto b = it->buckets.begin(); b != it->buckets.end(); ++b)
                delta.insert(b.key(), b.value() - before->buckets.value(b.key()));
            s.latencyP95Seconds = histogramQuantile(0.95, delta);
        }
        m_previous = traffic;
        m_previousAt = now;
    }
    m_view.setState(podInfos, nodeInfos.values());
    m_view.addSample(now, samples);
}

ClusterSampler::ClusterSampler(kube::KubeConfig cluster, Options options, ClusterView &view)
    : m_cluster(std::move(cluster)), m_options(std::move(options)), m_view(view)
{
    m_thread.setObjectName(QStringLiteral("cluster-sampler"));
}

ClusterSampler::~ClusterSampler()
{
    stop();
}

void ClusterSampler::start()
{
    if (m_loop)
        return;
    m_loop = new SamplerLoop(m_cluster, m_options, m_view);
    startInThread(m_thread, m_loop, [loop = m_loop] { loop->begin(); });
}

void ClusterSampler::stop()
{
    if (!m_loop)
        return;
    SamplerLoop *loop = m_loop;
    m_loop = nullptr;
    stopInThread(m_thread, loop, [loop] {
        loop->end();
        delete loop;
    });
}

} // namespace enclii::reconcile
