#pragma once

#include <QColor>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

// Waybill's answers as the console reads them (GET /v1/waybill/...). Amounts, rates and
// quantities keep the exact decimal strings encliid sent; an entry whose money is not such a
// string is left out with a warning rather than shown wrong. Every list is bounded.
namespace enclii::ui {

// One priced line: quantity, quota and billable in the metered unit; rate per `per` of them.
struct WaybillLine
{
    QString metric; // "compute.gb_minutes", or "plan.fee"
    QString unit;   // what the rate is per: "GB-hour"
    QString quantity;
    QString included;
    QString billable;
    QString rate;
    QString per;
    QString amount;
};

struct WaybillTotals
{
    bool present = false;
    QList<WaybillLine> lines;
    QString subtotal;
    QString creditApplied;
    QString total;
};

struct WaybillInvoice
{
    QString id; // "inv_<project>_<yyyymm>", or "preview"
    QString project;
    QString status; // draft | open | paid | void | uncollectible | preview
    QString plan;
    int planVersion = 0;
    QString currency;
    QDateTime periodStart;
    QDateTime periodEnd;
    QString subtotal;
    QString creditApplied;
    QString total;
    QString stripeInvoiceId;
    QDateTime createdAt;
    QDateTime finalizedAt;
    QDateTime closedAt;
    bool hasLines = false; // the list leaves them out; GET /invoices/{id} has them
    QList<WaybillLine> lines;
    QDateTime asOf;         // the preview only
    WaybillTotals forecast; // the preview only: the month's end at the pace so far

    // "2025-02", the UTC month the invoice covers.
    QString month() const;
    static std::optional<WaybillInvoice> fromJson(const QJsonObject &json, QString *error = nullptr);
};

struct WaybillBudgetAlert
{
    int threshold = 0; // 50, 80 or 100
    QString spent;
    QString budget;
    QDateTime crossedAt;
    QDateTime notifiedAt;
    QString notifyError;
};

struct WaybillBudget
{
    QString project;
    QString budget;  // empty: the project has no budget
    QString spent;   // month to date, before credits
    QString forecast;
    QString percent; // spent of budget, "97.94"
    QString currency;
    bool holdNonProduction = false;
    bool deploysHeld = false;
    QString updatedBy;
    QList<WaybillBudgetAlert> alerts;

    bool crossed(int threshold) const;
    static std::optional<WaybillBudget> fromJson(const QJsonObject &json, QString *error = nullptr);
};

struct WaybillCostItem
{
    QString name;
    QString quantity;
    QString unitPrice;
    QString amount;
};

// GET /v1/waybill/platform-cost: the platform's own monthly cost against its target.
struct WaybillPlatformCost
{
    QString currency;
    QString monthlyTotal;
    QString target;
    QString headroom;
    bool withinTarget = false;
    QString criterion; // "Platform cost < $150/month"
    QString monthToDate;
    QDateTime asOf;
    int version = 0;
    QList<WaybillCostItem> items;

    static std::optional<WaybillPlatformCost> fromJson(const QJsonObject &json, QString *error = nullptr);
};

// GET /v1/waybill/projects/{project}/usage: a month's usage per metric and its forecast.
struct WaybillMonthUsage
{
    QString project;
    QDateTime monthStart;
    QDateTime monthEnd;
    QDateTime asOf;
    QDateTime rolledUpThrough;
    bool complete = false;
    QMap<QString, QString> usage;    // metric -> quantity to date
    QMap<QString, QString> forecast; // metric -> quantity at the month's end

    static std::optional<WaybillMonthUsage> fromJson(const QJsonObject &json, QString *error = nullptr);
};

struct WaybillPoint
{
    QDateTime windowStart;
    QString project;
    QString metric;
    QString quantity;
};

// GET /v1/waybill/rollups
struct WaybillRollups
{
    QString granularity;
    QList<WaybillPoint> points; // in the answer's order: by window, then project and metric
    bool truncated = false;
    QStringList warnings;

    QStringList projects() const; // sorted, each once
    QStringList metrics() const;  // sorted, each once
    static WaybillRollups fromJson(const QJsonObject &json);
};

// The lists, with a warning for each entry left out.
struct WaybillInvoiceList
{
    QList<WaybillInvoice> invoices;
    QStringList warnings;
    static WaybillInvoiceList fromJson(const QJsonObject &json);
};

struct WaybillBudgetList
{
    QList<WaybillBudget> budgets;
    QStringList warnings;
    static WaybillBudgetList fromJson(const QJsonObject &json);
};

namespace waybillText {
// "compute.gb_minutes" -> "Compute", "plan.fee" -> "Plan fee"; unknown metrics as they are.
QString metricName(const QString &metric);
// draft, open, paid, void, uncollectible, preview in words.
QString statusName(const QString &status);
QColor statusColor(const QString &status);
} // namespace waybillText

} // namespace enclii::ui
