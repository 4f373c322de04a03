#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace enclii::auth {

// An RSA key pair (or public key alone) for RS256 signatures.
//
// Copies are cheap and share one immutable OpenSSL key: nothing mutates a key after it
// is built, and OpenSSL allows concurrent signing/verifying with one EVP_PKEY as long as
// each operation has its own context (which every method creates). So an RsaKey can be
// copied into a JWKS cache and handed to worker threads freely.
//
// Every constructor refuses moduli under 2048 bits (RFC 7518 §3.3) and non-RSA keys
// (including RSA-PSS keys, which cannot make PKCS#1 v1.5 signatures).
class RsaKey
{
public:
    static constexpr int MinimumBits = 2048;
    // OpenSSL's own ceiling; also bounds the cost of a verify an attacker can force via a JWK.
    static constexpr int MaximumBits = 16384;

    // A null key: isNull() is true, sign returns empty, verify returns false.
    RsaKey();

    static std::optional<RsaKey> generate(int bits = 2048, QString *error = nullptr);

    // PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY", unencrypted. Encrypted PEM is
    // refused rather than prompting for a pass phrase on the daemon's terminal.
    static std::optional<RsaKey> fromPrivatePem(QByteArrayView pem, QString *error = nullptr);
    // SubjectPublicKeyInfo "PUBLIC KEY".
    static std::optional<RsaKey> fromPublicPem(QByteArrayView pem, QString *error = nullptr);
    // A public RSA JWK (RFC 7517/7518 §6.3.1). Only n and e are read; private members are
    // ignored, so the result never has a private key. "use", when present, must be "sig"
    // and "alg", when present, must be "RS256": a key published for anything else must not
    // verify our tokens (RFC 8725 §3.1).
    static std::optional<RsaKey> fromJwk(const QJsonObject &jwk, QString *error = nullptr);

    bool isNull() const { return !m_d; }
    bool hasPrivateKey() const;
    int bits() const;
    // The length every RS256 signature of this key has, in bytes.
    int signatureSize() const;

    // Unencrypted PKCS#8 PEM; empty when there is no private key. Store it sealed (SecretBox).
    QByteArray toPrivatePem() const;
    QByteArray toPublicPem() const;
    // The same key without its private half, for handing to verifiers.
    RsaKey publicKey() const;

    // {kty:"RSA", use:"sig", alg:"RS256", kid, n, e}; n and e are unsigned big-endian
    // without leading zero octets (RFC 7518 §6.3.1). kid is omitted when empty.
    QJsonObject publicJwk(const QString &kid) const;
    // RFC 7638 SHA-256 thumbprint, base64url: stable across re-encodings, so a good kid.
    QString thumbprint() const;

    // RSASSA-PKCS1-v1_5 with SHA-256. Empty on failure (null key, no private key).
    QByteArray signRs256(QByteArrayView data) const;
    // False for any failure, including a signature of the wrong length.
    bool verifyRs256(QByteArrayView data, QByteArrayView signature) const;

private:
    struct Data;
    explicit RsaKey(std::shared_ptr<const Data> d);
    // Checks type and size once, so every other method can trust m_d.
    static std::optional<RsaKey> adopt(std::unique_ptr<Data> d, QString *error);

    std::shared_ptr<const Data> m_d;
};

} // namespace enclii::auth
