#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

// Forgiving readers for documents that come over the wire: a missing key or a value of the
// wrong type yields the fallback instead of a half-converted value, so a malformed answer
// leaves the console with less data, never with nonsense.
namespace enclii::ui::json {

inline QString string(const QJsonObject &o, QLatin1String key, const QString &fallback = {})
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : fallback;
}

inline qint64 integer(const QJsonObject &o, QLatin1String key, qint64 fallback = 0)
{
    // Beyond ±2^63 the conversion would be undefined: such a number is as good as missing.
    const QJsonValue v = o.value(key);
    const double d = v.toDouble();
    return v.isDouble() && d > -9.2e18 && d < 9.2e18 ? qint64(d) : fallback;
}

inline int integer32(const QJsonObject &o, QLatin1String key, int fallback = 0)
{
    const QJsonValue v = o.value(key);
    return v.isDouble() ? v.toInt(fallback) : fallback;
}

inline double number(const QJsonObject &o, QLatin1String key, double fallback = 0.0)
{
    const QJsonValue v = o.value(key);
    return v.isDouble() ? v.toDouble() : fallback;
}

inline bool boolean(const QJsonObject &o, QLatin1String key, bool fallback = false)
{
    const QJsonValue v = o.value(key);
    return v.isBool() ? v.toBool() : fallback;
}

inline QJsonObject object(const QJsonObject &o, QLatin1String key)
{
    return o.value(key).toObject(); // empty unless it is an object
}

inline QJsonArray array(const QJsonObject &o, QLatin1String key)
{
    return o.value(key).toArray(); // empty unless it is an array
}

// Only the string elements; anything else in the array is skipped.
inline QStringList strings(const QJsonObject &o, QLatin1String key)
{
    QStringList out;
    const QJsonArray a = array(o, key);
    for (const QJsonValue &v : a)
        if (v.isString())
            out << v.toString();
    return out;
}

// Calls read(object) for each element of o[key] that is an object, at most `max` of them;
// anything else in the array is skipped.
template<typename Read>
void forEachObject(const QJsonObject &o, QLatin1String key, int max, Read read)
{
    int seen = 0;
    for (const QJsonValue &v : array(o, key)) {
        if (seen >= max)
            return;
        if (v.isObject()) {
            read(v.toObject());
            ++seen;
        }
    }
}

} // namespace enclii::ui::json
