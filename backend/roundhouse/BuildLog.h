#pragma once

#include "BuildRecord.h"

#include <QElapsedTimer>
#include <QMutex>

#include <atomic>

namespace enclii::roundhouse {

// Why a running build stops early: cancelled by a person, or its lease lost to another
// worker (this one was taken for dead). Set by the heartbeat, read by every step.
struct StopFlag
{
    std::atomic<bool> cancelled{false};
    std::atomic<bool> leaseLost{false};
    bool stop() const { return cancelled || leaseLost; }
};

// One attempt's log: lines are buffered and written to build_logs in batches (at most every
// 250 ms, or 200 lines), so a chatty build does not make a transaction per line, and what is
// written is there for the console within a quarter of a second. Text is scrubbed of
// credentials in URLs before it is kept. Thread-safe.
class BuildLog
{
public:
    BuildLog(BuildRecord &record, qint64 buildId, int attempt);
    ~BuildLog(); // flushes

    void setStep(const QString &step);
    void info(const QString &text) { line(QStringLiteral("info"), text); }
    void line(const QString &stream, const QString &text);
    void flush();

    // "https://user:token@host/x" -> "https://***@host/x", in any text.
    static QString redact(QString text);

private:
    BuildRecord &m_record;
    const qint64 m_buildId;
    const int m_attempt;
    QMutex m_mutex;
    QString m_step = QStringLiteral("clone");
    QList<LogLine> m_pending;
    QElapsedTimer m_sinceFlush;
};

} // namespace enclii::roundhouse
