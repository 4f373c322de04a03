#include "ObjectValidator.h"

#include "Cidr.h"
#include "K8sNames.h"
#include "Renderer.h"

#include "core/Quantity.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <climits>
#include <optional>
#include <tuple>

using namespace Qt::StringLiterals;
using enclii::core::Quantity;

namespace enclii::reconcile {

namespace {

class Checker
{
public:
    QStringList problems;

    void fail(const QString &field, const QString &message) { problems << field + u": "_s + message; }

    // A required member of the given JSON type.
    std::optional<QJsonValue> need(const QJsonObject &o, const QString &key, const QString &field, QJsonValue::Type type)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull()) {
            fail(field, u"missing"_s);
            return std::nullopt;
        }
        if (v.type() != type) {
            fail(field, u"has the wrong type"_s);
            return std::nullopt;
        }
        return v;
    }
    QJsonObject needObject(const QJsonObject &o, const QString &key, const QString &field)
    {
        const auto v = need(o, key, field, QJsonValue::Object);
        return v ? v->toObject() : QJsonObject{};
    }
    QJsonArray needArray(const QJsonObject &o, const QString &key, const QString &field, bool nonEmpty = true)
    {
        const auto v = need(o, key, field, QJsonValue::Array);
        if (v && nonEmpty && v->toArray().isEmpty())
            fail(field, u"must not be empty"_s);
        return v ? v->toArray() : QJsonArray{};
    }
    QString needString(const QJsonObject &o, const QString &key, const QString &field)
    {
        const auto v = need(o, key, field, QJsonValue::String);
        if (v && v->toString().isEmpty())
            fail(field, u"must not be empty"_s);
        return v ? v->toString() : QString{};
    }
    std::optional<int> integer(const QJsonValue &v, const QString &field)
    {
        const double d = v.toDouble(-1.5);
        if (!v.isDouble() || d != double(qint64(d)) || d < INT_MIN || d > INT_MAX) {
            fail(field, u"must be a whole number"_s);
            return std::nullopt;
        }
        return int(d);
    }
    std::optional<int> needInt(const QJsonObject &o, const QString &key, const QString &field)
    {
        if (o.value(key).isUndefined()) {
            fail(field, u"missing"_s);
            return std::nullopt;
        }
        return integer(o.value(key), field);
    }

