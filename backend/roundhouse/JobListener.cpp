#include "JobListener.h"

#include "BuildQueue.h"

namespace enclii::roundhouse {

JobListener::JobListener(QString connectionString, QObject *parent)
    : store::Listener(std::move(connectionString), QString::fromLatin1(BuildQueue::kChannel), parent)
{
    connect(this, &store::Listener::notified, this, [this](const QString &payload) { emit jobQueued(payload.toLongLong()); });
    // Whatever was queued while the connection was down: a wake-up makes workers look.
    connect(this, &store::Listener::reconnected, this, [this] { emit jobQueued(0); });
}

} // namespace enclii::roundhouse
