#include "Database.h"

#include <pqxx/pqxx>

#include <QRegularExpression>

#include <condition_variable>
#include <deque>
#include <mutex>

namespace enclii::store {

struct Database::Private
{
    Options options;
    mutable std::mutex mutex;
    std::condition_variable available;
    std::deque<std::unique_ptr<pqxx::connection>> idle;
    int open = 0;
};

Database::Database(Options options) : d(std::make_unique<Private>())
{
    d->options = std::move(options);
    if (d->options.poolSize < 1)
        d->options.poolSize = 1;
}

Database::~Database() = default;

namespace {

// libpq waits for ever on an unreachable host unless told otherwise.
QString withConnectTimeout(const QString &connection)
{
    if (connection.contains(QLatin1String("connect_timeout")))
        return connection;
    if (connection.startsWith(QLatin1String("postgres://")) || connection.startsWith(QLatin1String("postgresql://")))
        return connection + (connection.contains(u'?') ? QLatin1String("&") : QLatin1String("?")) + QLatin1String("connect_timeout=5");
    return connection + QLatin1String(" connect_timeout=5");
}

} // namespace

bool isConnectionError(const std::exception &e)
{
    return dynamic_cast<const pqxx::broken_connection *>(&e) != nullptr
           || QByteArray(e.what()).contains("no database connection became free");
}

QString redactedError(const std::exception &e)
{
    QString text = QString::fromUtf8(e.what()).trimmed();
    static const QRegularExpression password(QStringLiteral("password\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S+)"));
    static const QRegularExpression url(QStringLiteral("(postgres(?:ql)?://[^:/@\\s]+:)[^@\\s]+@"));
    text.replace(password, QStringLiteral("password=***"));
    // libpq's conninfo parser echoes the token it choked on, which may be part of a secret.
    static const QRegularExpression token(QStringLiteral("(missing \"=\" after|invalid percent-encoded token:|invalid connection option) \"[^\"]*\""));
    text.replace(token, QStringLiteral("\\1 \"***\""));
    text.replace(url, QStringLiteral("\\1***@"));
    return text;
}

bool Database::open(QString *error)
{
    try {
        withConnection([](pqxx::connection_base &) {});
        return true;
    } catch (const std::exception &e) {
        if (error)
            *error = redactedError(e);
        return false;
    }
}

bool Database::ping(QString *error)
{
    try {
        withConnection([](pqxx::connection_base &c) {
            pqxx::nontransaction tx(c);
            tx.exec("SELECT 1");
        });
        return true;
    } catch (const std::exception &e) {
        if (error)
            *error = redactedError(e);
        return false;
    }
}

void Database::withConnection(const std::function<void(pqxx::connection_base &)> &fn)
{
    std::unique_ptr<pqxx::connection> conn;
    {
        std::unique_lock lock(d->mutex);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(d->options.acquireTimeoutMs);
        while (d->idle.empty() && d->open >= d->options.poolSize) {
            if (d->available.wait_until(lock, deadline) == std::cv_status::timeout && d->idle.empty()
                && d->open >= d->options.poolSize)
                throw std::runtime_error("no database connection became free in time; the pool is exhausted");
        }
        if (!d->idle.empty()) {
            conn = std::move(d->idle.front());
            d->idle.pop_front();
        } else {
            ++d->open; // reserve the slot, connect outside the lock
        }
    }
    // Gives the slot back whatever happens: the connection when it is healthy. A broken one
    // means the server went away (restart, failover, admin kill), so the idle ones are most
    // likely dead too: they are dropped with it and the next callers connect afresh.
    auto giveBack = [this](std::unique_ptr<pqxx::connection> c, bool broken) {
        std::lock_guard lock(d->mutex);
        if (c && !broken && c->is_open()) {
            d->idle.push_back(std::move(c));
        } else {
            --d->open;
            if (broken) {
                d->open -= int(d->idle.size());
                d->idle.clear();
            }
        }
        d->available.notify_all();
    };
    try {
        if (!conn || !conn->is_open()) {
            conn = std::make_unique<pqxx::connection>(withConnectTimeout(d->options.connectionString).toStdString());
            // No statement or lock wait may hold a request (and the event loop) for long.
            pqxx::nontransaction setup(*conn);
            setup.exec("SET statement_timeout = '15s'; SET lock_timeout = '5s'");
        }
        fn(*conn);
    } catch (const pqxx::broken_connection &) {
        giveBack(nullptr, true);
        throw;
    } catch (...) {
        const bool broken = !conn || !conn->is_open();
        giveBack(std::move(conn), broken);
        throw;
    }
    giveBack(std::move(conn), false);
}

int Database::poolSize() const
{
    return d->options.poolSize;
}

int Database::openConnections() const
{
    std::lock_guard lock(d->mutex);
    return d->open;
}

} // namespace enclii::store
