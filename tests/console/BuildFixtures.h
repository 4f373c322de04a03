#pragma once

// The pipeline's fixtures in tests/console/data: a day of Roundhouse builds as GET /v1/builds
// returns them (builds.json) and the running build's log so far (build-126-logs.json).

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace enclii::test {

inline QJsonObject readTestJson(const QString &name)
{
    QFile file(QStringLiteral(ENCLII_TEST_DATA_DIR "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace enclii::test
