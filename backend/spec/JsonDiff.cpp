#include "JsonDiff.h"

#include <QSet>

namespace enclii::spec {

namespace {

QJsonObject change(const QString &path, const char *op, const QJsonValue &from, const QJsonValue &to)
{
    QJsonObject c{{QStringLiteral("path"), path}, {QStringLiteral("op"), QLatin1String(op)}};
    if (!from.isUndefined())
        c.insert(QStringLiteral("from"), from);
    if (!to.isUndefined())
        c.insert(QStringLiteral("to"), to);
    return c;
}

void diffValue(const QString &path, const QJsonValue &a, const QJsonValue &b, QJsonArray &out);

void diffObject(const QString &path, const QJsonObject &a, const QJsonObject &b, QJsonArray &out)
{
    QStringList keys = a.keys();
    for (const auto &k : b.keys())
        if (!a.contains(k))
            keys << k;
    keys.sort();
    for (const auto &k : keys) {
        const QString p = path.isEmpty() ? k : path + u'.' + k;
        if (!a.contains(k))
            out << change(p, "added", QJsonValue::Undefined, b.value(k));
        else if (!b.contains(k))
            out << change(p, "removed", a.value(k), QJsonValue::Undefined);
        else
            diffValue(p, a.value(k), b.value(k), out);
    }
}

void diffValue(const QString &path, const QJsonValue &a, const QJsonValue &b, QJsonArray &out)
{
    if (a == b)
        return;
    if (a.isObject() && b.isObject()) {
        diffObject(path, a.toObject(), b.toObject(), out);
        return;
    }
    if (a.isArray() && b.isArray()) {
        const QJsonArray x = a.toArray(), y = b.toArray();
        const qsizetype common = std::min(x.size(), y.size());
        for (qsizetype i = 0; i < common; ++i)
            diffValue(path + QStringLiteral("[%1]").arg(i), x[i], y[i], out);
        for (qsizetype i = common; i < y.size(); ++i)
            out << change(path + QStringLiteral("[%1]").arg(i), "added", QJsonValue::Undefined, y[i]);
        for (qsizetype i = common; i < x.size(); ++i)
            out << change(path + QStringLiteral("[%1]").arg(i), "removed", x[i], QJsonValue::Undefined);
        return;
    }
    out << change(path, "changed", a, b);
}

} // namespace

QJsonArray jsonDiff(const QJsonObject &from, const QJsonObject &to)
{
    QJsonArray out;
    diffObject(QString(), from, to, out);
    return out;
}

} // namespace enclii::spec
