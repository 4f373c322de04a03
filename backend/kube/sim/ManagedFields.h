#pragma once

#include "FieldSet.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>

namespace enclii::kube::sim {

// One entry of metadata.managedFields: who owns which fields, by which operation.
struct ManagerEntry
{
    QString manager;
    QString operation; // "Apply" or "Update"
    QString apiVersion;
    QString time;
    QString subresource; // "" or "status"
    fields::Set set;

    bool sameOwner(const QString &m, const QString &op, const QString &sub) const
    {
        return manager == m && operation == op && subresource == sub;
    }
};

namespace managed {

constexpr int kMaxEntries = 64;

QList<ManagerEntry> read(const QJsonObject &object);
QJsonArray write(const QList<ManagerEntry> &entries);

// After a non-apply write (create, PUT, merge patch, a controller's update): the writer
// takes the fields it changed or added, from whoever held them, and fields that are gone
// leave every set. Returns the new managedFields for `updated`.
QJsonArray afterUpdate(const QJsonObject *old, const QJsonObject &updated, const QString &kind, const QString &manager,
                       const QString &subresource, const QDateTime &now);

// The field manager a request names, or a default derived from its User-Agent ("kubectl"
// from "kubectl/v1.29.0 (linux/amd64)"), as the real server does.
QString managerFor(const QString &fieldManager, const QByteArray &userAgent);

} // namespace managed

} // namespace enclii::kube::sim
