#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <optional>

namespace enclii::kube::sim {

// Small helpers over Qt's JSON values for objects addressed by dotted paths. Everything in
// the simulated cluster is kept as the JSON the API speaks, so these are used everywhere.
namespace json {

// The value at "spec.template.metadata.labels" (undefined when any step is missing).
QJsonValue at(const QJsonObject &o, QStringView dottedPath);
QJsonObject objectAt(const QJsonObject &o, QStringView dottedPath);
QString stringAt(const QJsonObject &o, QStringView dottedPath);
// Sets the value at a dotted path, creating the objects on the way.
void set(QJsonObject &o, QStringView dottedPath, const QJsonValue &v);
void remove(QJsonObject &o, QStringView dottedPath);

// A JSON integer that may arrive as a number or as an int-or-string ("25%").
std::optional<qint64> integer(const QJsonValue &v);

// RFC 3339 in UTC with second precision, the API's metav1.Time.
QString timestamp(const QDateTime &t);
QDateTime parseTimestamp(const QString &s);

QByteArray compact(const QJsonObject &o);
QJsonArray stringArray(const QStringList &l);

} // namespace json

// Resource quantities in milli-units (CPU in millicores, memory in milli-bytes), parsed with
// the project's exact Quantity; invalid or absent text gives 0 and ok=false.
qint64 quantityMilli(const QJsonValue &v, bool *ok = nullptr);
QString cpuText(qint64 millicores);
QString memoryText(qint64 milliBytes);

} // namespace enclii::kube::sim
