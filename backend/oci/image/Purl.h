#pragma once

#include <QMap>
#include <QString>

namespace enclii::oci::Purl {

// Builds a package URL, pkg:type/namespace/name@version?qualifiers (package-url spec):
// every component percent-encoded except unreserved characters (A-Z a-z 0-9 . - _ ~) and
// ':'; each namespace segment encoded on its own, segments joined with '/'; qualifiers with
// empty values dropped, keys lower-cased and sorted. So "@types" becomes "%40types" and
// the "+" of a Debian version "%2B".
QString build(const QString &type, const QString &namespacePath, const QString &name, const QString &version,
              const QMap<QString, QString> &qualifiers = {});

// The percent-encoding used for each component.
QString encode(const QString &component);

// Type-specific spellings the spec asks for.
QString deb(const QString &distroId, const QString &name, const QString &version, const QString &arch,
            const QString &distro);
QString apk(const QString &distroId, const QString &name, const QString &version, const QString &arch,
            const QString &distro);
QString npm(const QString &name, const QString &version);    // "@scope/name" splits into namespace + name
QString pypi(const QString &name, const QString &version);   // PEP 503-normalised, lower case
QString golang(const QString &modulePath, const QString &version); // path up to the last '/' is the namespace
QString cargo(const QString &name, const QString &version);

} // namespace enclii::oci::Purl
