#pragma once

#include "oci/image/Package.h"
#include "oci/image/PackageParsers.h"
#include "oci/image/TarReader.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::oci {

struct ScanResult
{
    // De-duplicated by purl (the first location in path order is kept as foundIn) and
    // sorted by type, name, version: the same image always gives the same list.
    QList<Package> packages;
    Parsers::Distro distro;
    // Things skipped on the way (an unparsable lock file, a database over the size limit).
    QStringList warnings;
};

struct ScanLimits
{
    qint64 maxFileBytes = 64 * 1024 * 1024;   // one package database or lock file
    qint64 maxTotalBytes = 512 * 1024 * 1024; // everything kept at once
    TarReaderLimits tar;
};

// Finds the packages installed in an image by reading its layers in order, as the
// container would see the merged file system: a later layer's file replaces an earlier
// one, and OCI whiteouts remove what lower layers had (".wh.<name>" deletes <name> and
// what is under it, ".wh..wh..opq" empties its folder of everything from lower layers).
//
// Read: var/lib/dpkg/status and var/lib/dpkg/status.d/* (distroless), with licences from
// machine-readable usr/share/doc/<package>/copyright; lib/apk/db/installed; and anywhere in
// the tree package-lock.json, requirements.txt, poetry.lock, go.mod and Cargo.lock.
// etc/os-release (or usr/lib/os-release) names the distribution in deb/apk purls.
//
// Only the files above are kept in memory, each bounded by ScanLimits; a layer that is not
// a readable tar (gzipped or not) fails the scan, naming the layer.
class PackageScanner
{
public:
    static std::optional<ScanResult> scanLayers(const QStringList &layerFiles, QString *error = nullptr,
                                                const ScanLimits &limits = {});
    // True for the paths (relative, as in a layer) whose content the scanner keeps.
    static bool isInteresting(const QString &path);
};

} // namespace enclii::oci
