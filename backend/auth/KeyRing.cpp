#include "KeyRing.h"

#include "store/IdentityRepository.h"

#include <QJsonArray>

namespace enclii::auth {

namespace {

// Another replica may rotate: an unknown kid triggers a reload, at most this often.
constexpr qint64 kReloadIntervalMs = 5000;

QByteArray sealingContext(const QString &kid)
{
    return "enclii signing key " + kid.toUtf8();
}

} // namespace

KeyRing::KeyRing(store::IdentityRepository &repo, SecretBox box) : m_repo(repo), m_box(std::move(box)) {}

std::optional<RsaKey> KeyRing::unseal(const QString &kid, const QByteArray &sealed, QString *error) const
{
    const auto pem = m_box.open(sealed, sealingContext(kid));
    if (!pem) {
        if (error)
            *error = QStringLiteral("signing key %1 cannot be unsealed: the master key differs from the one that sealed it").arg(kid);
        return std::nullopt;
    }
    return RsaKey::fromPrivatePem(*pem, error);
}

bool KeyRing::reload(QString *error)
{
    // Built aside and swapped in only when complete: a failed reload (the database gone for a
    // moment) keeps the keys we had instead of leaving none.
    std::optional<Signing> signing;
    QHash<QString, RsaKey> published;
    QJsonArray keys;
    QList<store::SigningKeyRow> rows;
    try {
        rows = m_repo.publishedKeys();
    } catch (const std::exception &e) {
        if (error)
            *error = QStringLiteral("cannot read the signing keys: %1").arg(QString::fromUtf8(e.what()).left(200));
        return false;
    }
    m_lastReload.start();
    for (const auto &row : rows) {
        auto pub = RsaKey::fromJwk(row.publicJwk, error);
        if (!pub)
            continue;
        published.insert(row.kid, *pub);
        keys << row.publicJwk;
        const bool signs = !row.retireAfter.isValid() || row.retireAfter > QDateTime::currentDateTimeUtc();
        if (signs && !signing) {
            auto priv = unseal(row.kid, row.privateSealed, error);
            if (!priv)
                return false;
            signing = Signing{row.kid, *priv};
        }
    }
    m_signing = signing;
    m_public = published;
    m_jwks = QJsonObject{{QStringLiteral("keys"), keys}};
    return true;
}

bool KeyRing::ensureSigningKey(QString *error)
{
    QMutexLocker lock(&m_mutex);
    if (!reload(error))
        return false;
    if (m_signing)
        return true;
    auto key = RsaKey::generate(2048, error);
    if (!key)
        return false;
    const QString kid = key->thumbprint();
    store::SigningKeyRow row;
    row.kid = kid;
    row.privateSealed = m_box.seal(key->toPrivatePem(), sealingContext(kid));
    row.publicJwk = key->publicJwk(kid);
    m_repo.insertKey(row);
    return reload(error) && m_signing.has_value();
}

std::optional<KeyRing::Signing> KeyRing::signingKey()
{
    QMutexLocker lock(&m_mutex);
    if (!m_signing || (m_signing && m_lastReload.elapsed() > 60000))
        reload(nullptr);
    return m_signing;
}

bool KeyRing::rotate(int overlapSeconds, QString *error)
{
    QString kidToRetire;
    {
        QMutexLocker lock(&m_mutex);
        reload(error);
        if (m_signing)
            kidToRetire = m_signing->kid;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!kidToRetire.isEmpty())
        m_repo.retireKey(kidToRetire, now, now.addSecs(overlapSeconds));
    return ensureSigningKey(error);
}

QJsonObject KeyRing::jwks()
{
    QMutexLocker lock(&m_mutex);
    if (m_lastReload.elapsed() > kReloadIntervalMs)
        reload(nullptr);
    return m_jwks;
}

std::optional<RsaKey> KeyRing::publicKey(const QString &kid, QString *error)
{
    QMutexLocker lock(&m_mutex);
    // Reloaded on an unknown kid and at least once a minute, so a key another replica
    // retired and expired stops verifying here too.
    if (!m_lastReload.isValid() || m_lastReload.elapsed() > 60000)
        reload(nullptr);
    auto it = m_public.constFind(kid);
    if (it == m_public.constEnd() && (!m_lastReload.isValid() || m_lastReload.elapsed() > kReloadIntervalMs)) {
        reload(nullptr);
        it = m_public.constFind(kid);
    }
    if (it == m_public.constEnd()) {
        if (error)
            *error = QStringLiteral("no published key has kid \"%1\"").arg(kid.left(64));
        return std::nullopt;
    }
    return *it;
}

} // namespace enclii::auth
