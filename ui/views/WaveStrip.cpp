#include "WaveStrip.h"

#include "StateBoxPainter.h"
#include "models/DeploymentFormat.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {
constexpr int Gap = 16; // between boxes, room for the connector arrow
constexpr int BoxHeight = 52;
constexpr int Margin = 1;
} // namespace

WaveStrip::WaveStrip(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMouseTracking(true);
}

QSize WaveStrip::sizeHint() const
{
    return {4 * 220, BoxHeight + 2 * Margin};
}

QSize WaveStrip::minimumSizeHint() const
{
    return {4 * 100, BoxHeight + 2 * Margin};
}

void WaveStrip::setWaves(const QList<WaveProgress> &waves, const QList<QStringList> &services)
{
    m_waves = waves;
    m_services = services;
    update();
}

QRect WaveStrip::waveRect(int index) const
{
    const int n = int(m_waves.size());
    if (index < 0 || index >= n)
        return {};
    const int w = std::max(60, (width() - 2 * Margin - (n - 1) * Gap) / n);
    return {Margin + index * (w + Gap), Margin, w, BoxHeight};
}

QString WaveStrip::subtitle(const WaveProgress &wave) const
{
    QString text = tr("%1 · %2 of %3 ready").arg(DeploymentFormat::waveStateName(wave.state)).arg(wave.ready).arg(wave.total);
    if (wave.state == WaveState::Deploying && wave.deadline.isValid())
        text += u" · "_s + tr("due %1").arg(QLocale().toString(wave.deadline.toLocalTime().time(), u"HH:mm"_s));
    return text;
}

QStringList WaveStrip::describe() const
{
    QStringList out;
    for (const WaveProgress &wave : m_waves)
        out << tr("%1: %2").arg(wave.name, subtitle(wave));
    return out;
}

void WaveStrip::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (m_waves.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("encliid has not reported its deploy waves yet"));
        return;
    }
    for (int i = 0; i < m_waves.size(); ++i) {
        const WaveProgress &wave = m_waves.at(i);
        const QRect box = waveRect(i);
        if (i > 0) {
            const WaveState before = m_waves.at(i - 1).state;
            statebox::paintConnector(p, waveRect(i - 1), box,
                                     before == WaveState::Done ? DeploymentFormat::waveStateColor(before) : statebox::Track);
        }
        const bool quiet = wave.state == WaveState::Waiting || wave.state == WaveState::Unknown;
        const QColor color = DeploymentFormat::waveStateColor(wave.state);
        statebox::paintBox(p, box, color, quiet, wave.state == WaveState::Deploying ? 2.0 : 1.2);

        const int left = box.left() + 14;
        QFont title = font();
        title.setBold(true);
        p.setFont(title);
        p.setPen(quiet ? statebox::QuietText : statebox::Ink);
        const QRect titleRect(left, box.top() + 4, box.right() - left - 8, 20);
        p.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                   p.fontMetrics().elidedText(tr("Wave %1 · %2").arg(i + 1).arg(wave.name), Qt::ElideRight, titleRect.width()));

        QFont small = font();
        small.setPointSizeF(small.pointSizeF() * 0.92);
        p.setFont(small);
        p.setPen(quiet ? statebox::QuietText : color.darker(115));
        const QRect subRect(left, box.top() + 23, box.right() - left - 8, 16);
        p.drawText(subRect, Qt::AlignLeft | Qt::AlignVCenter,
                   p.fontMetrics().elidedText(subtitle(wave), Qt::ElideRight, subRect.width()));
        const double share = wave.total > 0 ? double(wave.ready) / wave.total : 0.0;
        statebox::paintProgress(p, QRectF(left, box.bottom() - 9, box.right() - left - 10, 4), share,
                                quiet ? statebox::QuietText : color);
    }
}

bool WaveStrip::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto *help = static_cast<QHelpEvent *>(event);
    for (int i = 0; i < m_waves.size(); ++i) {
        if (!waveRect(i).contains(help->pos()))
            continue;
        QStringList lines{tr("%1: %2").arg(m_waves.at(i).name, subtitle(m_waves.at(i)))};
        if (!m_services.value(i).isEmpty())
            lines << m_services.at(i).join(u", "_s);
        QToolTip::showText(help->globalPos(), lines.join(u'\n'), this, waveRect(i));
        return true;
    }
    QToolTip::hideText();
    event->ignore();
    return true;
}

} // namespace enclii::ui
