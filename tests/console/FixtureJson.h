#pragma once

// JSON helpers for the console's fixture-driven tests: fixtures written as of a fixed moment
// moved to now, compact bodies, and server-sent events as a daemon writes them.

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace enclii::test {

// Every ISO 8601 timestamp string in `value`, moved by `ms`.
inline QJsonValue shiftedTimes(const QJsonValue &value, qint64 ms)
{
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(shiftedTimes(v, ms));
        return out;
    }
    if (value.isObject()) {
        QJsonObject out = value.toObject();
        for (auto it = out.begin(); it != out.end(); ++it)
            it.value() = shiftedTimes(it.value(), ms);
        return out;
    }
    const QString text = value.toString();
    if (text.size() < 19 || text.at(10) != u'T')
        return value;
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    return t.isValid() ? QJsonValue(t.addMSecs(ms).toString(Qt::ISODateWithMs)) : value;
}

inline QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

inline QByteArray sseEvent(const QByteArray &type, const QJsonObject &data, int id)
{
    return "id: " + QByteArray::number(id) + "\nevent: " + type + "\ndata: " + compactJson(data) + "\n\n";
}

} // namespace enclii::test
