#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace enclii::kube::sim {

// A failed API call as the real server reports it: a meta/v1 Status with the HTTP code, a
// machine-readable reason (NotFound, Conflict, Invalid...) and, where it helps, details
// naming the object and listing causes (a field and what is wrong with it).
struct ApiError
{
    int code = 500;
    QString reason;
    QString message;
    QString kind;  // details.kind: the resource ("deployments")
    QString group; // details.group
    QString name;  // details.name
    QJsonArray causes;

    QJsonObject toStatus() const;
    ApiError &withCause(const QString &causeReason, const QString &field, const QString &causeMessage);
};

// Any other failure: code, reason and message only.
ApiError apiError(int code, const QString &reason, const QString &message);

// The real server's wording, with the resource named as "deployments.apps".
ApiError notFound(const QString &qualifiedResource, const QString &name);
ApiError alreadyExists(const QString &qualifiedResource, const QString &name);
ApiError conflict(const QString &qualifiedResource, const QString &name, const QString &why);
ApiError invalid(const QString &kind, const QString &groupKind, const QString &name, const QJsonArray &causes);
ApiError badRequest(const QString &message);
ApiError forbidden(const QString &qualifiedResource, const QString &name, const QString &why);
ApiError methodNotAllowed(const QString &message);
ApiError unsupportedMediaType(const QString &contentType, const QStringList &accepted);
ApiError expired(const QString &message);
ApiError tooLarge(const QString &message);
ApiError internalError(const QString &message);

// A field error for invalid(): reason is one of FieldValueRequired, FieldValueInvalid,
// FieldValueDuplicate, FieldValueNotSupported, FieldValueForbidden, FieldValueTooLong.
QJsonObject fieldCause(const QString &reason, const QString &field, const QString &message);

QJsonObject successStatus(const QString &qualifiedResource, const QString &name, const QString &uid);

} // namespace enclii::kube::sim
