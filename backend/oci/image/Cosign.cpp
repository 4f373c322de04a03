#include "oci/image/Cosign.h"

#include "oci/image/Digest.h"
#include "oci/image/ImageManifest.h"
#include "oci/image/Json_p.h"
#include "oci/image/MediaTypes.h"

#include <QJsonArray>

namespace enclii::oci::Cosign {

using detail::setError;

namespace {

constexpr qsizetype kMaxReference = 512;
constexpr qsizetype kMaxPayload = 64 * 1024;
// go-containerregistry's empty image has the zero time.Time as its timestamps.
const QString kZeroTime = QStringLiteral("0001-01-01T00:00:00Z");

bool isValidReference(const QString &reference)
{
    if (reference.isEmpty() || reference.size() > kMaxReference)
        return false;
    return std::all_of(reference.cbegin(), reference.cend(), [](QChar c) {
        return c.unicode() > 0x20 && c.unicode() < 0x7f && c != u'"' && c != u'\\' && c != u'<' && c != u'>'
            && c != u'&';
    });
}

// A repository reference without its tag or digest.
QString repositoryOf(QString reference)
{
    const qsizetype at = reference.indexOf(u'@');
    if (at >= 0)
        reference.truncate(at);
    const qsizetype colon = reference.lastIndexOf(u':');
    if (colon > reference.lastIndexOf(u'/'))
        reference.truncate(colon);
    return reference;
}

// Go's encoding/json matches member names case-insensitively; an exact match wins.
QJsonValue member(const QJsonObject &object, QLatin1StringView key)
{
    if (object.contains(key))
        return object.value(key);
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return QJsonValue(QJsonValue::Undefined);
}

Verification result(Verification::Status status, const QString &reason)
{
    return {status, reason};
}

} // namespace

std::optional<QByteArray> simpleSigningPayload(const QString &dockerReference, const QString &manifestDigest,
                                               QString *error)
{
    QString why;
    if (!Digest::isValid(manifestDigest, &why)) {
        setError(error, why);
        return std::nullopt;
    }
    if (!isValidReference(dockerReference)) {
        setError(error, QStringLiteral("\"%1\" is not a valid image reference").arg(dockerReference.left(kMaxReference)));
        return std::nullopt;
    }
    // Written by hand, not through QJsonDocument: the member order is cosign's (Go struct
    // order), which a sorted-key serialiser would not keep. Both values were checked to
    // need no JSON escaping.
    return QByteArray(R"({"critical":{"identity":{"docker-reference":")") + dockerReference.toUtf8()
        + R"("},"image":{"docker-manifest-digest":")" + manifestDigest.toUtf8() + R"("},"type":")"
        + QByteArray(SignatureType.data(), SignatureType.size()) + R"("},"optional":null})";
}

QString signatureTag(const QString &manifestDigest)
{
    const QString hex = Digest::hex(manifestDigest);
    return hex.isEmpty() ? QString() : QStringLiteral("sha256-%1.sig").arg(hex);
}

QString sign(const SigningKey &key, const QByteArray &payload)
{
    const QByteArray der = key.sign(payload);
    return der.isEmpty() ? QString() : QString::fromLatin1(der.toBase64());
}

