#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstdint>

namespace enclii::auth {

// scrypt cost parameters (RFC 7914). The defaults cost about 32 MiB and a few tens of
// milliseconds per hash; tests pass a small N to stay fast.
struct ScryptParams
{
    std::uint64_t N = 1u << 15; // CPU/memory cost, a power of two
    std::uint32_t r = 8;        // block size
    std::uint32_t p = 1;        // parallelism

    // Limits verifyPassword enforces on parameters read from a stored hash, so a planted or
    // corrupted row cannot make a login allocate gigabytes or spin for minutes.
    static constexpr std::uint64_t MaxN = 1u << 20;
    static constexpr std::uint64_t MaxMemoryBytes = 256u * 1024 * 1024;
    static constexpr std::uint64_t MaxWork = 1u << 23; // N * r * p: 32x the default

    // Empty when acceptable, otherwise why not.
    QString validate() const;
    // The bytes scrypt will allocate: 128 * r * (N + p), plus OpenSSL's small overhead.
    std::uint64_t memoryBytes() const;
};

// "scrypt$N$r$p$<salt>$<hash>", salt (16 random bytes) and hash (32 bytes) base64url
// without padding. The password is NFC-normalized and UTF-8 encoded first, so the same
// password typed on two keyboards that compose accents differently still matches.
// Empty on failure (invalid params, no randomness).
QString hashPassword(const QString &password, const ScryptParams &params = {});

// Constant-time check against a string from hashPassword. False for a wrong password and
// for any malformed string or out-of-bounds parameters, which are rejected before scrypt
// allocates anything.
bool verifyPassword(const QString &password, const QString &encoded);

// True when equal; the time depends on the length only, never on where bytes differ.
// Different lengths compare unequal at once: lengths are not secret here.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// n bytes from OpenSSL's CSPRNG; empty if n <= 0 or the generator fails (callers that need
// the bytes check the size).
QByteArray randomBytes(int n);
// base64url of `bytes` random bytes: session ids, CSRF tokens, PKCE verifiers, client secrets.
QString randomToken(int bytes = 32);

QByteArray sha256(QByteArrayView data);

} // namespace enclii::auth
