#include "FieldSet.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace enclii::kube::sim::fields {

namespace {

const QStringList kContainerLists{QStringLiteral("containers"), QStringLiteral("initContainers"),
                                  QStringLiteral("ephemeralContainers")};

// System metadata: nobody owns it, appliers cannot set it.
const QStringList kSystemMeta{QStringLiteral("name"), QStringLiteral("namespace"), QStringLiteral("uid"),
                              QStringLiteral("resourceVersion"), QStringLiteral("generation"),
                              QStringLiteral("creationTimestamp"), QStringLiteral("deletionTimestamp"),
                              QStringLiteral("deletionGracePeriodSeconds"), QStringLiteral("managedFields"),
                              QStringLiteral("selfLink")};

} // namespace

QString itemKey(const QJsonObject &item, const QStringList &keys)
{
    QJsonObject k;
    for (const QString &f : keys) {
        QJsonValue v = item.value(f);
        if (v.isUndefined() && f == QLatin1String("protocol"))
            v = QStringLiteral("TCP"); // the API's default, so applied and stored items agree
        if (v.isUndefined() || v.isNull() || v.isObject() || v.isArray())
            return {};
        k.insert(f, v);
    }
    return QStringLiteral("k:") + QString::fromUtf8(QJsonDocument(k).toJson(QJsonDocument::Compact));
}

namespace {

struct Collector
{
    const QString &kind;
    bool strict;
    Set *out;
    QString *error;
    int budget = 100000;

    bool value(const QJsonValue &v, const QStringList &schema, const Path &path)
    {
        if (--budget < 0) {
            *error = QStringLiteral("the object has too many fields");
            return false;
        }
        if (v.isObject() && !v.toObject().isEmpty())
            return map(v.toObject(), schema, path);
        if (v.isArray() && !v.toArray().isEmpty()) {
            const QStringList keys = listKeys(kind, schema);
            if (!keys.isEmpty())
                return list(v.toArray(), keys, schema, path);
        }
        out->insert(path);
        return true;
    }

    bool map(const QJsonObject &o, const QStringList &schema, const Path &path)
    {
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!value(it.value(), schema + QStringList{it.key()}, path + QStringList{QStringLiteral("f:") + it.key()}))
                return false;
        return true;
    }

    bool list(const QJsonArray &a, const QStringList &keys, const QStringList &schema, const Path &path)
    {
        Set seen;
        for (const QJsonValue &item : a) {
            const QString step = itemKey(item.toObject(), keys);
            const QString where = u'.' + schema.join(u'.');
            if (step.isEmpty()) {
                if (!strict)
                    continue;
                *error = QStringLiteral("%1: every item needs its key field(s) %2").arg(where, keys.join(QStringLiteral(", ")));
                return false;
            }
            const Path itemPath = path + QStringList{step};
            if (!seen.insert(itemPath).second && strict) {
                *error = QStringLiteral("%1: duplicate entries for key %2").arg(where, step.mid(2));
                return false;
            }
            out->insert(itemPath);
            if (!map(item.toObject(), schema, itemPath))
                return false;
        }
        return true;
    }
};

// One step down: the child a step names inside a value.
QJsonValue child(const QJsonValue &v, const QString &step, const QString &kind, const QStringList &schema, int *index)
{
    *index = -1;
    if (step.startsWith(QLatin1String("f:")))
        return v.toObject().value(step.mid(2));
    const QStringList keys = listKeys(kind, schema);
    const QJsonArray a = v.toArray();
    for (int i = 0; i < a.size(); ++i) {
        if (itemKey(a[i].toObject(), keys) == step) {
            *index = i;
            return a[i];
        }
    }
    return QJsonValue(QJsonValue::Undefined);
}

QStringList schemaAfter(const QStringList &schema, const QString &step)
{
    return step.startsWith(QLatin1String("f:")) ? schema + QStringList{step.mid(2)} : schema;
}

bool isEmptyContainer(const QJsonValue &v)
{
    return (v.isObject() && v.toObject().isEmpty()) || (v.isArray() && v.toArray().isEmpty());
}

bool removeIn(QJsonValue &v, const Path &path, int i, const QString &kind, const QStringList &schema)
{
    const QString &step = path[i];
    int index = -1;
    QJsonValue c = child(v, step, kind, schema, &index);
    if (c.isUndefined())
        return false;
    const bool last = i == path.size() - 1;
    bool removed = true;
    if (!last) {
        removed = removeIn(c, path, i + 1, kind, schemaAfter(schema, step));
        if (!removed)
            return false;
    }
    const bool drop = last || (step.startsWith(QLatin1String("f:")) && isEmptyContainer(c));
    if (step.startsWith(QLatin1String("f:"))) {
        QJsonObject o = v.toObject();
        if (drop)
            o.remove(step.mid(2));
        else
            o.insert(step.mid(2), c);
        v = o;
    } else {
        QJsonArray a = v.toArray();
        if (drop)
            a.removeAt(index);
        else
            a.replace(index, c);
        v = a;
    }
    return true;
}

void insertTree(QJsonObject &node, const Path &path, int i)
{
    QJsonObject sub = node.value(path[i]).toObject();
    if (i == path.size() - 1) {
        if (path[i].startsWith(QLatin1String("k:")))
            sub.insert(QStringLiteral("."), QJsonObject());
    } else {
        insertTree(sub, path, i + 1);
    }
    node.insert(path[i], sub);
}

