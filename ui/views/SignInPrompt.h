#pragma once

#include "client/Session.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace enclii::ui {

// What a screen shows instead of its data while the daemon wants a sign-in: what is
// missing, in plain words, and the button that starts (or cancels) the sign-in. While the
// browser is out, the address stays here too, in case no browser opened.
class SignInPrompt : public QWidget
{
    Q_OBJECT

public:
    // `title` names what signing in will show, e.g. "Sign in to see the map".
    explicit SignInPrompt(const QString &title, QWidget *parent = nullptr);

    void showState(Session::State state, const QString &daemon, const QUrl &authorizationUrl, const QString &error);
    QString title() const;
    QString text() const;
    QPushButton *button() const { return m_button; }

signals:
    void signInRequested();
    void cancelRequested();

private:
    QLabel *m_title;
    QLabel *m_text;
    QLabel *m_error;
    QPushButton *m_button;
    Session::State m_state = Session::State::SignedOut;
};

} // namespace enclii::ui
