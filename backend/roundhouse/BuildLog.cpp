#include "BuildLog.h"

#include <QRegularExpression>

#include <spdlog/spdlog.h>

namespace enclii::roundhouse {

BuildLog::BuildLog(BuildRecord &record, qint64 buildId, int attempt) : m_record(record), m_buildId(buildId), m_attempt(attempt)
{
    m_sinceFlush.start();
}

BuildLog::~BuildLog()
{
    flush();
}

void BuildLog::setStep(const QString &step)
{
    QMutexLocker lock(&m_mutex);
    m_step = step;
}

QString BuildLog::redact(QString text)
{
    static const QRegularExpression userinfo(QStringLiteral("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@"));
    return text.replace(userinfo, QStringLiteral("\\1***@"));
}

void BuildLog::line(const QString &stream, const QString &text)
{
    bool due = false;
    {
        QMutexLocker lock(&m_mutex);
        LogLine l;
        l.step = m_step;
        l.stream = stream;
        l.text = redact(text);
        m_pending << l;
        due = m_pending.size() >= 200 || m_sinceFlush.elapsed() >= 250;
    }
    if (due)
        flush();
}

void BuildLog::flush()
{
    QList<LogLine> lines;
    {
        QMutexLocker lock(&m_mutex);
        lines.swap(m_pending);
        m_sinceFlush.restart();
    }
    if (lines.isEmpty())
        return;
    try {
        m_record.appendLog(m_buildId, m_attempt, lines);
    } catch (const std::exception &e) {
        // The build goes on; its log has a gap the worker's own log explains.
        spdlog::warn("build {}: {} log line(s) not stored: {}", m_buildId, lines.size(), e.what());
    }
}

} // namespace enclii::roundhouse
