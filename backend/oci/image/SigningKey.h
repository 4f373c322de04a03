#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>
#include <optional>

namespace enclii::oci {

// An ECDSA P-256 key, the scheme every cosign implementation must support
// (SIGNATURE_SPEC.md, "Signature Schemes"). Signatures are ECDSA over SHA-256 of the
// message, ASN.1 DER encoded, exactly what `openssl dgst -sha256 -sign` makes and what
// `cosign verify --key` checks.
//
// Copies share one immutable OpenSSL key; every operation makes its own context, so a key
// may be used from several threads at once.
//
// Private keys are imported and exported as unencrypted PKCS#8 PEM; store them sealed
// (auth/crypto SecretBox). cosign's own encrypted key format ("ENCRYPTED SIGSTORE
// PRIVATE KEY", scrypt + secretbox) is not read: export the key with `openssl` or keep the
// one we generate.
class SigningKey
{
public:
    SigningKey();
    ~SigningKey();
    SigningKey(const SigningKey &);
    SigningKey &operator=(const SigningKey &);

    static std::optional<SigningKey> generate(QString *error = nullptr);
    // PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY", unencrypted, P-256 only.
    static std::optional<SigningKey> fromPrivatePem(QByteArrayView pem, QString *error = nullptr);
    // SubjectPublicKeyInfo "PUBLIC KEY" (cosign.pub), P-256 only.
    static std::optional<SigningKey> fromPublicPem(QByteArrayView pem, QString *error = nullptr);

    bool isNull() const { return !m_d; }
    bool hasPrivateKey() const;

    QByteArray toPrivatePem() const; // PKCS#8; empty without a private key
    QByteArray toPublicPem() const;  // SPKI
    QByteArray publicKeyDer() const; // SPKI, DER
    // Lower-case hex SHA-256 of the SPKI DER: stable across PEM re-encodings, the same as
    // `openssl pkey -pubin -outform DER | sha256sum`.
    QString keyId() const;

    // ECDSA-SHA256, DER. Empty on failure (null key, no private key).
    QByteArray sign(QByteArrayView message) const;
    // False for every failure, including a malformed signature.
    bool verify(QByteArrayView message, QByteArrayView derSignature) const;

private:
    struct Data;
    explicit SigningKey(std::shared_ptr<const Data> d);
    static std::optional<SigningKey> fromPem(QByteArrayView pem, bool privateKey, QString *error);
    std::shared_ptr<const Data> m_d;
};

} // namespace enclii::oci
