#include "oci/image/License.h"
#include "oci/image/PackageParsers.h"
#include "oci/image/Purl.h"

#include <QMap>

namespace enclii::oci::Parsers {

namespace {

// RFC 822-style paragraphs (dpkg status, apk's "K:value" database uses its own splitter):
// "Field: value" lines, continuation lines start with a space or tab, blank lines separate.
QList<QMap<QString, QString>> paragraphs(const QByteArray &content)
{
    QList<QMap<QString, QString>> out;
    QMap<QString, QString> current;
    for (const QByteArray &rawLine : content.split('\n')) {
        const QString line = QString::fromUtf8(rawLine).remove(u'\r');
        if (line.trimmed().isEmpty()) {
            if (!current.isEmpty())
                out.append(current);
            current.clear();
            continue;
        }
        if (line.startsWith(u' ') || line.startsWith(u'\t'))
            continue; // continuation (descriptions, conffiles): nothing we read spans lines
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0)
            continue;
        current.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    if (!current.isEmpty())
        out.append(current);
    return out;
}

} // namespace

Distro parseOsRelease(const QByteArray &content)
{
    Distro d;
    for (const QByteArray &rawLine : content.split('\n')) {
        const QString line = QString::fromUtf8(rawLine).trimmed();
        const qsizetype eq = line.indexOf(u'=');
        if (eq <= 0 || line.startsWith(u'#'))
            continue;
        QString value = line.mid(eq + 1).trimmed();
        if (value.size() >= 2 && (value.startsWith(u'"') || value.startsWith(u'\'')) && value.endsWith(value[0]))
            value = value.mid(1, value.size() - 2);
        const QString key = line.left(eq);
        if (key == QLatin1StringView("ID"))
            d.id = value.toLower();
        else if (key == QLatin1StringView("VERSION_ID"))
            d.versionId = value;
    }
    return d;
}

QList<Package> parseDpkgStatus(const QByteArray &content, const QString &foundIn, const Distro &distro)
{
    QList<Package> out;
    for (const auto &p : paragraphs(content)) {
        const QString name = p.value(QStringLiteral("package"));
        const QString version = p.value(QStringLiteral("version"));
        if (name.isEmpty() || version.isEmpty())
            continue;
        if (p.contains(QStringLiteral("status")) && !p.value(QStringLiteral("status")).endsWith(QLatin1StringView(" installed")))
            continue;
        const QString arch = p.value(QStringLiteral("architecture"));
        Package pkg = Package::found(PackageType::Deb, name, version,
                                     Purl::deb(distro.id, name, version, arch, distro.qualifier()), foundIn);
        const QString source = p.value(QStringLiteral("source"));
        if (!source.isEmpty())
            pkg.properties.insert(QStringLiteral("source"), source.section(u' ', 0, 0));
        out.append(pkg);
    }
    return out;
}

QStringList parseDebianCopyright(const QByteArray &content)
{
    const QList<QByteArray> lines = content.split('\n');
    if (lines.isEmpty() || !lines.first().startsWith("Format:"))
        return {};
    QStringList out;
    for (const QByteArray &raw : lines) {
        if (!raw.startsWith("License:"))
            continue;
        // Debian writes operators in lower case ("GPL-2+ or Artistic").
        const QString value = QString::fromUtf8(raw.mid(8)).trimmed();
        if (value.isEmpty())
            continue;
        const QString license = License::normalise(value);
        if (!out.contains(license))
            out.append(license);
    }
    return out;
}

QList<Package> parseApkInstalled(const QByteArray &content, const QString &foundIn, const Distro &distro)
{
    QList<Package> out;
    QMap<QChar, QString> entry;
    auto flush = [&] {
        const QString name = entry.value(u'P');
        const QString version = entry.value(u'V');
        if (!name.isEmpty() && !version.isEmpty()) {
            Package pkg = Package::found(PackageType::Apk, name, version,
                                         Purl::apk(distro.id, name, version, entry.value(u'A'), distro.qualifier()),
                                         foundIn);
            const QString license = entry.value(u'L').trimmed();
            if (!license.isEmpty())
                pkg.licenses.append(License::normalise(license));
            if (!entry.value(u'o').isEmpty())
                pkg.properties.insert(QStringLiteral("origin"), entry.value(u'o'));
            out.append(pkg);
        }
        entry.clear();
    };
    for (const QByteArray &raw : content.split('\n')) {
        const QString line = QString::fromUtf8(raw).remove(u'\r');
        if (line.isEmpty()) {
            flush();
            continue;
        }
        if (line.size() >= 2 && line[1] == u':' && !entry.contains(line[0]))
            entry.insert(line[0], line.mid(2));
    }
    flush();
    return out;
}

} // namespace enclii::oci::Parsers
