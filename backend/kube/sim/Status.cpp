#include "Status.h"

namespace enclii::kube::sim {

namespace {

QString quoted(const QString &qualified, const QString &name)
{
    return name.isEmpty() ? qualified : QStringLiteral("%1 \"%2\"").arg(qualified, name);
}

ApiError make(int code, const QString &reason, const QString &message, const QString &qualified = {},
              const QString &name = {})
{
    ApiError e;
    e.code = code;
    e.reason = reason;
    e.message = message;
    const qsizetype dot = qualified.indexOf(u'.');
    e.kind = dot < 0 ? qualified : qualified.left(dot);
    e.group = dot < 0 ? QString() : qualified.mid(dot + 1);
    e.name = name;
    return e;
}

} // namespace

QJsonObject ApiError::toStatus() const
{
    QJsonObject details;
    if (!name.isEmpty())
        details.insert(QStringLiteral("name"), name);
    if (!group.isEmpty())
        details.insert(QStringLiteral("group"), group);
    if (!kind.isEmpty())
        details.insert(QStringLiteral("kind"), kind);
    if (!causes.isEmpty())
        details.insert(QStringLiteral("causes"), causes);
    QJsonObject s{{QStringLiteral("kind"), QStringLiteral("Status")},
                  {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                  {QStringLiteral("metadata"), QJsonObject()},
                  {QStringLiteral("status"), QStringLiteral("Failure")},
                  {QStringLiteral("message"), message},
                  {QStringLiteral("reason"), reason},
                  {QStringLiteral("code"), code}};
    if (!details.isEmpty())
        s.insert(QStringLiteral("details"), details);
    return s;
}

ApiError &ApiError::withCause(const QString &causeReason, const QString &field, const QString &causeMessage)
{
    causes.append(fieldCause(causeReason, field, causeMessage));
    return *this;
}

QJsonObject fieldCause(const QString &reason, const QString &field, const QString &message)
{
    QJsonObject c{{QStringLiteral("reason"), reason}, {QStringLiteral("message"), message}};
    if (!field.isEmpty())
        c.insert(QStringLiteral("field"), field);
    return c;
}

ApiError apiError(int code, const QString &reason, const QString &message)
{
    return make(code, reason, message);
}

ApiError notFound(const QString &qualifiedResource, const QString &name)
{
    return make(404, QStringLiteral("NotFound"), quoted(qualifiedResource, name) + QStringLiteral(" not found"),
                qualifiedResource, name);
}

ApiError alreadyExists(const QString &qualifiedResource, const QString &name)
{
    return make(409, QStringLiteral("AlreadyExists"), quoted(qualifiedResource, name) + QStringLiteral(" already exists"),
                qualifiedResource, name);
}

ApiError conflict(const QString &qualifiedResource, const QString &name, const QString &why)
{
    return make(409, QStringLiteral("Conflict"),
                QStringLiteral("Operation cannot be fulfilled on %1: %2").arg(quoted(qualifiedResource, name), why),
                qualifiedResource, name);
}

ApiError invalid(const QString &kind, const QString &groupKind, const QString &name, const QJsonArray &causes)
{
    QStringList parts;
    for (const QJsonValue &c : causes) {
        const QJsonObject o = c.toObject();
        const QString field = o.value(QStringLiteral("field")).toString();
        parts << (field.isEmpty() ? QString() : field + QStringLiteral(": ")) + o.value(QStringLiteral("message")).toString();
    }
    const QString message = QStringLiteral("%1 \"%2\" is invalid: %3")
                                .arg(groupKind, name, parts.size() == 1 ? parts.first() : u'[' + parts.join(u", ") + u']');
    ApiError e = make(422, QStringLiteral("Invalid"), message, {}, name);
    e.kind = kind;
    const qsizetype dot = groupKind.indexOf(u'.');
    e.group = dot < 0 ? QString() : groupKind.mid(dot + 1);
    e.causes = causes;
    return e;
}

ApiError badRequest(const QString &message)
{
    return make(400, QStringLiteral("BadRequest"), message);
}

ApiError forbidden(const QString &qualifiedResource, const QString &name, const QString &why)
{
    return make(403, QStringLiteral("Forbidden"), quoted(qualifiedResource, name) + QStringLiteral(" is forbidden: ") + why,
                qualifiedResource, name);
}

ApiError methodNotAllowed(const QString &message)
{
    return make(405, QStringLiteral("MethodNotAllowed"), message);
}

ApiError unsupportedMediaType(const QString &contentType, const QStringList &accepted)
{
    return make(415, QStringLiteral("UnsupportedMediaType"),
                QStringLiteral("the body of the request was in an unknown format - accepted media types include: %1 (got \"%2\")")
                    .arg(accepted.join(QStringLiteral(", ")), contentType.left(100)));
}

ApiError expired(const QString &message)
{
    return make(410, QStringLiteral("Expired"), message);
}

ApiError tooLarge(const QString &message)
{
    return make(413, QStringLiteral("RequestEntityTooLarge"), message);
}

ApiError internalError(const QString &message)
{
    return make(500, QStringLiteral("InternalError"), message);
}

QJsonObject successStatus(const QString &qualifiedResource, const QString &name, const QString &uid)
{
    const qsizetype dot = qualifiedResource.indexOf(u'.');
    QJsonObject details{{QStringLiteral("name"), name},
                        {QStringLiteral("kind"), dot < 0 ? qualifiedResource : qualifiedResource.left(dot)},
                        {QStringLiteral("uid"), uid}};
    if (dot >= 0)
        details.insert(QStringLiteral("group"), qualifiedResource.mid(dot + 1));
    return {{QStringLiteral("kind"), QStringLiteral("Status")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("metadata"), QJsonObject()},
            {QStringLiteral("status"), QStringLiteral("Success")},
            {QStringLiteral("details"), details}};
}

} // namespace enclii::kube::sim
