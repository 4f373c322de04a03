#include "ManagedFields.h"

#include "Json.h"

namespace enclii::kube::sim::managed {

QList<ManagerEntry> read(const QJsonObject &object)
{
    QList<ManagerEntry> out;
    for (const QJsonValue &v : json::at(object, u"metadata.managedFields").toArray()) {
        const QJsonObject o = v.toObject();
        ManagerEntry e;
        e.manager = o.value(QStringLiteral("manager")).toString();
        e.operation = o.value(QStringLiteral("operation")).toString();
        e.apiVersion = o.value(QStringLiteral("apiVersion")).toString();
        e.time = o.value(QStringLiteral("time")).toString();
        e.subresource = o.value(QStringLiteral("subresource")).toString();
        e.set = fields::fromFieldsV1(o.value(QStringLiteral("fieldsV1")).toObject());
        out.append(e);
        if (out.size() >= kMaxEntries)
            break;
    }
    return out;
}

QJsonArray write(const QList<ManagerEntry> &entries)
{
    QJsonArray a;
    for (const ManagerEntry &e : entries) {
        if (e.set.empty())
            continue;
        QJsonObject o{{QStringLiteral("manager"), e.manager},
                      {QStringLiteral("operation"), e.operation},
                      {QStringLiteral("apiVersion"), e.apiVersion},
                      {QStringLiteral("time"), e.time},
                      {QStringLiteral("fieldsType"), QStringLiteral("FieldsV1")},
                      {QStringLiteral("fieldsV1"), fields::toFieldsV1(e.set)}};
        if (!e.subresource.isEmpty())
            o.insert(QStringLiteral("subresource"), e.subresource);
        a.append(o);
    }
    return a;
}

QJsonArray afterUpdate(const QJsonObject *old, const QJsonObject &updated, const QString &kind, const QString &manager,
                       const QString &subresource, const QDateTime &now)
{
    const auto scope = subresource == QLatin1String("status") ? fields::Scope::Status : fields::Scope::Main;
    fields::Set before, after;
    QString ignored;
    if (old)
        fields::collect(*old, kind, scope, false, &before, &ignored);
    fields::collect(updated, kind, scope, false, &after, &ignored);

    fields::Set changed, gone;
    for (const fields::Path &p : after)
        if (!before.count(p) || (!fields::isItem(p) && fields::valueAt(*old, p, kind) != fields::valueAt(updated, p, kind)))
            changed.insert(p);
    for (const fields::Path &p : before)
        if (!after.count(p))
            gone.insert(p);

    QList<ManagerEntry> entries = old ? read(*old) : QList<ManagerEntry>();
    qsizetype mine = -1;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        ManagerEntry &e = entries[i];
        for (const fields::Path &p : gone)
            e.set.erase(p);
        if (e.sameOwner(manager, QStringLiteral("Update"), subresource))
            mine = i;
        else
            for (const fields::Path &p : changed)
                e.set.erase(p);
    }
    if (!changed.empty()) {
        if (mine < 0) {
            entries.append({manager, QStringLiteral("Update"), json::stringAt(updated, u"apiVersion"), {}, subresource, {}});
            mine = entries.size() - 1;
        }
        entries[mine].set.insert(changed.begin(), changed.end());
        entries[mine].time = json::timestamp(now);
        entries[mine].apiVersion = json::stringAt(updated, u"apiVersion");
    }
    return write(entries);
}

QString managerFor(const QString &fieldManager, const QByteArray &userAgent)
{
    if (!fieldManager.isEmpty())
        return fieldManager;
    const QString agent = QString::fromUtf8(userAgent.left(128));
    const QString first = agent.section(u'/', 0, 0).trimmed();
    return first.isEmpty() ? QStringLiteral("unknown") : first;
}

} // namespace enclii::kube::sim::managed