void readTree(const QJsonObject &node, const Path &prefix, Set *out, int *budget)
{
    for (auto it = node.begin(); it != node.end() && *budget > 0; ++it) {
        --*budget;
        if (it.key() == QLatin1String(".")) {
            if (!prefix.isEmpty())
                out->insert(prefix);
            continue;
        }
        if (!it.key().startsWith(QLatin1String("f:")) && !it.key().startsWith(QLatin1String("k:")))
            continue; // v: and i: steps: lists we treat as atomic
        const Path p = prefix + QStringList{it.key()};
        const QJsonObject sub = it.value().toObject();
        if (sub.isEmpty())
            out->insert(p);
        else if (prefix.size() < 64)
            readTree(sub, p, out, budget);
    }
}

} // namespace

QStringList listKeys(const QString &kind, const QStringList &schemaPath)
{
    if (schemaPath.isEmpty())
        return {};
    const QString &last = schemaPath.last();
    const QString parent = schemaPath.size() > 1 ? schemaPath[schemaPath.size() - 2] : QString();
    const bool inContainer = kContainerLists.contains(parent);
    if (kContainerLists.contains(last) && parent == QLatin1String("spec"))
        return {QStringLiteral("name")};
    if (last == QLatin1String("ports") && inContainer)
        return {QStringLiteral("containerPort"), QStringLiteral("protocol")};
    if (last == QLatin1String("ports") && kind == QLatin1String("Service") && schemaPath.size() == 2)
        return {QStringLiteral("port"), QStringLiteral("protocol")};
    if (inContainer && last == QLatin1String("env"))
        return {QStringLiteral("name")};
    if (inContainer && last == QLatin1String("volumeMounts"))
        return {QStringLiteral("mountPath")};
    if (inContainer && last == QLatin1String("volumeDevices"))
        return {QStringLiteral("devicePath")};
    if (parent == QLatin1String("spec") && (last == QLatin1String("volumes") || last == QLatin1String("imagePullSecrets")))
        return {QStringLiteral("name")};
    if (parent == QLatin1String("spec") && last == QLatin1String("hostAliases"))
        return {QStringLiteral("ip")};
    if (parent == QLatin1String("spec") && last == QLatin1String("topologySpreadConstraints"))
        return {QStringLiteral("topologyKey"), QStringLiteral("whenUnsatisfiable")};
    if (parent == QLatin1String("status") && last == QLatin1String("conditions"))
        return {QStringLiteral("type")};
    if (parent == QLatin1String("metadata") && last == QLatin1String("ownerReferences"))
        return {QStringLiteral("uid")};
    return {};
}

bool collect(const QJsonObject &object, const QString &kind, Scope scope, bool strict, Set *out, QString *error)
{
    Collector c{kind, strict, out, error};
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString &k = it.key();
        if (k == QLatin1String("apiVersion") || k == QLatin1String("kind"))
            continue;
        if ((k == QLatin1String("status")) != (scope == Scope::Status))
            continue;
        if (k == QLatin1String("metadata")) {
            QJsonObject meta = it.value().toObject();
            for (const QString &f : kSystemMeta)
                meta.remove(f);
            if (!c.map(meta, {k}, {QStringLiteral("f:metadata")}))
                return false;
            continue;
        }
        if (!c.value(it.value(), {k}, {QStringLiteral("f:") + k}))
            return false;
    }
    return true;
}

QJsonObject toFieldsV1(const Set &set)
{
    QJsonObject root;
    for (const Path &p : set)
        if (!p.isEmpty())
            insertTree(root, p, 0);
    return root;
}

Set fromFieldsV1(const QJsonObject &fieldsV1, int maxPaths)
{
    Set out;
    int budget = maxPaths;
    readTree(fieldsV1, {}, &out, &budget);
    return out;
}

QJsonValue valueAt(const QJsonObject &object, const Path &path, const QString &kind)
{
    QJsonValue v = object;
    QStringList schema;
    for (const QString &step : path) {
        int index = -1;
        v = child(v, step, kind, schema, &index);
        if (v.isUndefined())
            return v;
        schema = schemaAfter(schema, step);
    }
    return v;
}

bool removeAt(QJsonObject &object, const Path &path, const QString &kind)
{
    if (path.isEmpty())
        return false;
    QJsonValue v = object;
    if (!removeIn(v, path, 0, kind, {}))
        return false;
    object = v.toObject();
    return true;
}

QString describe(const Path &path)
{
    QString out;
    for (const QString &step : path) {
        if (step.startsWith(QLatin1String("f:"))) {
            out += u'.' + step.mid(2);
            continue;
        }
        const QJsonObject key = QJsonDocument::fromJson(step.mid(2).toUtf8()).object();
        QStringList parts;
        for (auto it = key.begin(); it != key.end(); ++it)
            parts << it.key() + u'=' + QString::fromUtf8(QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
        out += u'[' + parts.join(u',') + u']';
    }
    return out;
}

bool isItem(const Path &path)
{
    return !path.isEmpty() && path.last().startsWith(QLatin1String("k:"));
}

bool coversPrefix(const Set &set, const Path &prefix)
{
    const auto it = set.lower_bound(prefix);
    return it != set.end() && it->mid(0, prefix.size()) == prefix;
}

} // namespace enclii::kube::sim::fields
