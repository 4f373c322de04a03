#include "Build.h"

#include "JsonRead.h"

#include <algorithm>

namespace enclii::ui {

using namespace Qt::StringLiterals;

BuildState buildStateFromString(const QString &state)
{
    if (state == "queued"_L1)
        return BuildState::Queued;
    if (state == "running"_L1)
        return BuildState::Running;
    if (state == "succeeded"_L1)
        return BuildState::Succeeded;
    if (state == "failed"_L1)
        return BuildState::Failed;
    if (state == "cancelled"_L1)
        return BuildState::Cancelled;
    return BuildState::Unknown;
}

StepState stepStateFromString(const QString &state)
{
    if (state == "running"_L1)
        return StepState::Running;
    if (state == "succeeded"_L1)
        return StepState::Succeeded;
    if (state == "failed"_L1)
        return StepState::Failed;
    if (state == "skipped"_L1)
        return StepState::Skipped;
    return StepState::Pending;
}

QDateTime timestampFromJson(const QJsonObject &json, QLatin1String key)
{
    const QString text = json::string(json, key);
    if (text.isEmpty())
        return {};
    QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    return at.isValid() ? at.toUTC() : QDateTime();
}

namespace {

BuildStep stepFromJson(const QJsonObject &json)
{
    BuildStep step;
    step.name = json::string(json, "name"_L1);
    step.state = stepStateFromString(json::string(json, "state"_L1));
    step.startedAt = timestampFromJson(json, "startedAt"_L1);
    step.finishedAt = timestampFromJson(json, "finishedAt"_L1);
    step.durationMs = std::max<qint64>(-1, json::integer(json, "durationMs"_L1, -1));
    if (json.value("progress"_L1).isDouble())
        step.progress = std::clamp(json::number(json, "progress"_L1), 0.0, 1.0);
    step.detail = json::string(json, "detail"_L1);
    return step;
}

BuildSbom sbomFromJson(const QJsonObject &json)
{
    BuildSbom sbom;
    sbom.present = !json.isEmpty();
    sbom.format = json::string(json, "format"_L1);
    sbom.packages = std::max(0, json::integer32(json, "packages"_L1));
    sbom.licenses = std::max(0, json::integer32(json, "licenses"_L1));
    sbom.digest = json::string(json, "digest"_L1);
    const QJsonObject byType = json::object(json, "byType"_L1);
    for (auto it = byType.begin(); it != byType.end(); ++it)
        if (it.value().isDouble())
            sbom.byType.append({it.key(), std::max(0, it.value().toInt())});
    std::stable_sort(sbom.byType.begin(), sbom.byType.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    return sbom;
}

} // namespace

std::optional<Build> Build::fromJson(const QJsonObject &json)
{
    Build b;
    b.id = json::integer(json, "id"_L1);
    if (b.id <= 0)
        return std::nullopt;
    b.service = json::string(json, "service"_L1);
    b.project = json::string(json, "project"_L1);
    b.repo = json::string(json, "repo"_L1);
    b.commit = json::string(json, "commit"_L1);
    b.ref = json::string(json, "ref"_L1);
    b.reason = json::string(json, "reason"_L1);
    b.priority = json::integer32(json, "priority"_L1);
    b.state = buildStateFromString(json::string(json, "state"_L1));
    b.attempts = json::integer32(json, "attempts"_L1);
    b.maxAttempts = json::integer32(json, "maxAttempts"_L1);
    b.createdAt = timestampFromJson(json, "createdAt"_L1);
    b.updatedAt = timestampFromJson(json, "updatedAt"_L1);
    b.startedAt = timestampFromJson(json, "startedAt"_L1);
    b.finishedAt = timestampFromJson(json, "finishedAt"_L1);
    b.lastError = json::string(json, "lastError"_L1);
    b.leaseOwner = json::string(json, "leaseOwner"_L1);

    b.hasSteps = json.value("steps"_L1).isArray();
    for (const QJsonValue &v : json::array(json, "steps"_L1))
        if (v.isObject())
            b.steps.append(stepFromJson(v.toObject()));

    const QJsonObject image = json::object(json, "image"_L1);
    b.image = {json::string(image, "reference"_L1), json::string(image, "digest"_L1),
               json::integer(image, "sizeBytes"_L1, -1)};
    b.sbom = sbomFromJson(json::object(json, "sbom"_L1));
    const QJsonObject signature = json::object(json, "signature"_L1);
    b.signature = {json::string(signature, "state"_L1), json::string(signature, "keyId"_L1),
                   json::string(signature, "digest"_L1)};
    const QJsonObject release = json::object(json, "release"_L1);
    b.release = {json::integer(release, "id"_L1), json::string(release, "image"_L1),
                 timestampFromJson(release, "createdAt"_L1)};
    return b;
}

bool Build::isFinished() const
{
    return state == BuildState::Succeeded || state == BuildState::Failed || state == BuildState::Cancelled;
}

QString Build::branch() const
{
    for (QLatin1String prefix : {"refs/heads/"_L1, "refs/tags/"_L1})
        if (ref.startsWith(prefix))
            return ref.mid(prefix.size());
    return ref;
}

qint64 Build::durationMs(const QDateTime &now) const
{
    if (!startedAt.isValid())
        return -1;
    const QDateTime end = finishedAt.isValid() ? finishedAt : (isActive() ? now : updatedAt);
    return end.isValid() ? std::max<qint64>(0, startedAt.msecsTo(end)) : -1;
}

void Build::keepDetailsFrom(const Build &known)
{
    if (attempts > known.attempts)
        return; // a new attempt starts over: the old one's details are not its own
    if (!hasSteps && known.hasSteps) {
        hasSteps = true;
        steps = known.steps;
    }
    if (image.isEmpty())
        image = known.image;
    if (!sbom.present)
        sbom = known.sbom;
    if (signature.state.isEmpty())
        signature = known.signature;
    if (release.id == 0)
        release = known.release;
}

std::optional<BuildLogLine> BuildLogLine::fromJson(const QJsonObject &json, qsizetype maxTextLength)
{
    BuildLogLine line;
    line.seq = json::integer(json, "seq"_L1);
    if (line.seq <= 0)
        return std::nullopt;
    line.step = json::string(json, "step"_L1);
    line.at = timestampFromJson(json, "at"_L1);
    line.stream = json::string(json, "stream"_L1);
    line.text = json::string(json, "text"_L1);
    if (line.text.size() > maxTextLength)
        line.text = line.text.left(maxTextLength) + u'…';
    return line;
}

} // namespace enclii::ui
