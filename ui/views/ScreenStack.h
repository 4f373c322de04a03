#pragma once

#include "client/ApiClient.h"
#include "client/FollowMode.h"

#include <QStackedWidget>

#include <chrono>

class QLabel;

namespace enclii::ui {

// A live screen's body (Pipeline, Dashboards): its content, or a sentence in its place while
// there is nothing to show yet (connecting, loading, refused, unreachable, empty). The
// sentences the screens share are written here once.
class ScreenStack : public QStackedWidget
{
    Q_OBJECT

public:
    // Why a list could not be read, one whole sentence per case for the translators; each
    // takes the failure's message as %1.
    struct Refusals
    {
        QString unauthorized; // 401
        QString forbidden;    // 403
        QString missing;      // 404: an older daemon
        QString other;
    };

    ScreenStack(QWidget *content, QWidget *parent = nullptr);

    void showText(const QString &text);
    void showContent();
    bool showsText() const;
    QString text() const;
    // Connecting…, `loading` (with %1 for the daemon's URL) once connected, or unreachable.
    void showConnection(ApiClient::State state, const QString &url, const QString &error, const QString &loading);
    // A failed list: with data on screen it stays and `live` says it may be stale; without,
    // the refusal's sentence takes the content's place.
    void showFailure(bool hasData, QLabel *live, int httpStatus, const QString &message, const Refusals &texts);
    // The sentence for a failed list by its HTTP status (0: no answer at all).
    static QString refusal(int httpStatus, const QString &message, const Refusals &texts);
    // The header's note that a refresh failed while the last answer stays on screen.
    static QString staleHtml(const QString &message);
    // The header's live indicator: a coloured dot and "Live", "Offline", …
    static QString followModeHtml(FollowMode::Mode mode, std::chrono::milliseconds pollInterval);

private:
    QLabel *m_text;
};

} // namespace enclii::ui
