#include "SimEndpoints.h"

#include "BodyParser.h"
#include "Discovery.h"
#include "Exposition.h"
#include "Faults.h"
#include "Json.h"
#include "ObjectStore.h"
#include "Pods.h"
#include "SimClock.h"
#include "SimCluster.h"
#include "Status.h"
#include "Traffic.h"
#include "Validation.h"

#include <QJsonArray>

#include <cmath>

namespace enclii::kube::sim {

namespace {

ApiResponse notHere()
{
    return ApiResponse::error(apiError(404, QStringLiteral("NotFound"), QStringLiteral("the server could not find the requested resource")));
}

ApiResponse wrongMethod()
{
    return ApiResponse::error(methodNotAllowed(QStringLiteral("the server does not allow this method on the requested resource")));
}

QJsonObject listOf(const QString &kind, const QJsonArray &items)
{
    return {{QStringLiteral("kind"), kind}, {QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("items"), items}};
}

// metrics-server's units: CPU in nanocores, memory in KiB.
QString nanocores(qint64 millicores)
{
    return QString::number(millicores * 1000000) + u'n';
}

QString kibibytes(qint64 bytes)
{
    return QString::number(bytes / 1024) + QStringLiteral("Ki");
}

} // namespace

std::optional<ApiResponse> SimEndpoints::handle(const ApiRequest &request)
{
    const QStringList s = request.path.split(u'/', Qt::SkipEmptyParts);
    if (s.size() >= 3 && s[0] == QLatin1String("apis") && s[1] == discovery::kMetricsGroup && s[2] == discovery::kMetricsVersion) {
        if (s.size() == 3)
            return std::nullopt; // discovery: the API server lists it
        return metricsApi(request, s.mid(3));
    }
    if (s.size() < 2 || s[0] != QLatin1String("sim") || s[1] != QLatin1String("v1"))
        return std::nullopt;
    const QStringList rest = s.mid(2);
    if (rest.isEmpty())
        return request.method == "GET" ? info() : wrongMethod();
    if (rest[0] == QLatin1String("clock") && rest.size() == 1)
        return clock(request);
    if (rest[0] == QLatin1String("faults"))
        return faults(request, rest.mid(1));
    if (rest[0] == QLatin1String("loads"))
        return loads(request, rest.mid(1));
    if (rest == QStringList{QStringLiteral("metrics")})
        return request.method == "GET" ? ApiResponse::text(exposition(m_cluster.traffic().pods()), "text/plain; version=0.0.4; charset=utf-8")
                                       : wrongMethod();
    if (rest.size() == 5 && rest[0] == QLatin1String("namespaces") && rest[2] == QLatin1String("pods") && rest[4] == QLatin1String("metrics"))
        return request.method == "GET" ? podExposition(rest[1], rest[3]) : wrongMethod();
    return notHere();
}

ApiResponse SimEndpoints::info()
{
    const SimOptions &o = m_cluster.options();
    return ApiResponse::json({{QStringLiteral("simulated"), true},
                              {QStringLiteral("description"),
                               QStringLiteral("Enclii's simulated Kubernetes cluster: the API is real, the nodes, pods and metrics are not.")},
                              {QStringLiteral("gitVersion"), o.gitVersion},
                              {QStringLiteral("now"), json::timestamp(m_cluster.clock().now())},
                              {QStringLiteral("timeFactor"), m_cluster.clock().factor()},
                              {QStringLiteral("nodes"), QJsonObject{{QStringLiteral("count"), o.nodes.count},
                                                                    {QStringLiteral("instanceType"), o.nodes.instanceType},
                                                                    {QStringLiteral("cpu"), cpuText(o.nodes.cpuMillicores)},
                                                                    {QStringLiteral("memory"), memoryText(o.nodes.memoryBytes * 1000)}}}});
}

ApiResponse SimEndpoints::clock(const ApiRequest &request)
{
    SimClock &c = m_cluster.clock();
    if (request.method == "POST") {
        QString error;
        const auto body = parseJsonBody(request.body, &error);
        if (!body)
            return ApiResponse::error(badRequest(error));
        const double advance = body->value(QStringLiteral("advanceSeconds")).toDouble();
        if (!(advance >= 0 && advance <= 7 * 24 * 3600))
            return ApiResponse::error(badRequest(QStringLiteral("advanceSeconds is from 0 to 604800 (a week)")));
        if (body->contains(QStringLiteral("factor"))) {
            const double f = body->value(QStringLiteral("factor")).toDouble(-1);
            if (!(f >= 0 && f <= 1000))
                return ApiResponse::error(badRequest(QStringLiteral("factor is from 0 (stopped) to 1000")));
            c.setFactor(f);
        }
        m_cluster.advance(std::chrono::milliseconds(qint64(advance * 1000)));
    } else if (request.method != "GET") {
        return wrongMethod();
    }
    return ApiResponse::json({{QStringLiteral("now"), json::timestamp(c.now())}, {QStringLiteral("timeFactor"), c.factor()}});
}

ApiResponse SimEndpoints::faults(const ApiRequest &request, const QStringList &rest)
{
    Faults &f = m_cluster.faults();
    if (rest.isEmpty()) {
        if (request.method != "GET")
            return wrongMethod();
        QJsonArray items;
        for (const Fault &x : f.list())
            items.append(x.toJson());
        return ApiResponse::json(listOf(QStringLiteral("FaultList"), items));
    }
    if (rest.size() != 1)
        return notHere();
    const QString name = rest[0];
    if (request.method == "DELETE")
        return f.remove(name) ? ApiResponse::json(successStatus(QStringLiteral("faults"), name, {}))
                              : ApiResponse::error(notFound(QStringLiteral("faults"), name));
    if (request.method == "GET") {
        for (const Fault &x : f.list())
            if (x.name == name)
                return ApiResponse::json(x.toJson());
        return ApiResponse::error(notFound(QStringLiteral("faults"), name));
    }
    if (request.method != "PUT")
        return wrongMethod();
    QString error;
    const auto body = parseJsonBody(request.body, &error);
    const auto fault = body ? Fault::fromJson(name, *body, &error) : std::nullopt;
    if (!fault)
        return ApiResponse::error(badRequest(error));
    if (!f.set(*fault))
        return ApiResponse::error(forbidden(QStringLiteral("faults"), name, QStringLiteral("at most %1 faults at a time").arg(Faults::kMaxFaults)));
    m_cluster.settle(); // crash loops and readiness change now
    return ApiResponse::json(fault->toJson());
}

ApiResponse SimEndpoints::loads(const ApiRequest &request, const QStringList &rest)
{
    Traffic &t = m_cluster.traffic();
    if (rest.isEmpty()) {
        if (request.method != "GET")
            return wrongMethod();
        QJsonArray items;
        for (const Load &l : t.loads())
            items.append(l.toJson());
        return ApiResponse::json(listOf(QStringLiteral("LoadList"), items));
    }
    if (rest.size() != 2)
        return notHere();
    if (request.method == "DELETE")
        return t.removeLoad(rest[0], rest[1]) ? ApiResponse::json(successStatus(QStringLiteral("loads"), rest[1], {}))
                                              : ApiResponse::error(notFound(QStringLiteral("loads"), rest[1]));
    if (request.method != "PUT")
        return wrongMethod();
    QString error;
    const auto body = parseJsonBody(request.body, &error);
    if (!body)
        return ApiResponse::error(badRequest(error));
    if (!names::isDnsLabel(rest[0]) || !names::isDnsSubdomain(rest[1]))
        return ApiResponse::error(badRequest(QStringLiteral("a load is set on /sim/v1/loads/<namespace>/<deployment>")));
    Load l;
    l.ns = rest[0];
    l.deployment = rest[1];
    l.requestsPerSecond = body->value(QStringLiteral("requestsPerSecond")).toDouble();
    l.cpuMillicoresPerRequest = body->value(QStringLiteral("cpuMillicoresPerRequest")).toDouble(l.cpuMillicoresPerRequest);
    l.baseLatencySeconds = body->value(QStringLiteral("baseLatencySeconds")).toDouble(l.baseLatencySeconds);
    if (!(l.requestsPerSecond >= 0 && l.requestsPerSecond <= 1e7) || !(l.cpuMillicoresPerRequest >= 0 && l.cpuMillicoresPerRequest <= 1e5)
        || !(l.baseLatencySeconds >= 0 && l.baseLatencySeconds <= 60))
        return ApiResponse::error(badRequest(QStringLiteral("requestsPerSecond 0..1e7, cpuMillicoresPerRequest 0..1e5, baseLatencySeconds 0..60")));
    if (!t.setLoad(l))
        return ApiResponse::error(forbidden(QStringLiteral("loads"), l.deployment, QStringLiteral("at most %1 loads at a time").arg(Traffic::kMaxLoads)));
    return ApiResponse::json(l.toJson());
}

ApiResponse SimEndpoints::podExposition(const QString &ns, const QString &pod)
{
    const auto p = m_cluster.store().get(resources::pods(), ns, pod);
    if (!p)
        return ApiResponse::error(notFound(QStringLiteral("pods"), pod));
    QList<PodTraffic> one;
    if (const PodTraffic *t = m_cluster.traffic().pod(json::stringAt(*p, u"metadata.uid")))
        one.append(*t);
    return ApiResponse::text(exposition(one), "text/plain; version=0.0.4; charset=utf-8");
}

ApiResponse SimEndpoints::metricsApi(const ApiRequest &request, const QStringList &rest)
{
    if (request.method != "GET")
        return wrongMethod();
    const QString now = json::timestamp(m_cluster.clock().now());
    ObjectStore &store = m_cluster.store();
    const Traffic &traffic = m_cluster.traffic();
    auto podMetrics = [&](const QJsonObject &p) -> std::optional<QJsonObject> {
        const PodTraffic *t = traffic.pod(json::stringAt(p, u"metadata.uid"));
        if (!t)
            return std::nullopt;
        const QJsonArray containers = json::at(p, u"spec.containers").toArray();
        QJsonArray usage;
        const qint64 n = std::max<qint64>(1, containers.size());
        for (const QJsonValue &c : containers)
            usage.append(QJsonObject{{QStringLiteral("name"), c.toObject().value(QStringLiteral("name"))},
                                     {QStringLiteral("usage"), QJsonObject{{QStringLiteral("cpu"), nanocores(t->cpuMillicores / n)},
                                                                           {QStringLiteral("memory"), kibibytes(t->memoryBytes / n)}}}});
        return QJsonObject{{QStringLiteral("kind"), QStringLiteral("PodMetrics")},
                           {QStringLiteral("apiVersion"), QStringLiteral("metrics.k8s.io/v1beta1")},
                           {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), json::at(p, u"metadata.name")},
                                                                    {QStringLiteral("namespace"), json::at(p, u"metadata.namespace")},
                                                                    {QStringLiteral("labels"), json::at(p, u"metadata.labels")},
                                                                    {QStringLiteral("creationTimestamp"), now}}},
                           {QStringLiteral("timestamp"), now},
                           {QStringLiteral("window"), QStringLiteral("15s")},
                           {QStringLiteral("containers"), usage}};
    };
    auto nodeMetrics = [&](const QJsonObject &node) {
        const QString name = json::stringAt(node, u"metadata.name");
        qint64 cpu = 0, memory = 0;
        for (const PodTraffic &t : traffic.pods())
            if (t.node == name) {
                cpu += t.cpuMillicores;
                memory += t.memoryBytes;
            }
        cpu += 150; // the simulated system's own share (kubelet, K3s, runtime)
        memory += 600LL << 20;
        return QJsonObject{{QStringLiteral("kind"), QStringLiteral("NodeMetrics")},
                           {QStringLiteral("apiVersion"), QStringLiteral("metrics.k8s.io/v1beta1")},
                           {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name},
                                                                    {QStringLiteral("labels"), json::at(node, u"metadata.labels")},
                                                                    {QStringLiteral("creationTimestamp"), now}}},
                           {QStringLiteral("timestamp"), now},
                           {QStringLiteral("window"), QStringLiteral("15s")},
                           {QStringLiteral("usage"), QJsonObject{{QStringLiteral("cpu"), nanocores(cpu)}, {QStringLiteral("memory"), kibibytes(memory)}}}};
    };
    if (rest[0] == QLatin1String("nodes") && rest.size() <= 2) {
        if (rest.size() == 2) {
            const auto node = store.get(resources::nodes(), {}, rest[1]);
            return node ? ApiResponse::json(nodeMetrics(*node))
                        : ApiResponse::error(notFound(QStringLiteral("nodes.metrics.k8s.io"), rest[1]));
        }
        QJsonArray items;
        for (const QJsonObject &n : store.list(resources::nodes()))
            items.append(nodeMetrics(n));
        QJsonObject l = listOf(QStringLiteral("NodeMetricsList"), items);
        l.insert(QStringLiteral("apiVersion"), QStringLiteral("metrics.k8s.io/v1beta1"));
        return ApiResponse::json(l);
    }
    QString ns;
    QStringList r = rest;
    if (r.size() >= 3 && r[0] == QLatin1String("namespaces")) {
        ns = r[1];
        r = r.mid(2);
    }
    if (r.isEmpty() || r[0] != QLatin1String("pods") || r.size() > 2)
        return notHere();
    if (r.size() == 2) {
        const auto p = store.get(resources::pods(), ns, r[1]);
        const auto m = p ? podMetrics(*p) : std::nullopt;
        return m ? ApiResponse::json(*m) : ApiResponse::error(notFound(QStringLiteral("pods.metrics.k8s.io"), r[1]));
    }
    QString why;
    const auto selector = LabelSelector::parse(request.param(QStringLiteral("labelSelector")), &why);
    if (!selector)
        return ApiResponse::error(badRequest(why));
    QJsonArray items;
    for (const QJsonObject &p : store.list(resources::pods(), ns))
        if (selector->matches(json::objectAt(p, u"metadata.labels")))
            if (const auto m = podMetrics(p))
                items.append(*m);
    QJsonObject l = listOf(QStringLiteral("PodMetricsList"), items);
    l.insert(QStringLiteral("apiVersion"), QStringLiteral("metrics.k8s.io/v1beta1"));
    return ApiResponse::json(l);
}

} // namespace enclii::kube::sim
