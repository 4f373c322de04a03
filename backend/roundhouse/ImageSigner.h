#pragma once

#include <QByteArray>
#include <QMutex>
#include <QString>

#include <memory>
#include <optional>

namespace enclii::store {
class Database;
}
namespace enclii::auth {
class SecretBox;
}

namespace enclii::roundhouse {

// The key Roundhouse signs images with (ECDSA P-256, cosign-compatible), generated on first
// start and kept in image_signing_keys with its private half sealed by the master key. Every
// encliid process sharing the database uses the same key: the first to start creates it.
// Its public half is served at GET /v1/signing/public-key for `cosign verify --key`.
class ImageSigner
{
public:
    ImageSigner(store::Database &db, const auth::SecretBox &box);
    ~ImageSigner();

    // Loads the active key, creating it when there is none; false with the reason.
    bool ensureKey(QString *error);
    QString keyId() const;
    QString publicKeyPem() const;

    struct Signature
    {
        QByteArray payload;       // the simple-signing payload, signed as is
        QString signatureBase64;  // ECDSA-SHA256 over payload, ASN.1 DER, base64
    };
    // dockerReference: "registry/repository" the image is pushed to.
    std::optional<Signature> sign(const QString &dockerReference, const QString &manifestDigest, QString *error) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::roundhouse
