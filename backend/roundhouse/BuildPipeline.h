#pragma once

#include "BuildWorkers.h"

#include "core/ServiceSpec.h"

#include <QString>

#include <functional>
#include <optional>

namespace enclii::roundhouse {

class BuildRecord;
class ImageSigner;

// Where built images go: "host[:port][/prefix]" (the embedded registry, or GHCR and the
// like), with credentials when the registry wants them.
struct RegistryTarget
{
    QString location;
    QString username;
    QString password;
    bool insecure = false;

    QString host() const { return location.section(u'/', 0, 0); }
    QString prefix() const { return location.section(u'/', 1); }
    // "<prefix>/<project>/<service>" (without the host).
    QString repositoryFor(const QString &project, const QString &service) const;
};

// What a finished build reports for Waybill (build.completed / build.failed).
struct BuildUsage
{
    qint64 buildId = 0;
    int attempt = 0;
    QString project;
    QString service;
    bool succeeded = false;
    qint64 durationMs = 0;
    QDateTime finishedAt;
};

// The build of one job, step by step (the seed's CI/CD flow, steps 2 to 4 and 6), each step
// recorded with its state, time, progress and log lines:
//   clone    the commit, shallow, submodules, into a scratch folder removed afterwards
//   build    the image: the native assembler on the spec's base image, or a Dockerfile
//            (buildah when installed; a RUN-free Dockerfile natively otherwise)
//   sbom     CycloneDX 1.5 of the packages in every layer
//   sign     a cosign-compatible signature of the manifest digest
//   push     blobs the registry lacks, the manifest (tag = the commit), the SBOM as a
//            referrer, the signature under sha256-<hex>.sig
//   release  a release row (one per build), the build's usage, the artifacts on the job
// Every step is idempotent (content addressed, release unique per build), so a retry after
// a crash repeats nothing that matters. Thread-safe: each run uses its own clients.
class BuildPipeline
{
public:
    struct Options
    {
        QString scratchDir;
        RegistryTarget target;
        // host[:port] base images are pulled from instead of their own registry (the
        // embedded registry on an offline machine); empty: their own.
        QString baseImageMirror;
        bool baseImageMirrorInsecure = false;
        std::function<std::optional<core::ServiceSpec>(const QString &service)> serviceSpec;
        std::function<void(const BuildUsage &)> usage;
        ImageSigner *signer = nullptr;
        int cloneTimeoutSeconds = 600;
        QList<QPair<QString, QString>> gitUrlRewrites; // see CheckoutOptions
        QString buildahProgram = QStringLiteral("buildah"); // empty: never use buildah
        bool spdx = false; // SPDX 2.3 instead of CycloneDX 1.5
    };

    BuildPipeline(BuildRecord &record, Options options);

    JobOutcome run(const BuildJob &job, BuildLog &log, const StopFlag &stop);

private:
    BuildRecord &m_record;
    Options m_options;
};

} // namespace enclii::roundhouse
