#include "EventStreamParser.h"

#include <algorithm>

namespace enclii::ui {

namespace {

constexpr char Bom[] = "\xEF\xBB\xBF";
constexpr qsizetype BomSize = 3;
// Eighteen digits always fit in a qint64; a longer "retry" is nonsense, not a delay.
constexpr qsizetype MaxRetryDigits = 18;

bool isAsciiDigits(QByteArrayView value)
{
    return !value.isEmpty() && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

EventStreamParser::EventStreamParser(Limits limits)
    : m_limits(limits)
{
}

void EventStreamParser::reset()
{
    m_line.clear();
    m_type.clear();
    m_data.clear();
    m_idBuffer.clear(); // per stream (§9.2.6); lastEventId() keeps what was dispatched
    m_bomChecked = false;
    m_bomPrefix.clear();
    m_afterCR = false;
    m_lineTooLong = false;
    m_eventTooLarge = false;
}

QList<ServerSentEvent> EventStreamParser::feed(QByteArrayView chunk)
{
    QList<ServerSentEvent> out;
    if (!m_bomChecked) {
        // Up to three bytes decide whether the stream starts with a BOM; they may come one at a time.
        const qsizetype take = std::min(BomSize - m_bomPrefix.size(), chunk.size());
        m_bomPrefix += chunk.first(take);
        chunk = chunk.sliced(take);
        const bool bomSoFar = QByteArrayView(Bom, BomSize).startsWith(m_bomPrefix);
        if (bomSoFar && m_bomPrefix.size() < BomSize)
            return out;
        m_bomChecked = true;
        const QByteArray head = std::exchange(m_bomPrefix, QByteArray());
        if (!bomSoFar)
            parse(head, out);
    }
    parse(chunk, out);
    return out;
}

void EventStreamParser::parse(QByteArrayView bytes, QList<ServerSentEvent> &out)
{
    const char *p = bytes.data();
    const char *end = p + bytes.size();
    while (p < end) {
        if (m_afterCR) {
            m_afterCR = false;
            if (*p == '\n') { // the LF of a CRLF whose CR ended the previous line
                ++p;
                continue;
            }
        }
        const char *eol = std::find_if(p, end, [](char c) { return c == '\r' || c == '\n'; });
        appendToLine(QByteArrayView(p, eol - p));
        if (eol == end)
            break;
        m_afterCR = *eol == '\r';
        finishLine(out);
        p = eol + 1;
    }
}

void EventStreamParser::appendToLine(QByteArrayView bytes)
{
    if (m_lineTooLong || bytes.isEmpty())
        return;
    if (m_line.size() + bytes.size() <= m_limits.maxLineBytes) {
        m_line += bytes;
        return;
    }
    // Remember only whether it was a comment (harmless to drop); the bytes go.
    m_lineTooLong = true;
    m_droppedLineIsComment = (m_line.isEmpty() ? bytes.front() : m_line.front()) == ':';
    m_line.clear();
    m_line.squeeze();
}

void EventStreamParser::finishLine(QList<ServerSentEvent> &out)
{
    if (m_lineTooLong) {
        m_lineTooLong = false;
        ++m_droppedLines;
        if (!m_droppedLineIsComment)
            poisonEvent(); // a field went missing: the event would be wrong
        return;
    }
    processLine(m_line, out);
    m_line.resize(0); // keeps the capacity, which the limit bounds
}

void EventStreamParser::processLine(QByteArrayView line, QList<ServerSentEvent> &out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':')
        return; // a comment, e.g. the server's keepalive
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        processField(line, {});
        return;
    }
    QByteArrayView value = line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    processField(line.first(colon), value);
}

void EventStreamParser::processField(QByteArrayView name, QByteArrayView value)
{
    if (name == "event") {
        m_type = value.toByteArray();
    } else if (name == "data") {
        if (m_eventTooLarge)
            return;
        if (m_data.size() + value.size() + 1 > m_limits.maxEventBytes) {
            poisonEvent();
            return;
        }
        m_data += value;
        m_data += '\n';
    } else if (name == "id") {
        if (!value.contains('\0'))
            m_idBuffer = value.toByteArray();
    } else if (name == "retry") {
        if (isAsciiDigits(value) && value.size() <= MaxRetryDigits)
            m_retry = value.toByteArray().toLongLong();
    }
    // Any other field is ignored, as the standard says.
}

void EventStreamParser::poisonEvent()
{
    m_eventTooLarge = true;
    m_data.clear();
    m_data.squeeze();
}

void EventStreamParser::dispatch(QList<ServerSentEvent> &out)
{
    m_lastEventId = m_idBuffer;
    const bool dropped = m_eventTooLarge;
    m_eventTooLarge = false;
    QByteArray type = std::exchange(m_type, QByteArray());
    QByteArray data = std::exchange(m_data, QByteArray());
    if (dropped) {
        ++m_droppedEvents;
        return;
    }
    if (data.isEmpty())
        return;
    data.chop(1); // the LF after the last data line
    out.append({type.isEmpty() ? QByteArrayLiteral("message") : std::move(type), std::move(data), m_lastEventId});
}

} // namespace enclii::ui
