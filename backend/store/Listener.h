#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace enclii::store {

// LISTENs on one PostgreSQL channel on its own connection (a pooled connection cannot stay
// LISTENing) and emits notified() for every NOTIFY, at once: driven by a QSocketNotifier on
// the connection's socket. A slow timer also drains it and reconnects after a lost
// connection; emitted reconnected() then, because notifications sent meanwhile are gone and
// the listener's owner must look at the rows it follows.
class Listener : public QObject
{
    Q_OBJECT
public:
    Listener(QString connectionString, QString channel, QObject *parent = nullptr);
    ~Listener() override;

    // Connects and LISTENs; false with the reason. Reconnection afterwards is automatic.
    bool start(QString *error);
    bool isListening() const;

signals:
    void notified(const QString &payload);
    void reconnected();

private:
    void drain();
    bool connectAndListen(QString *error);
    void disconnectNow();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::store
