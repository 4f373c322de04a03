#include "oci/image/OciLayout.h"

#include "oci/image/Digest.h"
#include "oci/image/DigestHasher.h"
#include "oci/image/Json_p.h"
#include "oci/image/MediaTypes.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSaveFile>
#include <QTemporaryFile>

namespace enclii::oci {

using detail::setError;

namespace {

const QString kLayoutFile = QStringLiteral("oci-layout");
const QString kIndexFile = QStringLiteral("index.json");

bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        setError(error, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

} // namespace

std::optional<OciLayout> OciLayout::create(const QString &dir, QString *error)
{
    if (!QDir().mkpath(dir + QStringLiteral("/blobs/sha256"))) {
        setError(error, QStringLiteral("cannot create the OCI layout folder %1").arg(dir));
        return std::nullopt;
    }
    OciLayout layout(dir);
    if (QFile::exists(dir + u'/' + kLayoutFile))
        return open(dir, error);
    if (!writeAtomically(dir + u'/' + kLayoutFile, R"({"imageLayoutVersion":"1.0.0"})", error))
        return std::nullopt;
    if (!layout.addManifest({}, {}, error)) // writes an empty index.json
        return std::nullopt;
    return layout;
}

std::optional<OciLayout> OciLayout::open(const QString &dir, QString *error)
{
    QFile marker(dir + u'/' + kLayoutFile);
    if (!marker.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("%1 is not an OCI image layout: no readable oci-layout file").arg(dir));
        return std::nullopt;
    }
    const auto object = detail::parseJsonObject(marker.read(64 * 1024), QStringLiteral("%1/oci-layout").arg(dir),
                                                64 * 1024, error);
    if (!object)
        return std::nullopt;
    if (object->value(QLatin1StringView("imageLayoutVersion")).toString() != QLatin1StringView("1.0.0")) {
        setError(error, QStringLiteral("%1/oci-layout: unsupported imageLayoutVersion (expected 1.0.0)").arg(dir));
        return std::nullopt;
    }
    OciLayout layout(dir);
    if (!layout.loadIndex(error))
        return std::nullopt;
    return layout;
}

bool OciLayout::loadIndex(QString *error)
{
    const QString path = m_dir + u'/' + kIndexFile;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    const auto index = detail::parseJsonObject(file.read(MaxIndexBytes + 1), path, MaxIndexBytes, error);
    if (!index)
        return false;
    if (index->value(QLatin1StringView("schemaVersion")).toInt() != 2) {
        setError(error, QStringLiteral("%1: schemaVersion must be 2").arg(path));
        return false;
    }
    m_manifests.clear();
    QString why;
    for (const QJsonValue &entry : index->value(QLatin1StringView("manifests")).toArray()) {
        const auto d = Descriptor::fromJson(entry.toObject(), &why);
        if (!d) {
            setError(error, QStringLiteral("%1: %2").arg(path, why));
            return false;
        }
        m_manifests.append(*d);
    }
    return true;
}

QString OciLayout::blobPath(const QString &digest) const
{
    return m_dir + QStringLiteral("/blobs/sha256/") + Digest::hex(digest);
}

bool OciLayout::hasBlob(const QString &digest) const
{
    return Digest::isValid(digest) && QFile::exists(blobPath(digest));
}

bool OciLayout::storeBlob(QIODevice &source, const Descriptor &expected, QString *error)
{
    QString why;
    if (!Digest::isValid(expected.digest, &why)) {
        setError(error, why);
        return false;
    }
    QTemporaryFile out(m_dir + QStringLiteral("/blobs/sha256/.incoming-XXXXXX"));
    if (!out.open()) {
        setError(error, QStringLiteral("cannot write into %1: %2").arg(m_dir, out.errorString()));
        return false;
    }
    DigestHasher hasher;
    QByteArray chunk(64 * 1024, Qt::Uninitialized);
    for (;;) {
        const qint64 n = source.read(chunk.data(), chunk.size());
        if (n < 0) {
            setError(error, QStringLiteral("cannot read blob %1: %2").arg(expected.digest, source.errorString()));
            return false;
        }
        if (n == 0)
            break;
        if (hasher.size() + n > expected.size) {
            setError(error, QStringLiteral("blob %1 is larger than its descriptor's %2 bytes").arg(expected.digest).arg(expected.size));
            return false;
        }
        hasher.addData(QByteArrayView(chunk.constData(), n));
        if (out.write(chunk.constData(), n) != n) {
            setError(error, QStringLiteral("cannot write blob %1: %2").arg(expected.digest, out.errorString()));
            return false;
        }
    }
    if (hasher.size() != expected.size || hasher.digest() != expected.digest) {
        setError(error, QStringLiteral("blob content does not match its descriptor %1 (%2 bytes, digest %3)")
                            .arg(expected.digest)
                            .arg(hasher.size())
                            .arg(hasher.digest()));
        return false;
    }
    const QString target = blobPath(expected.digest);
    QFile::remove(target);
    if (!out.flush() || !out.rename(target)) {
        setError(error, QStringLiteral("cannot store blob %1: %2").arg(target, out.errorString()));
        return false;
    }
    out.setAutoRemove(false);
    // Blobs are immutable content; readable by the tools that inspect the layout.
    QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    return true;
}

bool OciLayout::addBlob(const QByteArray &bytes, const Descriptor &expected, QString *error)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return storeBlob(buffer, expected, error);
}

