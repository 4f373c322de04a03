#include "oci/image/PackageScanner.h"

#include "oci/image/Json_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <tuple>

namespace enclii::oci {

using detail::setError;

namespace {

const QString kDpkgStatus = QStringLiteral("var/lib/dpkg/status");
const QString kDpkgStatusDir = QStringLiteral("var/lib/dpkg/status.d/");
const QString kApkInstalled = QStringLiteral("lib/apk/db/installed");
const QString kWhiteoutPrefix = QStringLiteral(".wh.");
const QString kOpaqueWhiteout = QStringLiteral(".wh..wh..opq");

// "/./a//b/" -> "a/b"; empty for paths that leave the root.
QString normalisePath(const QString &path)
{
    const QString clean = QDir::cleanPath(u'/' + path);
    if (clean == u'/' || clean.startsWith(QLatin1StringView("/..")))
        return {};
    return clean.mid(1);
}

QString baseName(const QString &path)
{
    return path.mid(path.lastIndexOf(u'/') + 1);
}

QString dirName(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(u'/');
    return slash < 0 ? QString() : path.left(slash);
}

// Removes `path` and everything below it.
void removeTree(QMap<QString, QByteArray> &files, qint64 &kept, const QString &path)
{
    auto drop = [&](QMap<QString, QByteArray>::iterator it) {
        kept -= it.value().size();
        return files.erase(it);
    };
    if (auto it = files.find(path); it != files.end())
        drop(it);
    const QString prefix = path.isEmpty() ? QString() : path + u'/';
    for (auto it = files.lowerBound(prefix); it != files.end() && it.key().startsWith(prefix);)
        it = drop(it);
}

struct LayerDelta
{
    QMap<QString, QByteArray> files; // interesting regular files
    QStringList replaced;            // non-directory entries: hide what lower layers had there
    QStringList deleted;             // whiteouts
    QStringList opaque;              // opaque folders
};

bool readLayer(const QString &layerFile, const ScanLimits &limits, qint64 kept, LayerDelta *delta,
               QStringList *warnings, QString *error)
{
    QFile file(layerFile);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("cannot read layer %1: %2").arg(layerFile, file.errorString()));
        return false;
    }
    TarReader reader(&file, limits.tar);
    while (reader.next()) {
        const TarEntry &entry = reader.entry();
        const QString path = normalisePath(entry.path);
        if (path.isEmpty())
            continue;
        const QString base = baseName(path);
        if (base == kOpaqueWhiteout) {
            delta->opaque.append(dirName(path));
            continue;
        }
        if (base.startsWith(kWhiteoutPrefix)) {
            const QString dir = dirName(path);
            const QString target = base.mid(kWhiteoutPrefix.size());
            delta->deleted.append(dir.isEmpty() ? target : dir + u'/' + target);
            continue;
        }
        if (entry.type != TarEntry::Type::Directory)
            delta->replaced.append(path);
        if (entry.type != TarEntry::Type::File || !PackageScanner::isInteresting(path))
            continue;
        if (entry.size > limits.maxFileBytes || kept + entry.size > limits.maxTotalBytes) {
            warnings->append(QStringLiteral("%1: %2 bytes exceed the scan limit; skipped").arg(path).arg(entry.size));
            continue;
        }
        if (const auto content = reader.readContent(limits.maxFileBytes)) {
            kept += content->size();
            delta->files.insert(path, *content);
        }
    }
    if (reader.hasError()) {
        setError(error, QStringLiteral("layer %1: %2").arg(QFileInfo(layerFile).fileName(), reader.errorString()));
        return false;
    }
    return true;
}

void addParsed(QList<Package> *all, QList<Package> found)
{
    all->append(std::move(found));
}

