#include "Validation.h"

#include "Json.h"
#include "Selectors.h"
#include "Status.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>

namespace enclii::kube::sim {

namespace names {

bool isDnsLabel(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    return !s.isEmpty() && s.size() <= 63 && re.match(s).hasMatch();
}

bool isDnsSubdomain(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    return !s.isEmpty() && s.size() <= 253 && re.match(s).hasMatch();
}

QString randomSuffix()
{
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    QString s;
    for (int i = 0; i < 5; ++i)
        s += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]);
    return s;
}

} // namespace names

namespace {

constexpr qsizetype kMaxAnnotationBytes = 256 * 1024;

class Checker
{
public:
    QJsonArray causes;

    void required(const QString &field)
    {
        causes.append(fieldCause(QStringLiteral("FieldValueRequired"), field, QStringLiteral("Required value")));
    }
    void invalid(const QString &field, const QJsonValue &value, const QString &why)
    {
        QString shown = value.isString() ? u'"' + value.toString().left(80) + u'"'
                                         : QString::fromUtf8(json::compact(QJsonObject{{QStringLiteral("v"), value}})).mid(5).chopped(1).left(80);
        causes.append(fieldCause(QStringLiteral("FieldValueInvalid"), field,
                                 QStringLiteral("Invalid value: %1: %2").arg(shown, why)));
    }
    void unsupported(const QString &field, const QString &value, const QStringList &allowed)
    {
        causes.append(fieldCause(QStringLiteral("FieldValueNotSupported"), field,
                                 QStringLiteral("Unsupported value: \"%1\": supported values: \"%2\"")
                                     .arg(value.left(80), allowed.join(QStringLiteral("\", \"")))));
    }

    void metadata(const ResourceType &type, const QJsonObject &o)
    {
        const QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
        const QString name = meta.value(QStringLiteral("name")).toString();
        const bool label = type.kind == QLatin1String("Namespace") || type.kind == QLatin1String("Service");
        if (name.isEmpty())
            required(QStringLiteral("metadata.name"));
        else if (label ? !names::isDnsLabel(name) : !names::isDnsSubdomain(name))
            invalid(QStringLiteral("metadata.name"), name,
                    label ? QStringLiteral("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
                                           "'-', and must start and end with an alphanumeric character (at most 63 characters)")
                          : QStringLiteral("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                                           "'-' or '.', and must start and end with an alphanumeric character"));
        labels(QStringLiteral("metadata.labels"), meta.value(QStringLiteral("labels")));
        const QJsonValue ann = meta.value(QStringLiteral("annotations"));
        if (!ann.isUndefined() && !ann.isObject())
            invalid(QStringLiteral("metadata.annotations"), ann, QStringLiteral("must be a map of strings"));
        else if (json::compact(ann.toObject()).size() > kMaxAnnotationBytes)
            causes.append(fieldCause(QStringLiteral("FieldValueTooLong"), QStringLiteral("metadata.annotations"),
                                     QStringLiteral("Too long: must have at most 262144 bytes")));
    }

    void labels(const QString &field, const QJsonValue &v)
    {
        if (v.isUndefined() || v.isNull())
            return;
        if (!v.isObject()) {
            invalid(field, v, QStringLiteral("must be a map of strings"));
            return;
        }
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            QString error;
            const QString term = it.key() + u'=' + it.value().toString();
            if (!it.value().isString() || !LabelSelector::parse(term, &error))
                invalid(field, it.value(), QStringLiteral("label \"%1\": keys are qualified names and values are at most 63 "
                                                          "alphanumeric characters, '-', '_' or '.'").arg(it.key().left(80)));
        }
    }

    void quantities(const QString &field, const QJsonValue &v)
    {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            bool ok = false;
            quantityMilli(it.value(), &ok);
            if (!ok)
                invalid(field + u'.' + it.key(), it.value(), QStringLiteral("must be a quantity like \"250m\" or \"512Mi\""));
        }
    }

    void containers(const QString &field, const QJsonObject &podSpec)
    {
        const QJsonArray list = podSpec.value(QStringLiteral("containers")).toArray();
        if (list.isEmpty()) {
            required(field + QStringLiteral(".containers"));
            return;
        }
        QSet<QString> seen;
        for (int i = 0; i < list.size(); ++i) {
            const QJsonObject c = list[i].toObject();
            const QString at = QStringLiteral("%1.containers[%2]").arg(field).arg(i);
            const QString name = c.value(QStringLiteral("name")).toString();
            if (name.isEmpty())
                required(at + QStringLiteral(".name"));
            else if (!names::isDnsLabel(name))
                invalid(at + QStringLiteral(".name"), name, QStringLiteral("must be an RFC 1123 label"));
            else if (seen.contains(name))
                causes.append(fieldCause(QStringLiteral("FieldValueDuplicate"), at + QStringLiteral(".name"),
                                         QStringLiteral("Duplicate value: \"%1\"").arg(name)));
            seen.insert(name);
            if (c.value(QStringLiteral("image")).toString().isEmpty())
                required(at + QStringLiteral(".image"));
            quantities(at + QStringLiteral(".resources.requests"), json::at(c, u"resources.requests"));
            quantities(at + QStringLiteral(".resources.limits"), json::at(c, u"resources.limits"));
            const QJsonArray ports = c.value(QStringLiteral("ports")).toArray();
            for (int p = 0; p < ports.size(); ++p) {
                const auto port = json::integer(ports[p].toObject().value(QStringLiteral("containerPort")));
                if (!port || *port < 1 || *port > 65535)
                    invalid(QStringLiteral("%1.ports[%2].containerPort").arg(at).arg(p),
                            ports[p].toObject().value(QStringLiteral("containerPort")),
                            QStringLiteral("must be between 1 and 65535, inclusive"));
            }
        }
    }

