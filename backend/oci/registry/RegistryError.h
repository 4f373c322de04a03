#pragma once

#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace enclii::oci {

// One entry of a registry's error body: {"errors":[{"code","message","detail"}]}
// (OCI distribution spec, "Error Codes"), e.g. MANIFEST_UNKNOWN, BLOB_UNKNOWN, DENIED.
struct RegistryErrorEntry
{
    QString code;
    QString message;
    QString detail; // the detail member as compact JSON, shortened
};

// What went wrong with one registry operation. It names the operation, the request and
// the HTTP status, carries the registry's own error codes, and never holds a password or
// a token: URLs are built without user information and Authorization headers are never
// copied into it.
struct RegistryError
{
    enum class Kind {
        InvalidArgument, // the caller's input (a bad digest, repository, size...)
        Network,         // connection refused/reset, DNS, TLS
        Timeout,         // no progress within the request timeout
        Http,            // an HTTP status the operation does not accept
        Unauthorized,    // 401/403, or the token service refused the credentials
        NotFound,        // 404: unknown repository, manifest, blob or upload
        DigestMismatch,  // content does not hash to the digest it was asked for
        Protocol,        // a malformed answer: bad JSON, missing Location, oversized body
        Io,              // a local file could not be read or written
    };

    Kind kind = Kind::Http;
    QString operation; // "push blob", "get manifest", ...
    QString method;    // HTTP method of the failing request, when there was one
    QString url;       // that request's URL (scheme, host, path, query; never credentials)
    int httpStatus = 0;
    QList<RegistryErrorEntry> registryErrors;
    QString message;   // what happened, in words
    int attempts = 1;  // how many times the request was tried

    bool hasCode(QStringView code) const;
    bool isNotFound() const { return kind == Kind::NotFound; }
    // Whether trying again later could succeed (network, timeout, 5xx, 429).
    bool isTransient() const;
    // "get manifest failed: <message> [GET <url> -> HTTP 404; MANIFEST_UNKNOWN: manifest unknown] after 3 attempts"
    QString toString() const;
    static QString kindName(Kind kind);
};

// A value or the error of the operation that should have produced it.
template <typename T>
class RegistryResult
{
public:
    RegistryResult(T value) : m_value(std::move(value)) {}
    RegistryResult(RegistryError error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return *m_value; }
    T &value() { return *m_value; }
    const T *operator->() const { return &*m_value; }
    const T &operator*() const { return *m_value; }
    const RegistryError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    RegistryError m_error;
};

template <>
class RegistryResult<void>
{
public:
    RegistryResult() = default;
    RegistryResult(RegistryError error) : m_failed(true), m_error(std::move(error)) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const RegistryError &error() const { return m_error; }

private:
    bool m_failed = false;
    RegistryError m_error;
};

} // namespace enclii::oci
