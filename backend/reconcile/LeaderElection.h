#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace enclii::reconcile {

// One active reconciler among all encliid processes on a database: the one holding a
// PostgreSQL session advisory lock on a connection of its own. The lock lives exactly as long
// as that session, so a process that dies, or whose connection is cut, lets the lock go and
// another takes it at its next try. Every checkMs the holder checks its connection (lost:
// stepped down at once), the others try the lock. The connection's application_name is
// "encliid reconciler <identity>", which is how others can tell who leads
// (DeploymentRepository::leader()). Lives in the thread that owns it (its timer does).
class LeaderElection : public QObject
{
    Q_OBJECT
public:
    // "RCNL": any fixed number, distinct from the migration and catalog locks.
    static constexpr long long kLockKey = 0x52434e4c;
    static constexpr char kApplicationPrefix[] = "encliid reconciler ";

    LeaderElection(QString connectionString, QString identity, int checkMs = 1000, QObject *parent = nullptr);
    ~LeaderElection() override;

    // Tries at once, then every checkMs.
    void start();
    // Releases the lock (closes the connection) and steps down.
    void stop();
    bool isLeader() const { return m_leader; }
    QString identity() const { return m_identity; }
    // The lock connection's server process id (0 when not connected): for tests that cut it.
    int backendPid() const { return m_pid; }
    QString lastError() const { return m_lastError; }

signals:
    void elected();
    void lost();

private:
    void check();
    void drop(const QString &why);

    struct Connection;
    QString m_connectionString;
    QString m_identity;
    std::unique_ptr<Connection> m_connection;
    QTimer m_timer;
    QString m_lastError;
    int m_pid = 0;
    bool m_leader = false;
};

} // namespace enclii::reconcile
