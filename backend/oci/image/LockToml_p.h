#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace enclii::oci::detail {

// The [[package]] tables of a TOML lock file (Cargo.lock, poetry.lock), their string-valued
// keys only. Not a TOML parser: lock files are machine-written in a narrow subset, and the
// SBOM needs name, version, source and license. Arrays, inline tables and multi-line
// strings are stepped over (bounded), sub-tables such as [package.dependencies] are
// ignored, and other [[...]] arrays end the current package.
QList<QMap<QString, QString>> lockPackages(const QByteArray &content, const QString &foundIn, QStringList *warnings);

} // namespace enclii::oci::detail
