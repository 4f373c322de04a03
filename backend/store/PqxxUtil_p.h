#pragma once

// Internal to the store: conversions between libpqxx fields and Qt values.

#include <pqxx/pqxx>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace enclii::store::detail {

inline std::string str(const QString &s)
{
    return s.toStdString();
}

inline QString qstr(const pqxx::field &f)
{
    return f.is_null() ? QString() : QString::fromStdString(f.as<std::string>());
}

inline QJsonObject jsonObject(const pqxx::field &f)
{
    return f.is_null() ? QJsonObject() : QJsonDocument::fromJson(QByteArray::fromStdString(f.as<std::string>())).object();
}

inline std::string jsonText(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

// Timestamps are selected as epoch milliseconds so no text format has to be parsed.
inline QDateTime timestamp(const pqxx::field &f)
{
    return f.is_null() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(f.as<long long>(), Qt::UTC);
}

// A text[] literal for a parameter (libpqxx 6 has no array parameters): every element
// quoted, with '"' and '\\' escaped — the only two characters that need it inside a quoted
// array element.
inline std::string textArrayLiteral(const QList<QString> &items)
{
    std::string out = "{";
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i)
            out += ',';
        out += '"';
        for (char ch : items[i].toStdString()) {
            if (ch == '"' || ch == '\\')
                out += '\\';
            out += ch;
        }
        out += '"';
    }
    return out + '}';
}

} // namespace enclii::store::detail
