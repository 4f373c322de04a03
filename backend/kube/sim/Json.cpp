#include "Json.h"

#include "core/Quantity.h"

#include <QJsonDocument>

namespace enclii::kube::sim {

namespace json {

QJsonValue at(const QJsonObject &o, QStringView dottedPath)
{
    QJsonValue cur = o;
    for (const QStringView part : dottedPath.split(u'.')) {
        if (!cur.isObject())
            return QJsonValue(QJsonValue::Undefined);
        cur = cur.toObject().value(part);
    }
    return cur;
}

QJsonObject objectAt(const QJsonObject &o, QStringView dottedPath)
{
    return at(o, dottedPath).toObject();
}

QString stringAt(const QJsonObject &o, QStringView dottedPath)
{
    return at(o, dottedPath).toString();
}

namespace {

void setIn(QJsonObject &o, const QList<QStringView> &parts, qsizetype i, const QJsonValue &v, bool erase)
{
    const QString key = parts[i].toString();
    if (i == parts.size() - 1) {
        if (erase)
            o.remove(key);
        else
            o.insert(key, v);
        return;
    }
    if (erase && !o.value(key).isObject())
        return;
    QJsonObject child = o.value(key).toObject();
    setIn(child, parts, i + 1, v, erase);
    o.insert(key, child);
}

} // namespace

void set(QJsonObject &o, QStringView dottedPath, const QJsonValue &v)
{
    setIn(o, dottedPath.split(u'.'), 0, v, false);
}

void remove(QJsonObject &o, QStringView dottedPath)
{
    setIn(o, dottedPath.split(u'.'), 0, {}, true);
}

std::optional<qint64> integer(const QJsonValue &v)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d != qint64(d) || d > 1e15 || d < -1e15)
            return std::nullopt;
        return qint64(d);
    }
    return std::nullopt;
}

QString timestamp(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QDateTime parseTimestamp(const QString &s)
{
    return QDateTime::fromString(s, Qt::ISODate);
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonArray stringArray(const QStringList &l)
{
    QJsonArray a;
    for (const QString &s : l)
        a.append(s);
    return a;
}

} // namespace json

qint64 quantityMilli(const QJsonValue &v, bool *ok)
{
    if (ok)
        *ok = false;
    std::optional<core::Quantity> q;
    if (v.isString())
        q = core::Quantity::parse(v.toString());
    else if (v.isDouble() && v.toDouble() >= 0 && v.toDouble() < 1e15)
        q = core::Quantity::fromMilli(qint64(v.toDouble() * 1000));
    if (!q || q->milli() < 0)
        return 0;
    if (ok)
        *ok = true;
    return q->milli();
}

QString cpuText(qint64 millicores)
{
    return core::Quantity::fromMilli(millicores).toString(core::Quantity::Kind::Cpu);
}

QString memoryText(qint64 milliBytes)
{
    return core::Quantity::fromMilli(milliBytes).toString(core::Quantity::Kind::Memory);
}

} // namespace enclii::kube::sim