bool OciLayout::addBlobFile(const QString &path, const Descriptor &expected, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    return storeBlob(file, expected, error);
}

bool OciLayout::addManifest(const Descriptor &manifest, const QString &refName, QString *error)
{
    QList<Descriptor> manifests = m_manifests;
    if (!manifest.digest.isEmpty()) {
        if (!hasBlob(manifest.digest)) {
            setError(error, QStringLiteral("manifest %1 is not stored in %2; add its blob first").arg(manifest.digest, m_dir));
            return false;
        }
        Descriptor entry = manifest;
        if (!refName.isEmpty()) {
            entry.annotations.insert(Descriptor::refNameAnnotation(), refName);
            manifests.removeIf([&](const Descriptor &d) {
                return d.annotations.value(Descriptor::refNameAnnotation()) == refName;
            });
        }
        manifests.append(entry);
    }
    QJsonArray array;
    for (const Descriptor &d : manifests)
        array.append(d.toJson());
    const QJsonObject index{{QStringLiteral("schemaVersion"), 2},
                            {QStringLiteral("mediaType"), QString(MediaType::OciIndex)},
                            {QStringLiteral("manifests"), array}};
    if (!writeAtomically(m_dir + u'/' + kIndexFile, detail::compactJson(index), error))
        return false;
    m_manifests = manifests;
    return true;
}

bool OciLayout::addImage(const AssembledImage &image, const QMap<QString, QString> &baseLayerFiles,
                         const QString &refName, QString *error)
{
    for (const ImageBlob &blob : image.blobs()) {
        if (hasBlob(blob.descriptor.digest))
            continue;
        bool ok = false;
        switch (blob.source) {
        case ImageBlob::Source::Base:
            if (!baseLayerFiles.contains(blob.descriptor.digest)) {
                setError(error, QStringLiteral("no file given for base layer %1").arg(blob.descriptor.digest));
                return false;
            }
            ok = addBlobFile(baseLayerFiles.value(blob.descriptor.digest), blob.descriptor, error);
            break;
        case ImageBlob::Source::File:
            ok = addBlobFile(blob.filePath, blob.descriptor, error);
            break;
        case ImageBlob::Source::Bytes:
            ok = addBlob(blob.bytes, blob.descriptor, error);
            break;
        }
        if (!ok)
            return false;
    }
    return addBlob(image.manifestJson, image.manifest, error) && addManifest(image.manifest, refName, error);
}

std::optional<Descriptor> OciLayout::resolve(const QString &refName, QString *error) const
{
    for (const Descriptor &d : m_manifests) {
        if (d.annotations.value(Descriptor::refNameAnnotation()) == refName)
            return d;
    }
    setError(error, QStringLiteral("%1 has no image named \"%2\"").arg(m_dir, refName));
    return std::nullopt;
}

std::optional<QByteArray> OciLayout::readBlob(const QString &digest, qsizetype maxBytes, QString *error) const
{
    QString why;
    if (!Digest::isValid(digest, &why)) {
        setError(error, why);
        return std::nullopt;
    }
    QFile file(blobPath(digest));
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("blob %1 is not in %2").arg(digest, m_dir));
        return std::nullopt;
    }
    if (file.size() > maxBytes) {
        setError(error, QStringLiteral("blob %1 is larger than %2 bytes").arg(digest).arg(maxBytes));
        return std::nullopt;
    }
    const QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes || Digest::sha256(bytes) != digest) {
        setError(error, QStringLiteral("blob %1 in %2 is corrupt (its content has another digest)").arg(digest, m_dir));
        return std::nullopt;
    }
    return bytes;
}

} // namespace enclii::oci
