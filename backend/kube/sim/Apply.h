#pragma once

#include "Status.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace enclii::kube::sim {

struct ApplyRequest
{
    QString manager;
    bool force = false;
    QString subresource; // "" or "status"
    QString kind;
    QString qualifiedResource; // for messages: "deployments.apps"
    QDateTime now;
};

struct ApplyOutcome
{
    QJsonObject object;           // the merged object, managedFields updated
    bool changed = false;         // false: nothing to write (same resourceVersion, no event)
    std::optional<ApiError> error; // 409 with the conflicts, 422 for a malformed configuration
};

// Server-side apply of `applied` (the manager's whole intent) onto `live` (nullptr: the
// object does not exist yet). A subset of structured-merge-diff: maps merge by key, the
// list-maps of FieldSet::listKeys merge by their keys, other lists and scalars are atomic.
// A field another manager owns with a different value is a conflict unless forced (then it
// changes hands); fields this manager applied before and no longer applies are removed
// unless someone else owns them.
ApplyOutcome serverSideApply(const QJsonObject *live, const QJsonObject &applied, const ApplyRequest &request);

// RFC 7386 JSON merge patch (application/merge-patch+json).
QJsonValue mergePatch(const QJsonValue &target, const QJsonValue &patch);

} // namespace enclii::kube::sim
