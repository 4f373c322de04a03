#pragma once

// Internal to enclii_oci_registry: hashing content against a digest.

#include <QCryptographicHash>
#include <QFile>
#include <QString>

#include <optional>

namespace enclii::oci {

// Hashes with the algorithm a digest names (sha256 or sha512), so content can be checked
// against any digest ImageReference::isValidDigest accepts.
class ContentHasher
{
public:
    explicit ContentHasher(const QString &digestOrAlgorithm)
        : m_sha512(digestOrAlgorithm.startsWith(QLatin1String("sha512")))
        , m_hash(m_sha512 ? QCryptographicHash::Sha512 : QCryptographicHash::Sha256)
    {
    }
    void add(QByteArrayView data) { m_hash.addData(data); }
    void reset() { m_hash.reset(); }
    QString digest() const
    {
        return QLatin1String(m_sha512 ? "sha512:" : "sha256:") + QString::fromLatin1(m_hash.result().toHex());
    }

private:
    bool m_sha512;
    QCryptographicHash m_hash;
};

inline QString sha256Of(QByteArrayView data)
{
    return QLatin1String("sha256:")
        + QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

// sha256 of a whole file, streamed; nullopt with the reason when it cannot be read.
inline std::optional<QString> sha256OfFile(const QString &path, qint64 *size, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    ContentHasher hasher(QStringLiteral("sha256"));
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    qint64 total = 0;
    for (;;) {
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        if (n == 0)
            break;
        hasher.add(QByteArrayView(buffer.constData(), n));
        total += n;
    }
    *size = total;
    return hasher.digest();
}

} // namespace enclii::oci
