#include "WebhookStore.h"

#include "GitHubWebhook.h"

#include "store/Database.h"
#include "store/PqxxUtil_p.h"

#include <spdlog/spdlog.h>

namespace enclii::roundhouse {

using namespace store::detail;

WebhookStore::WebhookStore(store::Database &db, auth::SecretBox box) : m_db(db), m_box(std::move(box)) {}

void WebhookStore::putSecret(const QString &repo, const QByteArray &secret)
{
    const QString key = normaliseRepoUrl(repo);
    const QByteArray sealed = m_box.seal(secret, key.toUtf8());
    if (sealed.isEmpty())
        throw std::runtime_error("sealing the webhook secret failed");
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO repo_secrets (repo, secret_sealed) VALUES ($1, $2)"
                       " ON CONFLICT (repo) DO UPDATE SET secret_sealed = excluded.secret_sealed, updated_at = now()",
                       str(key), pqxx::binarystring(sealed.constData(), std::size_t(sealed.size())));
        tx.commit();
    });
}

std::optional<WebhookStore::Found> WebhookStore::findSecret(const QStringList &repos)
{
    std::optional<Found> out;
    if (repos.isEmpty())
        return out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.reset();
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params("SELECT repo, secret_sealed FROM repo_secrets WHERE repo = ANY($1::text[])",
                                         textArrayLiteral(repos));
        for (const QString &want : repos) {
            for (const auto &r : rows) {
                if (qstr(r[0]) != want)
                    continue;
                const pqxx::binarystring sealed(r[1]);
                const auto secret = m_box.open(QByteArrayView(reinterpret_cast<const char *>(sealed.data()), qsizetype(sealed.size())),
                                               want.toUtf8());
                if (!secret) {
                    spdlog::error("the webhook secret of {} does not open with the master key", want.toStdString());
                    continue;
                }
                out = Found{want, *secret};
                return;
            }
        }
    });
    return out;
}

bool WebhookStore::seenDelivery(const QString &deliveryId)
{
    bool seen = false;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        seen = !tx.exec_params("SELECT 1 FROM webhook_deliveries WHERE delivery_id = $1", str(deliveryId)).empty();
    });
    return seen;
}

bool WebhookStore::recordDelivery(const QString &deliveryId, const QString &event, const QString &repo, const QString &outcome)
{
    bool recorded = false;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        recorded = !tx.exec_params("INSERT INTO webhook_deliveries (delivery_id, event, repo, outcome) VALUES ($1, $2, $3, $4)"
                                   " ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id",
                                   str(deliveryId), str(event), str(repo), str(outcome))
                        .empty();
        tx.commit();
    });
    return recorded;
}

} // namespace enclii::roundhouse
