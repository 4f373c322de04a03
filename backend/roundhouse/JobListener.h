#pragma once

#include "store/Listener.h"

namespace enclii::roundhouse {

// Hears BuildQueue's NOTIFY and emits jobQueued at once, so an idle worker starts without
// polling. Jobs queued while the connection was down are still in the table: workers claim
// on start, after every job and on a slow timer; the signal only wakes them early.
class JobListener : public store::Listener
{
    Q_OBJECT
public:
    explicit JobListener(QString connectionString, QObject *parent = nullptr);

signals:
    void jobQueued(qint64 jobId);
};

} // namespace enclii::roundhouse
