#include "ScreenStack.h"

#include "models/BuildFormat.h"

#include <QLabel>

namespace enclii::ui {

using namespace Qt::StringLiterals;

ScreenStack::ScreenStack(QWidget *content, QWidget *parent)
    : QStackedWidget(parent)
    , m_text(new QLabel(this))
{
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    m_text->setMargin(40);
    addWidget(m_text);
    addWidget(content);
}

void ScreenStack::showText(const QString &text)
{
    m_text->setText(text);
    setCurrentWidget(m_text);
}

void ScreenStack::showContent()
{
    setCurrentIndex(1);
}

bool ScreenStack::showsText() const
{
    return currentWidget() == m_text;
}

QString ScreenStack::text() const
{
    return m_text->text();
}

void ScreenStack::showConnection(ApiClient::State state, const QString &url, const QString &error, const QString &loading)
{
    switch (state) {
    case ApiClient::State::Connecting: showText(tr("Connecting to encliid at %1…").arg(url)); break;
    case ApiClient::State::Connected: showText(loading.arg(url)); break;
    case ApiClient::State::Disconnected:
        showText(tr("Cannot reach encliid at %1.\n\n%2\n\nThe console keeps trying.").arg(url, error));
        break;
    }
}

void ScreenStack::showFailure(bool hasData, QLabel *live, int httpStatus, const QString &message, const Refusals &texts)
{
    if (hasData)
        live->setText(staleHtml(message));
    else
        showText(refusal(httpStatus, message, texts));
}

QString ScreenStack::refusal(int httpStatus, const QString &message, const Refusals &texts)
{
    switch (httpStatus) {
    case 401: return texts.unauthorized.arg(message);
    case 403: return texts.forbidden.arg(message);
    case 404: return texts.missing.arg(message);
    case 0: return tr("Cannot reach encliid.\n\n%1\n\nThe console keeps trying.").arg(message);
    default: return texts.other.arg(message);
    }
}

QString ScreenStack::staleHtml(const QString &message)
{
    return u"<span style='color:%1;'>●</span> %2"_s.arg(BuildFormat::stateColor(BuildState::Queued).name(),
                                                        tr("Could not refresh: %1").arg(message).toHtmlEscaped());
}

QString ScreenStack::followModeHtml(FollowMode::Mode mode, std::chrono::milliseconds pollInterval)
{
    QString text;
    QColor color = BuildFormat::stateColor(BuildState::Queued);
    switch (mode) {
    case FollowMode::Mode::Live:
        text = tr("Live");
        color = BuildFormat::stateColor(BuildState::Succeeded);
        break;
    case FollowMode::Mode::Connecting: text = tr("Connecting to the event stream…"); break;
    case FollowMode::Mode::Polling:
        text = tr("Refreshing every %n s (no event stream)", nullptr, int(pollInterval.count() / 1000));
        break;
    case FollowMode::Mode::Offline:
        text = tr("Offline");
        color = BuildFormat::stateColor(BuildState::Failed);
        break;
    }
    return u"<span style='color:%1;'>●</span> %2"_s.arg(color.name(), text.toHtmlEscaped());
}

} // namespace enclii::ui
