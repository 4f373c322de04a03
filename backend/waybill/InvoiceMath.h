#pragma once

#include "waybill/Decimal.h"
#include "waybill/Money.h"

#include <QList>
#include <QString>

#include <optional>

namespace enclii::waybill {

// One metric of a plan applied to one period's metered quantity.
struct RatedMetric
{
    QString metric;
    Decimal quantity; // metered, in the metric's unit (GB-minutes, build minutes, ...)
    Decimal included; // the plan's free quota, same unit
    Money rate;       // price of `per` units
    // How many metric units the rate is quoted for: 60 when the quantity is GB-minutes and the
    // rate is per GB-hour, 1 when they match. Dividing here keeps the rounding to one step.
    Decimal per = Decimal::fromInt(1);
};

struct InvoiceLine
{
    QString metric;
    Decimal quantity;
    Decimal included;
    Decimal billable; // max(0, quantity - included)
    Money rate;
    Decimal per;
    Money amount; // billable x rate / per, rounded once to minor units (Money::kRounding)
};

struct InvoiceTotals
{
    QList<InvoiceLine> lines;
    Money subtotal;        // the sum of the rounded lines: the lines printed add up to it exactly
    Money creditApplied;   // min(credit, subtotal)
    Money total;           // subtotal - creditApplied, never negative
    Money creditRemaining; // credit - creditApplied, carried to the next invoice
};

// The rules: billable = max(0, quantity - included); amount = billable x rate / per, computed
// exactly and rounded once, half-even, to the currency's minor units. Rates must not be negative
// (a discount is a credit, not a negative rate).
std::optional<InvoiceLine> priceLine(const RatedMetric &metric, QString *error = nullptr);

// Lines in the order given, then subtotal, credit and total as documented on InvoiceTotals.
// Every rate and the credit must be in `currency`; the credit must not be negative and must be a
// whole number of minor units (a sub-cent credit could never be paid out or shown).
std::optional<InvoiceTotals> totalInvoice(QStringView currency, const QList<RatedMetric> &metrics,
                                          const Money &credit, QString *error = nullptr);

} // namespace enclii::waybill
