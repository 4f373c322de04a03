#pragma once

#include <QObject>
#include <QThread>

#include <functional>

namespace enclii::reconcile {

// A QObject that runs on a thread of its own (the controller's control loop, the sampler).

// Moves `loop` to `thread`, starts the thread and runs `begin` there.
void startInThread(QThread &thread, QObject *loop, const std::function<void()> &begin);

// Runs `end` (which deletes the loop) in the loop's thread once that thread is back in its
// outermost event loop, quits the thread and waits for it. A blocking call of that thread
// (an informer's list) runs a nested event loop, which would otherwise run `end` in the middle
// of the call. While waiting, this thread's own events keep running, when it has any: the
// cluster may be served by this very thread (the in-process simulated cluster).
void stopInThread(QThread &thread, QObject *loop, const std::function<void()> &end);

} // namespace enclii::reconcile
