#include "FollowMode.h"

namespace enclii::ui {

FollowMode::FollowMode(QObject *parent)
    : QObject(parent)
{
    connect(&m_pollTimer, &QTimer::timeout, this, &FollowMode::pollDue);
}

void FollowMode::setPollInterval(std::chrono::milliseconds interval)
{
    m_pollInterval = interval;
    if (m_pollTimer.isActive())
        m_pollTimer.start(m_pollInterval);
}

void FollowMode::setActive(bool active, const EventStream *stream, const QString &why)
{
    m_active = active;
    if (!active) {
        setMode(Mode::Offline, why);
        return;
    }
    if (!stream) {
        setMode(Mode::Polling, tr("no event stream"));
        return;
    }
    const EventStream::State state = stream->state();
    if (state == EventStream::State::Open)
        setMode(Mode::Live);
    else if (state == EventStream::State::Unavailable && stream->isRunning())
        setMode(Mode::Polling, stream->lastError());
    else
        setMode(Mode::Connecting);
}

void FollowMode::setMode(Mode mode, const QString &detail)
{
    if (mode == Mode::Live || !m_active)
        m_pollTimer.stop();
    else if (!m_pollTimer.isActive())
        m_pollTimer.start(m_pollInterval);
    if (mode == m_mode && detail.isEmpty())
        return;
    m_mode = mode;
    emit modeChanged(mode, detail);
}

void FollowMode::followStream(EventStream::State state, const QString &detail)
{
    if (!m_active)
        return;
    switch (state) {
    case EventStream::State::Unavailable:
        setMode(Mode::Polling, detail);
        break;
    case EventStream::State::Retrying:
        if (m_mode != Mode::Polling)
            setMode(Mode::Connecting, detail);
        break;
    case EventStream::State::Idle:
    case EventStream::State::Connecting:
    case EventStream::State::Open:
        break; // a probe while polling changes nothing yet; Open is the owner's to report
    }
}

} // namespace enclii::ui
