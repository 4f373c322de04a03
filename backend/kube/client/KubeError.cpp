#include "kube/client/KubeError.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace enclii::kube {

namespace {

constexpr int kMaxCauses = 32;

QString bounded(const QJsonValue &value, int max)
{
    const QString s = value.toString();
    return s.size() <= max ? s : s.left(max) + QStringLiteral("...");
}

// "conflict with \"kube-controller-manager\" using apps/v1" -> kube-controller-manager
QString managerOf(const QString &message)
{
    const qsizetype open = message.indexOf(QLatin1Char('"'));
    const qsizetype close = open < 0 ? -1 : message.indexOf(QLatin1Char('"'), open + 1);
    if (close > open)
        return message.mid(open + 1, close - open - 1);
    static const QLatin1String prefix("conflict with ");
    return message.startsWith(prefix) ? message.mid(prefix.size()).section(QLatin1Char(' '), 0, 0) : message;
}

QString hintFor(const KubeError &e)
{
    switch (e.kind) {
    case KubeError::Kind::Network:
        return e.url.startsWith(QLatin1String("https:"))
            ? QStringLiteral("check the cluster server address, that the API server is reachable, and that its "
                             "certificate matches the configured CA")
            : QStringLiteral("check the cluster server address and that the API server is reachable");
    case KubeError::Kind::Timeout:
        return QStringLiteral("the API server did not answer in time; check its health and the network");
    default:
        break;
    }
    if (e.isUnauthorized())
        return QStringLiteral("the API server refused the credentials; check the token or client certificate "
                              "of the kubeconfig user (or the pod's service account)");
    if (e.isForbidden())
        return QStringLiteral("the account lacks the RBAC permission; grant it with a Role or ClusterRole binding");
    if (e.isExpired())
        return QStringLiteral("the resource version is too old; list again and watch from the new list");
    if (!e.fieldConflicts().isEmpty())
        return QStringLiteral("apply with force to take these fields over, or stop setting them");
    return {};
}

} // namespace

bool KubeError::isExpired() const
{
    return httpStatus == 410 || reason == QLatin1String("Expired") || reason == QLatin1String("Gone");
}

bool KubeError::isTransient() const
{
    const bool serverBusy = httpStatus >= 500 || httpStatus == 429;
    return kind == Kind::Network || kind == Kind::Timeout || (kind == Kind::Http && serverBusy);
}

QList<FieldConflict> KubeError::fieldConflicts() const
{
    QList<FieldConflict> out;
    for (const StatusCause &c : causes)
        if (c.type == QLatin1String("FieldManagerConflict"))
            out.append({managerOf(c.message), c.field});
    return out;
}

void KubeError::readStatus(const QJsonObject &status)
{
    if (status.value(QLatin1String("kind")).toString() != QLatin1String("Status"))
        return;
    if (const int code = status.value(QLatin1String("code")).toInt(); code > 0)
        httpStatus = code;
    if (const QString r = bounded(status.value(QLatin1String("reason")), 64); !r.isEmpty())
        reason = r;
    if (const QString m = bounded(status.value(QLatin1String("message")), 2000); !m.isEmpty())
        message = m;
    const QJsonObject details = status.value(QLatin1String("details")).toObject();
    detailsName = bounded(details.value(QLatin1String("name")), 253);
    detailsGroup = bounded(details.value(QLatin1String("group")), 253);
    detailsKind = bounded(details.value(QLatin1String("kind")), 63);
    retryAfterSeconds = qMax(0, details.value(QLatin1String("retryAfterSeconds")).toInt());
    causes.clear();
    const QJsonArray list = details.value(QLatin1String("causes")).toArray();
    for (const QJsonValue &v : list) {
        if (causes.size() >= kMaxCauses)
            break;
        const QJsonObject c = v.toObject();
        // metav1.StatusCause serialises its type as "reason".
        QString type = bounded(c.value(QLatin1String("reason")), 64);
        if (type.isEmpty())
            type = bounded(c.value(QLatin1String("type")), 64);
        causes.append({type, bounded(c.value(QLatin1String("message")), 500),
                       bounded(c.value(QLatin1String("field")), 500)});
    }
}

QString KubeError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Config: return QStringLiteral("configuration error");
    case Kind::InvalidArgument: return QStringLiteral("invalid argument");
    case Kind::Network: return QStringLiteral("network error");
    case Kind::Timeout: return QStringLiteral("timeout");
    case Kind::Http: return QStringLiteral("HTTP error");
    case Kind::Protocol: return QStringLiteral("protocol error");
    }
    return {};
}

KubeError KubeError::make(Kind kind, const QString &operation, const QString &message)
{
    KubeError e;
    e.kind = kind;
    e.operation = operation;
    e.message = message;
    return e;
}

QString KubeError::toString() const
{
    // What failed and why, then the facts in brackets: the request and its answer, each
    // conflicting field with its owner, the other causes.
    QStringList facts;
    const QString answer = httpStatus == 0 ? QString()
                                           : QStringLiteral("HTTP %1%2").arg(httpStatus).arg(reason.isEmpty() ? QString() : QLatin1Char(' ') + reason);
    const QString request = verb.isEmpty() || url.isEmpty() ? url : verb + QLatin1Char(' ') + url;
    if (!request.isEmpty() && !answer.isEmpty())
        facts << request + QLatin1String(" -> ") + answer;
    else if (!request.isEmpty() || !answer.isEmpty())
        facts << request + answer;
    for (const FieldConflict &c : fieldConflicts())
        facts << QStringLiteral("%1 owned by \"%2\"").arg(c.field, c.manager);
    for (const StatusCause &c : causes)
        if (c.type != QLatin1String("FieldManagerConflict"))
            facts << (c.field.isEmpty() ? c.message : c.field + QLatin1String(": ") + c.message);

    QString text = QStringLiteral("%1 failed: %2")
                       .arg(operation.isEmpty() ? QStringLiteral("Kubernetes API call") : operation,
                            message.isEmpty() ? kindName(kind) : message);
    if (!facts.isEmpty())
        text += QStringLiteral(" [%1]").arg(facts.join(QLatin1String("; ")));
    if (attempts > 1)
        text += QStringLiteral(" after %1 attempts").arg(attempts);
    const QString hint = hintFor(*this);
    return hint.isEmpty() ? text : text + QStringLiteral(" (%1)").arg(hint);
}

} // namespace enclii::kube
