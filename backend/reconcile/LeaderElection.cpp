#include "LeaderElection.h"

#include "store/Database.h"

#include <pqxx/pqxx>

#include <spdlog/spdlog.h>

namespace enclii::reconcile {

struct LeaderElection::Connection
{
    pqxx::connection connection;
    explicit Connection(const std::string &options) : connection(options) {}
};

LeaderElection::LeaderElection(QString connectionString, QString identity, int checkMs, QObject *parent)
    : QObject(parent), m_connectionString(std::move(connectionString)), m_identity(std::move(identity))
{
    m_timer.setInterval(checkMs);
    connect(&m_timer, &QTimer::timeout, this, &LeaderElection::check);
}

LeaderElection::~LeaderElection()
{
    stop();
}

void LeaderElection::start()
{
    m_timer.start();
    check();
}

void LeaderElection::stop()
{
    m_timer.stop();
    drop(QString());
}

void LeaderElection::drop(const QString &why)
{
    m_connection.reset(); // closing the session releases the lock
    m_pid = 0;
    if (!why.isEmpty())
        m_lastError = why;
    if (m_leader) {
        m_leader = false;
        spdlog::warn("reconciler {} stepped down{}{}", m_identity.toStdString(), why.isEmpty() ? "" : ": ", why.toStdString());
        emit lost();
    }
}

void LeaderElection::check()
{
    try {
        if (!m_connection) {
            m_connection = std::make_unique<Connection>(m_connectionString.toStdString());
            pqxx::nontransaction tx(m_connection->connection);
            tx.exec_params("SELECT set_config('application_name', $1, false)",
                           (QLatin1String(kApplicationPrefix) + m_identity).left(63).toStdString());
            m_pid = tx.exec("SELECT pg_backend_pid()")[0][0].as<int>();
        }
        pqxx::nontransaction tx(m_connection->connection);
        if (m_leader) {
            tx.exec("SELECT 1");
            return;
        }
        if (tx.exec_params("SELECT pg_try_advisory_lock($1)", kLockKey)[0][0].as<bool>()) {
            m_leader = true;
            spdlog::info("reconciler {} leads", m_identity.toStdString());
            emit elected();
        }
    } catch (const std::exception &e) {
        drop(QStringLiteral("the leader lock's connection failed: %1").arg(store::redactedError(e)));
    }
}

} // namespace enclii::reconcile
