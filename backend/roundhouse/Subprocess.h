#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace enclii::roundhouse {

class BuildLog;
struct StopFlag;

// Runs one tool of a build step (git, buildah) to completion from a worker thread: its
// output goes to the build log line by line, it is killed when the build is stopped or its
// deadline passes, and its result says which of those happened.
struct SubprocessResult
{
    int exitCode = -1;
    bool started = false;
    bool timedOut = false;
    bool stopped = false;
    QString lastLines; // the tail of its output, for the error message
    bool ok() const { return started && !timedOut && !stopped && exitCode == 0; }
};

SubprocessResult runSubprocess(const QString &program, const QStringList &args, const QString &workDir,
                               const QProcessEnvironment &env, int timeoutSeconds, BuildLog &log, const StopFlag &stop);

} // namespace enclii::roundhouse
