#include "Money.h"

#include <algorithm>

namespace enclii::waybill {

namespace {

struct CurrencyInfo
{
    const char *code;
    int minorUnits;
};

// ISO 4217 minor units of the currencies we bill in or are likely to; extend as needed.
constexpr CurrencyInfo kCurrencies[] = {
    {"USD", 2}, {"EUR", 2}, {"MXN", 2}, {"GBP", 2}, {"CAD", 2}, {"AUD", 2}, {"CHF", 2},
    {"JPY", 0}, {"KRW", 0}, {"CLP", 0},
    {"BHD", 3}, {"KWD", 3}, {"JOD", 3},
};

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QString describe(Decimal::Status s)
{
    return s == Decimal::Status::DivisionByZero ? QStringLiteral("division by zero")
                                                : QStringLiteral("amount out of range");
}

} // namespace

std::optional<int> Money::minorUnitsOf(QStringView currency)
{
    for (const auto &c : kCurrencies) {
        if (currency.compare(QLatin1String(c.code), Qt::CaseInsensitive) == 0)
            return c.minorUnits;
    }
    return std::nullopt;
}

std::optional<Money> Money::of(const Decimal &amount, QStringView currency, QString *error)
{
    const auto minor = minorUnitsOf(currency);
    if (!minor) {
        fail(error, QStringLiteral("unknown currency \"%1\"").arg(currency.toString()));
        return std::nullopt;
    }
    if (!amount.isValid()) {
        fail(error, describe(amount.status()));
        return std::nullopt;
    }
    Money m;
    m.m_amount = amount;
    m.m_currency = currency.toString().toUpper();
    m.m_minorUnits = *minor;
    return m;
}

std::optional<Money> Money::parse(QStringView amount, QStringView currency, QString *error)
{
    const auto d = Decimal::parse(amount, error);
    if (!d)
        return std::nullopt;
    return of(*d, currency, error);
}

std::optional<Money> Money::zero(QStringView currency, QString *error)
{
    return of(Decimal(), currency, error);
}

std::optional<Money> Money::fromMinorUnits(std::int64_t minor, QStringView currency, QString *error)
{
    const auto digits = minorUnitsOf(currency);
    if (!digits) {
        fail(error, QStringLiteral("unknown currency \"%1\"").arg(currency.toString()));
        return std::nullopt;
    }
    __int128 nanos = minor;
    for (int k = *digits; k < Decimal::kScale; ++k)
        nanos *= 10; // |minor| < 2^63, times at most 10^9: fits
    return of(Decimal::fromNanos(nanos), currency, error);
}

std::optional<std::int64_t> Money::toMinorUnits() const
{
    if (!isValid() || !isRoundedToMinorUnits())
        return std::nullopt;
    __int128 n = m_amount.nanos();
    for (int k = m_minorUnits; k < Decimal::kScale; ++k)
        n /= 10;
    if (n > __int128(INT64_MAX) || n < __int128(INT64_MIN))
        return std::nullopt;
    return static_cast<std::int64_t>(n);
}

std::optional<Money> Money::withAmount(const Decimal &amount, QString *error) const
{
    if (!amount.isValid()) {
        fail(error, describe(amount.status()));
        return std::nullopt;
    }
    Money m = *this;
    m.m_amount = amount;
    return m;
}

std::optional<Money> Money::plus(const Money &other, QString *error) const
{
    if (!isValid() || !other.isValid()) {
        fail(error, QStringLiteral("amount without a currency"));
        return std::nullopt;
    }
    if (m_currency != other.m_currency) {
        fail(error, QStringLiteral("cannot combine %1 with %2").arg(m_currency, other.m_currency));
        return std::nullopt;
    }
    return withAmount(m_amount + other.m_amount, error);
}

std::optional<Money> Money::minus(const Money &other, QString *error) const
{
    return plus(other.negated(), error);
}

Money Money::negated() const
{
    Money m = *this;
    m.m_amount = -m_amount;
    return m;
}

std::optional<Money> Money::roundedToMinorUnits(Rounding mode, QString *error) const
{
    if (!isValid()) {
        fail(error, QStringLiteral("amount without a currency"));
        return std::nullopt;
    }
    return withAmount(m_amount.rounded(m_minorUnits, mode), error);
}

std::optional<Money> Money::multiplied(const Decimal &factor, Rounding mode, QString *error) const
{
    if (!isValid()) {
        fail(error, QStringLiteral("amount without a currency"));
        return std::nullopt;
    }
    return withAmount(m_amount.multiplied(factor, mode, m_minorUnits), error);
}

std::optional<Money> Money::mulDiv(const Decimal &factor, const Decimal &divisor, Rounding mode, QString *error) const
{
    if (!isValid()) {
        fail(error, QStringLiteral("amount without a currency"));
        return std::nullopt;
    }
    return withAmount(Decimal::mulDiv(m_amount, factor, divisor, mode, m_minorUnits), error);
}

std::optional<std::strong_ordering> Money::compare(const Money &other) const
{
    if (!isValid() || !other.isValid() || m_currency != other.m_currency)
        return std::nullopt;
    const std::partial_ordering o = m_amount <=> other.m_amount;
    if (o == std::partial_ordering::less)
        return std::strong_ordering::less;
    if (o == std::partial_ordering::greater)
        return std::strong_ordering::greater;
    return std::strong_ordering::equal;
}

QString Money::toString() const
{
    if (!isValid())
        return QStringLiteral("(no currency)");
    const QString exact = m_amount.toString();
    const qsizetype dot = exact.indexOf(u'.');
    const int decimals = dot < 0 ? 0 : int(exact.size() - dot - 1);
    return m_amount.toString(std::max(decimals, m_minorUnits), Rounding::Down) + u' ' + m_currency;
}

} // namespace enclii::waybill
