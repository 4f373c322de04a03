#include "ImageBuild.h"

#include "BuildLog.h"
#include "Subprocess.h"

#include "oci/image/BaseImage.h"
#include "oci/image/ImageAssembler.h"
#include "oci/image/MediaTypes.h"
#include "oci/image/OciLayout.h"
#include "oci/registry/ImageReference.h"
#include "oci/registry/RegistryClient.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>

namespace enclii::roundhouse {

namespace {

struct Failure
{
    QString *error;
    bool *permanent;
    std::nullopt_t operator()(const QString &why, bool isPermanent)
    {
        *error = why;
        *permanent = isPermanent;
        return std::nullopt;
    }
};

oci::BuildConfig configFor(const ImageBuildRequest &r)
{
    oci::BuildConfig c;
    if (!r.spec.command.isEmpty())
        c.entrypoint = r.spec.command;
    if (!r.spec.args.isEmpty())
        c.cmd = r.spec.args;
    if (r.spec.port > 0)
        c.exposedPort = quint16(r.spec.port);
    c.labels.insert(oci::BuildConfig::sourceLabel(), BuildLog::redact(r.repo));
    c.labels.insert(oci::BuildConfig::revisionLabel(), r.commit);
    c.labels.insert(QStringLiteral("dev.enclii.project"), r.spec.project);
    c.labels.insert(QStringLiteral("dev.enclii.service"), r.spec.name);
    if (r.commitTime.isValid())
        c.created = r.commitTime;
    c.createdBy = QStringLiteral("enclii roundhouse: %1 at %2").arg(r.spec.build.path, r.commit.left(12));
    return c;
}

// Pulls the base image's manifest, config and layers (to files: the SBOM reads them, and a
// push to another registry uploads them). "scratch" is no base at all.
std::optional<oci::BaseImage> pullBase(const QString &baseText, const ImageBuildRequest &r, BuiltImage &out,
                                       QMap<QString, QString> &layerFiles, BuildLog &log, const StopFlag &stop,
                                       const StepProgress &progress, Failure fail, QString *registryOut, QString *repositoryOut)
{
    if (baseText == QLatin1String("scratch")) {
        log.info(QStringLiteral("base: scratch (no base image)"));
        return oci::BaseImage::scratch();
    }
    QString why;
    const auto ref = oci::ImageReference::parse(baseText, &why);
    if (!ref)
        return fail(QStringLiteral("base image \"%1\" is not an image reference: %2").arg(baseText, why), true);
    const QString registry = r.baseImageMirror.isEmpty() ? ref->registry() : r.baseImageMirror;
    oci::RegistryClient::Options o;
    o.registry = registry;
    o.insecure = !r.baseImageMirror.isEmpty() && r.baseImageMirrorInsecure;
    oci::RegistryClient client(o);
    log.info(QStringLiteral("base: %1 from %2").arg(ref->toString(), registry));
    const auto manifest = client.getManifest(ref->repository(), ref->reference());
    if (!manifest)
        return fail(QStringLiteral("base image %1 cannot be read from %2: %3").arg(ref->toString(), registry, manifest.error().toString()),
                    manifest.error().isNotFound());
    const QJsonObject m = QJsonDocument::fromJson(manifest->bytes).object();
    const QString configDigest = m.value(QStringLiteral("config")).toObject().value(QStringLiteral("digest")).toString();
    const auto config = client.pullBlob(ref->repository(), configDigest, oci::BaseImage::MaxConfigBytes);
    if (!config)
        return fail(QStringLiteral("the config of base image %1: %2").arg(ref->toString(), config.error().toString()), false);
    auto base = oci::BaseImage::fromRegistry(manifest->bytes, *config, &why);
    if (!base)
        return fail(QStringLiteral("base image %1 is not usable: %2").arg(ref->toString(), why), true);
    qint64 total = 0, done = 0;
    for (const auto &l : base->layers())
        total += l.size;
    QDir().mkpath(r.workDir + QStringLiteral("/base"));
    for (const auto &l : base->layers()) {
        if (stop.stop())
            return fail(QStringLiteral("stopped"), false);
        const QString file = r.workDir + QStringLiteral("/base/") + l.digest.section(u':', 1) + QStringLiteral(".tar.gz");
        const auto pulled = client.pullBlobToFile(ref->repository(), l.digest, file, [&](qint64 d, qint64) {
            if (total > 0)
                progress(0.8 * double(done + d) / double(total), QStringLiteral("pulling the base image"));
        });
        if (!pulled)
            return fail(QStringLiteral("layer %1 of base image %2: %3").arg(l.digest.left(19), ref->toString(), pulled.error().toString()), false);
        done += l.size;
        layerFiles.insert(l.digest, file);
        out.layerFiles << file;
    }
    log.info(QStringLiteral("base %1: %2 layer(s), %3 bytes").arg(manifest->digest.left(19)).arg(base->layers().size()).arg(total));
    *registryOut = registry;
    *repositoryOut = ref->repository();
    return base;
}

std::optional<BuiltImage> assembleOn(const QString &baseText, const QString &sourceDir, oci::BuildConfig config,
                                     const ImageBuildRequest &r, BuildLog &log, const StopFlag &stop, const StepProgress &progress,
                                     Failure fail)
{
    BuiltImage out;
    QMap<QString, QString> layerFiles;
    QString baseRegistry, baseRepository;
    const auto base = pullBase(baseText, r, out, layerFiles, log, stop, progress, fail, &baseRegistry, &baseRepository);
    if (!base)
        return std::nullopt;
    if (!base->isScratch())
        config.baseName = baseText;
    QString why;
    const auto image = oci::ImageAssembler::assemble(*base, sourceDir, config, r.workDir, &why);
    if (!image)
        return fail(QStringLiteral("assembling the image: %1").arg(why), true);
    out.image.mediaType = QString(oci::MediaType::OciManifest);
    out.image.bytes = image->manifestJson;
    out.image.digest = image->manifest.digest;
    out.image.tag = r.commit;
    for (const oci::ImageBlob &b : image->blobs()) {
        ImageBlobRef ref{b.descriptor.mediaType, b.descriptor.digest, b.descriptor.size, {}, {}, {}, {}};
        switch (b.source) {
        case oci::ImageBlob::Source::Base:
            ref.filePath = layerFiles.value(b.descriptor.digest);
            ref.fromRegistry = baseRegistry;
            ref.fromRepository = baseRepository;
            break;
        case oci::ImageBlob::Source::File: ref.filePath = b.filePath; break;
        case oci::ImageBlob::Source::Bytes: ref.bytes = b.bytes; break;
        }
        out.image.blobs << ref;
    }
    out.layerFiles << image->layerPath;
    out.newLayerBytes = image->layer.size;
    out.created = config.created;
    log.info(QStringLiteral("image %1: source layer %2 (%3 bytes), config %4").arg(image->manifest.digest, image->layer.digest.left(19))
                 .arg(image->layer.size).arg(image->config.digest.left(19)));
    progress(1.0, QStringLiteral("assembled"));
    return out;
}

// COPY's copying: a file to target, or a folder's tree under target (symlinks as links).
bool copyIntoStaging(const QString &from, const QString &target)
{
    if (!QFileInfo(from).isDir()) {
        QDir().mkpath(QFileInfo(target).absolutePath());
        QFile::remove(target);
        return QFile::copy(from, target);
    }
    QDirIterator it(from, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        const QString t = target + p.mid(from.size());
        if (it.fileInfo().isDir() && !it.fileInfo().isSymLink()) {
            QDir().mkpath(t);
            continue;
        }
        QDir().mkpath(QFileInfo(t).absolutePath());
        QFile::remove(t);
        if (!QFile::copy(p, t))
            return false;
    }
    return true;
}

// A Dockerfile with no RUN: its instructions map onto the assembler. Sources are copied into
// a staging folder laid out as WORKDIR will be; a COPY outside WORKDIR is refused with the
// reason (that needs buildah).
std::optional<BuiltImage> nativeDockerfile(QString text, const ImageBuildRequest &r, BuildLog &log, const StopFlag &stop,
                                           const StepProgress &progress, Failure fail)
{
    // Line continuations first, then one instruction a line.
    text.replace(QRegularExpression(QStringLiteral("\\\\\\r?\\n")), QStringLiteral(" "));
    oci::BuildConfig config = configFor(r);
    config.entrypoint.clear();
    config.cmd.reset();
    config.exposedPort.reset();
    QString base;
    QString workdir = QStringLiteral("/");
    QMap<QString, QString> args;
    const QString staging = r.workDir + QStringLiteral("/context");
    QDir().mkpath(staging);
    const QString context = QFileInfo(r.buildDir).canonicalFilePath();
    auto expand = [&args](QString s) {
        for (auto it = args.begin(); it != args.end(); ++it)
            s.replace(QStringLiteral("${") + it.key() + u'}', it.value()).replace(u'$' + it.key(), it.value());
        return s;
    };
    auto list = [](const QString &rest) -> QStringList {
        const QJsonDocument doc = QJsonDocument::fromJson(rest.toUtf8());
        if (doc.isArray()) {
            QStringList out;
            for (const auto &v : doc.array())
                out << v.toString();
            return out;
        }
        return {QStringLiteral("/bin/sh"), QStringLiteral("-c"), rest};
    };
    int lineNo = 0;
    for (const QString &raw : text.split(u'\n')) {
        ++lineNo;
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QString op = line.section(u' ', 0, 0).toUpper();
        const QString rest = expand(line.section(u' ', 1).trimmed());
        const QString where = QStringLiteral("Dockerfile line %1").arg(lineNo);
        if (op == QLatin1String("FROM")) {
            if (!base.isEmpty())
                return fail(where + QStringLiteral(": a second FROM (multi-stage) needs buildah"), true);
            base = rest.section(u' ', 0, 0);
        } else if (op == QLatin1String("ARG")) {
            args.insert(rest.section(u'=', 0, 0), rest.section(u'=', 1));
        } else if (op == QLatin1String("WORKDIR")) {
            workdir = QDir::cleanPath(rest.startsWith(u'/') ? rest : workdir + u'/' + rest);
        } else if (op == QLatin1String("ENV") || op == QLatin1String("LABEL")) {
            static const QRegularExpression pair(QStringLiteral("([A-Za-z_][A-Za-z0-9_.\\-]*)=(\"[^\"]*\"|\\S*)"));
            auto it = pair.globalMatch(rest);
            bool any = false;
            while (it.hasNext()) {
                const auto m = it.next();
                QString value = m.captured(2);
                if (value.startsWith(u'"'))
                    value = value.mid(1, value.size() - 2);
                any = true;
                if (op == QLatin1String("ENV"))
                    config.env << m.captured(1) + u'=' + value;
                else
                    config.labels.insert(m.captured(1), value);
            }
            if (!any && op == QLatin1String("ENV") && rest.contains(u' '))
                config.env << rest.section(u' ', 0, 0) + u'=' + rest.section(u' ', 1).trimmed();
        } else if (op == QLatin1String("EXPOSE")) {
            bool ok = false;
            const int port = rest.section(u'/', 0, 0).toInt(&ok);
            if (!ok || port < 1 || port > 65535)
                return fail(where + QStringLiteral(": EXPOSE wants a port number"), true);
            config.exposedPort = quint16(port);
        } else if (op == QLatin1String("USER")) {
            config.user = rest;
        } else if (op == QLatin1String("ENTRYPOINT")) {
            config.entrypoint = list(rest);
        } else if (op == QLatin1String("CMD")) {
            config.cmd = list(rest);
        } else if (op == QLatin1String("COPY") || op == QLatin1String("ADD")) {
            QStringList parts = rest.split(u' ', Qt::SkipEmptyParts);
            if (parts.size() < 2 || parts.first().startsWith(QLatin1String("--")))
                return fail(where + QStringLiteral(": only COPY <source>... <destination> of local files is built natively (no --from or other flags)"), true);
            const QString destText = parts.takeLast();
            const QString dest = QDir::cleanPath(destText.startsWith(u'/') ? destText : workdir + u'/' + destText);
            if (dest != workdir && !dest.startsWith(workdir == QLatin1String("/") ? workdir : workdir + u'/'))
                return fail(where + QStringLiteral(": %1 is outside WORKDIR %2; native Dockerfile builds copy into WORKDIR only (install buildah for more)").arg(dest, workdir), true);
            const QString relative = dest.mid(workdir.size()).remove(0, dest.size() > workdir.size() && workdir != QLatin1String("/") ? 1 : 0);
            for (const QString &src : parts) {
                if (src.contains(QLatin1String("://")))
                    return fail(where + QStringLiteral(": ADD of a URL is not built (the build has no network by design)"), true);
                const QString from = QFileInfo(context + u'/' + src).canonicalFilePath();
                if (from.isEmpty() || (from != context && !from.startsWith(context + u'/')))
                    return fail(where + QStringLiteral(": %1 is not inside the build context").arg(src), true);
                // Into a folder when the destination says so (a trailing '/', several sources) or is
                // one already (WORKDIR itself, "."); else it names the file.
                const bool intoDir = destText.endsWith(u'/') || parts.size() > 1 || QFileInfo(from).isDir() || relative.isEmpty()
                    || QFileInfo(staging + u'/' + relative).isDir();
                const QString target = staging + u'/' + relative + (intoDir && !QFileInfo(from).isDir() ? u'/' + QFileInfo(from).fileName() : QString());
                if (!copyIntoStaging(from, target))
                    return fail(where + QStringLiteral(": cannot copy %1").arg(src), false);
            }
        } else if (op == QLatin1String("RUN")) {
            return fail(where + QStringLiteral(": RUN needs a container runtime; install buildah on the worker, or build without RUN"), true);
        } else if (op == QLatin1String("HEALTHCHECK") || op == QLatin1String("STOPSIGNAL") || op == QLatin1String("VOLUME")
                   || op == QLatin1String("SHELL") || op == QLatin1String("ONBUILD") || op == QLatin1String("MAINTAINER")) {
            log.info(QStringLiteral("%1: %2 is ignored by the native builder").arg(where, op));
        } else {
            return fail(where + QStringLiteral(": unknown instruction %1").arg(op), true);
        }
    }
    if (base.isEmpty())
        return fail(QStringLiteral("the Dockerfile has no FROM"), true);
    config.workdir = workdir;
    log.info(QStringLiteral("native Dockerfile build: FROM %1, WORKDIR %2").arg(base, workdir));
    return assembleOn(base, staging, config, r, log, stop, progress, fail);
}

// buildah builds the Dockerfile (RUN included) and exports an OCI layout we push ourselves.
std::optional<BuiltImage> buildahDockerfile(const QString &buildah, const QString &dockerfile, const QString &text, const ImageBuildRequest &r,
                                            BuildLog &log, const StopFlag &stop, const StepProgress &progress, Failure fail)
{
    const QString tag = QStringLiteral("localhost/enclii-build/%1:%2").arg(r.spec.name.toLower(), r.commit.left(12));
    // Base images come through the mirror here too: FROM lines are rewritten in a copy.
    QString file = dockerfile;
    QStringList tlsFlags;
    if (!r.baseImageMirror.isEmpty()) {
        QStringList stages;
        QStringList lines = text.split(u'\n');
        for (QString &line : lines) {
            const QStringList words = line.trimmed().split(u' ', Qt::SkipEmptyParts);
            if (words.size() < 2 || words[0].toUpper() != QLatin1String("FROM"))
                continue;
            const int at = words[1].startsWith(QLatin1String("--")) ? 2 : 1;
            if (words.size() <= at)
                continue;
            if (words.size() > at + 2 && words[at + 1].toUpper() == QLatin1String("AS"))
                stages << words[at + 2];
            if (words[at] == QLatin1String("scratch") || stages.contains(words[at]))
                continue;
            const auto ref = oci::ImageReference::parse(words[at]);
            if (!ref)
                continue;
            QStringList rewritten = words;
            rewritten[at] = r.baseImageMirror + u'/' + ref->repository() + (ref->digest().isEmpty() ? u':' + ref->reference() : u'@' + ref->digest());
            line = rewritten.join(u' ');
        }
        file = r.workDir + QStringLiteral("/Dockerfile.enclii");
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(QStringLiteral("cannot write the rewritten Dockerfile"), false);
        out.write(lines.join(u'\n').toUtf8());
        if (r.baseImageMirrorInsecure || oci::ImageReference::isLoopbackHost(r.baseImageMirror))
            tlsFlags << QStringLiteral("--tls-verify=false");
    }
    const QString layoutDir = r.workDir + QStringLiteral("/layout");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList storage{QStringLiteral("--storage-driver"), QStringLiteral("vfs")};
    progress(0.1, QStringLiteral("buildah bud"));
    auto p = runSubprocess(buildah, storage + QStringList{QStringLiteral("bud"), QStringLiteral("--isolation"), QStringLiteral("chroot"),
                                                          QStringLiteral("--timestamp"), QString::number(r.commitTime.toSecsSinceEpoch()),
                                                          QStringLiteral("-f"), file, QStringLiteral("-t"), tag}
                                                  + tlsFlags + QStringList{r.buildDir},
                           r.buildDir, env, 3600, log, stop);
    if (!p.ok())
        return fail(QStringLiteral("buildah bud failed (exit %1): %2").arg(p.exitCode).arg(p.lastLines.right(400)), false);
    progress(0.7, QStringLiteral("exporting"));
    p = runSubprocess(buildah, storage + QStringList{QStringLiteral("push"), tag, QStringLiteral("oci:") + layoutDir + QStringLiteral(":image")},
                      r.buildDir, env, 600, log, stop);
    runSubprocess(buildah, storage + QStringList{QStringLiteral("rmi"), QStringLiteral("-f"), tag}, r.buildDir, env, 120, log, stop);
    if (!p.ok())
        return fail(QStringLiteral("buildah push to a layout failed: %1").arg(p.lastLines.right(400)), false);
    QString why;
    const auto layout = oci::OciLayout::open(layoutDir, &why);
    const auto entry = layout ? layout->resolve(QStringLiteral("image"), &why) : std::nullopt;
    if (!entry)
        return fail(QStringLiteral("buildah's output: %1").arg(why), false);
    QFile mf(layout->blobPath(entry->digest));
    if (!mf.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("buildah's manifest is missing"), false);
    BuiltImage out;
    out.image.mediaType = entry->mediaType;
    out.image.bytes = mf.readAll();
    out.image.digest = entry->digest;
    out.image.tag = r.commit;
    const QJsonObject m = QJsonDocument::fromJson(out.image.bytes).object();
    const QJsonObject c = m.value(QStringLiteral("config")).toObject();
    out.image.blobs << ImageBlobRef{c.value(QStringLiteral("mediaType")).toString(), c.value(QStringLiteral("digest")).toString(),
                                    c.value(QStringLiteral("size")).toInteger(), layout->blobPath(c.value(QStringLiteral("digest")).toString()), {}, {}, {}};
    for (const auto &v : m.value(QStringLiteral("layers")).toArray()) {
        const QJsonObject l = v.toObject();
        const QString path = layout->blobPath(l.value(QStringLiteral("digest")).toString());
        out.image.blobs.insert(out.image.blobs.size() - 1,
                               ImageBlobRef{l.value(QStringLiteral("mediaType")).toString(), l.value(QStringLiteral("digest")).toString(),
                                            l.value(QStringLiteral("size")).toInteger(), path, {}, {}, {}});
        out.layerFiles << path;
        out.newLayerBytes += l.value(QStringLiteral("size")).toInteger();
    }
    progress(1.0, QStringLiteral("built with buildah"));
    return out;
}

} // namespace

qint64 BuiltImage::totalBytes() const
{
    qint64 n = image.bytes.size();
    for (const ImageBlobRef &b : image.blobs)
        n += b.size;
    return n;
}

std::optional<BuiltImage> buildImage(const ImageBuildRequest &r, BuildLog &log, const StopFlag &stop, const StepProgress &progress,
                                     QString *error, bool *permanent)
{
    Failure fail{error, permanent};
    if (r.spec.build.builder == QLatin1String("dockerfile")) {
        const QString name = r.spec.build.dockerfile.isEmpty() ? QStringLiteral("Dockerfile") : r.spec.build.dockerfile;
        const QString dockerfile = QFileInfo(r.buildDir + u'/' + name).canonicalFilePath();
        if (dockerfile.isEmpty() || !dockerfile.startsWith(QFileInfo(r.checkoutDir).canonicalFilePath() + u'/'))
            return fail(QStringLiteral("no Dockerfile at %1/%2 in this commit").arg(r.spec.build.path, name), true);
        // Natively when nothing needs a container runtime (reproducible, and base images come
        // through the mirror); buildah for RUN and multi-stage builds.
        // Read once: the choice of builder and the builder itself work from this text.
        QFile f(dockerfile);
        if (!f.open(QIODevice::ReadOnly) || f.size() > 256 * 1024)
            return fail(QStringLiteral("cannot read the Dockerfile %1 (unreadable, or over 256 KiB)").arg(name), true);
        const QString text = QString::fromUtf8(f.readAll());
        static const QRegularExpression run(QStringLiteral("^\\s*RUN\\s"), QRegularExpression::MultilineOption | QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression from(QStringLiteral("^\\s*FROM\\s"), QRegularExpression::MultilineOption | QRegularExpression::CaseInsensitiveOption);
        const bool needsRuntime = run.match(text).hasMatch() || text.count(from) > 1;
        const QString buildah = r.buildahProgram.isEmpty() ? QString() : QStandardPaths::findExecutable(r.buildahProgram);
        if (needsRuntime && !buildah.isEmpty())
            return buildahDockerfile(buildah, dockerfile, text, r, log, stop, progress, fail);
        return nativeDockerfile(text, r, log, stop, progress, fail);
    }
    return assembleOn(r.spec.build.baseImage, r.buildDir, configFor(r), r, log, stop, progress, fail);
}

} // namespace enclii::roundhouse
