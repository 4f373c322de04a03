#include "Listener.h"

#include "Database.h"

#include <pqxx/pqxx>

#include <QSocketNotifier>
#include <QTimer>

#include <spdlog/spdlog.h>

namespace enclii::store {

namespace {

class Receiver final : public pqxx::notification_receiver
{
public:
    Receiver(pqxx::connection_base &c, const std::string &channel) : pqxx::notification_receiver(c, channel) {}
    void operator()(const std::string &payload, int) override { payloads.push_back(QString::fromStdString(payload)); }
    std::vector<QString> payloads;
};

} // namespace

struct Listener::Private
{
    QString connectionString;
    QString channel;
    std::unique_ptr<pqxx::connection> connection;
    std::unique_ptr<Receiver> receiver;
    std::unique_ptr<QSocketNotifier> notifier;
    QTimer timer;
};

Listener::Listener(QString connectionString, QString channel, QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    d->connectionString = std::move(connectionString);
    d->channel = std::move(channel);
    d->timer.setInterval(2000);
    connect(&d->timer, &QTimer::timeout, this, [this] {
        if (!d->connection) {
            QString why;
            if (connectAndListen(&why)) {
                spdlog::info("listener on {} reconnected", d->channel.toStdString());
                emit reconnected();
            }
            return;
        }
        drain();
    });
}

Listener::~Listener()
{
    disconnectNow();
}

bool Listener::start(QString *error)
{
    d->timer.start();
    return connectAndListen(error);
}

bool Listener::isListening() const
{
    return d->connection != nullptr;
}

bool Listener::connectAndListen(QString *error)
{
    try {
        d->connection = std::make_unique<pqxx::connection>(d->connectionString.toStdString());
        d->receiver = std::make_unique<Receiver>(*d->connection, d->channel.toStdString()); // issues LISTEN
        d->connection->get_notifs(); // LISTEN is sent lazily by some libpqxx builds; make sure
        d->notifier = std::make_unique<QSocketNotifier>(d->connection->sock(), QSocketNotifier::Read);
        connect(d->notifier.get(), &QSocketNotifier::activated, this, &Listener::drain);
        return true;
    } catch (const std::exception &e) {
        if (error)
            *error = redactedError(e);
        disconnectNow();
        return false;
    }
}

void Listener::disconnectNow()
{
    d->notifier.reset();
    d->receiver.reset();
    d->connection.reset();
}

void Listener::drain()
{
    if (!d->connection)
        return;
    std::vector<QString> payloads;
    try {
        d->connection->get_notifs();
        payloads.swap(d->receiver->payloads);
    } catch (const std::exception &e) {
        spdlog::warn("listener on {} lost its connection: {}", d->channel.toStdString(), redactedError(e).toStdString());
        // Not from inside the notifier's own signal: drop the connection on the next turn.
        QTimer::singleShot(0, this, [this] { disconnectNow(); });
        d->notifier->setEnabled(false);
        return;
    }
    for (const QString &p : payloads)
        emit notified(p);
}

} // namespace enclii::store
