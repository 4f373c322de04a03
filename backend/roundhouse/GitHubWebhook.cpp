#include "GitHubWebhook.h"

#include "auth/crypto/PasswordHash.h"

#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QUrl>

namespace enclii::roundhouse {

QByteArray githubSignature(const QByteArray &secret, const QByteArray &body)
{
    return "sha256=" + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

bool verifyGithubSignature(const QByteArray &secret, const QByteArray &body, const QByteArray &header)
{
    // GitHub writes lower-case hex; accept upper case too, the digest is what counts.
    return auth::constantTimeEquals(githubSignature(secret, body), header.trimmed().toLower());
}

QString normaliseRepoUrl(const QString &url)
{
    QString s = url.trimmed();
    while (s.endsWith(u'/'))
        s.chop(1);
    if (s.endsWith(QLatin1String(".git"), Qt::CaseInsensitive))
        s.chop(4);
    return s.toLower();
}

QStringList payloadRepos(const QJsonObject &payload)
{
    const QJsonObject repo = payload.value(QStringLiteral("repository")).toObject();
    QStringList out;
    for (const char *key : {"clone_url", "html_url"}) {
        const QString url = normaliseRepoUrl(repo.value(QLatin1String(key)).toString());
        if (!url.isEmpty() && !out.contains(url))
            out << url;
    }
    return out;
}

namespace {

// "./apps/x/" -> "apps/x"; "." and "" -> "".
QString cleanPath(QString p)
{
    p = p.trimmed();
    while (p.startsWith(QLatin1String("./")))
        p.remove(0, 2);
    while (p.endsWith(u'/'))
        p.chop(1);
    return p == QLatin1String(".") ? QString() : p;
}

} // namespace

bool pathSelects(const QString &buildPath, const QString &changedPath)
{
    const QString folder = cleanPath(buildPath);
    if (folder.isEmpty())
        return true;
    const QString changed = cleanPath(changedPath);
    // A folder prefix, not a string prefix: apps/api does not select apps/api-gateway/x.
    return changed == folder || changed.startsWith(folder + u'/');
}

QStringList changedPaths(const QJsonObject &pushPayload)
{
    QStringList out;
    auto take = [&out](const QJsonObject &commit) {
        for (const char *key : {"added", "modified", "removed"})
            for (const auto &v : commit.value(QLatin1String(key)).toArray())
                if (!out.contains(v.toString()))
                    out << v.toString();
    };
    for (const auto &c : pushPayload.value(QStringLiteral("commits")).toArray())
        take(c.toObject());
    // A push of commits GitHub lists only as head_commit (e.g. a forced push).
    if (out.isEmpty() && pushPayload.value(QStringLiteral("head_commit")).isObject())
        take(pushPayload.value(QStringLiteral("head_commit")).toObject());
    return out;
}

QList<core::ServiceSpec> servicesFor(const core::SpecSet &specs, const QStringList &repos, const QString &branch,
                                     const QStringList *changed)
{
    QList<core::ServiceSpec> out;
    for (const core::ServiceSpec &s : specs.services) {
        if (!repos.contains(normaliseRepoUrl(s.build.repo)) || s.build.branch != branch)
            continue;
        bool selected = changed == nullptr;
        for (qsizetype i = 0; !selected && changed && i < changed->size(); ++i)
            selected = pathSelects(s.build.path, changed->at(i));
        if (selected)
            out << s;
    }
    return out;
}

} // namespace enclii::roundhouse
