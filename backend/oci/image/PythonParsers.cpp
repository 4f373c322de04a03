#include "oci/image/License.h"
#include "oci/image/LockToml_p.h"
#include "oci/image/PackageParsers.h"
#include "oci/image/Purl.h"

#include <QRegularExpression>

namespace enclii::oci::Parsers {

namespace {

Package pypiPackage(const QString &name, const QString &version, const QString &foundIn)
{
    return Package::found(PackageType::Pypi, name, version, Purl::pypi(name, version), foundIn);
}

// Joins backslash-continued lines (pip allows them anywhere, usually before --hash).
QStringList logicalLines(const QByteArray &content)
{
    QStringList out;
    QString pending;
    for (const QByteArray &raw : content.split('\n')) {
        QString line = QString::fromUtf8(raw).remove(u'\r');
        if (line.endsWith(u'\\')) {
            line.chop(1);
            pending += line + u' ';
            continue;
        }
        out.append(pending + line);
        pending.clear();
    }
    if (!pending.isEmpty())
        out.append(pending);
    return out;
}

} // namespace

QList<Package> parseRequirements(const QByteArray &content, const QString &foundIn)
{
    // name[extras] == version, then optional ; markers. PEP 508 names: letters, digits, . _ -
    static const QRegularExpression pinned(QStringLiteral(
        "^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?:\\[[^\\]]*\\])?\\s*===?\\s*([A-Za-z0-9_.!+-]+)\\s*(?:;.*)?$"));
    static const QRegularExpression comment(QStringLiteral("(^|\\s)#.*$"));
    static const QRegularExpression option(QStringLiteral("\\s--?[A-Za-z].*$"));
    QList<Package> out;
    for (QString line : logicalLines(content)) {
        line.remove(comment);
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(u'-'))
            continue; // -r, -e, -c, --index-url, ...
        line.remove(option); // trailing per-requirement options such as --hash=sha256:...
        const QRegularExpressionMatch m = pinned.match(line.trimmed());
        if (m.hasMatch())
            out.append(pypiPackage(m.captured(1), m.captured(2), foundIn));
    }
    return out;
}

QList<Package> parsePoetryLock(const QByteArray &content, const QString &foundIn, QStringList *warnings)
{
    QList<Package> out;
    for (const auto &table : detail::lockPackages(content, foundIn, warnings)) {
        const QString name = table.value(QStringLiteral("name"));
        const QString version = table.value(QStringLiteral("version"));
        if (name.isEmpty() || version.isEmpty())
            continue;
        Package pkg = pypiPackage(name, version, foundIn);
        if (!table.value(QStringLiteral("license")).isEmpty())
            pkg.licenses.append(License::normalise(table.value(QStringLiteral("license"))));
        if (!table.value(QStringLiteral("category")).isEmpty())
            pkg.properties.insert(QStringLiteral("category"), table.value(QStringLiteral("category")));
        out.append(pkg);
    }
    return out;
}

} // namespace enclii::oci::Parsers
