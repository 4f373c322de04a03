#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::oci::detail {

// Compact, key-sorted (QJsonObject keeps keys sorted) serialisation: the same object always
// gives the same bytes, which is what makes manifest and config digests reproducible.
inline QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Parses a JSON object of at most `maxBytes`; `what` names it in the error ("base manifest").
inline std::optional<QJsonObject> parseJsonObject(const QByteArray &bytes, const QString &what, qsizetype maxBytes,
                                                  QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<QJsonObject> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(what, why);
        return std::nullopt;
    };
    if (bytes.size() > maxBytes)
        return fail(QStringLiteral("%1 bytes exceed the limit of %2").arg(bytes.size()).arg(maxBytes));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("not valid JSON (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return fail(QStringLiteral("expected a JSON object"));
    return doc.object();
}

// A QMap as a JSON object; QMap's order is already the sorted order QJsonObject keeps.
template <typename T>
QJsonObject toJsonObject(const QMap<QString, T> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

// An optional member that must be an array of strings; false when it is something else.
inline bool readStringList(const QJsonValue &value, QStringList *out)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray())
        return false;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            return false;
        out->append(item.toString());
    }
    return true;
}

inline void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace enclii::oci::detail
