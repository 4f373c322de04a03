#include "oci/image/License.h"
#include "oci/image/PackageParsers.h"
#include "oci/image/Purl.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace enclii::oci::Parsers {

namespace {

// lockfileVersion 1 nests "dependencies"; real trees are a few levels deep.
constexpr int kMaxDepth = 64;

QString licenseOf(const QJsonObject &entry)
{
    const QJsonValue license = entry.value(QLatin1StringView("license"));
    if (license.isString())
        return License::normalise(license.toString());
    // Legacy form: {"type": "MIT", "url": ...}.
    if (license.isObject() && license.toObject().value(QLatin1StringView("type")).isString())
        return License::normalise(license.toObject().value(QLatin1StringView("type")).toString());
    return {};
}

void addPackage(QList<Package> *out, const QString &name, const QJsonObject &entry, const QString &foundIn)
{
    const QString version = entry.value(QLatin1StringView("version")).toString();
    // A version that is a path or URL names no registry release.
    if (name.isEmpty() || version.isEmpty() || version.startsWith(QLatin1StringView("file:"))
        || version.startsWith(QLatin1StringView("link:")) || entry.value(QLatin1StringView("link")).toBool())
        return;
    Package pkg = Package::found(PackageType::Npm, name, version, Purl::npm(name, version), foundIn);
    const QString license = licenseOf(entry);
    if (!license.isEmpty())
        pkg.licenses.append(license);
    if (entry.value(QLatin1StringView("dev")).toBool())
        pkg.properties.insert(QStringLiteral("dev"), QStringLiteral("true"));
    out->append(pkg);
}

void walkV1(const QJsonObject &dependencies, int depth, QList<Package> *out, const QString &foundIn, QStringList *warnings)
{
    if (depth > kMaxDepth) {
        if (warnings)
            warnings->append(QStringLiteral("%1: dependencies nest deeper than %2 levels; the rest is skipped").arg(foundIn).arg(kMaxDepth));
        return;
    }
    for (auto it = dependencies.begin(); it != dependencies.end(); ++it) {
        const QJsonObject entry = it.value().toObject();
        addPackage(out, it.key(), entry, foundIn);
        walkV1(entry.value(QLatin1StringView("dependencies")).toObject(), depth + 1, out, foundIn, warnings);
    }
}

} // namespace

QList<Package> parseNpmLock(const QByteArray &content, const QString &foundIn, QStringList *warnings)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(content, &error);
    if (!doc.isObject()) {
        if (warnings)
            warnings->append(QStringLiteral("%1: not a JSON object (%2); skipped").arg(foundIn, error.errorString()));
        return {};
    }
    QList<Package> out;
    const QJsonObject root = doc.object();
    const QJsonObject packages = root.value(QLatin1StringView("packages")).toObject();
    if (!packages.isEmpty()) {
        // v2/v3: keys are install paths; the package name follows the last node_modules/.
        static const QLatin1StringView marker("node_modules/");
        for (auto it = packages.begin(); it != packages.end(); ++it) {
            const qsizetype at = it.key().lastIndexOf(marker);
            if (at < 0)
                continue; // "" (the project) or a workspace folder
            const QJsonObject entry = it.value().toObject();
            const QString name = entry.value(QLatin1StringView("name")).toString(it.key().mid(at + marker.size()));
            addPackage(&out, name, entry, foundIn);
        }
        return out;
    }
    walkV1(root.value(QLatin1StringView("dependencies")).toObject(), 0, &out, foundIn, warnings);
    return out;
}

} // namespace enclii::oci::Parsers
