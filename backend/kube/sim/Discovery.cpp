#include "Discovery.h"

#include "Json.h"
#include "Resources.h"

#include <QJsonArray>
#include <QMap>

namespace enclii::kube::sim::discovery {

namespace {

QMap<QString, QStringList> groupVersions()
{
    QMap<QString, QStringList> out;
    for (const ResourceType &t : resources::all())
        if (!t.group.isEmpty() && !out[t.group].contains(t.version))
            out[t.group] << t.version;
    out[kMetricsGroup] << kMetricsVersion;
    return out;
}

QJsonObject groupObject(const QString &name, const QStringList &versions)
{
    QJsonArray vs;
    for (const QString &v : versions)
        vs.append(QJsonObject{{QStringLiteral("groupVersion"), name + u'/' + v}, {QStringLiteral("version"), v}});
    return {{QStringLiteral("name"), name},
            {QStringLiteral("versions"), vs},
            {QStringLiteral("preferredVersion"), vs.first()}};
}

QJsonObject resourceEntry(const QString &name, const QString &kind, bool namespaced, const QStringList &verbs,
                          const QStringList &shortNames = {})
{
    QJsonObject o{{QStringLiteral("name"), name},
                  {QStringLiteral("singularName"), name.contains(u'/') ? QString() : kind.toLower()},
                  {QStringLiteral("namespaced"), namespaced},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("verbs"), json::stringArray(verbs)}};
    if (!shortNames.isEmpty())
        o.insert(QStringLiteral("shortNames"), json::stringArray(shortNames));
    return o;
}

} // namespace

QJsonObject coreVersions()
{
    return {{QStringLiteral("kind"), QStringLiteral("APIVersions")},
            {QStringLiteral("versions"), QJsonArray{QStringLiteral("v1")}},
            {QStringLiteral("serverAddressByClientCIDRs"),
             QJsonArray{QJsonObject{{QStringLiteral("clientCIDR"), QStringLiteral("0.0.0.0/0")},
                                    {QStringLiteral("serverAddress"), QStringLiteral("127.0.0.1")}}}}};
}

QJsonObject groupList()
{
    QJsonArray groups;
    const auto gv = groupVersions();
    for (auto it = gv.begin(); it != gv.end(); ++it)
        groups.append(groupObject(it.key(), it.value()));
    return {{QStringLiteral("kind"), QStringLiteral("APIGroupList")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("groups"), groups}};
}

QJsonObject group(const QString &name)
{
    const auto gv = groupVersions();
    if (!gv.contains(name))
        return {};
    QJsonObject o = groupObject(name, gv.value(name));
    o.insert(QStringLiteral("kind"), QStringLiteral("APIGroup"));
    o.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    return o;
}

QJsonObject resourceList(const QString &group, const QString &version)
{
    QJsonArray list;
    const QStringList all{QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("deletecollection"),
                          QStringLiteral("get"), QStringLiteral("list"), QStringLiteral("patch"),
                          QStringLiteral("update"), QStringLiteral("watch")};
    const QStringList sub{QStringLiteral("get"), QStringLiteral("patch"), QStringLiteral("update")};
    if (group == kMetricsGroup && version == kMetricsVersion) {
        list.append(resourceEntry(QStringLiteral("nodes"), QStringLiteral("NodeMetrics"), false, {QStringLiteral("get"), QStringLiteral("list")}));
        list.append(resourceEntry(QStringLiteral("pods"), QStringLiteral("PodMetrics"), true, {QStringLiteral("get"), QStringLiteral("list")}));
    }
    for (const ResourceType &t : resources::all()) {
        if (t.group != group || t.version != version)
            continue;
        list.append(resourceEntry(t.resource, t.kind, t.namespaced, all, t.shortNames));
        for (const QString &s : t.subresources) {
            if (s == QLatin1String("eviction"))
                list.append(resourceEntry(t.resource + QStringLiteral("/eviction"), QStringLiteral("Eviction"), true, {QStringLiteral("create")}));
            else
                list.append(resourceEntry(t.resource + u'/' + s, s == QLatin1String("scale") ? QStringLiteral("Scale") : t.kind,
                                          t.namespaced, sub));
        }
    }
    if (list.isEmpty())
        return {};
    return {{QStringLiteral("kind"), QStringLiteral("APIResourceList")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("groupVersion"), group.isEmpty() ? version : group + u'/' + version},
            {QStringLiteral("resources"), list}};
}

QJsonObject version(const QString &gitVersion)
{
    const QString v = gitVersion.section(u'-', 0, 0).mid(1);
    return {{QStringLiteral("major"), v.section(u'.', 0, 0)},
            {QStringLiteral("minor"), v.section(u'.', 1, 1)},
            {QStringLiteral("gitVersion"), gitVersion},
            {QStringLiteral("gitCommit"), QStringLiteral("0000000000000000000000000000000000000000")},
            {QStringLiteral("gitTreeState"), QStringLiteral("clean")},
            {QStringLiteral("buildDate"), QStringLiteral("2024-01-01T00:00:00Z")},
            {QStringLiteral("goVersion"), QStringLiteral("none (Enclii simulated cluster, C++)")},
            {QStringLiteral("compiler"), QStringLiteral("enclii-sim")},
            {QStringLiteral("platform"), QStringLiteral("simulated/amd64")}};
}

} // namespace enclii::kube::sim::discovery
