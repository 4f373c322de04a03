#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>
#include <optional>

namespace enclii::auth {

// Authenticated encryption for secrets at rest (signing keys, webhook secrets, tokens in
// PostgreSQL): AES-256-GCM under one 32-byte master key.
//
// Sealed layout: "v1" | 12-byte random nonce | ciphertext | 16-byte tag. The version
// prefix is authenticated too, so a later format cannot be confused with this one.
// Nonces are random, so NIST SP 800-38D caps one key at 2^32 seals; secrets at rest stay
// many orders of magnitude below that.
//
// associatedData binds a ciphertext to its place, e.g. "webhook_secrets/<id>": a value
// copied into another row then fails to open instead of silently decrypting.
//
// A copyable value; the key is wiped from memory when an instance is destroyed.
class SecretBox
{
public:
    static constexpr int KeySize = 32;
    static constexpr int NonceSize = 12;
    static constexpr int TagSize = 16;
    static constexpr int Overhead = 2 + NonceSize + TagSize;

    // nullopt unless key32 is exactly 32 bytes.
    static std::optional<SecretBox> fromKey(QByteArray key32);

    // Empty only if the random generator fails or the input exceeds 2 GiB.
    QByteArray seal(QByteArrayView plaintext, QByteArrayView associatedData = {}) const;
    // nullopt for anything that is not an untampered seal under this key and associatedData:
    // flipped bits, truncation, wrong key, wrong associated data, unknown version.
    std::optional<QByteArray> open(QByteArrayView sealed, QByteArrayView associatedData = {}) const;

    // Reads the master key (base64 of 32 bytes, surrounding whitespace ignored) from path,
    // or creates it with a fresh random key when the file does not exist. Creation is
    // atomic: the key is written to a temporary file made with O_CREAT|O_EXCL and mode
    // 0600 (then fchmod'ed, so an odd umask cannot change it), fsync'ed, and published with
    // link(), which fails rather than overwrites if another process won the race; a crash
    // therefore never leaves a half-written key file. An existing file that group or
    // others can access in any way is refused, as is anything but a regular file.
    // Returns the 32-byte key, or empty with *error set.
    static QByteArray loadOrCreateKeyFile(const QString &path, QString *error = nullptr);

    SecretBox(const SecretBox &) = default;
    SecretBox &operator=(const SecretBox &) = default;
    ~SecretBox();

private:
    SecretBox() = default;

    std::array<unsigned char, KeySize> m_key{};
};

} // namespace enclii::auth
