#include "UsageJson.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringList>

namespace enclii::waybill {

namespace {

namespace field {
const QString Key = QStringLiteral("idempotencyKey");
const QString Type = QStringLiteral("type");
const QString Project = QStringLiteral("project");
const QString Resource = QStringLiteral("resource");
const QString Quantities = QStringLiteral("quantities");
const QString Timestamp = QStringLiteral("timestamp");
} // namespace field

// A JSON string: quote, backslash and control characters escaped, everything else as UTF-8.
void appendJsonString(QByteArray &out, const QString &s)
{
    out += '"';
    for (const char c : s.toUtf8()) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[(c >> 4) & 0xf];
            out += hex[c & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

QStringList allTypeNames()
{
    QStringList out;
    for (int t = int(UsageType::DeploymentStarted); t <= int(UsageType::DomainRemoved); ++t)
        out << usageTypeName(UsageType(t));
    return out;
}

// A required string member; on failure *problem says why.
QString stringMember(const ExactJson &o, const QString &key, QString *problem)
{
    const ExactJson *v = o.member(key);
    if (!v) {
        *problem = QStringLiteral("\"%1\" is missing").arg(key);
        return {};
    }
    if (!v->isString()) {
        *problem = QStringLiteral("\"%1\" must be a string, not %2").arg(key, ExactJson::kindName(v->kind));
        return {};
    }
    return v->text;
}

QString readEvent(const ExactJson &o, UsageEvent &e)
{
    static const QStringList known = {field::Key, field::Type, field::Project, field::Resource, field::Quantities, field::Timestamp};
    // The key first, so that even a refused event can be reported under it.
    QString problem;
    e.idempotencyKey = stringMember(o, field::Key, &problem);
    if (!problem.isEmpty())
        return problem == QStringLiteral("\"idempotencyKey\" is missing")
                   ? QStringLiteral("\"idempotencyKey\" is missing; every event needs one (a retry with the same key and body is ignored)")
                   : problem;
    // Unknown fields before missing ones: a misspelt field is the likelier cause.
    for (const auto &[key, value] : o.members) {
        if (!known.contains(key))
            return QStringLiteral("unknown field \"%1\"; an event has %2").arg(key, known.join(QStringLiteral(", ")));
    }
    const QString typeName = stringMember(o, field::Type, &problem);
    if (!problem.isEmpty())
        return problem;
    const auto type = usageTypeFromName(typeName);
    if (!type)
        return QStringLiteral("\"%1\" is not a usage type; the types are %2").arg(typeName, allTypeNames().join(QStringLiteral(", ")));
    e.type = *type;
    e.project = stringMember(o, field::Project, &problem);
    if (!problem.isEmpty())
        return problem;
    e.resource = stringMember(o, field::Resource, &problem);
    if (!problem.isEmpty())
        return problem;
    const QString stamp = stringMember(o, field::Timestamp, &problem);
    if (!problem.isEmpty())
        return problem;
    QString why;
    e.timestamp = parseUtcTimestamp(stamp, &why);
    if (!e.timestamp.isValid())
        return QStringLiteral("\"timestamp\": %1").arg(why);
    if (const ExactJson *q = o.member(field::Quantities)) {
        if (!q->isObject())
            return QStringLiteral("\"quantities\" must be an object, not %1").arg(ExactJson::kindName(q->kind));
        for (const auto &[key, value] : q->members) {
            if (!value.isString() && !value.isNumber())
                return QStringLiteral("quantity \"%1\" must be a decimal as a string or a number, not %2")
                    .arg(key, ExactJson::kindName(value.kind));
            const auto d = Decimal::parse(value.text, &why);
            if (!d)
                return QStringLiteral("quantity \"%1\": %2").arg(key, why);
            e.quantities.insert(key, *d);
        }
    }
    return {};
}

} // namespace

QString batchModeName(BatchMode mode)
{
    return mode == BatchMode::Partial ? QStringLiteral("partial") : QStringLiteral("all-or-nothing");
}

ParsedEvent parseUsageEvent(const ExactJson &value)
{
    ParsedEvent out;
    if (!value.isObject()) {
        out.problem = QStringLiteral("an event is a JSON object, not %1").arg(ExactJson::kindName(value.kind));
        return out;
    }
    out.problem = readEvent(value, out.event);
    return out;
}

ParsedBody parseUsageBody(const QByteArray &body, qsizetype maxItems)
{
    ParsedBody out;
    QString why;
    const auto doc = ExactJson::parse(body, &why);
    if (!doc) {
        out.error = QStringLiteral("the body is not JSON: %1").arg(why);
        out.notJson = true;
        return out;
    }
    if (!doc->isObject()) {
        out.error = QStringLiteral("the body is %1; send one event object, or {\"events\": [...], \"mode\": \"all-or-nothing\"}")
                        .arg(ExactJson::kindName(doc->kind));
        return out;
    }
    const ExactJson *events = doc->member(QStringLiteral("events"));
    if (!events) {
        out.single = true;
        out.count = 1;
        out.items << parseUsageEvent(*doc);
        return out;
    }
    for (const auto &[key, value] : doc->members) {
        if (key != QLatin1String("events") && key != QLatin1String("mode")) {
            out.error = QStringLiteral("unknown field \"%1\"; a batch has \"events\" and \"mode\"").arg(key);
            return out;
        }
    }
    if (!events->isArray()) {
        out.error = QStringLiteral("\"events\" must be an array, not %1").arg(ExactJson::kindName(events->kind));
        return out;
    }
    out.count = qsizetype(events->items.size());
    if (out.count > maxItems) {
        out.tooMany = true;
        out.error = QStringLiteral("the batch has %1 events; at most %2 go in one request").arg(out.count).arg(maxItems);
        return out;
    }
    if (out.count == 0) {
        out.error = QStringLiteral("\"events\" is empty; send 1 to %1 events").arg(maxItems);
        return out;
    }
    if (const ExactJson *mode = doc->member(QStringLiteral("mode"))) {
        if (mode->isString() && mode->text == QLatin1String("all-or-nothing")) {
            out.mode = BatchMode::AllOrNothing;
        } else if (mode->isString() && mode->text == QLatin1String("partial")) {
            out.mode = BatchMode::Partial;
        } else {
            out.error = QStringLiteral("\"mode\" is \"all-or-nothing\" (the default) or \"partial\"");
            return out;
        }
    }
    out.items.reserve(out.count);
    for (const ExactJson &item : events->items)
        out.items << parseUsageEvent(item);
    return out;
}

QDateTime parseUtcTimestamp(const QString &text, QString *error)
{
    const auto refuse = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("\"%1\" is not a timestamp: %2").arg(text, why);
        return QDateTime();
    };
    static const QRegularExpression re(QStringLiteral(
        "\\A([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]{1,9}))?([Zz]|[+-][0-9]{2}:[0-9]{2})?\\z"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return refuse(QStringLiteral("expected RFC 3339 in UTC with milliseconds, as in 2024-05-01T12:00:00.000Z"));
    if (m.captured(8).isEmpty() || (m.captured(8) != QLatin1String("Z") && m.captured(8) != QLatin1String("z")))
        return refuse(QStringLiteral("it must be in UTC, ending in Z"));
    const QString fraction = m.captured(7);
    for (qsizetype i = 3; i < fraction.size(); ++i) {
        if (fraction[i] != u'0')
            return refuse(QStringLiteral("it is finer than a millisecond"));
    }
    const int ms = fraction.isEmpty() ? 0 : fraction.left(3).leftJustified(3, u'0').toInt();
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), ms);
    if (!date.isValid() || !time.isValid())
        return refuse(QStringLiteral("no such date or time"));
    return QDateTime(date, time, Qt::UTC);
}

QString formatUtcTimestamp(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray quantitiesJson(const QMap<QString, Decimal> &quantities)
{
    QByteArray out = "{";
    for (auto it = quantities.cbegin(); it != quantities.cend(); ++it) {
        if (it != quantities.cbegin())
            out += ',';
        appendJsonString(out, it.key());
        out += ':';
        appendJsonString(out, it.value().toString());
    }
    return out + '}';
}

std::optional<QMap<QString, Decimal>> quantitiesFromJson(const QByteArray &json, QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return std::optional<QMap<QString, Decimal>>();
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return fail(QStringLiteral("quantities are not a JSON object"));
    QMap<QString, Decimal> out;
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        // Stored as strings only, precisely so that this never goes through a double.
        if (!it->isString())
            return fail(QStringLiteral("quantity \"%1\" is not stored as a decimal string").arg(it.key()));
        QString why;
        const auto d = Decimal::parse(it->toString(), &why);
        if (!d)
            return fail(why);
        out.insert(it.key(), *d);
    }
    return out;
}

QJsonObject usageEventJson(const UsageEvent &e)
{
    return {{field::Key, e.idempotencyKey},
            {field::Type, usageTypeName(e.type)},
            {field::Project, e.project},
            {field::Resource, e.resource},
            {field::Quantities, QJsonDocument::fromJson(quantitiesJson(e.quantities)).object()},
            {field::Timestamp, formatUtcTimestamp(e.timestamp)}};
}

QByteArray canonicalBody(const UsageEvent &e)
{
    // Written by hand rather than through QJsonDocument: this runs for every ingested event.
    QByteArray out;
    out.reserve(160);
    out += "{\"project\":";
    appendJsonString(out, e.project);
    out += ",\"quantities\":";
    out += quantitiesJson(e.quantities);
    out += ",\"resource\":";
    appendJsonString(out, e.resource);
    out += ",\"timestamp\":";
    out += QByteArray::number(e.timestamp.toMSecsSinceEpoch());
    out += ",\"type\":";
    appendJsonString(out, usageTypeName(e.type));
    return out + '}';
}

QString bodyHash(const UsageEvent &e)
{
    return QString::fromLatin1(QCryptographicHash::hash(canonicalBody(e), QCryptographicHash::Sha256).toHex());
}

} // namespace enclii::waybill
