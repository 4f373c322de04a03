#pragma once

#include "MainWindow.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace enclii::ui {

// `enclii-console --screenshot FILE --view NAME`: shows one screen at a fixed size, waits
// until its data has arrived, grabs it to a PNG and reports. The tests drive the very same
// class, so what they check is what the command line produces.
class ScreenshotRunner : public QObject
{
    Q_OBJECT

public:
    ScreenshotRunner(MainWindow *window, MainWindow::Screen screen, const QString &filePath,
                     std::chrono::milliseconds timeout, QObject *parent = nullptr);

    static QSize windowSize() { return {1600, 1000}; }

    // Shows the window and waits; finished() follows exactly once.
    void start();
    QImage lastImage() const { return m_image; }

signals:
    // exitCode 0: the PNG is written. Otherwise `message` says why not.
    void finished(int exitCode, const QString &message);

private:
    bool screenHasItsData() const;
    void onReady();
    void capture();
    void finish(int exitCode, const QString &message);

    QPointer<MainWindow> m_window;
    MainWindow::Screen m_screen;
    QString m_filePath;
    std::chrono::milliseconds m_timeout;
    QTimer m_deadline;
    QImage m_image;
    QString m_lastProblem;
    bool m_capturing = false;
    bool m_done = false;
};

} // namespace enclii::ui
