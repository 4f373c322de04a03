#pragma once

// Helpers for Waybill's database tests: events at fixed instants, ingested under a fixed clock.

#include "store/Database.h"
#include "store/Migrator.h"
#include "support/TestPostgres.h"
#include "waybill/UsageIngest.h"

#include <QDateTime>

#include <memory>

namespace enclii::test {

inline QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toUTC();
}

inline waybill::Decimal dec(const char *text)
{
    return *waybill::Decimal::parse(QString::fromLatin1(text));
}

inline waybill::UsageEvent usage(waybill::UsageType type, const QString &key, const char *at, const QString &project,
                                 const QString &resource, QMap<QString, waybill::Decimal> quantities = {})
{
    waybill::UsageEvent e;
    e.type = type;
    e.idempotencyKey = key;
    e.timestamp = utc(at);
    e.project = project;
    e.resource = resource;
    e.quantities = std::move(quantities);
    return e;
}

inline waybill::UsageEvent deployStarted(const QString &key, const char *at, const QString &project, const QString &resource,
                                         const char *replicas, const char *vcpu, const char *memoryGb)
{
    using namespace waybill;
    return usage(UsageType::DeploymentStarted, key, at, project, resource,
                 {{quantity::Replicas, dec(replicas)}, {quantity::Vcpu, dec(vcpu)}, {quantity::MemoryGb, dec(memoryGb)}});
}

// A migrated database, an ingest whose clock reads `now`.
struct WaybillDb
{
    WaybillDb(const QString &name, const QDateTime &now, qint64 graceMs = 48LL * 3600 * 1000) : pg(name)
    {
        if (!pg.isValid())
            return;
        db = std::make_unique<store::Database>(store::Database::Options{pg.connectionString(), 4, 20000});
        QString why;
        if (store::Migrator(*db).migrate(&why) < 0) {
            error = why;
            return;
        }
        waybill::UsageIngest::Options o;
        o.clock = [now] { return now; };
        o.graceMs = graceMs;
        ingest = std::make_unique<waybill::UsageIngest>(*db, o);
    }
    bool isValid() const { return pg.isValid() && ingest != nullptr; }
    QString why() const { return pg.isValid() ? error : pg.error(); }

    // Stores the events; false when any was not accepted.
    bool add(const QList<waybill::UsageEvent> &events)
    {
        const auto r = ingest->ingest(events, waybill::BatchMode::AllOrNothing, QStringLiteral("test"));
        return r.accepted == events.size();
    }

    TestPostgres pg;
    QString error;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<waybill::UsageIngest> ingest;
};

} // namespace enclii::test
