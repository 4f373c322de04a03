#pragma once

// A small base image for the build tests, pushed as library/debian:12-slim into a registry
// the test started (the daemon pulls base images through it as a mirror): one layer with a
// dpkg status file, so the SBOM has operating-system packages to find.
#include "oci/image/AssembledImage.h"
#include "oci/image/BaseImage.h"
#include "oci/image/ImageAssembler.h"
#include "oci/registry/EmbeddedRegistry.h"
#include "oci/registry/RegistryClient.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace enclii::test {

inline const QByteArray kBaseDpkgStatus = "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36-9+deb12u4\n"
                                          "Description: GNU C Library\n\n"
                                          "Package: ca-certificates\nStatus: install ok installed\nArchitecture: all\nVersion: 20230311\n"
                                          "Description: CA certificates\n";

// Empty on success, else what failed.
inline QString pushBaseImage(const QString &registry, const QString &scratchDir,
                             const QString &repository = QStringLiteral("library/debian"), const QString &tag = QStringLiteral("12-slim"))
{
    QTemporaryDir root;
    QDir().mkpath(root.filePath(QStringLiteral("var/lib/dpkg")));
    QFile f(root.filePath(QStringLiteral("var/lib/dpkg/status")));
    if (!f.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write the dpkg status");
    f.write(kBaseDpkgStatus);
    f.close();
    oci::BuildConfig config;
    config.workdir = QStringLiteral("/");
    config.user = QStringLiteral("0");
    QString error;
    const auto image = oci::ImageAssembler::assemble(oci::BaseImage::scratch(), root.path(), config, scratchDir, &error);
    if (!image)
        return error;
    oci::RegistryClient::Options o;
    o.registry = registry;
    oci::RegistryClient client(o);
    for (const oci::ImageBlob &b : image->blobs()) {
        const auto pushed = b.filePath.isEmpty() ? client.pushBlobData(repository, b.bytes) : client.pushBlob(repository, b.filePath, b.descriptor.digest);
        if (!pushed)
            return pushed.error().toString();
    }
    const auto put = client.putManifest(repository, tag, image->manifest.mediaType, image->manifestJson);
    return put ? QString() : put.error().toString();
}

// A real docker-registry under scratchDir/registry holding that base image: the mirror the
// build tests point encliid at. Null with *error when it cannot start.
inline std::unique_ptr<oci::EmbeddedRegistry> startMirrorWithBase(const QString &scratchDir, QString *error)
{
    oci::EmbeddedRegistry::Options options;
    options.stateDir = scratchDir + QStringLiteral("/registry");
    auto registry = std::make_unique<oci::EmbeddedRegistry>(options);
    if (!registry->start()) {
        *error = registry->error();
        return nullptr;
    }
    *error = pushBaseImage(registry->address(), scratchDir);
    return error->isEmpty() ? std::move(registry) : nullptr;
}

} // namespace enclii::test
