#include "oci/registry/RegistryError.h"

namespace enclii::oci {

bool RegistryError::hasCode(QStringView code) const
{
    for (const RegistryErrorEntry &e : registryErrors)
        if (e.code == code)
            return true;
    return false;
}

bool RegistryError::isTransient() const
{
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
        return true;
    case Kind::Http:
        return httpStatus >= 500 || httpStatus == 429;
    default:
        return false;
    }
}

QString RegistryError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::InvalidArgument: return QStringLiteral("invalid argument");
    case Kind::Network: return QStringLiteral("network error");
    case Kind::Timeout: return QStringLiteral("timeout");
    case Kind::Http: return QStringLiteral("HTTP error");
    case Kind::Unauthorized: return QStringLiteral("unauthorized");
    case Kind::NotFound: return QStringLiteral("not found");
    case Kind::DigestMismatch: return QStringLiteral("digest mismatch");
    case Kind::Protocol: return QStringLiteral("protocol error");
    case Kind::Io: return QStringLiteral("I/O error");
    }
    return {};
}

QString RegistryError::toString() const
{
    QString s = operation.isEmpty() ? QStringLiteral("registry operation") : operation;
    s += QLatin1String(" failed: ") + (message.isEmpty() ? kindName(kind) : message);
    QStringList where;
    if (!url.isEmpty())
        where << (method.isEmpty() ? url : method + QLatin1Char(' ') + url)
                     + (httpStatus ? QStringLiteral(" -> HTTP %1").arg(httpStatus) : QString());
    else if (httpStatus)
        where << QStringLiteral("HTTP %1").arg(httpStatus);
    for (const RegistryErrorEntry &e : registryErrors) {
        QString entry = e.code;
        if (!e.message.isEmpty())
            entry += QLatin1String(": ") + e.message;
        if (!e.detail.isEmpty())
            entry += QLatin1String(" (") + e.detail + QLatin1Char(')');
        where << entry;
    }
    if (!where.isEmpty())
        s += QLatin1String(" [") + where.join(QLatin1String("; ")) + QLatin1Char(']');
    if (attempts > 1)
        s += QStringLiteral(" after %1 attempts").arg(attempts);
    return s;
}

} // namespace enclii::oci
