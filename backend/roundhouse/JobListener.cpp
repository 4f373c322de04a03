#include "JobListener.h"

#include "BuildQueue.h"

#include "store/Database.h"

#include <pqxx/pqxx>

#include <QSocketNotifier>
#include <QTimer>

#include <spdlog/spdlog.h>

namespace enclii::roundhouse {

namespace {

class Receiver final : public pqxx::notification_receiver
{
public:
    explicit Receiver(pqxx::connection_base &c) : pqxx::notification_receiver(c, BuildQueue::kChannel) {}
    void operator()(const std::string &payload, int) override
    {
        ids.push_back(QString::fromStdString(payload).toLongLong());
    }
    std::vector<qint64> ids;
};

} // namespace

struct JobListener::Private
{
    QString connectionString;
    std::unique_ptr<pqxx::connection> connection;
    std::unique_ptr<Receiver> receiver;
    std::unique_ptr<QSocketNotifier> notifier;
    QTimer timer;
};

JobListener::JobListener(QString connectionString, QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    d->connectionString = std::move(connectionString);
    d->timer.setInterval(2000);
    connect(&d->timer, &QTimer::timeout, this, [this] {
        if (!d->connection) {
            QString why;
            if (connectAndListen(&why))
                spdlog::info("build queue listener reconnected");
            return;
        }
        drain();
    });
}

JobListener::~JobListener()
{
    disconnectNow();
}

bool JobListener::start(QString *error)
{
    d->timer.start();
    return connectAndListen(error);
}

bool JobListener::isListening() const
{
    return d->connection != nullptr;
}

bool JobListener::connectAndListen(QString *error)
{
    try {
        d->connection = std::make_unique<pqxx::connection>(d->connectionString.toStdString());
        d->receiver = std::make_unique<Receiver>(*d->connection); // issues LISTEN
        d->connection->get_notifs(); // LISTEN is sent lazily by some libpqxx builds; make sure
        d->notifier = std::make_unique<QSocketNotifier>(d->connection->sock(), QSocketNotifier::Read);
        connect(d->notifier.get(), &QSocketNotifier::activated, this, &JobListener::drain);
        return true;
    } catch (const std::exception &e) {
        if (error)
            *error = store::redactedError(e);
        disconnectNow();
        return false;
    }
}

void JobListener::disconnectNow()
{
    d->notifier.reset();
    d->receiver.reset();
    d->connection.reset();
}

void JobListener::drain()
{
    if (!d->connection)
        return;
    std::vector<qint64> ids;
    try {
        d->connection->get_notifs();
        ids.swap(d->receiver->ids);
    } catch (const std::exception &e) {
        spdlog::warn("build queue listener lost its connection: {}", store::redactedError(e).toStdString());
        // Not from inside the notifier's own signal: drop the connection on the next turn.
        QTimer::singleShot(0, this, [this] { disconnectNow(); });
        d->notifier->setEnabled(false);
        return;
    }
    for (qint64 id : ids)
        emit jobQueued(id);
}

} // namespace enclii::roundhouse
