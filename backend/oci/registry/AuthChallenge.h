#pragma once

#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QString>

namespace enclii::oci {

// One challenge of a WWW-Authenticate header (RFC 7235 §4.1), e.g. Docker's token
// authentication: Bearer realm="https://auth.example/token",service="registry",scope="repository:app:pull"
struct AuthChallenge
{
    QString scheme;               // lower case: "bearer", "basic"
    QMap<QString, QString> params; // lower-case names, unquoted values

    QString param(const QString &name) const { return params.value(name); }
};

// All challenges of a header value (several may share one header, separated by commas).
// Malformed parts end the parse: what was understood before them is returned. Headers
// longer than MaxAuthHeaderSize, and parameters beyond MaxAuthParams, are cut off so a
// hostile registry cannot make this slow.
inline constexpr qsizetype MaxAuthHeaderSize = 16384;
inline constexpr int MaxAuthParams = 32;
QList<AuthChallenge> parseAuthChallenges(QByteArrayView header);

} // namespace enclii::oci
