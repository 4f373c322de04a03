#pragma once

// Private to the crypto library: the only header that includes OpenSSL. Public headers
// stay OpenSSL-free so that linking enclii_auth_crypto never drags OpenSSL's include
// path into the rest of the daemon.

#include <QByteArrayView>
#include <QString>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include <climits>
#include <memory>

namespace enclii::auth::detail {

template <typename T, void (*Free)(T *)>
struct OpenSslDeleter
{
    void operator()(T *p) const { Free(p); }
};

// BN_free takes a BIGNUM*, but BIO_free returns int: wrap so every handle fits one template.
inline void freeBio(BIO *b) { BIO_free(b); }

using PkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, OpenSslDeleter<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, freeBio>>;
// BN_clear_free: the same handle type carries private exponents, which must not linger in freed memory.
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_clear_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OpenSslDeleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, OpenSslDeleter<OSSL_PARAM, OSSL_PARAM_free>>;

// Drains OpenSSL's (thread-local) error queue and returns the newest reason. Draining
// matters: a stale entry would otherwise be blamed for the next, unrelated failure.
inline QString takeOpenSslError()
{
    unsigned long last = 0;
    while (const unsigned long e = ERR_get_error())
        last = e;
    if (last == 0)
        return QStringLiteral("unknown OpenSSL error");
    char buf[256];
    ERR_error_string_n(last, buf, sizeof buf);
    return QString::fromLatin1(buf);
}

inline const unsigned char *bytes(QByteArrayView v)
{
    // Some OpenSSL entry points reject a null pointer even with length 0.
    static const unsigned char empty = 0;
    return v.isEmpty() ? &empty : reinterpret_cast<const unsigned char *>(v.data());
}

inline bool fitsInt(qsizetype n) { return n >= 0 && n <= INT_MAX; }

inline void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace enclii::auth::detail
