#include "oci/image/SigningKey.h"

// The OpenSSL handle types and error draining are shared with auth/crypto (header-only,
// so this library still links OpenSSL privately and nothing of auth).
#include "auth/crypto/OpenSslHandles_p.h"
#include "oci/image/Json_p.h"

#include <QCryptographicHash>

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>

namespace enclii::oci {

using detail::setError;
using auth::detail::BioPtr;
using auth::detail::MdCtxPtr;
using auth::detail::PkeyPtr;
using auth::detail::takeOpenSslError;

struct SigningKey::Data
{
    PkeyPtr pkey;
    bool hasPrivate = false;
};

namespace {

// A P-256 key in PEM is a few hundred bytes; anything this large is not one.
constexpr qsizetype kMaxPemSize = 16 * 1024;

// Returning an error from the pass-phrase callback stops OpenSSL from prompting on the
// daemon's terminal for an encrypted key.
int refusePassphrase(char *, int, int, void *) { return -1; }

BioPtr memoryBio(QByteArrayView data)
{
    return BioPtr(BIO_new_mem_buf(data.data(), int(data.size())));
}

QByteArray drain(BIO *bio)
{
    char *p = nullptr;
    const long n = BIO_get_mem_data(bio, &p);
    return n > 0 ? QByteArray(p, qsizetype(n)) : QByteArray();
}

bool isP256(EVP_PKEY *pkey)
{
    if (EVP_PKEY_is_a(pkey, "EC") != 1)
        return false;
    char group[64] = {};
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) != 1)
        return false;
    return std::strcmp(group, "prime256v1") == 0 || std::strcmp(group, "P-256") == 0;
}

} // namespace

SigningKey::SigningKey() = default;
SigningKey::~SigningKey() = default;
SigningKey::SigningKey(const SigningKey &) = default;
SigningKey &SigningKey::operator=(const SigningKey &) = default;
SigningKey::SigningKey(std::shared_ptr<const Data> d) : m_d(std::move(d)) {}

bool SigningKey::hasPrivateKey() const
{
    return m_d && m_d->hasPrivate;
}

std::optional<SigningKey> SigningKey::generate(QString *error)
{
    auto d = std::make_shared<Data>();
    d->pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!d->pkey) {
        setError(error, QStringLiteral("cannot generate a P-256 key: %1").arg(takeOpenSslError()));
        return std::nullopt;
    }
    d->hasPrivate = true;
    return SigningKey(std::move(d));
}

std::optional<SigningKey> SigningKey::fromPem(QByteArrayView pem, bool privateKey, QString *error)
{
    const QString what = privateKey ? QStringLiteral("private") : QStringLiteral("public");
    if (pem.size() > kMaxPemSize) {
        setError(error, QStringLiteral("%1 key PEM is too large to be a P-256 key").arg(what));
        return std::nullopt;
    }
    BioPtr bio = memoryBio(pem);
    auto d = std::make_shared<Data>();
    if (bio)
        d->pkey.reset(privateKey ? PEM_read_bio_PrivateKey(bio.get(), nullptr, refusePassphrase, nullptr)
                                 : PEM_read_bio_PUBKEY(bio.get(), nullptr, refusePassphrase, nullptr));
    if (!d->pkey) {
        setError(error, QStringLiteral("not an unencrypted PEM %1 key: %2").arg(what, takeOpenSslError()));
        return std::nullopt;
    }
    if (!isP256(d->pkey.get())) {
        setError(error, QStringLiteral("the %1 key is not an ECDSA P-256 key").arg(what));
        return std::nullopt;
    }
    d->hasPrivate = privateKey;
    return SigningKey(std::move(d));
}

std::optional<SigningKey> SigningKey::fromPrivatePem(QByteArrayView pem, QString *error)
{
    return fromPem(pem, true, error);
}

std::optional<SigningKey> SigningKey::fromPublicPem(QByteArrayView pem, QString *error)
{
    return fromPem(pem, false, error);
}

QByteArray SigningKey::toPrivatePem() const
{
    if (!hasPrivateKey())
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_d->pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return drain(bio.get());
}

QByteArray SigningKey::toPublicPem() const
{
    if (!m_d)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_d->pkey.get()) != 1)
        return {};
    return drain(bio.get());
}

QByteArray SigningKey::publicKeyDer() const
{
    if (!m_d)
        return {};
    const int n = i2d_PUBKEY(m_d->pkey.get(), nullptr);
    if (n <= 0)
        return {};
    QByteArray der(n, Qt::Uninitialized);
    auto *p = reinterpret_cast<unsigned char *>(der.data());
    return i2d_PUBKEY(m_d->pkey.get(), &p) == n ? der : QByteArray();
}

QString SigningKey::keyId() const
{
    const QByteArray der = publicKeyDer();
    return der.isEmpty() ? QString() : QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha256).toHex());
}

QByteArray SigningKey::sign(QByteArrayView message) const
{
    if (!hasPrivateKey())
        return {};
    MdCtxPtr ctx(EVP_MD_CTX_new());
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_d->pkey.get()) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char *>(message.data()),
                          size_t(message.size()))
               != 1) {
        takeOpenSslError();
        return {};
    }
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(message.data()), size_t(message.size()))
        != 1) {
        takeOpenSslError();
        return {};
    }
    signature.resize(qsizetype(length)); // DER ECDSA signatures vary in length
    return signature;
}

bool SigningKey::verify(QByteArrayView message, QByteArrayView derSignature) const
{
    if (!m_d || derSignature.isEmpty() || derSignature.size() > 256)
        return false;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    const bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_d->pkey.get()) == 1
        && EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(derSignature.data()),
                            size_t(derSignature.size()), reinterpret_cast<const unsigned char *>(message.data()),
                            size_t(message.size()))
            == 1;
    if (!ok)
        takeOpenSslError();
    return ok;
}

} // namespace enclii::oci
