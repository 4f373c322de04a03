#include "SignInPrompt.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace enclii::ui {

using namespace Qt::StringLiterals;

SignInPrompt::SignInPrompt(const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(title, this))
    , m_text(new QLabel(this))
    , m_error(new QLabel(this))
    , m_button(new QPushButton(this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setOpenExternalLinks(true); // the sign-in address opens the browser again
    m_text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #9b1c12;"_s);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_button->setDefault(true);
    connect(m_button, &QPushButton::clicked, this, [this] {
        if (m_state == Session::State::Authorizing)
            emit cancelRequested();
        else
            emit signInRequested();
    });

    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_button);
    buttonRow->addStretch(1);

    auto *column = new QVBoxLayout;
    column->addWidget(m_title);
    column->addSpacing(6);
    column->addWidget(m_text);
    column->addWidget(m_error);
    column->addSpacing(10);
    column->addLayout(buttonRow);

    auto *card = new QWidget(this);
    card->setLayout(column);
    card->setMaximumWidth(640);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(40, 40, 40, 40);
    layout->addStretch(1);
    auto *centre = new QHBoxLayout;
    centre->addStretch(1);
    centre->addWidget(card, 3);
    centre->addStretch(1);
    layout->addLayout(centre);
    layout->addStretch(2);

    showState(Session::State::SignedOut, QString(), QUrl(), QString());
}

QString SignInPrompt::title() const
{
    return m_title->text();
}

QString SignInPrompt::text() const
{
    return m_text->text();
}

void SignInPrompt::showState(Session::State state, const QString &daemon, const QUrl &authorizationUrl,
                             const QString &error)
{
    m_state = state;
    switch (state) {
    case Session::State::SignedOut:
    case Session::State::SignedIn: // not shown while signed in; keep it sensible anyway
        m_text->setText(tr("encliid at %1 wants to know who you are before it shows anything. Sign in with "
                           "your web browser; the console keeps the session in your system keychain.")
                            .arg(daemon)
                            .toHtmlEscaped());
        m_button->setText(tr("Sign in…"));
        m_button->setEnabled(true);
        break;
    case Session::State::Authorizing:
        m_text->setText(tr("Finish signing in in your web browser; this screen fills in by itself.").toHtmlEscaped()
                        + u"<br><br>"_s
                        + tr("If no browser opened, open this address:").toHtmlEscaped()
                        + u"<br><a href=\"%1\">%2</a>"_s.arg(QString::fromUtf8(authorizationUrl.toEncoded()).toHtmlEscaped(),
                                                          authorizationUrl.toString().left(80).toHtmlEscaped() + u"…"_s));
        m_button->setText(tr("Cancel sign-in"));
        m_button->setEnabled(true);
        break;
    case Session::State::Refreshing:
        m_text->setText(tr("Checking your saved sign-in with encliid at %1…").arg(daemon).toHtmlEscaped());
        m_button->setText(tr("Sign in…"));
        m_button->setEnabled(false);
        break;
    }
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty() && state != Session::State::Authorizing);
}

} // namespace enclii::ui
