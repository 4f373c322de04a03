#pragma once

#include "auth/crypto/SecretBox.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::store {
class Database;
}

namespace enclii::roundhouse {

// The webhook's rows: the deliveries seen (a redelivery is recognised by its id) and each
// repository's webhook secret, sealed with the master key (associated data: the normalised
// repository URL, so a sealed secret copied to another repository's row does not open).
class WebhookStore
{
public:
    WebhookStore(store::Database &db, auth::SecretBox box);

    // Stores (or replaces) the secret of repo (any URL form; normalised here).
    void putSecret(const QString &repo, const QByteArray &secret);
    // The secret of the first of repos (normalised URLs) that has one, and which repo that was.
    struct Found
    {
        QString repo;
        QByteArray secret;
    };
    std::optional<Found> findSecret(const QStringList &repos);

    // Whether deliveryId was handled before (a replay).
    bool seenDelivery(const QString &deliveryId);
    // Remembers a handled delivery. Called after its jobs are queued, so a crash in between
    // leaves it unremembered and GitHub's redelivery handles it again (enqueue is idempotent,
    // so nothing is queued twice). False when it was remembered meanwhile (a concurrent replay).
    bool recordDelivery(const QString &deliveryId, const QString &event, const QString &repo, const QString &outcome);

private:
    store::Database &m_db;
    auth::SecretBox m_box;
};

} // namespace enclii::roundhouse
