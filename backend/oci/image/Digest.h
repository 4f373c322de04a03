#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Content digests as the OCI image spec writes them: "sha256:" followed by 64 lower-case
// hex digits. sha256 is the only algorithm we produce or accept: every registry and every
// tool we interoperate with (skopeo, umoci, cosign) uses it, and accepting more would only
// widen what a hostile manifest can make us parse.
namespace enclii::oci::Digest {

inline constexpr QLatin1StringView Sha256Prefix{"sha256:"};

// "sha256:<hex>" of the bytes.
QString sha256(QByteArrayView data);
// "sha256:<hex>" of a file's content, streamed; empty (with *error) when it cannot be read.
QString sha256OfFile(const QString &path, QString *error = nullptr);
// "sha256:" + hex, for a raw 32-byte SHA-256 result.
QString fromRaw(QByteArrayView rawSha256);

// True for exactly "sha256:" + 64 lower-case hex digits. Upper-case hex is refused: the
// spec says lower case, and two spellings of one digest would defeat string comparison.
bool isValid(QStringView digest, QString *error = nullptr);
// The 64 hex digits of a valid digest; empty when the digest is not valid.
QString hex(QStringView digest);

} // namespace enclii::oci::Digest
