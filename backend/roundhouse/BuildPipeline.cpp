#include "BuildPipeline.h"

#include "BuildLog.h"
#include "BuildRecord.h"
#include "ImageBuild.h"
#include "GitCheckout.h"
#include "ImageSigner.h"
#include "ImagePublisher.h"

#include "oci/image/BaseImage.h"
#include "oci/image/ImageAssembler.h"
#include "oci/registry/ImageReference.h"
#include "oci/registry/RegistryClient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QScopeGuard>

namespace enclii::roundhouse {

using Outcome = BuildQueue::Outcome;

QString RegistryTarget::repositoryFor(const QString &project, const QString &service) const
{
    const QString p = prefix();
    return (p.isEmpty() ? QString() : p + u'/') + project.toLower() + u'/' + service.toLower();
}

namespace {

// One step's row: running when constructed, then succeeded/failed/skipped; progress on the
// way (written at most twice a second, so a fast upload is not a flood of rows).
class StepScope
{
public:
    StepScope(BuildRecord &record, qint64 buildId, const QString &name, BuildLog &log) : m_record(record), m_log(log)
    {
        m_step.name = name;
        m_step.state = QStringLiteral("running");
        m_step.startedAt = QDateTime::currentDateTimeUtc();
        m_buildId = buildId;
        m_log.setStep(name);
        m_record.updateStep(m_buildId, m_step);
        m_sinceProgress.start();
    }
    ~StepScope()
    {
        if (m_step.state == QLatin1String("running"))
            finish(QStringLiteral("failed"), m_step.detail);
    }
    void progress(double fraction, const QString &detail = {})
    {
        if (m_sinceProgress.elapsed() < 500 && fraction < 1.0)
            return;
        m_sinceProgress.restart();
        m_step.progress = fraction;
        if (!detail.isEmpty())
            m_step.detail = detail;
        try {
            m_record.updateStep(m_buildId, m_step);
        } catch (const std::exception &) {
            // Progress is a courtesy; the step goes on.
        }
    }
    void succeed(const QString &detail) { finish(QStringLiteral("succeeded"), detail); }
    void skip(const QString &detail) { finish(QStringLiteral("skipped"), detail); }
    void fail(const QString &detail) { finish(QStringLiteral("failed"), detail); }

private:
    void finish(const QString &state, const QString &detail)
    {
        m_step.state = state;
        m_step.finishedAt = QDateTime::currentDateTimeUtc();
        m_step.progress.reset();
        m_step.detail = detail.left(500);
        try {
            m_record.updateStep(m_buildId, m_step);
        } catch (const std::exception &) {
        }
    }
    BuildRecord &m_record;
    BuildLog &m_log;
    qint64 m_buildId = 0;
    BuildStep m_step;
    QElapsedTimer m_sinceProgress;
};

JobOutcome failed(Outcome outcome, const QString &error)
{
    return {outcome, error};
}

QString humanSize(qint64 bytes)
{
    if (bytes < 10 * 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 10 * 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
}

} // namespace

BuildPipeline::BuildPipeline(BuildRecord &record, Options options) : m_record(record), m_options(std::move(options)) {}

JobOutcome BuildPipeline::run(const BuildJob &job, BuildLog &log, const StopFlag &stop)
{
    QElapsedTimer clock;
    clock.start();
    const auto spec = m_options.serviceSpec ? m_options.serviceSpec(job.service) : std::nullopt;
    if (!spec)
        return failed(Outcome::Permanent, QStringLiteral("service %1 is not in the catalog any more").arg(job.service));
    if (!m_options.signer)
        return failed(Outcome::Retryable, QStringLiteral("this worker has no image-signing key"));

    const QString scratch = QDir(m_options.scratchDir).filePath(QStringLiteral("build-%1-%2").arg(job.id).arg(job.attempts));
    QDir(scratch).removeRecursively(); // what a crashed attempt on this machine left
    const auto cleanup = qScopeGuard([&] { QDir(scratch).removeRecursively(); });
    const QString source = scratch + QStringLiteral("/src");
    const QString work = scratch + QStringLiteral("/work");
    QDir().mkpath(work);

    auto report = [&](bool ok) {
        if (!m_options.usage)
            return;
        BuildUsage u{job.id, job.attempts, job.project, job.service, ok, clock.elapsed(), QDateTime::currentDateTimeUtc()};
        try {
            m_options.usage(u);
        } catch (const std::exception &e) {
            log.info(QStringLiteral("build usage not recorded: %1").arg(QString::fromUtf8(e.what())));
        }
    };
    auto outcome = [&](JobOutcome o) {
        if (o.outcome != Outcome::Succeeded && !stop.stop())
            report(false);
        return o;
    };

    // clone
    CheckoutResult checkout;
    {
        StepScope step(m_record, job.id, QStringLiteral("clone"), log);
        CheckoutOptions co;
        co.timeoutSeconds = m_options.cloneTimeoutSeconds;
        co.urlRewrites = m_options.gitUrlRewrites;
        checkout = checkoutCommit(job.repo, job.commit, source, log, stop, co);
        if (!checkout.ok) {
            step.fail(checkout.error);
            return outcome(failed(checkout.permanent ? Outcome::Permanent : Outcome::Retryable, QStringLiteral("clone: ") + checkout.error));
        }
        step.succeed(QStringLiteral("%1 at %2, %3 files").arg(job.ref.isEmpty() ? QStringLiteral("commit") : job.ref, job.commit.left(12)).arg(checkout.files));
    }
    if (stop.stop())
        return failed(Outcome::Retryable, QStringLiteral("stopped"));

    // build
    QString pathError;
    const QString buildDir = resolveBuildPath(source, spec->build.path, &pathError);
    ImageBuildRequest request;
    request.spec = *spec;
    request.buildDir = buildDir;
    request.checkoutDir = source;
    request.workDir = work;
    request.commit = job.commit;
    request.repo = job.repo;
    request.commitTime = checkout.commitTime;
    request.baseImageMirror = m_options.baseImageMirror;
    request.baseImageMirrorInsecure = m_options.baseImageMirrorInsecure;
    request.buildahProgram = m_options.buildahProgram;
    std::optional<BuiltImage> image;
    {
        StepScope step(m_record, job.id, QStringLiteral("build"), log);
        if (buildDir.isEmpty()) {
            step.fail(pathError);
            return outcome(failed(Outcome::Permanent, QStringLiteral("build: ") + pathError));
        }
        QString error;
        bool permanent = false;
        image = buildImage(request, log, stop, [&](double f, const QString &d) { step.progress(f, d); }, &error, &permanent);
        if (!image) {
            step.fail(error);
            return outcome(failed(permanent ? Outcome::Permanent : Outcome::Retryable, QStringLiteral("build: ") + error));
        }
        step.succeed(QStringLiteral("%1, %2 layer(s), %3 new").arg(image->manifestDigest().left(19)).arg(image->layerCount())
                         .arg(humanSize(image->newBytes())));
    }
    if (stop.stop())
        return failed(Outcome::Retryable, QStringLiteral("stopped"));

    const QString repository = m_options.target.repositoryFor(job.project, job.service);
    const QString dockerReference = m_options.target.host() + u'/' + repository;

    // sbom
    {
        StepScope step(m_record, job.id, QStringLiteral("sbom"), log);
        QString error;
        if (!image->makeSbom(dockerReference, m_options.spdx, log, &error)) {
            step.fail(error);
            // An unreadable layer stays unreadable: no retries.
            return outcome(failed(Outcome::Permanent, QStringLiteral("sbom: ") + error));
        }
        step.succeed(image->sbomSummaryText());
    }

    // sign
    {
        StepScope step(m_record, job.id, QStringLiteral("sign"), log);
        QString error;
        const auto sig = m_options.signer->sign(dockerReference, image->manifestDigest(), &error);
        if (!sig || !image->attachSignature(sig->payload, sig->signatureBase64, &error)) {
            step.fail(error);
            return outcome(failed(Outcome::Retryable, QStringLiteral("sign: ") + error));
        }
        log.info(QStringLiteral("signed %1 with key %2").arg(image->manifestDigest(), m_options.signer->keyId().left(16)));
        step.succeed(QStringLiteral("key %1").arg(m_options.signer->keyId().left(16)));
    }
    if (stop.stop())
        return failed(Outcome::Retryable, QStringLiteral("stopped"));

    // push
    PublishedImage published;
    {
        StepScope step(m_record, job.id, QStringLiteral("push"), log);
        QString error;
        ImagePublisher publisher(m_options.target);
        const auto result = publisher.publish(*image, repository, job.commit, log, stop,
                                              [&](double f, const QString &d) { step.progress(f, d); }, &error);
        if (!result) {
            step.fail(error);
            return outcome(failed(Outcome::Retryable, QStringLiteral("push: ") + error));
        }
        published = *result;
        step.succeed(QStringLiteral("%1 uploaded, %2 blob(s) already there").arg(humanSize(published.uploadedBytes)).arg(published.reusedBlobs));
    }

    // release
    {
        StepScope step(m_record, job.id, QStringLiteral("release"), log);
        Release r;
        r.buildId = job.id;
        r.service = job.service;
        r.project = job.project;
        r.commit = job.commit;
        r.ref = job.ref;
        r.imageRef = published.imageReference;
        r.imageDigest = image->manifestDigest();
        r.sbomDigest = published.sbomDigest;
        r.sbomFormat = image->sbomFormat();
        r.sbomSummary = image->sbomSummary();
        r.signatureDigest = published.signatureDigest;
        r.signingKeyId = m_options.signer->keyId();
        // Previews are never deployed by themselves.
        r.autoDeploy = spec->deploy.autoDeploy && job.reason != QLatin1String("pull_request")
            && job.ref == QStringLiteral("refs/heads/") + spec->build.branch;
        const Release stored = m_record.recordRelease(r);
        m_record.mergeArtifacts(job.id, QJsonObject{
            {QStringLiteral("image"), QJsonObject{{QStringLiteral("reference"), published.imageReference},
                                                  {QStringLiteral("digest"), r.imageDigest},
                                                  {QStringLiteral("sizeBytes"), double(image->totalBytes())}}},
            {QStringLiteral("sbom"), image->sbomJsonSummary(published.sbomDigest)},
            {QStringLiteral("signature"), QJsonObject{{QStringLiteral("state"), QStringLiteral("signed")},
                                                      {QStringLiteral("keyId"), r.signingKeyId},
                                                      {QStringLiteral("digest"), published.signatureDigest}}},
            {QStringLiteral("release"), releaseJson(stored)}});
        log.info(QStringLiteral("release %1: %2 (auto-deploy %3)").arg(stored.id).arg(stored.imageRef,
                                                                                     stored.autoDeploy ? QStringLiteral("on") : QStringLiteral("off")));
        step.succeed(QStringLiteral("release %1").arg(stored.id));
    }
    report(true);
    return {};
}

} // namespace enclii::roundhouse
