#include "InvoiceMath.h"

namespace enclii::waybill {

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

std::optional<InvoiceLine> priceLine(const RatedMetric &m, QString *error)
{
    const auto refuse = [&](const QString &why) {
        fail(error, QStringLiteral("%1: %2").arg(m.metric, why));
        return std::optional<InvoiceLine>();
    };
    if (!m.rate.isValid())
        return refuse(QStringLiteral("no rate"));
    if (m.rate.isNegative())
        return refuse(QStringLiteral("negative rate %1").arg(m.rate.toString()));
    if (!m.quantity.isValid() || !m.included.isValid())
        return refuse(QStringLiteral("quantity or included quota is not a valid number"));
    if (m.included.isNegative())
        return refuse(QStringLiteral("negative included quota %1").arg(m.included.toString()));
    if (!(m.per > Decimal()))
        return refuse(QStringLiteral("the rate must be per a positive number of units"));

    InvoiceLine line;
    line.metric = m.metric;
    line.quantity = m.quantity;
    line.included = m.included;
    line.billable = Decimal::max(Decimal(), m.quantity - m.included);
    line.rate = m.rate;
    line.per = m.per;
    QString why;
    const auto amount = m.rate.mulDiv(line.billable, m.per, Money::kRounding, &why);
    if (!amount)
        return refuse(why);
    line.amount = *amount;
    return line;
}

std::optional<InvoiceTotals> totalInvoice(QStringView currency, const QList<RatedMetric> &metrics,
                                          const Money &credit, QString *error)
{
    auto zero = Money::zero(currency, error);
    if (!zero)
        return std::nullopt;
    if (!credit.isValid() || credit.currency() != zero->currency()) {
        fail(error, QStringLiteral("the credit must be in %1").arg(zero->currency()));
        return std::nullopt;
    }
    if (credit.isNegative() || !credit.isRoundedToMinorUnits()) {
        fail(error, QStringLiteral("the credit %1 must be zero or more, in whole minor units").arg(credit.toString()));
        return std::nullopt;
    }

    InvoiceTotals t;
    t.subtotal = *zero;
    for (const RatedMetric &m : metrics) {
        if (m.rate.isValid() && m.rate.currency() != zero->currency()) {
            fail(error, QStringLiteral("%1: rate in %2 on an invoice in %3")
                            .arg(m.metric, m.rate.currency(), zero->currency()));
            return std::nullopt;
        }
        auto line = priceLine(m, error);
        if (!line)
            return std::nullopt;
        auto sum = t.subtotal.plus(line->amount, error);
        if (!sum)
            return std::nullopt;
        t.subtotal = *sum;
        t.lines.append(*line);
    }
    t.creditApplied = *credit.compare(t.subtotal) == std::strong_ordering::less ? credit : t.subtotal;
    t.total = *t.subtotal.minus(t.creditApplied);
    t.creditRemaining = *credit.minus(t.creditApplied);
    return t;
}

} // namespace enclii::waybill
