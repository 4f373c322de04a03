#include "kube/client/WatchEvent.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace enclii::kube {

namespace {

struct TypeName
{
    WatchEvent::Type type;
    QLatin1String name;
};

constexpr TypeName kTypes[] = {
    {WatchEvent::Type::Added, QLatin1String("ADDED")},
    {WatchEvent::Type::Modified, QLatin1String("MODIFIED")},
    {WatchEvent::Type::Deleted, QLatin1String("DELETED")},
    {WatchEvent::Type::Bookmark, QLatin1String("BOOKMARK")},
    {WatchEvent::Type::Error, QLatin1String("ERROR")},
};

} // namespace

QString WatchEvent::resourceVersion() const
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
}

QString WatchEvent::typeName(Type type)
{
    for (const TypeName &t : kTypes)
        if (t.type == type)
            return t.name;
    return {};
}

WatchEventParser::WatchEventParser(qsizetype maxEventBytes) : m_maxEventBytes(qMax<qsizetype>(1024, maxEventBytes)) {}

bool WatchEventParser::feed(QByteArrayView data, QList<WatchEvent> *events)
{
    if (failed())
        return false;
    m_buffer.append(data);
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = m_buffer.indexOf('\n', qMax(start, m_scanned));
        if (newline < 0)
            break;
        if (!parseLine(QByteArrayView(m_buffer).sliced(start, newline - start), events)) {
            m_buffer.clear();
            return false;
        }
        start = newline + 1;
    }
    m_buffer.remove(0, start);
    m_scanned = m_buffer.size();
    if (m_buffer.size() > m_maxEventBytes) {
        m_buffer.clear();
        m_error = QStringLiteral("a watch event is larger than %1 bytes").arg(m_maxEventBytes);
        return false;
    }
    return true;
}

bool WatchEventParser::parseLine(QByteArrayView line, QList<WatchEvent> *events)
{
    if (line.size() > m_maxEventBytes) {
        m_error = QStringLiteral("a watch event is larger than %1 bytes").arg(m_maxEventBytes);
        return false;
    }
    if (line.trimmed().isEmpty())
        return true;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        m_error = QStringLiteral("a watch event is not a JSON object (%1 at offset %2)")
                      .arg(parseError.errorString()).arg(parseError.offset);
        return false;
    }
    const QJsonObject o = doc.object();
    const QString type = o.value(QLatin1String("type")).toString();
    for (const TypeName &t : kTypes) {
        if (type == t.name) {
            events->append({t.type, o.value(QLatin1String("object")).toObject()});
            return true;
        }
    }
    m_error = QStringLiteral("unknown watch event type \"%1\"").arg(type.left(32));
    return false;
}

} // namespace enclii::kube
