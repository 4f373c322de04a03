#include "UsageIngest.h"

#include "store/UsageRepository.h"

#include <QHash>

#include <stdexcept>

namespace enclii::waybill {

namespace {

QString durationText(qint64 ms)
{
    constexpr qint64 kHour = 3600 * 1000;
    constexpr qint64 kMinute = 60 * 1000;
    if (ms % kHour == 0)
        return QStringLiteral("%1 hour%2").arg(ms / kHour).arg(ms == kHour ? "" : "s");
    if (ms % kMinute == 0)
        return QStringLiteral("%1 minute%2").arg(ms / kMinute).arg(ms == kMinute ? "" : "s");
    return QStringLiteral("%1 ms").arg(ms);
}

// How one submitted item stands before the database is asked.
enum class Stage {
    Bad,       // invalid whatever is stored
    Late,      // too old to store; still a duplicate if its key is stored with this body
    Candidate, // to be inserted
    SameKey,   // its key appeared earlier in this batch (at `first`)
};

struct Work
{
    Stage stage = Stage::Bad;
    QString hash;
    QString reason;
    qsizetype first = -1;
};

} // namespace

QString UsageIngest::statusName(Status s)
{
    switch (s) {
    case Status::Accepted: return QStringLiteral("accepted");
    case Status::Duplicate: return QStringLiteral("duplicate");
    case Status::Invalid: return QStringLiteral("invalid");
    case Status::Conflict: return QStringLiteral("conflict");
    case Status::Rejected: return QStringLiteral("rejected");
    }
    return {};
}

UsageIngest::UsageIngest(store::Database &db, Options options) : m_db(db), m_options(std::move(options)) {}

UsageIngest::UsageIngest(store::Database &db) : UsageIngest(db, Options{}) {}

QDateTime UsageIngest::now() const
{
    return m_options.clock ? m_options.clock().toUTC() : QDateTime::currentDateTimeUtc();
}

QString UsageIngest::checkItem(const UsageEvent &e, qint64 nowMs, bool *tooLateOnly) const
{
    *tooLateOnly = false;
    if (const QString why = validateUsageEvent(e); !why.isEmpty())
        return why;
    if (e.idempotencyKey.size() > kMaxKeyLength)
        return QStringLiteral("the idempotency key has %1 characters; at most %2").arg(e.idempotencyKey.size()).arg(kMaxKeyLength);
    if (e.project.size() > kMaxNameLength || e.resource.size() > kMaxNameLength)
        return QStringLiteral("the project or resource name is longer than %1 characters").arg(kMaxNameLength);
    for (const QString *s : {&e.idempotencyKey, &e.project, &e.resource}) {
        if (s->contains(QChar(u'\0')))
            return QStringLiteral("the idempotency key, project and resource may not contain NUL characters");
    }
    const qint64 t = e.timestamp.toMSecsSinceEpoch();
    const QDateTime serverNow = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    if (t > nowMs + m_options.maxFutureMs)
        return QStringLiteral("the timestamp %1 is more than %2 ahead of the server's clock (%3); send events when they happen")
            .arg(formatUtcTimestamp(e.timestamp), durationText(m_options.maxFutureMs), formatUtcTimestamp(serverNow));
    if (t < nowMs - m_options.graceMs) {
        *tooLateOnly = true;
        return QStringLiteral("the timestamp %1 is older than the grace window of %2 (the server's clock says %3); usage that "
                              "late is no longer billed")
            .arg(formatUtcTimestamp(e.timestamp), durationText(m_options.graceMs), formatUtcTimestamp(serverNow));
    }
    return {};
}

UsageIngest::BatchResult UsageIngest::ingest(const QList<UsageEvent> &events, BatchMode mode, const QString &source)
{
    QList<ParsedEvent> items;
    items.reserve(events.size());
    for (const UsageEvent &e : events)
        items << ParsedEvent{e, {}};
    return ingest(items, mode, source);
}

UsageIngest::BatchResult UsageIngest::ingest(const QList<ParsedEvent> &items, BatchMode mode, const QString &source)
{
    BatchResult out;
    out.mode = mode;
    if (items.size() > kMaxBatch) {
        out.error = QStringLiteral("the batch has %1 events; at most %2 go in one batch").arg(items.size()).arg(kMaxBatch);
        return out;
    }
    const qsizetype n = items.size();
    const qint64 nowMs = now().toMSecsSinceEpoch();
    QList<Work> work(n);
    QHash<QString, qsizetype> firstWithKey;
    bool anyBad = false;
    bool sameKeyOtherBody = false;
    for (qsizetype i = 0; i < n; ++i) {
        const UsageEvent &e = items[i].event;
        Work &w = work[i];
        bool late = false;
        w.reason = items[i].problem.isEmpty() ? checkItem(e, nowMs, &late) : items[i].problem;
        if (!w.reason.isEmpty() && !late) {
            w.stage = Stage::Bad;
            anyBad = true;
            continue;
        }
        w.hash = bodyHash(e);
        if (const auto it = firstWithKey.constFind(e.idempotencyKey); it != firstWithKey.cend()) {
            w.stage = Stage::SameKey;
            w.first = *it;
            sameKeyOtherBody = sameKeyOtherBody || work[*it].hash != w.hash;
            continue;
        }
        firstWithKey.insert(e.idempotencyKey, i);
        w.stage = late ? Stage::Late : Stage::Candidate;
    }

    QList<store::UsageRow> rows;
    QStringList candidateKeys;
    QStringList lateKeys;
    for (qsizetype i = 0; i < n; ++i) {
        const UsageEvent &e = items[i].event;
        if (work[i].stage == Stage::Late)
            lateKeys << e.idempotencyKey;
        if (work[i].stage != Stage::Candidate)
            continue;
        candidateKeys << e.idempotencyKey;
        store::UsageRow r;
        r.idempotencyKey = e.idempotencyKey;
        r.bodyHash = work[i].hash;
        r.type = usageTypeName(e.type);
        r.project = e.project;
        r.resource = e.resource;
        r.quantitiesJson = quantitiesJson(e.quantities);
        r.occurredAtMs = e.timestamp.toMSecsSinceEpoch();
        r.source = source;
        rows << r;
    }

    // Whether the database's answer lets an all-or-nothing batch through.
    const auto allFine = [&](const store::UsageRepository::InsertOutcome &o) {
        for (qsizetype i = 0; i < n; ++i) {
            const QString &key = items[i].event.idempotencyKey;
            if (work[i].stage == Stage::Late && o.existingHash.value(key) != work[i].hash)
                return false;
            if (work[i].stage == Stage::Candidate && !o.inserted.contains(key) && o.existingHash.value(key) != work[i].hash)
                return false;
        }
        return true;
    };

    store::UsageRepository repo(m_db);
    store::UsageRepository::InsertOutcome outcome;
    bool kept = false;
    if (mode == BatchMode::AllOrNothing && (anyBad || sameKeyOtherBody)) {
        // Refused already; only find out which of the others are stored, to report each item truly.
        outcome.existingHash = repo.bodyHashes(candidateKeys + lateKeys);
    } else if (!rows.isEmpty() || !lateKeys.isEmpty()) {
        outcome = repo.insertNew(rows, lateKeys, [&](const store::UsageRepository::InsertOutcome &o) {
            kept = mode == BatchMode::Partial || allFine(o);
            return kept;
        });
    }

    out.items.resize(n);
    for (qsizetype i = 0; i < n; ++i) {
        const QString &key = items[i].event.idempotencyKey;
        const Work &w = work[i];
        ItemResult &r = out.items[i];
        r.idempotencyKey = key;
        const auto stored = outcome.existingHash.constFind(key);
        const bool isStored = stored != outcome.existingHash.cend();
        const auto conflict = [&] {
            r.status = Status::Conflict;
            r.reason = QStringLiteral("the idempotency key \"%1\" is already stored with a different body; the stored event is kept")
                           .arg(key);
        };
        switch (w.stage) {
        case Stage::Bad:
            r.status = Status::Invalid;
            r.reason = w.reason;
            break;
        case Stage::Late:
            if (isStored && *stored == w.hash) {
                r.status = Status::Duplicate;
            } else if (isStored) {
                conflict();
            } else {
                r.status = Status::Invalid;
                r.reason = w.reason;
            }
            break;
        case Stage::Candidate:
            if (outcome.inserted.contains(key)) {
                r.status = kept ? Status::Accepted : Status::Rejected;
            } else if (isStored && *stored == w.hash) {
                r.status = Status::Duplicate;
            } else if (isStored) {
                conflict();
            } else if (mode == BatchMode::AllOrNothing && (anyBad || sameKeyOtherBody)) {
                r.status = Status::Rejected;
            } else {
                // The insert skipped it, so a committed row holds the key; read committed must see it.
                throw std::runtime_error("usage ingest: a skipped idempotency key is not visible; retry the batch");
            }
            break;
        case Stage::SameKey: {
            const ItemResult &first = out.items[w.first]; // earlier, so already final
            if (work[w.first].hash != w.hash) {
                r.status = Status::Conflict;
                r.reason = QStringLiteral("the idempotency key \"%1\" is used by item %2 of this batch with a different body")
                               .arg(key).arg(w.first);
            } else if (first.status == Status::Accepted || first.status == Status::Duplicate) {
                r.status = Status::Duplicate;
            } else {
                r.status = first.status;
                r.reason = first.reason;
            }
            break;
        }
        }
        switch (r.status) {
        case Status::Accepted: ++out.accepted; break;
        case Status::Duplicate: ++out.duplicates; break;
        case Status::Invalid: ++out.invalid; break;
        case Status::Conflict: ++out.conflicts; break;
        case Status::Rejected: ++out.rejected; break;
        }
    }
    if (out.rejected > 0) {
        const QString why = QStringLiteral("not stored: the batch is all-or-nothing and %1 of its items %2 invalid or conflicting")
                                .arg(out.invalid + out.conflicts)
                                .arg(out.invalid + out.conflicts == 1 ? "is" : "are");
        for (ItemResult &r : out.items) {
            if (r.status == Status::Rejected && r.reason.isEmpty())
                r.reason = why;
        }
    }
    return out;
}

UsageIngest::ItemResult UsageIngest::record(const UsageEvent &event)
{
    return ingest(QList<UsageEvent>{event}, BatchMode::AllOrNothing, QStringLiteral("encliid")).items.value(0);
}

std::optional<UsageEvent> usageEventFromRow(const store::UsageRow &row, QString *error)
{
    const auto type = usageTypeFromName(row.type);
    if (!type) {
        if (error)
            *error = QStringLiteral("usage event %1 has the unknown type \"%2\"").arg(row.id).arg(row.type);
        return std::nullopt;
    }
    const auto quantities = quantitiesFromJson(row.quantitiesJson, error);
    if (!quantities)
        return std::nullopt;
    UsageEvent e;
    e.type = *type;
    e.project = row.project;
    e.resource = row.resource;
    e.quantities = *quantities;
    e.timestamp = QDateTime::fromMSecsSinceEpoch(row.occurredAtMs, Qt::UTC);
    e.idempotencyKey = row.idempotencyKey;
    return e;
}

} // namespace enclii::waybill
