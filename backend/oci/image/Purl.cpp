#include "oci/image/Purl.h"

#include <QRegularExpression>
#include <QStringList>

namespace enclii::oci::Purl {

QString encode(const QString &component)
{
    return QString::fromLatin1(component.toUtf8().toPercentEncoding(":"));
}

QString build(const QString &type, const QString &namespacePath, const QString &name, const QString &version,
              const QMap<QString, QString> &qualifiers)
{
    QString purl = QStringLiteral("pkg:") + type.toLower() + u'/';
    for (const QString &segment : namespacePath.split(u'/', Qt::SkipEmptyParts))
        purl += encode(segment) + u'/';
    purl += encode(name);
    if (!version.isEmpty())
        purl += u'@' + encode(version);
    QMap<QString, QString> lowered;
    for (auto it = qualifiers.cbegin(); it != qualifiers.cend(); ++it) {
        if (!it.value().isEmpty())
            lowered.insert(it.key().toLower(), it.value());
    }
    QStringList pairs;
    for (auto it = lowered.cbegin(); it != lowered.cend(); ++it)
        pairs.append(it.key() + u'=' + encode(it.value()));
    if (!pairs.isEmpty())
        purl += u'?' + pairs.join(u'&');
    return purl;
}

QString deb(const QString &distroId, const QString &name, const QString &version, const QString &arch,
            const QString &distro)
{
    return build(QStringLiteral("deb"), distroId.isEmpty() ? QStringLiteral("debian") : distroId.toLower(),
                 name.toLower(), version, {{QStringLiteral("arch"), arch}, {QStringLiteral("distro"), distro}});
}

QString apk(const QString &distroId, const QString &name, const QString &version, const QString &arch,
            const QString &distro)
{
    return build(QStringLiteral("apk"), distroId.isEmpty() ? QStringLiteral("alpine") : distroId.toLower(),
                 name.toLower(), version, {{QStringLiteral("arch"), arch}, {QStringLiteral("distro"), distro}});
}

QString npm(const QString &name, const QString &version)
{
    const qsizetype slash = name.indexOf(u'/');
    if (name.startsWith(u'@') && slash > 0)
        return build(QStringLiteral("npm"), name.left(slash).toLower(), name.mid(slash + 1).toLower(), version);
    return build(QStringLiteral("npm"), {}, name.toLower(), version);
}

QString pypi(const QString &name, const QString &version)
{
    static const QRegularExpression separators(QStringLiteral("[-_.]+"));
    return build(QStringLiteral("pypi"), {}, name.toLower().replace(separators, QStringLiteral("-")), version);
}

QString golang(const QString &modulePath, const QString &version)
{
    const qsizetype slash = modulePath.lastIndexOf(u'/');
    return build(QStringLiteral("golang"), slash > 0 ? modulePath.left(slash) : QString(), modulePath.mid(slash + 1),
                 version);
}

QString cargo(const QString &name, const QString &version)
{
    return build(QStringLiteral("cargo"), {}, name, version);
}

} // namespace enclii::oci::Purl
