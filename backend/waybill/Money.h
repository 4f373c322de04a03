#pragma once

#include "waybill/Decimal.h"

#include <QString>

#include <compare>
#include <optional>

namespace enclii::waybill {

// An exact amount of one ISO 4217 currency.
//
// The rules:
//  - The currency is one of the codes minorUnitsOf() knows (USD, EUR, MXN, GBP, CAD, AUD, CHF:
//    2 decimals; JPY, KRW, CLP: 0; BHD, KWD, JOD: 3). Codes are accepted in either case (Stripe
//    writes "usd") and kept in upper case. Unknown codes are refused rather than guessed at.
//  - Addition and subtraction are exact and only between equal currencies; a mismatch is refused
//    (nullopt and an error), never converted.
//  - An amount may carry up to 9 decimals (a rate such as 0.000231 USD per GB-minute). Every amount
//    that *results* from a rate - multiplied(), mulDiv() - is rounded once, from the exact value,
//    to the currency's minor units, with kRounding (half-even, banker's) unless the caller names
//    another mode. Rounding once matters: rounding to 9 decimals first and then to cents can move
//    a result by a cent.
class Money
{
public:
    static constexpr Rounding kRounding = Rounding::HalfEven;

    // A default Money has no currency and is not valid; it exists so Money can live in containers.
    Money() = default;

    static std::optional<Money> of(const Decimal &amount, QStringView currency, QString *error = nullptr);
    static std::optional<Money> parse(QStringView amount, QStringView currency, QString *error = nullptr);
    static std::optional<Money> zero(QStringView currency, QString *error = nullptr);
    // From an integer count of minor units, as Stripe sends them: fromMinorUnits(1250, "usd") is 12.50 USD.
    static std::optional<Money> fromMinorUnits(std::int64_t minor, QStringView currency, QString *error = nullptr);

    // The number of decimals of the currency's minor unit, or nullopt for a code we do not know.
    static std::optional<int> minorUnitsOf(QStringView currency);

    bool isValid() const { return !m_currency.isEmpty(); }
    const Decimal &amount() const { return m_amount; }
    const QString &currency() const { return m_currency; }
    int minorUnits() const { return m_minorUnits; }
    bool isZero() const { return m_amount.isZero(); }
    bool isNegative() const { return m_amount.isNegative(); }
    bool isRoundedToMinorUnits() const { return m_amount.rounded(m_minorUnits, Rounding::Down) == m_amount; }
    // The amount as an integer count of minor units (1250 for 12.50 USD), when it is a whole number of them.
    std::optional<std::int64_t> toMinorUnits() const;

    std::optional<Money> plus(const Money &other, QString *error = nullptr) const;
    std::optional<Money> minus(const Money &other, QString *error = nullptr) const;
    Money negated() const;
    // This amount rounded to the currency's minor units.
    std::optional<Money> roundedToMinorUnits(Rounding mode = kRounding, QString *error = nullptr) const;
    // amount x factor, rounded once to minor units.
    std::optional<Money> multiplied(const Decimal &factor, Rounding mode = kRounding, QString *error = nullptr) const;
    // amount x factor / divisor, rounded once to minor units ("GB-minutes x rate per GB-hour / 60").
    std::optional<Money> mulDiv(const Decimal &factor, const Decimal &divisor, Rounding mode = kRounding,
                                QString *error = nullptr) const;

    // nullopt when the currencies differ (or either is not valid).
    std::optional<std::strong_ordering> compare(const Money &other) const;
    // Equal currency and equal amount; different currencies are simply unequal.
    friend bool operator==(const Money &a, const Money &b)
    {
        return a.m_currency == b.m_currency && a.m_amount == b.m_amount;
    }

    // "12.50 USD", "0.000231 USD", "500 JPY": at least the minor-unit decimals, more when the
    // amount has them - never rounded for display, so nothing is hidden.
    QString toString() const;

private:
    std::optional<Money> withAmount(const Decimal &amount, QString *error) const;

    Decimal m_amount;
    QString m_currency;
    int m_minorUnits = 0;
};

} // namespace enclii::waybill
