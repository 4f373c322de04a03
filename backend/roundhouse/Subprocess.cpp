#include "Subprocess.h"

#include "BuildLog.h"

#include <QElapsedTimer>
#include <QProcess>

namespace enclii::roundhouse {

namespace {

// Splits complete lines off a buffer; a line without its newline waits for the rest.
void drainLines(QByteArray &buffer, const QString &stream, BuildLog &log, QStringList &tail, bool all)
{
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = buffer.indexOf('\n', start);
        if (nl < 0)
            break;
        QString text = QString::fromUtf8(buffer.mid(start, nl - start));
        if (text.endsWith(u'\r'))
            text.chop(1);
        // git draws progress with carriage returns: keep the last state of the line.
        text = text.section(u'\r', -1);
        log.line(stream, text);
        tail << BuildLog::redact(text);
        if (tail.size() > 5)
            tail.removeFirst();
        start = nl + 1;
    }
    buffer.remove(0, start);
    if (all && !buffer.isEmpty()) {
        log.line(stream, QString::fromUtf8(buffer));
        tail << BuildLog::redact(QString::fromUtf8(buffer));
        buffer.clear();
    }
}

} // namespace

SubprocessResult runSubprocess(const QString &program, const QStringList &args, const QString &workDir,
                               const QProcessEnvironment &env, int timeoutSeconds, BuildLog &log, const StopFlag &stop)
{
    SubprocessResult result;
    QProcess p;
    p.setProgram(program);
    p.setArguments(args);
    p.setWorkingDirectory(workDir);
    p.setProcessEnvironment(env);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start();
    if (!p.waitForStarted(10000)) {
        result.lastLines = QStringLiteral("%1 could not be started: %2").arg(program, p.errorString());
        return result;
    }
    result.started = true;
    QByteArray out, err;
    QStringList tail;
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        const bool finished = p.waitForFinished(100);
        out += p.readAllStandardOutput();
        err += p.readAllStandardError();
        drainLines(out, QStringLiteral("stdout"), log, tail, finished);
        drainLines(err, QStringLiteral("stderr"), log, tail, finished);
        if (finished || p.state() == QProcess::NotRunning)
            break;
        // A line that never ends must not grow without bound.
        for (QByteArray *b : {&out, &err})
            if (b->size() > 64 * 1024)
                b->append('\n');
        if (stop.stop() || timer.elapsed() > qint64(timeoutSeconds) * 1000) {
            result.stopped = stop.stop();
            result.timedOut = !result.stopped;
            p.kill();
            p.waitForFinished(5000);
            break;
        }
    }
    result.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    result.lastLines = tail.join(u'\n');
    return result;
}

} // namespace enclii::roundhouse