    void workload(const QJsonObject &o, const QJsonObject *old, bool deployment)
    {
        const QJsonObject spec = o.value(QStringLiteral("spec")).toObject();
        const QJsonValue selector = spec.value(QStringLiteral("selector"));
        QString error;
        const auto sel = LabelSelector::fromObject(selector.toObject(), &error);
        if (!selector.isObject() || !sel || sel->isEmpty())
            !selector.isObject() ? required(QStringLiteral("spec.selector"))
                                 : invalid(QStringLiteral("spec.selector"), selector,
                                           error.isEmpty() ? QStringLiteral("empty selector is invalid for deployment") : error);
        else if (!sel->matches(json::objectAt(spec, u"template.metadata.labels")))
            invalid(QStringLiteral("spec.template.metadata.labels"), json::at(spec, u"template.metadata.labels"),
                    QStringLiteral("`selector` does not match template `labels`"));
        if (old && json::at(*old, u"spec.selector") != selector)
            invalid(QStringLiteral("spec.selector"), selector, QStringLiteral("field is immutable"));
        const auto replicas = json::integer(spec.value(QStringLiteral("replicas")));
        if (spec.contains(QStringLiteral("replicas")) && (!replicas || *replicas < 0))
            invalid(QStringLiteral("spec.replicas"), spec.value(QStringLiteral("replicas")),
                    QStringLiteral("must be greater than or equal to 0"));
        labels(QStringLiteral("spec.template.metadata.labels"), json::at(spec, u"template.metadata.labels"));
        containers(QStringLiteral("spec.template.spec"), json::objectAt(spec, u"template.spec"));
        if (!deployment)
            return;
        const QString strategy = json::stringAt(spec, u"strategy.type");
        if (!strategy.isEmpty() && strategy != QLatin1String("RollingUpdate") && strategy != QLatin1String("Recreate"))
            unsupported(QStringLiteral("spec.strategy.type"), strategy, {QStringLiteral("Recreate"), QStringLiteral("RollingUpdate")});
    }

    void service(const QJsonObject &o)
    {
        const QJsonObject spec = o.value(QStringLiteral("spec")).toObject();
        const QString type = spec.value(QStringLiteral("type")).toString(QStringLiteral("ClusterIP"));
        const QStringList types{QStringLiteral("ClusterIP"), QStringLiteral("ExternalName"), QStringLiteral("LoadBalancer"),
                                QStringLiteral("NodePort")};
        if (!types.contains(type))
            unsupported(QStringLiteral("spec.type"), type, types);
        const QJsonArray ports = spec.value(QStringLiteral("ports")).toArray();
        if (ports.isEmpty() && type != QLatin1String("ExternalName") && spec.value(QStringLiteral("clusterIP")) != QLatin1String("None"))
            required(QStringLiteral("spec.ports"));
        for (int i = 0; i < ports.size(); ++i) {
            const auto port = json::integer(ports[i].toObject().value(QStringLiteral("port")));
            if (!port || *port < 1 || *port > 65535)
                invalid(QStringLiteral("spec.ports[%1].port").arg(i), ports[i].toObject().value(QStringLiteral("port")),
                        QStringLiteral("must be between 1 and 65535, inclusive"));
        }
    }

    void hpa(const QJsonObject &o)
    {
        const QJsonObject spec = o.value(QStringLiteral("spec")).toObject();
        for (const char *f : {"kind", "name"})
            if (json::stringAt(spec, QStringLiteral("scaleTargetRef.") + QLatin1String(f)).isEmpty())
                required(QStringLiteral("spec.scaleTargetRef.") + QLatin1String(f));
        const auto max = json::integer(spec.value(QStringLiteral("maxReplicas")));
        const auto min = json::integer(spec.value(QStringLiteral("minReplicas"))).value_or(1);
        if (!max || *max < 1)
            invalid(QStringLiteral("spec.maxReplicas"), spec.value(QStringLiteral("maxReplicas")), QStringLiteral("must be greater than or equal to 1"));
        else if (min < 1 || min > *max)
            invalid(QStringLiteral("spec.minReplicas"), spec.value(QStringLiteral("minReplicas")),
                    QStringLiteral("must be between 1 and maxReplicas"));
    }

    void pdb(const QJsonObject &o)
    {
        const QJsonObject spec = o.value(QStringLiteral("spec")).toObject();
        if (spec.contains(QStringLiteral("minAvailable")) && spec.contains(QStringLiteral("maxUnavailable")))
            invalid(QStringLiteral("spec"), spec.value(QStringLiteral("maxUnavailable")),
                    QStringLiteral("minAvailable and maxUnavailable cannot be both set"));
    }
};

} // namespace

QJsonArray validateObject(const ResourceType &type, const QJsonObject &object, const QJsonObject *old)
{
    Checker c;
    c.metadata(type, object);
    const QString &kind = type.kind;
    if (kind == QLatin1String("Deployment") || kind == QLatin1String("ReplicaSet"))
        c.workload(object, old, kind == QLatin1String("Deployment"));
    else if (kind == QLatin1String("Pod"))
        c.containers(QStringLiteral("spec"), object.value(QStringLiteral("spec")).toObject());
    else if (kind == QLatin1String("Service"))
        c.service(object);
    else if (kind == QLatin1String("HorizontalPodAutoscaler"))
        c.hpa(object);
    else if (kind == QLatin1String("PodDisruptionBudget"))
        c.pdb(object);
    else if (kind == QLatin1String("ResourceQuota"))
        c.quantities(QStringLiteral("spec.hard"), json::at(object, u"spec.hard"));
    return c.causes;
}

} // namespace enclii::kube::sim
