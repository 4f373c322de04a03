#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::store {
class Database;
}

namespace enclii::roundhouse {

struct BuildJob;

// The steps of a build, in pipeline order (the seed's CI/CD flow, steps 2 to 4 and 6).
const QStringList &buildStepNames();

struct BuildStep
{
    QString name;
    QString state = QStringLiteral("pending"); // pending | running | succeeded | failed | skipped
    QDateTime startedAt;
    QDateTime finishedAt;
    std::optional<double> progress; // 0..1 while running, when the step can tell
    QString detail;
};

struct LogLine
{
    int seq = 0;
    int attempt = 0;
    QString step;
    QString stream; // info | stdout | stderr
    QDateTime at;
    QString text;
};

struct Release
{
    qint64 id = 0;
    qint64 buildId = 0;
    QString service;
    QString project;
    QString commit;
    QString ref;
    QString imageRef;
    QString imageDigest;
    QString sbomDigest;
    QString sbomFormat;
    QJsonObject sbomSummary;
    QString signatureDigest;
    QString signingKeyId;
    bool autoDeploy = true;
    QDateTime createdAt;
};

// The rows a build leaves besides its job: step states, the log, the artifacts, the release.
// Every write is its own short transaction, so what the console shows is what happened up
// to the last row (the event feed follows these tables through their triggers).
// Thread-safe: each call takes a pooled connection.
class BuildRecord
{
public:
    explicit BuildRecord(store::Database &db);

    // Every step back to pending for a new attempt.
    void resetSteps(qint64 buildId);
    void updateStep(qint64 buildId, const BuildStep &step);
    QList<BuildStep> steps(qint64 buildId);
    QHash<qint64, QList<BuildStep>> steps(const QList<qint64> &buildIds);

    static constexpr int kMaxLineBytes = 8192;
    static constexpr int kMaxLinesPerBuild = 50000;
    // Appends lines (one transaction) after the build's last seq; a line over kMaxLineBytes is
    // cut, and past kMaxLinesPerBuild lines only a final notice is kept.
    void appendLog(qint64 buildId, int attempt, const QList<LogLine> &lines);
    QList<LogLine> logs(qint64 buildId, int afterSeq, int limit);

    // Merges keys into the job's artifacts object (image, sbom, signature, ...).
    void mergeArtifacts(qint64 buildId, const QJsonObject &fields);

    // Inserts the build's release unless it has one (a repeated release step after a worker
    // died is a no-op); returns the release either way.
    Release recordRelease(const Release &release);
    std::optional<Release> releaseOfBuild(qint64 buildId);
    QList<Release> releases(const QString &service, int limit);

private:
    store::Database &m_db;
};

// The JSON of a build as the API and the event feed give it (the console's contract).
QJsonObject buildJson(const BuildJob &job, const QList<BuildStep> &steps);
QJsonObject logLineJson(qint64 buildId, const LogLine &line);
QJsonObject releaseJson(const Release &release);

} // namespace enclii::roundhouse