ArtifactManifest signatureManifest(const QList<SignedPayload> &signatures)
{
    ArtifactManifest out;
    ImageManifest manifest;
    QJsonArray diffIds;
    QJsonArray history;
    for (const SignedPayload &s : signatures) {
        Descriptor layer{QString(MediaType::CosignSimpleSigning), Digest::sha256(s.payload), s.payload.size(), {}, {}, {}, {}};
        layer.annotations.insert(SignatureAnnotation, s.signatureBase64);
        manifest.layers.append(layer);
        diffIds.append(layer.digest);
        history.append(QJsonObject{{QStringLiteral("created"), kZeroTime}});
        out.blobs.append({layer, ImageBlob::Source::Bytes, {}, s.payload});
    }
    const QJsonObject config{{QStringLiteral("architecture"), QString()},
                             {QStringLiteral("os"), QString()},
                             {QStringLiteral("created"), kZeroTime},
                             {QStringLiteral("config"), QJsonObject()},
                             {QStringLiteral("history"), history},
                             {QStringLiteral("rootfs"), QJsonObject{{QStringLiteral("type"), QStringLiteral("layers")},
                                                                    {QStringLiteral("diff_ids"), diffIds}}}};
    const QByteArray configJson = detail::compactJson(config);
    manifest.config = {QString(MediaType::OciConfig), Digest::sha256(configJson), configJson.size(), {}, {}, {}, {}};
    out.blobs.append({manifest.config, ImageBlob::Source::Bytes, {}, configJson});
    out.manifestJson = manifest.toJson();
    out.manifest = manifest.descriptor();
    return out;
}

Verification verifySignature(const QByteArray &publicKeyPem, const QByteArray &payload, const QString &signatureBase64,
                             const QString &expectedManifestDigest, const QString &expectedReference)
{
    using S = Verification::Status;
    QString why;
    const auto key = SigningKey::fromPublicPem(publicKeyPem, &why);
    if (!key)
        return result(S::BadKey, QStringLiteral("the public key cannot be used: %1").arg(why));

    const auto decoded = QByteArray::fromBase64Encoding(signatureBase64.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty() || signatureBase64.size() > 1024)
        return result(S::MalformedSignature, QStringLiteral("the signature is not standard base64 of a DER signature"));
    if (!key->verify(payload, decoded.decoded))
        return result(S::BadSignature, QStringLiteral("the signature does not verify over the payload with key %1")
                                           .arg(key->keyId().left(16)));

    if (payload.size() > kMaxPayload)
        return result(S::MalformedPayload, QStringLiteral("the payload is larger than %1 bytes").arg(kMaxPayload));
    const auto object = detail::parseJsonObject(payload, QStringLiteral("payload"), kMaxPayload, &why);
    if (!object)
        return result(S::MalformedPayload, why);
    const QJsonValue critical = member(*object, QLatin1StringView("critical"));
    if (!critical.isObject())
        return result(S::MalformedPayload, QStringLiteral("the payload has no \"critical\" object"));
    const QJsonValue type = member(critical.toObject(), QLatin1StringView("type"));
    if (!type.isString())
        return result(S::MalformedPayload, QStringLiteral("the payload has no critical.type"));
    if (type.toString() != SignatureType)
        return result(S::WrongType, QStringLiteral("critical.type is \"%1\", not \"%2\"")
                                        .arg(type.toString().left(80), QString(SignatureType)));
    const QJsonValue digest =
        member(member(critical.toObject(), QLatin1StringView("image")).toObject(), QLatin1StringView("docker-manifest-digest"));
    if (!digest.isString() || !Digest::isValid(digest.toString()))
        return result(S::MalformedPayload, QStringLiteral("critical.image.docker-manifest-digest is missing or invalid"));
    if (digest.toString() != expectedManifestDigest)
        return result(S::DigestMismatch, QStringLiteral("the signature is for manifest %1, not %2")
                                             .arg(digest.toString(), expectedManifestDigest.left(80)));
    if (!expectedReference.isEmpty()) {
        const QJsonValue reference = member(member(critical.toObject(), QLatin1StringView("identity")).toObject(),
                                            QLatin1StringView("docker-reference"));
        if (!reference.isString())
            return result(S::MalformedPayload, QStringLiteral("critical.identity.docker-reference is missing"));
        if (repositoryOf(reference.toString()) != repositoryOf(expectedReference))
            return result(S::ReferenceMismatch, QStringLiteral("the signature names repository \"%1\", not \"%2\"")
                                                    .arg(reference.toString().left(kMaxReference),
                                                         repositoryOf(expectedReference).left(kMaxReference)));
    }
    return result(S::Ok, QStringLiteral("signature verified with key %1").arg(key->keyId().left(16)));
}

} // namespace enclii::oci::Cosign
