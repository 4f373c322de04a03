#pragma once

#include "waybill/ExactJson.h"
#include "waybill/UsageEvent.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace enclii::waybill {

// The wire shape of usage events (POST /v1/usage/events and what GET returns):
//
//   {"idempotencyKey": "deploy-42-start", "type": "deployment.started", "project": "janua",
//    "resource": "janua-api", "quantities": {"replicas": "3", "vcpu": "0.25", "memoryGb": 0.5},
//    "timestamp": "2024-05-01T12:00:00.000Z"}
//
// Quantities are decimals written either as JSON strings ("0.25") or as JSON numbers (0.25);
// both are read from the exact text of the body, never through a double, so 0.1 is 0.1.
// Exponents (1e3) are refused either way - write the digits. "quantities" may be left out
// for types that carry none. The timestamp is RFC 3339 in UTC ("Z"), with at most millisecond
// precision (more fractional digits are refused unless they are zeros). Unknown fields are
// errors, so a misspelt field is never ignored.

// The parse of a single event object. When problem is set, event holds what could be read
// (at least the idempotency key, when it was a string) for the per-item report.
struct ParsedEvent
{
    UsageEvent event;
    QString problem;
};

enum class BatchMode { AllOrNothing, Partial };
QString batchModeName(BatchMode mode); // "all-or-nothing", "partial"

// The body: one event object, or {"events": [...], "mode": "all-or-nothing" | "partial"}.
struct ParsedBody
{
    bool single = false;
    BatchMode mode = BatchMode::AllOrNothing;
    QList<ParsedEvent> items;
    QString error;        // the body as a whole is unusable (not JSON, wrong shape): nothing is read
    bool notJson = false; // with error: the body is not JSON at all
    bool tooMany = false; // with error: more events than maxItems
    qsizetype count = 0;  // how many events the body holds (also when tooMany)
};

// maxItems bounds a batch; a bigger one is refused before any item is read.
ParsedBody parseUsageBody(const QByteArray &body, qsizetype maxItems);

// One event object (an element of "events", or the whole body).
ParsedEvent parseUsageEvent(const ExactJson &value);

// RFC 3339, UTC only ("...Z"), millisecond precision at most; invalid QDateTime and *error otherwise.
QDateTime parseUtcTimestamp(const QString &text, QString *error = nullptr);
// "2024-05-01T12:00:00.000Z"
QString formatUtcTimestamp(const QDateTime &t);

// The event in the wire shape (quantities as canonical decimal strings).
QJsonObject usageEventJson(const UsageEvent &e);

// The canonical body of an event: everything but the idempotency key, with quantities as
// canonical decimal strings and the timestamp as epoch milliseconds, as compact JSON with
// sorted keys. Two sends of one event - "3" or 3 or "3.0", any key order - give the same
// text, and so the same bodyHash() (hex SHA-256).
QByteArray canonicalBody(const UsageEvent &e);
QString bodyHash(const UsageEvent &e);

// Quantities as a JSON object text of canonical decimal strings: {"replicas":"3"}.
QByteArray quantitiesJson(const QMap<QString, Decimal> &quantities);
// Back from that text; nullopt (and *error) when it is not such an object.
std::optional<QMap<QString, Decimal>> quantitiesFromJson(const QByteArray &json, QString *error = nullptr);

} // namespace enclii::waybill
