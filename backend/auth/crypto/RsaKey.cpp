#include "auth/crypto/RsaKey.h"

#include "auth/crypto/Base64Url.h"
#include "auth/crypto/OpenSslHandles_p.h"
#include "auth/crypto/PasswordHash.h"

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace enclii::auth {

using namespace detail;

struct RsaKey::Data
{
    PkeyPtr pkey;
    bool hasPrivate = false;
    int bits = 0;
};

namespace {

// A PEM larger than this is not an RSA key we would accept (16384-bit PKCS#8 is ~12 KiB).
constexpr qsizetype kMaxPemSize = 64 * 1024;

// Called by OpenSSL for encrypted PEM. Returning an error, instead of leaving the callback
// null, stops OpenSSL from prompting for a pass phrase on the controlling terminal.
int refusePassphrase(char *, int, int, void *) { return -1; }

BioPtr memoryBioFor(QByteArrayView data)
{
    return BioPtr(BIO_new_mem_buf(data.data(), int(data.size())));
}

QByteArray drain(BIO *bio)
{
    char *p = nullptr;
    const long n = BIO_get_mem_data(bio, &p);
    return n > 0 ? QByteArray(p, qsizetype(n)) : QByteArray();
}

BignumPtr bnParam(const EVP_PKEY *pkey, const char *name)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    return BignumPtr(bn);
}

QByteArray bigEndian(const BIGNUM *bn)
{
    // BN_bn2bin writes the minimal big-endian form: exactly what RFC 7518 §6.3.1 wants.
    QByteArray out(BN_num_bytes(bn), Qt::Uninitialized);
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

PkeyPtr publicKeyFrom(const BIGNUM *n, const BIGNUM *e, QString *error)
{
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n) != 1
        || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e) != 1) {
        setError(error, takeOpenSslError());
        return nullptr;
    }
    ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY *raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1
        || EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        setError(error, QStringLiteral("cannot build RSA public key: %1").arg(takeOpenSslError()));
        return nullptr;
    }
    return PkeyPtr(raw);
}

std::optional<QByteArray> jwkNumber(const QJsonObject &jwk, const char *member, QString *error)
{
    const QJsonValue v = jwk.value(QLatin1String(member));
    if (!v.isString() || v.toString().isEmpty()) {
        setError(error, QStringLiteral("JWK has no \"%1\" string").arg(QLatin1String(member)));
        return std::nullopt;
    }
    QString why;
    auto bytes = base64UrlDecode(v.toString().toLatin1(), &why);
    if (!bytes) {
        setError(error, QStringLiteral("JWK \"%1\" is not base64url: %2").arg(QLatin1String(member), why));
        return std::nullopt;
    }
    // Some producers prefix a zero octet (RFC 7518 §6.3.1.1 warns about it). The number is
    // the same, so accept it; our own output never has one.
    qsizetype zeros = 0;
    while (zeros < bytes->size() && bytes->at(zeros) == '\0')
        ++zeros;
    bytes->remove(0, zeros);
    if (bytes->isEmpty()) {
        setError(error, QStringLiteral("JWK \"%1\" is zero").arg(QLatin1String(member)));
        return std::nullopt;
    }
    return bytes;
}

} // namespace

RsaKey::RsaKey() = default;

RsaKey::RsaKey(std::shared_ptr<const Data> d)
    : m_d(std::move(d))
{
}

std::optional<RsaKey> RsaKey::adopt(std::unique_ptr<Data> d, QString *error)
{
    EVP_PKEY *pkey = d->pkey.get();
    if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA) {
        setError(error, QStringLiteral("key is not an RSA key"));
        return std::nullopt;
    }
    d->bits = EVP_PKEY_get_bits(pkey);
    if (d->bits < MinimumBits || d->bits > MaximumBits) {
        setError(error, QStringLiteral("RSA key has %1 bits; RS256 needs %2 to %3")
                            .arg(d->bits).arg(MinimumBits).arg(MaximumBits));
        return std::nullopt;
    }
    d->hasPrivate = bnParam(pkey, OSSL_PKEY_PARAM_RSA_D) != nullptr;

    // Structural checks catch a corrupted PEM or a hostile JWK (even n, tiny e, n with
    // small factors) before it is trusted. The pairwise check proves the private half
    // belongs to the public half, so we never publish a JWK that cannot verify our tokens.
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
    if (!ctx || EVP_PKEY_public_check(ctx.get()) != 1) {
        setError(error, QStringLiteral("RSA public key fails validation: %1").arg(takeOpenSslError()));
        return std::nullopt;
    }
    if (d->hasPrivate && EVP_PKEY_pairwise_check(ctx.get()) != 1) {
        setError(error, QStringLiteral("RSA private key is inconsistent: %1").arg(takeOpenSslError()));
        return std::nullopt;
    }
    return RsaKey(std::shared_ptr<const Data>(std::move(d)));
}

