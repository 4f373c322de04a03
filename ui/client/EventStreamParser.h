#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace enclii::ui {

// One dispatched server-sent event. `type` is "message" when the stream named none; `data`
// is the UTF-8 payload, its data lines joined with LF; `lastEventId` is the stream's last
// event ID at dispatch time (what a reconnect sends as Last-Event-ID).
struct ServerSentEvent
{
    QByteArray type;
    QByteArray data;
    QByteArray lastEventId;
};

// The text/event-stream interpretation of the HTML Living Standard (§9.2.6), fed in
// arbitrary chunks: fields event, data, id and retry; lines ending in CR, LF or CRLF (also
// when the CR and the LF arrive in different chunks); comments; one leading BOM.
//
// Memory is bounded whatever the peer sends: a line longer than maxLineBytes is dropped up
// to its end (and the event it belongs to with it), and so is an event whose data grows past
// maxEventBytes. The parser keeps at most about maxLineBytes + maxEventBytes.
class EventStreamParser
{
public:
    struct Limits
    {
        qsizetype maxLineBytes = 256 * 1024;
        qsizetype maxEventBytes = 1024 * 1024;
    };

    EventStreamParser() = default;
    explicit EventStreamParser(Limits limits);

    // Every event completed by `chunk`, in stream order.
    QList<ServerSentEvent> feed(QByteArrayView chunk);

    // A new connection: the partial line and event are dropped (the spec discards an
    // incomplete event at the end of a stream) and a BOM is expected again. The last event
    // ID and the reconnection time survive, as they must for Last-Event-ID.
    void reset();

    QByteArray lastEventId() const { return m_lastEventId; }
    // Seeds the ID (e.g. from a previous stream object) for the next connection.
    void setLastEventId(const QByteArray &id) { m_lastEventId = m_idBuffer = id; }
    // The last valid "retry:" field, in milliseconds.
    std::optional<qint64> reconnectionTime() const { return m_retry; }

    // What is held right now; never more than the limits allow.
    qsizetype bufferedBytes() const { return m_line.size() + m_data.size() + m_type.size(); }
    // Lines and events dropped for their size since construction.
    int droppedLines() const { return m_droppedLines; }
    int droppedEvents() const { return m_droppedEvents; }

private:
    void parse(QByteArrayView bytes, QList<ServerSentEvent> &out);
    void appendToLine(QByteArrayView bytes);
    void finishLine(QList<ServerSentEvent> &out);
    void processLine(QByteArrayView line, QList<ServerSentEvent> &out);
    void processField(QByteArrayView name, QByteArrayView value);
    void poisonEvent();
    void dispatch(QList<ServerSentEvent> &out);

    Limits m_limits;
    QByteArray m_line;         // the unfinished line
    QByteArray m_type;         // event type buffer
    QByteArray m_data;         // data buffer
    QByteArray m_idBuffer;     // last event ID buffer
    QByteArray m_lastEventId;  // the ID as of the last dispatch
    std::optional<qint64> m_retry;
    bool m_bomChecked = false; // the first bytes of this connection were looked at
    QByteArray m_bomPrefix;    // a BOM split across chunks
    bool m_afterCR = false;    // the last byte was a CR: an LF next ends nothing
    bool m_lineTooLong = false; // dropping bytes up to the end of this line
    bool m_droppedLineIsComment = false;
    bool m_eventTooLarge = false; // the event being built is dropped at dispatch
    int m_droppedLines = 0;
    int m_droppedEvents = 0;
};

} // namespace enclii::ui
