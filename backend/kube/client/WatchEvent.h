#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace enclii::kube {

// One event of a watch stream: {"type":"ADDED","object":{...}}. A BOOKMARK's object carries
// only its kind and metadata.resourceVersion; an ERROR's object is a metav1.Status (code 410
// when the requested resourceVersion is too old).
struct WatchEvent
{
    enum class Type { Added, Modified, Deleted, Bookmark, Error };

    Type type = Type::Added;
    QJsonObject object;

    QString resourceVersion() const;
    static QString typeName(Type type); // "ADDED", ...
};

// Splits a watch response body (newline-delimited JSON, as the API server streams it) into
// events, whatever the byte boundaries the network delivers it at. A line longer than
// maxEventBytes, a line that is not an event object, or an unknown type stops the parser.
class WatchEventParser
{
public:
    static constexpr qsizetype kDefaultMaxEventBytes = 16 << 20;

    explicit WatchEventParser(qsizetype maxEventBytes = kDefaultMaxEventBytes);

    // Appends the events `data` completes to *events. False once the stream is malformed
    // (see error()); the events before the fault are still appended.
    bool feed(QByteArrayView data, QList<WatchEvent> *events);
    // Bytes of an event not yet complete.
    qsizetype pending() const { return m_buffer.size(); }
    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }

private:
    bool parseLine(QByteArrayView line, QList<WatchEvent> *events);

    qsizetype m_maxEventBytes;
    QByteArray m_buffer;
    qsizetype m_scanned = 0; // bytes of m_buffer known to hold no newline
    QString m_error;
};

} // namespace enclii::kube
