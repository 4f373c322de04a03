#include "ImageSigner.h"

#include "auth/crypto/SecretBox.h"
#include "oci/image/Cosign.h"
#include "oci/image/SigningKey.h"
#include "store/Database.h"
#include "store/PqxxUtil_p.h"

namespace enclii::roundhouse {

using namespace store::detail;

namespace {

// Associated data of the sealed private key: a sealed value cannot be moved to another use.
constexpr QByteArrayView kSealContext = "enclii image-signing key";

} // namespace

struct ImageSigner::Private
{
    Private(store::Database &d, const auth::SecretBox &b) : db(d), box(b) {}
    store::Database &db;
    const auth::SecretBox &box;
    mutable QMutex mutex;
    oci::SigningKey key;
    QString keyId;
    QString publicPem;
};

ImageSigner::ImageSigner(store::Database &db, const auth::SecretBox &box) : d(std::make_unique<Private>(db, box)) {}

ImageSigner::~ImageSigner() = default;

bool ImageSigner::ensureKey(QString *error)
{
    QMutexLocker lock(&d->mutex);
    for (int round = 0; round < 2; ++round) {
        std::optional<std::pair<QString, QByteArray>> stored;
        d->db.withConnection([&](pqxx::connection_base &c) {
            pqxx::read_transaction tx(c);
            const auto r = tx.exec("SELECT key_id, private_sealed FROM image_signing_keys WHERE active");
            if (!r.empty()) {
                const pqxx::binarystring sealed(r[0][1]);
                stored = std::make_pair(qstr(r[0][0]), QByteArray(reinterpret_cast<const char *>(sealed.data()), qsizetype(sealed.size())));
            }
        });
        if (stored) {
            const auto pem = d->box.open(stored->second, kSealContext);
            if (!pem) {
                *error = QStringLiteral("the image-signing key %1 cannot be unsealed: the master key is not the one it was sealed with")
                             .arg(stored->first.left(16));
                return false;
            }
            QString why;
            auto key = oci::SigningKey::fromPrivatePem(*pem, &why);
            if (!key) {
                *error = QStringLiteral("the stored image-signing key is not usable: %1").arg(why);
                return false;
            }
            d->key = *key;
            d->keyId = key->keyId();
            d->publicPem = QString::fromLatin1(key->toPublicPem());
            return true;
        }
        // None yet: make one. Two processes starting at once both try; the unique index on
        // the active key lets one win, and the other loads the winner's on the next round.
        QString why;
        const auto fresh = oci::SigningKey::generate(&why);
        if (!fresh) {
            *error = QStringLiteral("generating an image-signing key failed: %1").arg(why);
            return false;
        }
        const QByteArray sealed = d->box.seal(fresh->toPrivatePem(), kSealContext);
        d->db.withConnection([&](pqxx::connection_base &c) {
            pqxx::work tx(c);
            tx.exec_params("INSERT INTO image_signing_keys (key_id, public_pem, private_sealed) VALUES ($1, $2, $3)"
                           " ON CONFLICT DO NOTHING",
                           str(fresh->keyId()), fresh->toPublicPem().toStdString(),
                           pqxx::binarystring(sealed.constData(), size_t(sealed.size())));
            tx.commit();
        });
    }
    *error = QStringLiteral("no image-signing key could be stored");
    return false;
}

QString ImageSigner::keyId() const
{
    QMutexLocker lock(&d->mutex);
    return d->keyId;
}

QString ImageSigner::publicKeyPem() const
{
    QMutexLocker lock(&d->mutex);
    return d->publicPem;
}

std::optional<ImageSigner::Signature> ImageSigner::sign(const QString &dockerReference, const QString &manifestDigest, QString *error) const
{
    oci::SigningKey key;
    {
        QMutexLocker lock(&d->mutex);
        key = d->key;
    }
    if (key.isNull()) {
        *error = QStringLiteral("no image-signing key is loaded");
        return std::nullopt;
    }
    const auto payload = oci::Cosign::simpleSigningPayload(dockerReference, manifestDigest, error);
    if (!payload)
        return std::nullopt;
    const QString signature = oci::Cosign::sign(key, *payload);
    if (signature.isEmpty()) {
        *error = QStringLiteral("signing failed");
        return std::nullopt;
    }
    return Signature{*payload, signature};
}

} // namespace enclii::roundhouse
