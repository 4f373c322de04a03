#pragma once

#include "EventStream.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace enclii::ui {

// How a client keeps up with encliid: Live while the event stream is open, Polling while the
// daemon has no stream, Connecting while it comes (back), Offline while the daemon cannot be
// asked (unreachable, or the session does not allow /v1 calls). It runs the polling timer in
// every active mode but Live, so what the stream cannot deliver right now is polled for.
// The builds and the deployments clients each hold one.
class FollowMode : public QObject
{
    Q_OBJECT

public:
    enum class Mode { Offline, Connecting, Live, Polling };
    Q_ENUM(Mode)

    explicit FollowMode(QObject *parent = nullptr);

    Mode mode() const { return m_mode; }
    bool isActive() const { return m_active; }
    std::chrono::milliseconds pollInterval() const { return m_pollInterval; }
    void setPollInterval(std::chrono::milliseconds interval);

    // Offline with `why` when inactive; otherwise the mode the stream's state calls for
    // (Live if a shared stream is open already).
    void setActive(bool active, const EventStream *stream, const QString &why = {});
    void setMode(Mode mode, const QString &detail = {});
    // The stream's state changes; its opening is the owner's to report with setMode(Live),
    // once it has asked for what it missed.
    void followStream(EventStream::State state, const QString &detail);

signals:
    void modeChanged(enclii::ui::FollowMode::Mode mode, const QString &detail);
    void pollDue();

private:
    QTimer m_pollTimer;
    Mode m_mode = Mode::Offline;
    bool m_active = false;
    std::chrono::milliseconds m_pollInterval{5000};
};

} // namespace enclii::ui
