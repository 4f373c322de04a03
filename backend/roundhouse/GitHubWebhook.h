#pragma once

#include "core/Ecosystem.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace enclii::roundhouse {

// GitHub webhooks, the pure part: signatures, and which services a push or a pull request
// concerns. No I/O, so every rule is testable on its own.

// "sha256=" + lower-case hex HMAC-SHA256 of body under secret, as GitHub sends in
// X-Hub-Signature-256.
QByteArray githubSignature(const QByteArray &secret, const QByteArray &body);
// Whether header is the signature of body under secret, compared in constant time.
bool verifyGithubSignature(const QByteArray &secret, const QByteArray &body, const QByteArray &header);

// The form repository URLs are compared and stored in: scheme and host lower-cased, no
// trailing "/" or ".git" ("https://github.com/Org/Repo.git" -> "https://github.com/org/repo";
// GitHub's names are case-insensitive).
QString normaliseRepoUrl(const QString &url);

// The payload's repository as clone_url and html_url, normalised, without duplicates.
QStringList payloadRepos(const QJsonObject &payload);

// Whether a change at changedPath (repository-relative) concerns a service built from
// buildPath: "." (the whole repository) or a folder that contains the path.
bool pathSelects(const QString &buildPath, const QString &changedPath);

// The paths a push changed: every commit's added, modified and removed files.
QStringList changedPaths(const QJsonObject &pushPayload);

// Services built from repo (normalised) on branch. With changed paths, only those whose
// build path one of them falls in; changed == nullptr means "any path" (pull requests).
QList<core::ServiceSpec> servicesFor(const core::SpecSet &specs, const QStringList &repos, const QString &branch,
                                     const QStringList *changed);

} // namespace enclii::roundhouse
