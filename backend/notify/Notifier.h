#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace enclii::notify {

// One message for people: plain text (always, it is what notifications and old clients
// show) and optionally Slack Block Kit blocks for a richer rendering.
struct Message
{
    QString text;
    QJsonArray blocks;

    // {"text": ..., "blocks"?: [...]}: the incoming-webhook payload Slack and compatible
    // receivers (Mattermost, Rocket.Chat, Discord's /slack endpoint) accept.
    QJsonObject toSlackPayload() const;

    // A header line and fields as a section block, the shape most messages take.
    static Message withFields(const QString &text, const QList<std::pair<QString, QString>> &fields);
};

// Where messages go. send() never blocks and never fails the caller: delivery (and its
// retries) happen elsewhere, so a slow or broken receiver never holds up the sender.
class Notifier
{
public:
    virtual ~Notifier() = default;
    virtual void send(const Message &message) = 0;
};

} // namespace enclii::notify
