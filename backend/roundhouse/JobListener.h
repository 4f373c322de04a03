#pragma once

#include <QObject>
#include <QString>

#include <memory>

class QSocketNotifier;
class QTimer;

namespace enclii::roundhouse {

// Hears BuildQueue's NOTIFY on its own database connection (a pooled connection cannot stay
// LISTENing) and emits jobQueued at once, so an idle worker starts without polling. Driven by
// a QSocketNotifier on the connection's socket; a slow timer also drains it and reconnects
// after a lost connection (jobs queued meanwhile are still in the table: workers claim on
// start and after every job, the signal only wakes them early).
class JobListener : public QObject
{
    Q_OBJECT
public:
    explicit JobListener(QString connectionString, QObject *parent = nullptr);
    ~JobListener() override;

    // Connects and LISTENs; false with the reason. Reconnection afterwards is automatic.
    bool start(QString *error);
    bool isListening() const;

signals:
    void jobQueued(qint64 jobId);

private:
    void drain();
    bool connectAndListen(QString *error);
    void disconnectNow();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::roundhouse
