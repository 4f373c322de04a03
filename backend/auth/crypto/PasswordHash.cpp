#include "auth/crypto/PasswordHash.h"

#include "auth/crypto/Base64Url.h"
#include "auth/crypto/OpenSslHandles_p.h"

#include <QList>

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace enclii::auth {

using namespace detail;

namespace {

constexpr int kSaltBytes = 16;
constexpr int kKeyBytes = 32;
// Accepted from stored strings: a bit of room for older or future settings, never absurd.
constexpr int kMinSaltBytes = 8;
constexpr int kMaxSaltBytes = 64;
constexpr int kMinKeyBytes = 16;
constexpr int kMaxKeyBytes = 64;

QByteArray passwordBytes(const QString &password)
{
    return password.normalized(QString::NormalizationForm_C).toUtf8();
}

// Derives into `out` (pre-sized). Params must already be validated.
bool scrypt(const QByteArray &password, const QByteArray &salt, const ScryptParams &params, QByteArray &out)
{
    // maxmem must be explicit: OpenSSL's 32 MiB default is just below what the default
    // parameters need (128 * 8 * (2^15 + 2) bytes), and too loose a bound defeats the check.
    const auto maxmem = params.memoryBytes() + 1024 * 1024;
    const int ok = EVP_PBE_scrypt(password.constData(), size_t(password.size()), bytes(salt), size_t(salt.size()),
                                  params.N, params.r, params.p, maxmem,
                                  reinterpret_cast<unsigned char *>(out.data()), size_t(out.size()));
    if (ok != 1) {
        ERR_clear_error();
        return false;
    }
    return true;
}

// Strict decimal: digits only, no sign, no leading zeros, at most 10 digits, so "08",
// "+8", " 8" and 20-digit overflow attempts all fail.
bool parseDecimal(const QString &text, std::uint64_t &value)
{
    if (text.isEmpty() || text.size() > 10 || (text.size() > 1 && text.front() == QLatin1Char('0')))
        return false;
    std::uint64_t v = 0;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
        v = v * 10 + std::uint64_t(c.unicode() - '0');
    }
    value = v;
    return true;
}

} // namespace

QString ScryptParams::validate() const
{
    if (N < 2 || (N & (N - 1)) != 0)
        return QStringLiteral("N must be a power of two of at least 2");
    if (N > MaxN)
        return QStringLiteral("N %1 exceeds %2").arg(N).arg(MaxN);
    if (r < 1 || r > 64)
        return QStringLiteral("r must be between 1 and 64");
    if (p < 1 || p > 64)
        return QStringLiteral("p must be between 1 and 64");
    // Each factor is bounded above, so these products cannot overflow 64 bits.
    if (memoryBytes() > MaxMemoryBytes)
        return QStringLiteral("parameters need %1 bytes, more than %2").arg(memoryBytes()).arg(MaxMemoryBytes);
    if (N * r * p > MaxWork)
        return QStringLiteral("N*r*p %1 exceeds %2").arg(N * r * p).arg(MaxWork);
    return {};
}

std::uint64_t ScryptParams::memoryBytes() const
{
    // V is 128*r*(N+2) bytes in OpenSSL's implementation, B is 128*r*p.
    return 128ull * r * (N + 2) + 128ull * r * p;
}

QString hashPassword(const QString &password, const ScryptParams &params)
{
    if (!params.validate().isEmpty())
        return {};
    const QByteArray salt = randomBytes(kSaltBytes);
    if (salt.size() != kSaltBytes)
        return {};
    QByteArray key(kKeyBytes, Qt::Uninitialized);
    if (!scrypt(passwordBytes(password), salt, params, key))
        return {};
    return QStringLiteral("scrypt$%1$%2$%3$%4$%5")
        .arg(params.N)
        .arg(params.r)
        .arg(params.p)
        .arg(QString::fromLatin1(base64UrlEncode(salt)), QString::fromLatin1(base64UrlEncode(key)));
}

bool verifyPassword(const QString &password, const QString &encoded)
{
    // A stored hash is short; refuse anything that is obviously not one before splitting.
    if (encoded.size() > 512)
        return false;
    const QStringList parts = encoded.split(QLatin1Char('$'));
    if (parts.size() != 6 || parts[0] != QLatin1String("scrypt"))
        return false;
    std::uint64_t n = 0, r = 0, p = 0;
    if (!parseDecimal(parts[1], n) || !parseDecimal(parts[2], r) || !parseDecimal(parts[3], p))
        return false;
    if (r > 0xffffffffu || p > 0xffffffffu)
        return false;
    const ScryptParams params{n, std::uint32_t(r), std::uint32_t(p)};
    if (!params.validate().isEmpty())
        return false;
    const auto salt = base64UrlDecode(parts[4].toLatin1());
    const auto expected = base64UrlDecode(parts[5].toLatin1());
    if (!salt || !expected || salt->size() < kMinSaltBytes || salt->size() > kMaxSaltBytes
        || expected->size() < kMinKeyBytes || expected->size() > kMaxKeyBytes)
        return false;
    QByteArray actual(expected->size(), Qt::Uninitialized);
    if (!scrypt(passwordBytes(password), *salt, params, actual))
        return false;
    return constantTimeEquals(actual, *expected);
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(bytes(a), bytes(b), size_t(a.size())) == 0;
}

QByteArray randomBytes(int n)
{
    if (n <= 0)
        return {};
    QByteArray out(n, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), n) != 1) {
        ERR_clear_error();
        return {};
    }
    return out;
}

QString randomToken(int bytes)
{
    const QByteArray raw = randomBytes(bytes);
    return raw.isEmpty() ? QString() : QString::fromLatin1(base64UrlEncode(raw));
}

QByteArray sha256(QByteArrayView data)
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int len = 0;
    if (EVP_Digest(bytes(data), size_t(data.size()), reinterpret_cast<unsigned char *>(out.data()), &len,
                   EVP_sha256(), nullptr) != 1 || len != 32) {
        ERR_clear_error();
        return {};
    }
    return out;
}

} // namespace enclii::auth