std::optional<RsaKey> RsaKey::generate(int bits, QString *error)
{
    if (bits < MinimumBits || bits > MaximumBits) {
        setError(error, QStringLiteral("RSA key size %1 is outside %2..%3").arg(bits).arg(MinimumBits).arg(MaximumBits));
        return std::nullopt;
    }
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY *raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1
        || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1
        || EVP_PKEY_generate(ctx.get(), &raw) != 1) {
        setError(error, QStringLiteral("RSA key generation failed: %1").arg(takeOpenSslError()));
        return std::nullopt;
    }
    auto d = std::make_unique<Data>();
    d->pkey.reset(raw);
    return adopt(std::move(d), error);
}

std::optional<RsaKey> RsaKey::fromPrivatePem(QByteArrayView pem, QString *error)
{
    if (pem.isEmpty() || pem.size() > kMaxPemSize) {
        setError(error, QStringLiteral("private key PEM is empty or larger than %1 bytes").arg(kMaxPemSize));
        return std::nullopt;
    }
    BioPtr bio = memoryBioFor(pem);
    EVP_PKEY *raw = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, refusePassphrase, nullptr) : nullptr;
    if (!raw) {
        const QString why = takeOpenSslError();
        setError(error, pem.indexOf(QByteArrayView("ENCRYPTED")) >= 0
                            ? QStringLiteral("private key PEM is encrypted; an unencrypted key is required")
                            : QStringLiteral("not a private key PEM: %1").arg(why));
        return std::nullopt;
    }
    auto d = std::make_unique<Data>();
    d->pkey.reset(raw);
    return adopt(std::move(d), error);
}

std::optional<RsaKey> RsaKey::fromPublicPem(QByteArrayView pem, QString *error)
{
    if (pem.isEmpty() || pem.size() > kMaxPemSize) {
        setError(error, QStringLiteral("public key PEM is empty or larger than %1 bytes").arg(kMaxPemSize));
        return std::nullopt;
    }
    BioPtr bio = memoryBioFor(pem);
    EVP_PKEY *raw = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, refusePassphrase, nullptr) : nullptr;
    if (!raw) {
        setError(error, QStringLiteral("not a public key PEM: %1").arg(takeOpenSslError()));
        return std::nullopt;
    }
    auto d = std::make_unique<Data>();
    d->pkey.reset(raw);
    return adopt(std::move(d), error);
}

std::optional<RsaKey> RsaKey::fromJwk(const QJsonObject &jwk, QString *error)
{
    if (jwk.value(QLatin1String("kty")).toString() != QLatin1String("RSA")) {
        setError(error, QStringLiteral("JWK kty is not \"RSA\""));
        return std::nullopt;
    }
    if (jwk.contains(QLatin1String("use")) && jwk.value(QLatin1String("use")).toString() != QLatin1String("sig")) {
        setError(error, QStringLiteral("JWK use is not \"sig\""));
        return std::nullopt;
    }
    if (jwk.contains(QLatin1String("alg")) && jwk.value(QLatin1String("alg")).toString() != QLatin1String("RS256")) {
        setError(error, QStringLiteral("JWK alg is not \"RS256\""));
        return std::nullopt;
    }
    const auto n = jwkNumber(jwk, "n", error);
    if (!n)
        return std::nullopt;
    const auto e = jwkNumber(jwk, "e", error);
    if (!e)
        return std::nullopt;
    // Size checks before any big-number work, so a hostile JWKS cannot make us chew on
    // megabit moduli; adopt() repeats the exact bit count check.
    if (n->size() * 8 > MaximumBits || n->size() * 8 < MinimumBits) {
        setError(error, QStringLiteral("JWK modulus has %1 bytes; RS256 needs %2 to %3 bits")
                            .arg(n->size()).arg(MinimumBits).arg(MaximumBits));
        return std::nullopt;
    }
    if (e->size() > n->size()) {
        setError(error, QStringLiteral("JWK exponent is larger than the modulus"));
        return std::nullopt;
    }
    BignumPtr bn(BN_bin2bn(bytes(*n), int(n->size()), nullptr));
    BignumPtr be(BN_bin2bn(bytes(*e), int(e->size()), nullptr));
    if (!bn || !be) {
        setError(error, takeOpenSslError());
        return std::nullopt;
    }
    PkeyPtr pkey = publicKeyFrom(bn.get(), be.get(), error);
    if (!pkey)
        return std::nullopt;
    auto d = std::make_unique<Data>();
    d->pkey = std::move(pkey);
    return adopt(std::move(d), error);
}

