#pragma once

#include "core/Diagnostic.h"
#include "waybill/InvoiceMath.h"
#include "waybill/Money.h"

#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace enclii::waybill {

// A metric Waybill bills, with the unit its rates and quotas are written in.
struct BilledMetric
{
    QString metric;      // as metered: "compute.gb_minutes"
    QString unit;        // what a rate is per: "GB-hour"
    int per = 1;         // metered units in one rate unit: 60 GB-minutes are a GB-hour
    QString defaultRate; // USD per unit, for a USD plan that leaves the metric out (specs/README.md)
};

// Every billed metric, in invoice line order.
const QList<BilledMetric> &billedMetrics();
const BilledMetric *billedMetric(const QString &metric);

// The line a plan's monthly fee is billed on.
inline const QString kFeeMetric = QStringLiteral("plan.fee");

struct PlanMetric
{
    QString metric;
    Decimal included; // free quota per month, in the rate's unit (GB-hours, build minutes, ...)
    Money rate;       // per rate unit
};

// A versioned price list: specs/plans/<name>-v<version>.plan, YAML:
//
//   apiVersion: enclii.dev/v1
//   kind: Plan
//   metadata: {name: standard, version: 1}
//   spec:
//     description: ...
//     currency: USD
//     monthlyFee: "20.00"
//     metrics:
//       - {metric: compute.gb_minutes, included: 1500, rate: "0.006"}
//
// A published version is never edited: a price change is a new version, and subscriptions
// name the version they are on. Every billed metric has a line: the ones a USD plan leaves out
// are billed at their default rate with no quota; a plan in another currency must list all.
struct Plan
{
    QString name;
    int version = 0;
    QString description;
    QString currency;
    Money monthlyFee;
    QList<PlanMetric> metrics; // one per billed metric, in billedMetrics() order
    QString file;

    const PlanMetric *metric(const QString &name) const;
    // What totalInvoice() prices for a month's usage (metric -> metered quantity): the fee first
    // when there is one, then a line per billed metric.
    QList<RatedMetric> rate(const QMap<QString, Decimal> &usage) const;
};

// nullopt with diagnostics (file:line:col) when the text is not a valid plan.
std::optional<Plan> parsePlan(const QByteArray &yaml, const QString &file, core::Diagnostics *diagnostics);

// Every plan of a folder, by name and version.
class PlanCatalog
{
public:
    // Reads every *.plan file below dir; false (and diagnostics) when any is invalid or two
    // files claim the same name and version. The plans that were valid are kept either way.
    bool loadDirectory(const QString &dir, core::Diagnostics *diagnostics);
    void add(Plan plan);

    const Plan *find(const QString &name, int version) const;
    const Plan *latest(const QString &name) const;
    QList<Plan> plans() const; // by name, then version

private:
    QMap<QString, QMap<int, Plan>> m_plans;
};

} // namespace enclii::waybill
