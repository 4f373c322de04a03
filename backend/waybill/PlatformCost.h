#pragma once

#include "core/Diagnostic.h"
#include "waybill/Money.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace enclii::waybill {

// The cost model of the platform itself (specs/plans/platform.cost, YAML, kind PlatformCost):
// line items of quantity x monthly unit price, against a monthly target - the seed's success
// criterion "Platform cost < $150/month".
struct PlatformCostItem
{
    QString name;
    Decimal quantity;
    Money unitPrice; // per month
    Money amount;    // quantity x unit price, rounded once (half-even) to cents
};

struct PlatformCostModel
{
    QString name;
    int version = 0;
    QString currency;
    Money target;
    QList<PlatformCostItem> items;
    Money monthlyTotal; // the sum of the rounded items
    QString file;
};

// The live figure for the console: where the month stands.
struct PlatformCostFigure
{
    Money monthlyTotal;
    Money target;
    Money headroom;     // target - monthly total (negative when over)
    bool withinTarget = false; // strictly below the target, as the criterion says "<"
    Money monthToDate;  // the monthly total accrued over the elapsed part of the UTC month
    QDateTime asOf;
};

std::optional<PlatformCostModel> parsePlatformCost(const QByteArray &yaml, const QString &file, core::Diagnostics *diagnostics);
std::optional<PlatformCostModel> loadPlatformCost(const QString &path, core::Diagnostics *diagnostics);
PlatformCostFigure platformCostFigure(const PlatformCostModel &model, const QDateTime &now);

} // namespace enclii::waybill
