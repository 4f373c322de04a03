#pragma once

#include <QList>
#include <QString>

#include <utility>
#include <variant>

class QJsonObject;

namespace enclii::kube {

// One entry of a Status object's details.causes: {"reason","message","field"}
// (e.g. FieldManagerConflict, FieldValueInvalid, FieldValueRequired).
struct StatusCause
{
    QString type;
    QString message;
    QString field;
};

// A server-side apply conflict read from a FieldManagerConflict cause: the field path
// (".spec.replicas") and the manager that owns it ("kube-controller-manager").
struct FieldConflict
{
    QString manager;
    QString field;
};

// What went wrong with one Kubernetes API call or with loading a configuration. It names
// the verb and URL of the request (never credentials: tokens travel in a header that is
// never copied here, and URLs carry no user information) and, for HTTP failures, the
// Status object the API server answered with (reason, message, details, causes).
struct KubeError
{
    enum class Kind {
        Config,          // a kubeconfig or in-cluster configuration that cannot be used
        InvalidArgument, // the caller's input: an unknown kind, a bad name, a malformed object
        Network,         // connection refused/reset, DNS, TLS handshake
        Timeout,         // no progress within the request timeout
        Http,            // an HTTP status the call does not accept (see httpStatus/reason)
        Protocol,        // an answer we cannot read: bad JSON, oversized body or event
    };

    Kind kind = Kind::Http;
    QString operation;  // "apply Deployment shop/web", "list Pod shop", "load kubeconfig"
    QString verb;       // HTTP method of the failing request, when there was one
    QString url;        // that request's URL: scheme, host, path, query
    int httpStatus = 0;
    // From the Status object, when the server sent one.
    QString reason;     // NotFound, AlreadyExists, Conflict, Invalid, Expired, Gone, TooManyRequests...
    QString message;    // the server's message, or ours when there is none
    QString detailsName;
    QString detailsGroup;
    QString detailsKind;
    QList<StatusCause> causes;
    int retryAfterSeconds = 0; // details.retryAfterSeconds
    int attempts = 1;          // how many times the request was tried

    bool isNotFound() const { return httpStatus == 404; }
    bool isAlreadyExists() const { return httpStatus == 409 && reason == QLatin1String("AlreadyExists"); }
    // A 409: an apply conflict (see fieldConflicts) or an optimistic-concurrency failure.
    bool isConflict() const { return httpStatus == 409 && reason != QLatin1String("AlreadyExists"); }
    // 410 Gone / Expired: a watch resourceVersion or list continue token too old; relist.
    bool isExpired() const;
    bool isForbidden() const { return httpStatus == 403; }
    bool isUnauthorized() const { return httpStatus == 401; }
    // Whether trying again later could succeed (network, timeout, 5xx, 429).
    bool isTransient() const;
    // The conflicting managers and fields of a server-side apply 409.
    QList<FieldConflict> fieldConflicts() const;

    // "apply Deployment shop/web failed: Apply failed with 1 conflict: ... [PATCH https://...
    // -> HTTP 409 Conflict; .spec.replicas owned by "hpa-controller"] after 2 attempts", with
    // a hint on how to fix what the kind of failure usually needs.
    QString toString() const;
    static QString kindName(Kind kind);
    // An error that is not an HTTP answer: a configuration, an argument, a transport failure.
    static KubeError make(Kind kind, const QString &operation, const QString &message);

    // Fills status, reason, message, details and causes from a metav1.Status object (bounded:
    // long strings are cut and at most 32 causes kept). Fields the object lacks stay as they are.
    void readStatus(const QJsonObject &status);
};

// A value or the error of the call that should have produced it.
template <typename T>
class KubeResult
{
public:
    KubeResult(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    KubeResult(KubeError error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }
    // Only when ok().
    const T &value() const { return *std::get_if<0>(&m_state); }
    T &value() { return *std::get_if<0>(&m_state); }
    const T *operator->() const { return std::get_if<0>(&m_state); }
    T *operator->() { return std::get_if<0>(&m_state); }
    const T &operator*() const { return value(); }
    // The error; an empty one when ok(), so messages can be built unconditionally.
    const KubeError &error() const
    {
        static const KubeError none;
        return ok() ? none : *std::get_if<1>(&m_state);
    }

private:
    std::variant<T, KubeError> m_state;
};

} // namespace enclii::kube
