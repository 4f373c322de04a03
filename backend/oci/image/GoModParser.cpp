#include "oci/image/PackageParsers.h"
#include "oci/image/Purl.h"

namespace enclii::oci::Parsers {

namespace {

QString unquote(QString s)
{
    if (s.size() >= 2 && (s.startsWith(u'"') || s.startsWith(u'`')) && s.endsWith(s[0]))
        return s.mid(1, s.size() - 2);
    return s;
}

} // namespace

QList<Package> parseGoMod(const QByteArray &content, const QString &foundIn)
{
    QList<Package> out;
    bool inRequire = false;
    bool inOtherBlock = false;
    for (const QByteArray &raw : content.split('\n')) {
        QString line = QString::fromUtf8(raw).trimmed();
        const qsizetype commentAt = line.indexOf(QLatin1StringView("//"));
        const QString comment = commentAt >= 0 ? line.mid(commentAt + 2).trimmed() : QString();
        if (commentAt >= 0)
            line = line.left(commentAt).trimmed();
        if (line.isEmpty())
            continue;
        if (inOtherBlock) {
            inOtherBlock = line != u')';
            continue;
        }
        QString spec;
        if (inRequire) {
            if (line == u')') {
                inRequire = false;
                continue;
            }
            spec = line;
        } else if (line.startsWith(QLatin1StringView("require"))) {
            const QString rest = line.mid(7).trimmed();
            if (rest == u'(') {
                inRequire = true;
                continue;
            }
            spec = rest;
        } else {
            // replace ( ... ), exclude ( ... ), retract ( ... ), tool ( ... ): not requirements.
            inOtherBlock = line.endsWith(u'(');
            continue;
        }
        const QStringList parts = spec.split(u' ', Qt::SkipEmptyParts);
        if (parts.size() != 2)
            continue;
        const QString module = unquote(parts[0]);
        const QString version = unquote(parts[1]);
        Package pkg = Package::found(PackageType::Golang, module, version, Purl::golang(module, version), foundIn);
        if (comment.split(u';').contains(QLatin1StringView("indirect")) || comment == QLatin1StringView("indirect"))
            pkg.properties.insert(QStringLiteral("indirect"), QStringLiteral("true"));
        out.append(pkg);
    }
    return out;
}

} // namespace enclii::oci::Parsers
