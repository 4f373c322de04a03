#include "LoopThread.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTimer>

namespace enclii::reconcile {

namespace {

void endWhenOutermost(QObject *loop, const std::function<void()> &end)
{
    QMetaObject::invokeMethod(loop, [loop, end] {
        if (QThread::currentThread()->loopLevel() > 1) {
            QTimer::singleShot(5, loop, [loop, end] { endWhenOutermost(loop, end); });
            return;
        }
        QThread *thread = QThread::currentThread();
        end();
        thread->quit();
    }, Qt::QueuedConnection);
}

} // namespace

void startInThread(QThread &thread, QObject *loop, const std::function<void()> &begin)
{
    loop->moveToThread(&thread);
    thread.start();
    QMetaObject::invokeMethod(loop, begin, Qt::QueuedConnection);
}

void stopInThread(QThread &thread, QObject *loop, const std::function<void()> &end)
{
    endWhenOutermost(loop, end);
    if (QThread::currentThread()->eventDispatcher()) {
        while (!thread.wait(QDeadlineTimer(10)))
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    } else {
        thread.wait();
    }
}

} // namespace enclii::reconcile