QList<Package> parseAll(const QMap<QString, QByteArray> &files, const Parsers::Distro &distro, QStringList *warnings)
{
    QMap<QString, QStringList> copyrights; // package name -> licences
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        if (it.key().startsWith(QLatin1StringView("usr/share/doc/")) && it.key().endsWith(QLatin1StringView("/copyright")))
            copyrights.insert(it.key().section(u'/', 3, 3), Parsers::parseDebianCopyright(it.value()));
    }
    QList<Package> all;
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString &path = it.key();
        const QByteArray &content = it.value();
        const QString base = baseName(path);
        if (path == kDpkgStatus || path.startsWith(kDpkgStatusDir)) {
            QList<Package> debs = Parsers::parseDpkgStatus(content, path, distro);
            for (Package &p : debs)
                p.licenses = copyrights.value(p.name);
            addParsed(&all, debs);
        } else if (path == kApkInstalled) {
            addParsed(&all, Parsers::parseApkInstalled(content, path, distro));
        } else if (base == QLatin1StringView("package-lock.json")) {
            addParsed(&all, Parsers::parseNpmLock(content, path, warnings));
        } else if (base == QLatin1StringView("requirements.txt")) {
            addParsed(&all, Parsers::parseRequirements(content, path));
        } else if (base == QLatin1StringView("poetry.lock")) {
            addParsed(&all, Parsers::parsePoetryLock(content, path, warnings));
        } else if (base == QLatin1StringView("go.mod")) {
            addParsed(&all, Parsers::parseGoMod(content, path));
        } else if (base == QLatin1StringView("Cargo.lock")) {
            addParsed(&all, Parsers::parseCargoLock(content, path, warnings));
        }
    }
    return all;
}

QList<Package> dedupeAndSort(const QList<Package> &all)
{
    // `all` is in path order (QMap), so the first location of a purl is the smallest path.
    QMap<QString, Package> byPurl;
    for (const Package &p : all) {
        auto it = byPurl.find(p.purl);
        if (it == byPurl.end()) {
            byPurl.insert(p.purl, p);
            continue;
        }
        for (const QString &license : p.licenses) {
            if (!it->licenses.contains(license))
                it->licenses.append(license);
        }
    }
    QList<Package> out = byPurl.values();
    std::sort(out.begin(), out.end(), [](const Package &a, const Package &b) {
        return std::tie(a.type, a.name, a.version, a.purl) < std::tie(b.type, b.name, b.version, b.purl);
    });
    return out;
}

} // namespace

bool PackageScanner::isInteresting(const QString &path)
{
    if (path == kDpkgStatus || path == kApkInstalled || path == QLatin1StringView("etc/os-release")
        || path == QLatin1StringView("usr/lib/os-release"))
        return true;
    if (path.startsWith(kDpkgStatusDir))
        return !path.mid(kDpkgStatusDir.size()).contains(u'/') && !path.endsWith(QLatin1StringView(".md5sums"));
    if (path.startsWith(QLatin1StringView("usr/share/doc/")) && path.endsWith(QLatin1StringView("/copyright")))
        return path.count(u'/') == 4;
    static const QSet<QString> lockFiles{QStringLiteral("package-lock.json"), QStringLiteral("requirements.txt"),
                                         QStringLiteral("poetry.lock"), QStringLiteral("go.mod"),
                                         QStringLiteral("Cargo.lock")};
    return lockFiles.contains(baseName(path));
}

std::optional<ScanResult> PackageScanner::scanLayers(const QStringList &layerFiles, QString *error,
                                                     const ScanLimits &limits)
{
    ScanResult result;
    QMap<QString, QByteArray> files;
    qint64 kept = 0;
    for (const QString &layerFile : layerFiles) {
        LayerDelta delta;
        if (!readLayer(layerFile, limits, kept, &delta, &result.warnings, error))
            return std::nullopt;
        // Whiteouts and replacements hide lower layers only; then this layer's files land.
        for (const QString &dir : delta.opaque)
            removeTree(files, kept, dir);
        for (const QString &path : delta.deleted)
            removeTree(files, kept, path);
        for (const QString &path : delta.replaced)
            removeTree(files, kept, path);
        for (auto it = delta.files.cbegin(); it != delta.files.cend(); ++it) {
            files.insert(it.key(), it.value());
            kept += it.value().size();
        }
    }
    const QString osRelease = files.contains(QStringLiteral("etc/os-release")) ? QStringLiteral("etc/os-release")
                                                                              : QStringLiteral("usr/lib/os-release");
    result.distro = Parsers::parseOsRelease(files.value(osRelease));
    result.packages = dedupeAndSort(parseAll(files, result.distro, &result.warnings));
    return result;
}

} // namespace enclii::oci
