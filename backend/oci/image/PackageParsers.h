#pragma once

#include "oci/image/Package.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// Parsers for the package databases and lock files PackageScanner finds in an image. Each
// takes the file's bytes and its path in the image (recorded as Package::foundIn), never
// fails hard on odd input: what cannot be read is skipped and, where it matters, a line
// is added to `warnings`. They are bounded by the input, which the scanner bounds.
namespace enclii::oci::Parsers {

// What /etc/os-release says, for the namespace and distro qualifier of deb/apk purls.
struct Distro
{
    QString id;        // "debian", "ubuntu", "alpine", "wolfi"
    QString versionId; // "12", "3.19.1"

    QString qualifier() const { return id.isEmpty() || versionId.isEmpty() ? QString() : id + u'-' + versionId; }
};
Distro parseOsRelease(const QByteArray &content);

// var/lib/dpkg/status, or one file of var/lib/dpkg/status.d/ (distroless). Entries whose
// Status is present but not "... installed" are skipped (removed, half-configured).
QList<Package> parseDpkgStatus(const QByteArray &content, const QString &foundIn, const Distro &distro);
// The License: short names of a machine-readable (DEP-5) usr/share/doc/<pkg>/copyright,
// normalised and de-duplicated in order of appearance; empty for a free-form file.
QStringList parseDebianCopyright(const QByteArray &content);

// lib/apk/db/installed. L: gives the licence.
QList<Package> parseApkInstalled(const QByteArray &content, const QString &foundIn, const Distro &distro);

// package-lock.json, lockfileVersion 1 ("dependencies", nested), 2 and 3 ("packages").
// Linked/workspace entries and the root project are skipped.
QList<Package> parseNpmLock(const QByteArray &content, const QString &foundIn, QStringList *warnings);

// requirements.txt: exact pins only ("name==1.0", "name===1.0", with extras, markers,
// trailing --hash options and backslash continuations). Ranges, URLs, -r/-e/-c and other
// options are not packages we can name a version for, so they are skipped.
QList<Package> parseRequirements(const QByteArray &content, const QString &foundIn);

// poetry.lock ([[package]] name/version, license when present).
QList<Package> parsePoetryLock(const QByteArray &content, const QString &foundIn, QStringList *warnings);

// go.mod: require blocks and single-line requires; "// indirect" is kept as the property
// indirect=true. The module itself, replace/exclude/retract directives are not packages.
QList<Package> parseGoMod(const QByteArray &content, const QString &foundIn);

// Cargo.lock: [[package]] entries that come from a registry or git (local workspace crates
// have no source and are the project itself, not a dependency).
QList<Package> parseCargoLock(const QByteArray &content, const QString &foundIn, QStringList *warnings);

} // namespace enclii::oci::Parsers
