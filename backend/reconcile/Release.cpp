#include "Release.h"

#include <QRegularExpression>

namespace enclii::reconcile {

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

bool isImageByDigest(const QString &image, QString *error)
{
    const QString expected = QStringLiteral("expected <repository>@sha256:<64 lowercase hex digits>");
    if (image.isEmpty())
        return fail(error, QStringLiteral("no image; ") + expected);
    const qsizetype at = image.indexOf(u'@');
    if (at < 0)
        return fail(error, QStringLiteral("image \"%1\" is not pinned by digest; %2").arg(image, expected));
    const QString repository = image.left(at);
    const QString digest = image.mid(at + 1);

    const qsizetype colon = digest.indexOf(u':');
    const QString algorithm = digest.left(colon);
    if (colon < 0 || algorithm != QLatin1String("sha256"))
        return fail(error, QStringLiteral("image \"%1\": digest algorithm must be sha256; %2").arg(image, expected));
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (!hex.match(digest.mid(colon + 1)).hasMatch())
        return fail(error, QStringLiteral("image \"%1\": the digest must be 64 lowercase hex digits after sha256:; %2")
                               .arg(image, expected));

    // A colon after the last '/' is a tag (one before it is a registry port).
    if (repository.mid(repository.lastIndexOf(u'/') + 1).contains(u':'))
        return fail(error, QStringLiteral("image \"%1\" names a tag as well as a digest; give the digest only").arg(image));
    static const QRegularExpression name(QStringLiteral(
        "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
        "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$"));
    if (repository.size() > 255 || !name.match(repository).hasMatch())
        return fail(error, QStringLiteral("image \"%1\": \"%2\" is not a valid repository name "
                                          "(lowercase path components, an optional registry host[:port]/)")
                               .arg(image, repository));
    return true;
}

bool validateRelease(const Release &release, const QString &service, QString *error)
{
    if (release.service != service)
        return fail(error, QStringLiteral("release for %1: it names service \"%2\"").arg(service, release.service));
    QString why;
    if (!isImageByDigest(release.image, &why))
        return fail(error, QStringLiteral("release for %1 refused: %2").arg(service, why));
    return true;
}

} // namespace enclii::reconcile