    void stringMap(const QJsonValue &v, const QString &field, bool labels)
    {
        if (!v.isObject()) {
            fail(field, u"must be a map of strings"_s);
            return;
        }
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!isQualifiedName(it.key()))
                fail(field, u"key \"%1\" is not a valid qualified name"_s.arg(it.key()));
            if (!it.value().isString())
                fail(field + u'.' + it.key(), u"must be a string"_s);
            else if (labels && !isLabelValue(it.value().toString()))
                fail(field + u'.' + it.key(), u"\"%1\" is not a valid label value"_s.arg(it.value().toString()));
        }
    }

    void selector(const QJsonObject &sel, const QString &field, bool nonEmpty)
    {
        const QJsonValue ml = sel.value(u"matchLabels"_s);
        const QJsonValue me = sel.value(u"matchExpressions"_s);
        if (!ml.isUndefined())
            stringMap(ml, field + u".matchLabels"_s, true);
        if (!me.isUndefined()) {
            if (!me.isArray()) {
                fail(field + u".matchExpressions"_s, u"must be a list"_s);
            } else {
                static const QStringList ops{u"In"_s, u"NotIn"_s, u"Exists"_s, u"DoesNotExist"_s};
                for (const QJsonValue &e : me.toArray()) {
                    const QJsonObject x = e.toObject();
                    if (!isQualifiedName(x.value(u"key"_s).toString()))
                        fail(field + u".matchExpressions"_s, u"key is not a valid label key"_s);
                    const QString op = x.value(u"operator"_s).toString();
                    if (!ops.contains(op))
                        fail(field + u".matchExpressions"_s, u"operator \"%1\" is not In, NotIn, Exists or DoesNotExist"_s.arg(op));
                    const bool hasValues = !x.value(u"values"_s).toArray().isEmpty();
                    if (hasValues != (op == u"In"_s || op == u"NotIn"_s))
                        fail(field + u".matchExpressions"_s, u"values are required with In and NotIn and forbidden otherwise"_s);
                }
            }
        }
        if (nonEmpty && ml.toObject().isEmpty() && me.toArray().isEmpty())
            fail(field, u"must select something"_s);
    }

    std::optional<Quantity> quantity(const QJsonValue &v, const QString &field)
    {
        QString text;
        if (v.isString())
            text = v.toString();
        else if (v.isDouble())
            text = QString::number(v.toDouble(), 'g', 17);
        else {
            fail(field, u"must be a quantity"_s);
            return std::nullopt;
        }
        QString why;
        const auto q = Quantity::parse(text, &why);
        if (!q)
            fail(field, u"\"%1\" is not a quantity: %2"_s.arg(text, why));
        return q;
    }

    QHash<QString, Quantity> quantities(const QJsonValue &v, const QString &field)
    {
        QHash<QString, Quantity> out;
        if (v.isUndefined())
            return out;
        if (!v.isObject()) {
            fail(field, u"must be a map of quantities"_s);
            return out;
        }
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (const auto q = quantity(it.value(), field + u'.' + it.key()))
                out.insert(it.key(), *q);
        return out;
    }

    // a <= b for every resource both name.
    void notAbove(const QHash<QString, Quantity> &a, const QHash<QString, Quantity> &b, const QString &what)
    {
        for (auto it = a.begin(); it != a.end(); ++it)
            if (b.contains(it.key()) && it.value() > b.value(it.key()))
                fail(what + u'.' + it.key(), u"exceeds its bound"_s);
    }

    // A port number, or with names allowed an IANA service name.
    void port(const QJsonValue &v, const QString &field, bool namesAllowed)
    {
        if (v.isString() && namesAllowed) {
            static const QRegularExpression name(u"^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$"_s);
            if (!name.match(v.toString()).hasMatch() || v.toString().contains(u"--"_s))
                fail(field, u"\"%1\" is not a port name"_s.arg(v.toString()));
            return;
        }
        const auto n = integer(v, field);
        if (n && (*n < 1 || *n > 65535))
            fail(field, u"must be from 1 to 65535"_s);
    }

    void intOrPercent(const QJsonValue &v, const QString &field)
    {
        static const QRegularExpression percent(u"^[0-9]+%$"_s);
        if (v.isString() ? !percent.match(v.toString()).hasMatch() : !(v.isDouble() && v.toDouble() >= 0))
            fail(field, u"must be a count or a percentage"_s);
    }

    static bool isZero(const QJsonValue &v)
    {
        return v.isDouble() ? v.toDouble() == 0 : (v.toString() == u"0%"_s || v.toString() == u"0"_s);
    }

    void protocol(const QJsonValue &v, const QString &field)
    {
        if (!v.isUndefined() && v.toString() != u"TCP"_s && v.toString() != u"UDP"_s && v.toString() != u"SCTP"_s)
            fail(field, u"must be TCP, UDP or SCTP"_s);
    }

    void metadata(const QJsonObject &o, const QString &kind)
    {
        const QJsonObject meta = needObject(o, u"metadata"_s, u"metadata"_s);
        const QString name = needString(meta, u"name"_s, u"metadata.name"_s);
        if (!name.isEmpty()) {
            if (kind == u"Namespace"_s && !isDnsLabel(name))
                fail(u"metadata.name"_s, u"\"%1\" is not a DNS label (RFC 1123, at most 63)"_s.arg(name));
            else if (kind == u"Service"_s && !isDns1035Label(name))
                fail(u"metadata.name"_s, u"\"%1\" is not a DNS-1035 label (a letter first, at most 63)"_s.arg(name));
            else if (!isDnsSubdomain(name))
                fail(u"metadata.name"_s, u"\"%1\" is not a DNS subdomain (at most 253)"_s.arg(name));
        }
        const QJsonValue ns = meta.value(u"namespace"_s);
        if (kind == u"Namespace"_s) {
            if (!ns.isUndefined())
                fail(u"metadata.namespace"_s, u"a Namespace is not namespaced"_s);
        } else if (!isDnsLabel(ns.toString())) {
            fail(u"metadata.namespace"_s, ns.isUndefined() ? u"missing"_s : u"is not a DNS label"_s);
        }
        if (meta.contains(u"labels"_s))
            stringMap(meta.value(u"labels"_s), u"metadata.labels"_s, true);
        if (meta.contains(u"annotations"_s)) {
            stringMap(meta.value(u"annotations"_s), u"metadata.annotations"_s, false);
            const QJsonValue hash = meta.value(u"annotations"_s).toObject().value(QLatin1StringView(kRenderHashAnnotation));
            if (!hash.isUndefined() && hash.toString() != renderHash(o))
                fail(u"metadata.annotations"_s, u"%1 is not the hash of this object"_s.arg(QLatin1StringView(kRenderHashAnnotation)));
        }
    }

    void probe(const QJsonValue &v, const QString &field)
    {
        const QJsonObject p = v.toObject();
        int handlers = 0;
        for (const char *h : {"httpGet", "tcpSocket", "exec", "grpc"})
            handlers += p.contains(QLatin1StringView(h)) ? 1 : 0;
        if (handlers != 1)
            fail(field, u"needs exactly one handler"_s);
        if (p.contains(u"httpGet"_s)) {
            const QJsonObject g = p.value(u"httpGet"_s).toObject();
            port(g.value(u"port"_s), field + u".httpGet.port"_s, true);
            if (g.contains(u"path"_s) && !g.value(u"path"_s).toString().startsWith(u'/'))
                fail(field + u".httpGet.path"_s, u"must start with /"_s);
        }
        for (const char *k : {"initialDelaySeconds", "timeoutSeconds", "periodSeconds", "failureThreshold"}) {
            const QString key = QLatin1StringView(k);
            if (p.contains(key)) {
                const auto n = integer(p.value(key), field + u'.' + key);
                if (n && *n < (key == u"initialDelaySeconds"_s ? 0 : 1))
                    fail(field + u'.' + key, u"is out of range"_s);
            }
        }
    }

    void container(const QJsonObject &c, const QString &field, const QSet<QString> &volumes)
    {
        const QString name = needString(c, u"name"_s, field + u".name"_s);
        if (!name.isEmpty() && !isDnsLabel(name))
            fail(field + u".name"_s, u"is not a DNS label"_s);
        needString(c, u"image"_s, field + u".image"_s);
        const QJsonArray ports = c.value(u"ports"_s).toArray();
        for (qsizetype i = 0; i < ports.size(); ++i) {
            const QJsonObject p = ports[i].toObject();
            const QString f = field + u".ports[%1]"_s.arg(i);
            port(p.value(u"containerPort"_s), f + u".containerPort"_s, false);
            if (p.contains(u"name"_s))
                port(p.value(u"name"_s), f + u".name"_s, true);
            protocol(p.value(u"protocol"_s), f + u".protocol"_s);
        }
        const QJsonArray env = c.value(u"env"_s).toArray();
        for (qsizetype i = 0; i < env.size(); ++i) {
            const QJsonObject e = env[i].toObject();
            const QString f = field + u".env[%1]"_s.arg(i);
            needString(e, u"name"_s, f + u".name"_s);
            if (e.contains(u"value"_s) == e.contains(u"valueFrom"_s) && e.contains(u"valueFrom"_s))
                fail(f, u"give value or valueFrom, not both"_s);
            if (e.contains(u"valueFrom"_s)) {
                const QJsonObject ref = e.value(u"valueFrom"_s).toObject().value(u"secretKeyRef"_s).toObject();
                if (e.value(u"valueFrom"_s).toObject().contains(u"secretKeyRef"_s)) {
                    const QString secret = needString(ref, u"name"_s, f + u".valueFrom.secretKeyRef.name"_s);
                    if (!secret.isEmpty() && !isDnsSubdomain(secret))
                        fail(f + u".valueFrom.secretKeyRef.name"_s, u"is not a DNS subdomain"_s);
                    needString(ref, u"key"_s, f + u".valueFrom.secretKeyRef.key"_s);
                }
            }
        }
        const QJsonObject res = c.value(u"resources"_s).toObject();
        const auto requests = quantities(res.value(u"requests"_s), field + u".resources.requests"_s);
        const auto limits = quantities(res.value(u"limits"_s), field + u".resources.limits"_s);
        notAbove(requests, limits, field + u".resources.requests"_s);
        for (const char *p : {"livenessProbe", "readinessProbe", "startupProbe"})
            if (c.contains(QLatin1StringView(p)))
                probe(c.value(QLatin1StringView(p)), field + u'.' + QLatin1StringView(p));
        const QJsonArray mounts = c.value(u"volumeMounts"_s).toArray();
        for (qsizetype i = 0; i < mounts.size(); ++i) {
            const QJsonObject m = mounts[i].toObject();
            const QString f = field + u".volumeMounts[%1]"_s.arg(i);
            if (!volumes.contains(m.value(u"name"_s).toString()))
                fail(f + u".name"_s, u"names no volume of the pod"_s);
            if (!m.value(u"mountPath"_s).toString().startsWith(u'/'))
                fail(f + u".mountPath"_s, u"must be an absolute path"_s);
        }
    }

    void deployment(const QJsonObject &spec)
    {
        if (spec.contains(u"replicas"_s)) {
            const auto n = integer(spec.value(u"replicas"_s), u"spec.replicas"_s);
            if (n && *n < 0)
                fail(u"spec.replicas"_s, u"must not be negative"_s);
        }
        const QJsonObject sel = needObject(spec, u"selector"_s, u"spec.selector"_s);
        selector(sel, u"spec.selector"_s, true);
        const QJsonObject tmpl = needObject(spec, u"template"_s, u"spec.template"_s);
        const QJsonObject labels = tmpl.value(u"metadata"_s).toObject().value(u"labels"_s).toObject();
        stringMap(labels, u"spec.template.metadata.labels"_s, true);
        const QJsonObject ml = sel.value(u"matchLabels"_s).toObject();
        for (auto it = ml.begin(); it != ml.end(); ++it)
            if (labels.value(it.key()) != it.value())
                fail(u"spec.selector.matchLabels"_s, u"\"%1\" does not match the template's labels"_s.arg(it.key()));

        const QJsonObject strategy = spec.value(u"strategy"_s).toObject();
        const QString type = strategy.value(u"type"_s).toString(u"RollingUpdate"_s);
        if (type != u"RollingUpdate"_s && type != u"Recreate"_s)
            fail(u"spec.strategy.type"_s, u"must be RollingUpdate or Recreate"_s);
        if (strategy.contains(u"rollingUpdate"_s)) {
            if (type != u"RollingUpdate"_s)
                fail(u"spec.strategy.rollingUpdate"_s, u"only with type RollingUpdate"_s);
            const QJsonObject ru = strategy.value(u"rollingUpdate"_s).toObject();
            const QJsonValue surge = ru.value(u"maxSurge"_s), unavailable = ru.value(u"maxUnavailable"_s);
            if (!surge.isUndefined())
                intOrPercent(surge, u"spec.strategy.rollingUpdate.maxSurge"_s);
            if (!unavailable.isUndefined())
                intOrPercent(unavailable, u"spec.strategy.rollingUpdate.maxUnavailable"_s);
            if (!surge.isUndefined() && !unavailable.isUndefined() && isZero(surge) && isZero(unavailable))
                fail(u"spec.strategy.rollingUpdate"_s, u"maxSurge and maxUnavailable may not both be 0"_s);
        }

        const QJsonObject pod = needObject(tmpl, u"spec"_s, u"spec.template.spec"_s);
        QSet<QString> volumes;
        for (const QJsonValue &v : pod.value(u"volumes"_s).toArray()) {
            const QString name = v.toObject().value(u"name"_s).toString();
            if (!isDnsLabel(name) || volumes.contains(name))
                fail(u"spec.template.spec.volumes"_s, u"\"%1\" is not a unique DNS label"_s.arg(name));
            volumes.insert(name);
            const QJsonObject emptyDir = v.toObject().value(u"emptyDir"_s).toObject();
            if (emptyDir.contains(u"sizeLimit"_s))
                quantity(emptyDir.value(u"sizeLimit"_s), u"spec.template.spec.volumes.emptyDir.sizeLimit"_s);
        }
        const QJsonArray containers = needArray(pod, u"containers"_s, u"spec.template.spec.containers"_s);
        QSet<QString> names;
        for (qsizetype i = 0; i < containers.size(); ++i) {
            const QJsonObject c = containers[i].toObject();
            container(c, u"spec.template.spec.containers[%1]"_s.arg(i), volumes);
            const QString name = c.value(u"name"_s).toString();
            if (names.contains(name))
                fail(u"spec.template.spec.containers"_s, u"\"%1\" appears twice"_s.arg(name));
            names.insert(name);
        }
        for (const QJsonValue &v : pod.value(u"topologySpreadConstraints"_s).toArray()) {
            const QJsonObject t = v.toObject();
            const auto skew = needInt(t, u"maxSkew"_s, u"spec.template.spec.topologySpreadConstraints.maxSkew"_s);
            if (skew && *skew < 1)
                fail(u"spec.template.spec.topologySpreadConstraints.maxSkew"_s, u"must be at least 1"_s);
            needString(t, u"topologyKey"_s, u"spec.template.spec.topologySpreadConstraints.topologyKey"_s);
            const QString when = t.value(u"whenUnsatisfiable"_s).toString();
            if (when != u"DoNotSchedule"_s && when != u"ScheduleAnyway"_s)
                fail(u"spec.template.spec.topologySpreadConstraints.whenUnsatisfiable"_s,
                     u"must be DoNotSchedule or ScheduleAnyway"_s);
        }
    }

    void service(const QJsonObject &spec)
    {
        static const QStringList types{u"ClusterIP"_s, u"NodePort"_s, u"LoadBalancer"_s, u"ExternalName"_s};
        if (spec.contains(u"type"_s) && !types.contains(spec.value(u"type"_s).toString()))
            fail(u"spec.type"_s, u"is not a Service type"_s);
        if (spec.contains(u"selector"_s))
            stringMap(spec.value(u"selector"_s), u"spec.selector"_s, true);
        const QJsonArray ports = needArray(spec, u"ports"_s, u"spec.ports"_s);
        QSet<QString> names;
        for (qsizetype i = 0; i < ports.size(); ++i) {
            const QJsonObject p = ports[i].toObject();
            const QString f = u"spec.ports[%1]"_s.arg(i);
            port(p.value(u"port"_s), f + u".port"_s, false);
            if (p.contains(u"targetPort"_s))
                port(p.value(u"targetPort"_s), f + u".targetPort"_s, true);
            protocol(p.value(u"protocol"_s), f + u".protocol"_s);
            const QString name = p.value(u"name"_s).toString();
            if (ports.size() > 1 && name.isEmpty())
                fail(f + u".name"_s, u"required when there are several ports"_s);
            if (!name.isEmpty() && (names.contains(name) || !isDns1035Label(name)))
                fail(f + u".name"_s, u"must be a unique DNS-1035 label"_s);
            names.insert(name);
        }
    }

    void ingress(const QJsonObject &spec)
    {
        if (spec.contains(u"ingressClassName"_s) && !isDnsSubdomain(spec.value(u"ingressClassName"_s).toString()))
            fail(u"spec.ingressClassName"_s, u"is not a DNS subdomain"_s);
        const QJsonArray rules = needArray(spec, u"rules"_s, u"spec.rules"_s);
        QSet<QString> hosts;
        for (qsizetype i = 0; i < rules.size(); ++i) {
            const QJsonObject r = rules[i].toObject();
            const QString f = u"spec.rules[%1]"_s.arg(i);
            const QString host = needString(r, u"host"_s, f + u".host"_s);
            const QString bare = host.startsWith(u"*."_s) ? host.mid(2) : host;
            if (!host.isEmpty() && !isDnsSubdomain(bare))
                fail(f + u".host"_s, u"\"%1\" is not a DNS subdomain"_s.arg(host));
            hosts.insert(host);
            const QJsonArray paths = needArray(needObject(r, u"http"_s, f + u".http"_s), u"paths"_s, f + u".http.paths"_s);
            for (qsizetype j = 0; j < paths.size(); ++j) {
                const QJsonObject p = paths[j].toObject();
                const QString pf = f + u".http.paths[%1]"_s.arg(j);
                if (!p.value(u"path"_s).toString().startsWith(u'/'))
                    fail(pf + u".path"_s, u"must start with /"_s);
                static const QStringList pathTypes{u"Exact"_s, u"Prefix"_s, u"ImplementationSpecific"_s};
                if (!pathTypes.contains(p.value(u"pathType"_s).toString()))
                    fail(pf + u".pathType"_s, u"must be Exact, Prefix or ImplementationSpecific"_s);
                const QJsonObject svc = p.value(u"backend"_s).toObject().value(u"service"_s).toObject();
                if (!isDns1035Label(svc.value(u"name"_s).toString()))
                    fail(pf + u".backend.service.name"_s, u"is not a Service name"_s);
                const QJsonObject port = svc.value(u"port"_s).toObject();
                if (port.contains(u"number"_s) == port.contains(u"name"_s))
                    fail(pf + u".backend.service.port"_s, u"give number or name"_s);
                else if (port.contains(u"number"_s))
                    this->port(port.value(u"number"_s), pf + u".backend.service.port.number"_s, false);
            }
        }
        const QJsonArray tls = spec.value(u"tls"_s).toArray();
        for (qsizetype i = 0; i < tls.size(); ++i) {
            const QJsonObject t = tls[i].toObject();
            const QString f = u"spec.tls[%1]"_s.arg(i);
            for (const QJsonValue &h : t.value(u"hosts"_s).toArray())
                if (!hosts.contains(h.toString()))
                    fail(f + u".hosts"_s, u"\"%1\" has no rule"_s.arg(h.toString()));
            if (!isDnsSubdomain(t.value(u"secretName"_s).toString()))
                fail(f + u".secretName"_s, u"is not a DNS subdomain"_s);
        }
    }

    void autoscaler(const QJsonObject &spec)
    {
        const QJsonObject ref = needObject(spec, u"scaleTargetRef"_s, u"spec.scaleTargetRef"_s);
        needString(ref, u"apiVersion"_s, u"spec.scaleTargetRef.apiVersion"_s);
        needString(ref, u"kind"_s, u"spec.scaleTargetRef.kind"_s);
        needString(ref, u"name"_s, u"spec.scaleTargetRef.name"_s);
        const auto max = needInt(spec, u"maxReplicas"_s, u"spec.maxReplicas"_s);
        const auto min = spec.contains(u"minReplicas"_s) ? integer(spec.value(u"minReplicas"_s), u"spec.minReplicas"_s)
                                                         : std::optional<int>(1);
        if (min && *min < 1)
            fail(u"spec.minReplicas"_s, u"must be at least 1"_s);
        if (min && max && *min > *max)
            fail(u"spec.minReplicas"_s, u"exceeds spec.maxReplicas"_s);
        const QJsonArray metrics = needArray(spec, u"metrics"_s, u"spec.metrics"_s);
        for (qsizetype i = 0; i < metrics.size(); ++i) {
            const QJsonObject m = metrics[i].toObject();
            const QString f = u"spec.metrics[%1]"_s.arg(i);
            if (m.value(u"type"_s).toString() != u"Resource"_s)
                continue; // Pods, Object, External, ContainerResource: not rendered, not checked
            const QJsonObject r = needObject(m, u"resource"_s, f + u".resource"_s);
            needString(r, u"name"_s, f + u".resource.name"_s);
            const QJsonObject target = needObject(r, u"target"_s, f + u".resource.target"_s);
            const QString type = target.value(u"type"_s).toString();
            if (type == u"Utilization"_s) {
                const auto u = needInt(target, u"averageUtilization"_s, f + u".resource.target.averageUtilization"_s);
                if (u && *u < 1)
                    fail(f + u".resource.target.averageUtilization"_s, u"must be at least 1"_s);
            } else if (type == u"AverageValue"_s) {
                quantity(target.value(u"averageValue"_s), f + u".resource.target.averageValue"_s);
            } else {
                fail(f + u".resource.target.type"_s, u"must be Utilization or AverageValue"_s);
            }
        }
    }

    void disruptionBudget(const QJsonObject &spec)
    {
        selector(needObject(spec, u"selector"_s, u"spec.selector"_s), u"spec.selector"_s, false);
        const bool min = spec.contains(u"minAvailable"_s), max = spec.contains(u"maxUnavailable"_s);
        if (min == max)
            fail(u"spec"_s, u"give exactly one of minAvailable and maxUnavailable"_s);
        if (min)
            intOrPercent(spec.value(u"minAvailable"_s), u"spec.minAvailable"_s);
        if (max)
            intOrPercent(spec.value(u"maxUnavailable"_s), u"spec.maxUnavailable"_s);
    }

    void policyPeer(const QJsonObject &p, const QString &field)
    {
        const bool ip = p.contains(u"ipBlock"_s);
        const bool selectors = p.contains(u"podSelector"_s) || p.contains(u"namespaceSelector"_s);
        if (ip == selectors) {
            fail(field, u"give ipBlock, or podSelector and/or namespaceSelector"_s);
            return;
        }
        if (selectors) {
            if (p.contains(u"podSelector"_s))
                selector(p.value(u"podSelector"_s).toObject(), field + u".podSelector"_s, false);
            if (p.contains(u"namespaceSelector"_s))
                selector(p.value(u"namespaceSelector"_s).toObject(), field + u".namespaceSelector"_s, false);
            return;
        }
        const QJsonObject block = p.value(u"ipBlock"_s).toObject();
        QString why;
        const auto cidr = Cidr::parse(block.value(u"cidr"_s).toString(), &why);
        if (!cidr)
            fail(field + u".ipBlock.cidr"_s, why);
        for (const QJsonValue &e : block.value(u"except"_s).toArray()) {
            const auto inner = Cidr::parse(e.toString(), &why);
            if (!inner)
                fail(field + u".ipBlock.except"_s, why);
            else if (cidr && !cidr->strictlyContains(*inner))
                fail(field + u".ipBlock.except"_s, u"%1 is not strictly inside %2"_s.arg(e.toString(), cidr->toString()));
        }
    }

    void policyPorts(const QJsonArray &ports, const QString &field)
    {
        for (qsizetype i = 0; i < ports.size(); ++i) {
            const QJsonObject p = ports[i].toObject();
            const QString f = field + u"[%1]"_s.arg(i);
            protocol(p.value(u"protocol"_s), f + u".protocol"_s);
            if (p.contains(u"port"_s))
                port(p.value(u"port"_s), f + u".port"_s, true);
            if (p.contains(u"endPort"_s)) {
                const auto end = integer(p.value(u"endPort"_s), f + u".endPort"_s);
                if (end && (!p.value(u"port"_s).isDouble() || *end < p.value(u"port"_s).toInt()))
                    fail(f + u".endPort"_s, u"needs a numeric port no greater than it"_s);
            }
        }
    }

    void networkPolicy(const QJsonObject &spec)
    {
        if (!spec.value(u"podSelector"_s).isObject())
            fail(u"spec.podSelector"_s, u"missing ({} selects every pod)"_s);
        else
            selector(spec.value(u"podSelector"_s).toObject(), u"spec.podSelector"_s, false);
        const QJsonArray types = needArray(spec, u"policyTypes"_s, u"spec.policyTypes"_s);
        QSet<QString> seen;
        for (const QJsonValue &t : types) {
            if (t.toString() != u"Ingress"_s && t.toString() != u"Egress"_s)
                fail(u"spec.policyTypes"_s, u"\"%1\" is not Ingress or Egress"_s.arg(t.toString()));
            if (seen.contains(t.toString()))
                fail(u"spec.policyTypes"_s, u"\"%1\" appears twice"_s.arg(t.toString()));
            seen.insert(t.toString());
        }
        for (const auto &[key, peers, type] : {std::tuple{u"ingress"_s, u"from"_s, u"Ingress"_s},
                                               std::tuple{u"egress"_s, u"to"_s, u"Egress"_s}}) {
            if (!spec.contains(key))
                continue;
            if (!seen.contains(type))
                fail(u"spec."_s + key, u"rules without %1 in policyTypes are ignored"_s.arg(type));
            const QJsonArray rules = spec.value(key).toArray();
            for (qsizetype i = 0; i < rules.size(); ++i) {
                const QJsonObject r = rules[i].toObject();
                const QString f = u"spec.%1[%2]"_s.arg(key).arg(i);
                const QJsonArray list = r.value(peers).toArray();
                for (qsizetype j = 0; j < list.size(); ++j)
                    policyPeer(list[j].toObject(), f + u".%1[%2]"_s.arg(peers).arg(j));
                policyPorts(r.value(u"ports"_s).toArray(), f + u".ports"_s);
            }
        }
    }

    void resourceQuota(const QJsonObject &spec)
    {
        const QJsonObject hard = needObject(spec, u"hard"_s, u"spec.hard"_s);
        if (hard.isEmpty())
            fail(u"spec.hard"_s, u"must not be empty"_s);
        quantities(hard, u"spec.hard"_s);
    }

    void limitRange(const QJsonObject &spec)
    {
        const QJsonArray limits = needArray(spec, u"limits"_s, u"spec.limits"_s);
        for (qsizetype i = 0; i < limits.size(); ++i) {
            const QJsonObject l = limits[i].toObject();
            const QString f = u"spec.limits[%1]"_s.arg(i);
            const QString type = l.value(u"type"_s).toString();
            if (type != u"Container"_s && type != u"Pod"_s && type != u"PersistentVolumeClaim"_s)
                fail(f + u".type"_s, u"must be Container, Pod or PersistentVolumeClaim"_s);
            const auto min = quantities(l.value(u"min"_s), f + u".min"_s);
            const auto max = quantities(l.value(u"max"_s), f + u".max"_s);
            const auto request = quantities(l.value(u"defaultRequest"_s), f + u".defaultRequest"_s);
            const auto limit = quantities(l.value(u"default"_s), f + u".default"_s);
            quantities(l.value(u"maxLimitRequestRatio"_s), f + u".maxLimitRequestRatio"_s);
            notAbove(min, request, f + u".min"_s);
            notAbove(request, limit, f + u".defaultRequest"_s);
            notAbove(limit, max, f + u".default"_s);
        }
    }
};

