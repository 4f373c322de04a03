#pragma once

// The seed's specs with dhanam-api's canary windows shortened (20 s steps, a measurement every
// 5 s), for tests that run whole rollouts through encliid.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QString>

namespace enclii::test {

inline bool copySpecsWithShortCanary(const QString &to)
{
    const QDir from(QStringLiteral(ENCLII_SOURCE_DIR "/specs"));
    QDirIterator it(from.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + u'/' + from.relativeFilePath(file);
        QDir().mkpath(QFileInfo(target).path());
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly))
            return false;
        QByteArray text = in.readAll();
        if (file.endsWith(QLatin1String("services/dhanam.yaml")))
            text.replace("pause: 5m", "pause: 20s").replace("interval: 1m", "interval: 5s");
        QFile out(target);
        if (!out.open(QIODevice::WriteOnly) || out.write(text) != text.size())
            return false;
    }
    return true;
}

// A release of dhanam-api as Roundhouse records one: a build row and a release by digest.
inline QString dhanamImage(QChar salt)
{
    return QStringLiteral("ghcr.io/madfam-org/dhanam-api@sha256:") + QString(64, salt);
}

inline QString dhanamReleaseSql(QChar salt)
{
    return QStringLiteral("WITH j AS (INSERT INTO build_jobs (service, project, repo, commit_sha, reason, state) VALUES"
                          " ('dhanam-api', 'dhanam', 'https://example.invalid/dhanam.git', '%1', 'push', 'succeeded') RETURNING id)"
                          " INSERT INTO releases (build_id, service, project, commit_sha, image_ref, image_digest, auto_deploy)"
                          " SELECT id, 'dhanam-api', 'dhanam', '%1', '%2', 'sha256:%3', true FROM j RETURNING id")
        .arg(QString(40, salt), dhanamImage(salt), QString(64, salt));
}

} // namespace enclii::test
