#pragma once

// The seed's spec set and a release per service, shared by the reconcile tests.

#include "reconcile/Release.h"
#include "spec/SpecLoader.h"

#include <QCryptographicHash>
#include <QHash>
#include <QString>

namespace enclii::testing {

inline const spec::LoadResult &seed()
{
    static const spec::LoadResult r = spec::SpecLoader().loadDirectory(QStringLiteral(ENCLII_SOURCE_DIR "/specs"));
    return r;
}

inline const core::SpecSet &seedSpecs()
{
    return seed().specs;
}

// A stable, made-up digest per service, as Roundhouse would push it to GHCR.
inline reconcile::Release releaseFor(const core::ServiceSpec &s, const QString &salt = {})
{
    const QByteArray digest = QCryptographicHash::hash(("enclii-test:" + s.name + salt).toUtf8(),
                                                       QCryptographicHash::Sha256).toHex();
    return {s.name, QStringLiteral("ghcr.io/madfam-org/%1@sha256:%2").arg(s.name, QString::fromLatin1(digest)),
            QStringLiteral("r1")};
}

inline QHash<QString, reconcile::Release> seedReleases()
{
    QHash<QString, reconcile::Release> out;
    for (const auto &s : seedSpecs().services)
        out.insert(s.name, releaseFor(s));
    return out;
}

} // namespace enclii::testing