struct KindSpec
{
    const char *apiVersion;
    const char *kind;
    void (Checker::*checkSpec)(const QJsonObject &); // null: the kind has no spec (Namespace)
};

} // namespace

QStringList validateObject(const QJsonObject &o)
{
    static const KindSpec kinds[] = {
        {"v1", "Namespace", nullptr},
        {"v1", "Service", &Checker::service},
        {"v1", "ResourceQuota", &Checker::resourceQuota},
        {"v1", "LimitRange", &Checker::limitRange},
        {"apps/v1", "Deployment", &Checker::deployment},
        {"networking.k8s.io/v1", "Ingress", &Checker::ingress},
        {"networking.k8s.io/v1", "NetworkPolicy", &Checker::networkPolicy},
        {"autoscaling/v2", "HorizontalPodAutoscaler", &Checker::autoscaler},
        {"policy/v1", "PodDisruptionBudget", &Checker::disruptionBudget},
    };
    const QString apiVersion = o.value(u"apiVersion"_s).toString();
    const QString kind = o.value(u"kind"_s).toString();
    const QJsonObject meta = o.value(u"metadata"_s).toObject();
    const QString where = u"%1 %2/%3"_s.arg(kind.isEmpty() ? u"<no kind>"_s : kind,
                                             meta.value(u"namespace"_s).toString(), meta.value(u"name"_s).toString());

    const KindSpec *known = nullptr;
    for (const KindSpec &k : kinds)
        if (apiVersion == QLatin1StringView(k.apiVersion) && kind == QLatin1StringView(k.kind))
            known = &k;
    if (!known)
        return {u"%1: apiVersion/kind: \"%2\" \"%3\" is not a kind Enclii renders"_s.arg(where, apiVersion, kind)};

    Checker c;
    c.metadata(o, kind);
    if (known->checkSpec) {
        const QJsonObject spec = c.needObject(o, u"spec"_s, u"spec"_s);
        if (!spec.isEmpty())
            (c.*known->checkSpec)(spec);
    }
    for (QString &p : c.problems)
        p = where + u": "_s + p;
    return c.problems;
}

} // namespace enclii::reconcile
