#include "Notifier.h"

namespace enclii::notify {

namespace {

// Slack refuses a section text over 3,000 characters and a message text over 40,000.
constexpr int kMaxSectionText = 3000;
constexpr int kMaxText = 40000;

} // namespace

QJsonObject Message::toSlackPayload() const
{
    QJsonObject o{{QStringLiteral("text"), text.left(kMaxText)}};
    if (!blocks.isEmpty())
        o.insert(QStringLiteral("blocks"), blocks);
    return o;
}

Message Message::withFields(const QString &text, const QList<std::pair<QString, QString>> &fields)
{
    Message m;
    m.text = text;
    m.blocks << QJsonObject{{QStringLiteral("type"), QStringLiteral("section")},
                            {QStringLiteral("text"), QJsonObject{{QStringLiteral("type"), QStringLiteral("mrkdwn")},
                                                                 {QStringLiteral("text"), text.left(kMaxSectionText)}}}};
    QJsonArray out;
    for (const auto &[name, value] : fields) {
        if (out.size() == 10) // Slack's limit of fields per section
            break;
        out << QJsonObject{{QStringLiteral("type"), QStringLiteral("mrkdwn")},
                           {QStringLiteral("text"), QStringLiteral("*%1*\n%2").arg(name, value).left(2000)}};
    }
    if (!out.isEmpty())
        m.blocks << QJsonObject{{QStringLiteral("type"), QStringLiteral("section")}, {QStringLiteral("fields"), out}};
    return m;
}

} // namespace enclii::notify
