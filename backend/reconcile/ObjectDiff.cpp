#include "ObjectDiff.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace enclii::reconcile {

namespace {

constexpr int kMaxDepth = 64;

QString member(const QString &path, const QString &key)
{
    const bool plain = !key.isEmpty() && !key.contains(u'.') && !key.contains(u'/') && !key.contains(u'[');
    if (plain)
        return path.isEmpty() ? key : path + u'.' + key;
    return path + QStringLiteral("[\"") + key + QStringLiteral("\"]");
}

struct Differ
{
    QStringList out;
    int maxPaths;

    bool full() const { return out.size() >= maxPaths; }

    void compare(const QJsonValue &want, const QJsonValue &have, const QString &path, int depth)
    {
        if (full())
            return;
        if (depth > kMaxDepth) {
            out << path;
            return;
        }
        if (want.isObject()) {
            if (!have.isObject()) {
                out << path;
                return;
            }
            const QJsonObject w = want.toObject(), h = have.toObject();
            for (auto it = w.begin(); it != w.end() && !full(); ++it)
                compare(it.value(), h.value(it.key()), member(path, it.key()), depth + 1);
            return;
        }
        if (want.isArray()) {
            const QJsonArray w = want.toArray(), h = have.toArray();
            if (!have.isArray() || w.size() != h.size()) {
                out << path;
                return;
            }
            for (qsizetype i = 0; i < w.size() && !full(); ++i)
                compare(w[i], h[i], path + u'[' + QString::number(i) + u']', depth + 1);
            return;
        }
        if (want.isDouble() && have.isDouble() ? want.toDouble() != have.toDouble() : want != have)
            out << path;
    }
};

// One FieldsV1 step as conflict messages spell it.
QString describeStep(const QString &step)
{
    if (step.startsWith(QLatin1String("f:")))
        return u'.' + step.mid(2);
    if (step.startsWith(QLatin1String("k:"))) {
        const QJsonObject key = QJsonDocument::fromJson(step.mid(2).toUtf8()).object();
        QStringList parts;
        for (auto it = key.begin(); it != key.end(); ++it) {
            const QByteArray value = QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact);
            parts << it.key() + u'=' + QString::fromUtf8(value.mid(1, value.size() - 2));
        }
        return u'[' + parts.join(u',') + u']';
    }
    if (step.startsWith(QLatin1String("v:")))
        return u'[' + step.mid(2) + u']';
    if (step.startsWith(QLatin1String("i:")))
        return u'[' + step.mid(2) + u']';
    return {};
}

void collectOwned(const QJsonObject &fields, const QString &path, int depth, QSet<QString> &out)
{
    if (depth > kMaxDepth || out.size() > 100000)
        return;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (it.key() == QLatin1String("."))
            continue; // the item itself: its path is already in
        const QString step = describeStep(it.key());
        if (step.isEmpty())
            continue;
        out.insert(path + step);
        collectOwned(it.value().toObject(), path + step, depth + 1, out);
    }
}

} // namespace

QStringList driftedFields(const QJsonObject &desired, const QJsonObject &live, int maxPaths)
{
    Differ d{{}, maxPaths};
    d.compare(desired, live, QString(), 0);
    return d.out;
}

QSet<QString> fieldsOwnedBy(const QJsonObject &live, const QString &manager, const QString &operation)
{
    QSet<QString> out;
    const QJsonArray entries = live.value(QLatin1String("metadata")).toObject().value(QLatin1String("managedFields")).toArray();
    for (const QJsonValue &v : entries) {
        const QJsonObject e = v.toObject();
        if (e.value(QLatin1String("manager")).toString() != manager)
            continue;
        if (!operation.isEmpty() && e.value(QLatin1String("operation")).toString() != operation)
            continue;
        if (!e.value(QLatin1String("subresource")).toString().isEmpty())
            continue;
        collectOwned(e.value(QLatin1String("fieldsV1")).toObject(), QString(), 0, out);
    }
    return out;
}

} // namespace enclii::reconcile
