#pragma once

#include "KeyRing.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QString>

namespace enclii::auth {

// The keys of an external OpenID Connect issuer (Janua in production): its discovery
// document names jwks_uri; the JWKS is cached, refreshed when it expires and when a token
// names an unknown kid — at most once per minRefreshSeconds, so a flood of forged kids
// cannot turn into a flood of fetches.
class RemoteJwks : public KeySource
{
public:
    explicit RemoteJwks(QString issuer, int cacheSeconds = 600, int minRefreshSeconds = 30, int timeoutMs = 5000);

    std::optional<RsaKey> publicKey(const QString &kid, QString *error) override;
    int fetchCount() const { return m_fetches; }

private:
    bool refresh(QString *error); // with m_fetchMutex held; takes m_mutex only to swap the keys in

    QString m_issuer;
    int m_cacheSeconds;
    int m_minRefreshSeconds;
    int m_timeoutMs;
    QMutex m_mutex;      // guards m_keys, m_fetched, m_fetches
    QMutex m_fetchMutex; // one fetch at a time; m_jwksUri
    QHash<QString, RsaKey> m_keys;
    QString m_jwksUri;
    QElapsedTimer m_fetched;
    int m_fetches = 0;
};

// GETs a JSON document with a deadline, from any thread: the request runs in a thread of
// its own with its own event loop, so a caller on the HTTP server's loop cannot deadlock
// with it. Returns false with the reason.
bool fetchJson(const QString &url, int timeoutMs, QJsonObject *out, QString *error);

} // namespace enclii::auth
