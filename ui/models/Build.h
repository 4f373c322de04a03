#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

// Roundhouse's builds as encliid describes them (GET /v1/builds, /v1/builds/{id}, the
// "build" and "log" events). Read forgivingly: what is missing or malformed stays empty.
namespace enclii::ui {

enum class BuildState { Unknown, Queued, Running, Succeeded, Failed, Cancelled };
enum class StepState { Pending, Running, Succeeded, Failed, Skipped };

struct BuildStep
{
    QString name;
    StepState state = StepState::Pending;
    QDateTime startedAt;
    QDateTime finishedAt;
    qint64 durationMs = -1; // -1: not given
    double progress = -1;   // 0..1; -1: not given
    QString detail;
};

struct BuildImage
{
    QString reference;
    QString digest;
    qint64 sizeBytes = -1;
    bool isEmpty() const { return reference.isEmpty() && digest.isEmpty(); }
};

struct BuildSbom
{
    bool present = false;
    QString format;
    int packages = 0;
    int licenses = 0;
    QList<QPair<QString, int>> byType; // most packages first
    QString digest;
};

struct BuildSignature
{
    QString state; // signed, verified, unsigned, invalid; empty: not reported
    QString keyId;
    QString digest;
};

struct BuildRelease
{
    qint64 id = 0;
    QString image;
    QDateTime createdAt;
};

struct Build
{
    qint64 id = 0;
    QString service;
    QString project;
    QString repo;
    QString commit;
    QString ref;
    QString reason;
    int priority = 0;
    BuildState state = BuildState::Unknown;
    int attempts = 0;
    int maxAttempts = 0;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime startedAt;
    QDateTime finishedAt;
    QString lastError;
    QString leaseOwner;
    bool hasSteps = false; // summaries may leave the steps out
    QList<BuildStep> steps;
    BuildImage image;
    BuildSbom sbom;
    BuildSignature signature;
    BuildRelease release;

    // Empty without a positive "id".
    static std::optional<Build> fromJson(const QJsonObject &json);

    bool isActive() const { return state == BuildState::Queued || state == BuildState::Running; }
    bool isFinished() const;
    QString shortCommit() const { return commit.left(7); }
    // "main" for refs/heads/main; the ref itself otherwise.
    QString branch() const;
    // From start to finish, or to `now` while running; -1 before it has started.
    qint64 durationMs(const QDateTime &now) const;
    // A summary that leaves details out must not erase the ones already known.
    void keepDetailsFrom(const Build &known);
};

struct BuildLogLine
{
    qint64 seq = 0;
    QString step;
    QDateTime at;
    QString stream; // info, stdout, stderr
    QString text;

    // Empty without a positive "seq". Text beyond maxTextLength is cut.
    static std::optional<BuildLogLine> fromJson(const QJsonObject &json, qsizetype maxTextLength = 8192);
};

BuildState buildStateFromString(const QString &state);
StepState stepStateFromString(const QString &state);
QDateTime timestampFromJson(const QJsonObject &json, QLatin1String key);

} // namespace enclii::ui
