#pragma once

#include "oci/image/ArtifactManifest.h"
#include "oci/image/SigningKey.h"

#include <QByteArray>
#include <QLatin1StringView>
#include <QList>
#include <QString>

#include <optional>

// Signatures cosign can verify and that we verify like cosign does, following cosign's
// SIGNATURE_SPEC.md: a simple-signing payload that names the image's manifest digest, an
// ECDSA P-256/SHA-256 signature over the payload bytes, and a signature manifest pushed in
// the image's repository under the tag "sha256-<hex>.sig".
//
// Signing a build:
//     const QByteArray payload = *Cosign::simpleSigningPayload("registry.example/shop/api", image.manifest.digest);
//     const QString signature = Cosign::sign(key, payload);
//     const ArtifactManifest sig = Cosign::signatureManifest({{payload, signature}});
//     push sig.blobs, then sig.manifestJson under Cosign::signatureTag(image.manifest.digest)
namespace enclii::oci::Cosign {

inline constexpr QLatin1StringView SignatureAnnotation{"dev.cosignproject.cosign/signature"};
inline constexpr QLatin1StringView SignatureType{"cosign container image signature"};

// The payload bytes exactly as cosign writes them:
// {"critical":{"identity":{"docker-reference":"<ref>"},"image":{"docker-manifest-digest":
// "<digest>"},"type":"cosign container image signature"},"optional":null}
// `dockerReference` is the repository without tag or digest ("registry.example/shop/api").
// Fails for an invalid digest, or a reference that is empty, longer than 512 bytes or has
// characters no image reference has (controls, spaces, quotes, backslashes).
std::optional<QByteArray> simpleSigningPayload(const QString &dockerReference, const QString &manifestDigest,
                                               QString *error = nullptr);

// "sha256-<hex>.sig": where tag-based discovery finds the signatures of a manifest. Empty
// for an invalid digest.
QString signatureTag(const QString &manifestDigest);

// The base64 (standard alphabet, padded) DER ECDSA-SHA256 signature of the payload, as
// the layer annotation carries it. Empty when the key cannot sign.
QString sign(const SigningKey &key, const QByteArray &payload);

struct SignedPayload
{
    QByteArray payload;
    QString signatureBase64;
};

// The signature manifest: an OCI image manifest whose config is a minimal image config
// (rootfs.diff_ids = the payload digests, as go-containerregistry writes it for cosign) and
// whose layers are the payloads, media type application/vnd.dev.cosign.simplesigning.v1+json,
// each annotated with dev.cosignproject.cosign/signature. Several signatures of one image
// (several keys) share one manifest, one layer each, in the order given.
ArtifactManifest signatureManifest(const QList<SignedPayload> &signatures);

struct Verification
{
    enum class Status {
        Ok,
        BadKey,             // the public key PEM is not a P-256 SPKI key
        MalformedSignature, // not base64, or empty
        BadSignature,       // does not verify over the payload with this key
        MalformedPayload,   // not the simple-signing JSON shape
        WrongType,          // critical.type is not "cosign container image signature"
        DigestMismatch,     // signs another manifest
        ReferenceMismatch,  // signs the digest for another repository
    };
    Status status = Status::Ok;
    QString reason; // one sentence, safe to log and to show to a user

    bool ok() const { return status == Status::Ok; }
};

// Checks a signature as `cosign verify --key` does: the signature over the exact payload
// bytes first, then the payload's claims. `expectedReference`, when not empty, must equal
// critical.identity.docker-reference (a tag or digest on `expectedReference` is ignored).
// Member names in the payload match case-insensitively, as Go's encoding/json does, so
// payloads written as in the spec's example ("Docker-manifest-digest") verify too.
Verification verifySignature(const QByteArray &publicKeyPem, const QByteArray &payload, const QString &signatureBase64,
                             const QString &expectedManifestDigest, const QString &expectedReference = {});

} // namespace enclii::oci::Cosign