bool RsaKey::hasPrivateKey() const { return m_d && m_d->hasPrivate; }

int RsaKey::bits() const { return m_d ? m_d->bits : 0; }

int RsaKey::signatureSize() const { return m_d ? EVP_PKEY_get_size(m_d->pkey.get()) : 0; }

QByteArray RsaKey::toPrivatePem() const
{
    if (!hasPrivateKey())
        return {};
    // A secure-memory BIO so the PEM's intermediate buffer is wiped when freed.
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_d->pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        ERR_clear_error();
        return {};
    }
    return drain(bio.get());
}

QByteArray RsaKey::toPublicPem() const
{
    if (!m_d)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_d->pkey.get()) != 1) {
        ERR_clear_error();
        return {};
    }
    return drain(bio.get());
}

RsaKey RsaKey::publicKey() const
{
    if (!hasPrivateKey())
        return *this;
    const BignumPtr n = bnParam(m_d->pkey.get(), OSSL_PKEY_PARAM_RSA_N);
    const BignumPtr e = bnParam(m_d->pkey.get(), OSSL_PKEY_PARAM_RSA_E);
    if (!n || !e)
        return {};
    PkeyPtr pkey = publicKeyFrom(n.get(), e.get(), nullptr);
    if (!pkey)
        return {};
    auto d = std::make_unique<Data>();
    d->pkey = std::move(pkey);
    d->bits = m_d->bits;
    return RsaKey(std::shared_ptr<const Data>(std::move(d)));
}

QJsonObject RsaKey::publicJwk(const QString &kid) const
{
    if (!m_d)
        return {};
    const BignumPtr n = bnParam(m_d->pkey.get(), OSSL_PKEY_PARAM_RSA_N);
    const BignumPtr e = bnParam(m_d->pkey.get(), OSSL_PKEY_PARAM_RSA_E);
    if (!n || !e)
        return {};
    QJsonObject jwk{
        {QStringLiteral("kty"), QStringLiteral("RSA")},
        {QStringLiteral("use"), QStringLiteral("sig")},
        {QStringLiteral("alg"), QStringLiteral("RS256")},
        {QStringLiteral("n"), QString::fromLatin1(base64UrlEncode(bigEndian(n.get())))},
        {QStringLiteral("e"), QString::fromLatin1(base64UrlEncode(bigEndian(e.get())))},
    };
    if (!kid.isEmpty())
        jwk.insert(QStringLiteral("kid"), kid);
    return jwk;
}

QString RsaKey::thumbprint() const
{
    const QJsonObject jwk = publicJwk(QString());
    if (jwk.isEmpty())
        return {};
    // RFC 7638 §3.2: required members only, lexicographic order, no whitespace. Written by
    // hand because the exact bytes are the contract; n and e are base64url, needing no escapes.
    const QByteArray canonical = "{\"e\":\"" + jwk.value(QLatin1String("e")).toString().toLatin1()
        + "\",\"kty\":\"RSA\",\"n\":\"" + jwk.value(QLatin1String("n")).toString().toLatin1() + "\"}";
    return QString::fromLatin1(base64UrlEncode(sha256(canonical)));
}

QByteArray RsaKey::signRs256(QByteArrayView data) const
{
    if (!hasPrivateKey())
        return {};
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr; // owned by ctx
    size_t len = 0;
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, m_d->pkey.get(), nullptr) != 1
        || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &len, bytes(data), size_t(data.size())) != 1) {
        ERR_clear_error();
        return {};
    }
    QByteArray sig(qsizetype(len), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(sig.data()), &len, bytes(data), size_t(data.size())) != 1) {
        ERR_clear_error();
        return {};
    }
    sig.truncate(qsizetype(len));
    return sig;
}

bool RsaKey::verifyRs256(QByteArrayView data, QByteArrayView signature) const
{
    // RFC 8017 §8.2.2 step 1: the signature must be exactly the modulus length.
    if (!m_d || signature.size() != signatureSize())
        return false;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr; // owned by ctx
    const bool ok = ctx
        && EVP_DigestVerifyInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, m_d->pkey.get(), nullptr) == 1
        && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1
        && EVP_DigestVerify(ctx.get(), bytes(signature), size_t(signature.size()), bytes(data), size_t(data.size())) == 1;
    if (!ok)
        ERR_clear_error();
    return ok;
}

} // namespace enclii::auth
