#include "oci/image/Digest.h"

#include "oci/image/DigestHasher.h"

#include <QFile>

namespace enclii::oci::Digest {

QString sha256(QByteArrayView data)
{
    DigestHasher hasher;
    hasher.addData(data);
    return hasher.digest();
}

QString sha256OfFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    DigestHasher hasher;
    QByteArray chunk(64 * 1024, Qt::Uninitialized);
    for (;;) {
        const qint64 n = file.read(chunk.data(), chunk.size());
        if (n < 0) {
            if (error)
                *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return {};
        }
        if (n == 0)
            break;
        hasher.addData(QByteArrayView(chunk.constData(), n));
    }
    return hasher.digest();
}

QString fromRaw(QByteArrayView rawSha256)
{
    return Sha256Prefix + QString::fromLatin1(rawSha256.toByteArray().toHex());
}

bool isValid(QStringView digest, QString *error)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("invalid digest \"%1\": %2").arg(digest.left(80).toString(), why);
        return false;
    };
    if (!digest.startsWith(Sha256Prefix))
        return fail(QStringLiteral("only sha256:<64 hex digits> is supported"));
    const QStringView h = digest.mid(Sha256Prefix.size());
    if (h.size() != 64)
        return fail(QStringLiteral("expected 64 hex digits after \"sha256:\", got %1").arg(h.size()));
    for (const QChar c : h) {
        const bool ok = (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
        if (!ok)
            return fail(QStringLiteral("hex digits must be 0-9 or a-f (lower case)"));
    }
    return true;
}

QString hex(QStringView digest)
{
    return isValid(digest) ? digest.mid(Sha256Prefix.size()).toString() : QString();
}

} // namespace enclii::oci::Digest
