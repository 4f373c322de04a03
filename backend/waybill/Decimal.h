#pragma once

#include <QString>
#include <QStringView>

#include <compare>
#include <cstdint>
#include <optional>

namespace enclii::waybill {

// How a result that falls between two representable values is resolved. Every mode is
// symmetric around zero: it looks at the magnitude and keeps the sign.
enum class Rounding {
    Down,     // toward zero (truncate): 2.59 -> 2.5, -2.59 -> -2.5
    Up,       // away from zero: 2.51 -> 2.6, -2.51 -> -2.6
    HalfUp,   // nearest, ties away from zero: 2.5 -> 3, -2.5 -> -3
    HalfEven, // nearest, ties to the even neighbour (banker's): 2.5 -> 2, 3.5 -> 4, -2.5 -> -2
};

// An exact fixed-point decimal for money and billed quantities: a signed 128-bit count of
// nanounits (scale 9, so 1 unit = 1 000 000 000 and the smallest step is 0.000000001).
// The magnitude is at most 10^38 - 1 nanounits, i.e. 29 integer digits and 9 fractional
// ones, the same range for either sign.
//
// No binary floating point is involved anywhere. Addition, subtraction and multiplication by
// an integer are exact. Multiplication and division by a decimal are computed exactly (on
// 256 bits) and then rounded once, with a mode the caller names, to 9 or fewer decimals.
//
// A result that does not fit, or a division by zero, is never wrapped: it yields a Decimal
// whose status says so. That status is sticky (any arithmetic with it gives it again) and,
// like a NaN, such a value compares unequal and unordered to everything, itself included,
// so an overflowed total can never pass for a stored one.
class Decimal
{
public:
    enum class Status { Ok, Overflow, DivisionByZero };

    static constexpr int kScale = 9;
    static constexpr int kMaxIntegerDigits = 29;

    constexpr Decimal() = default;

    static Decimal fromInt(std::int64_t n);
    // A raw count of nanounits: fromNanos(1) is 0.000000001; Overflow when outside the range.
    static Decimal fromNanos(__int128 nanos);

    // Text: an optional sign, at least one digit, and optionally '.' followed by at least one
    // digit ("12.50", "-0.000000001", "+7", "007.5"). Refused: exponent notation ("1e3" -
    // exponents are how binary floats print themselves, and we want the exact digits the
    // sender meant), a bare or trailing dot (".5", "5."), surrounding white space, digit
    // grouping, non-ASCII digits, more than 29 integer digits, and any non-zero digit beyond
    // the 9th decimal ("0.0000000001" is refused rather than silently rounded; "1.5000000000000"
    // is fine). On failure returns nullopt and, when error is given, says what was wrong.
    static std::optional<Decimal> parse(QStringView text, QString *error = nullptr);

    Status status() const { return m_status; }
    bool isValid() const { return m_status == Status::Ok; }
    // nullopt when not valid: the bridge to optional-style error handling.
    std::optional<Decimal> checked() const { return isValid() ? std::optional<Decimal>(*this) : std::nullopt; }

    __int128 nanos() const { return m_nanos; }
    bool isZero() const { return isValid() && m_nanos == 0; }
    bool isNegative() const { return isValid() && m_nanos < 0; }
    bool isInteger() const { return isValid() && m_nanos % kOne == 0; }
    // The value as an integer, when it is one and fits.
    std::optional<std::int64_t> toInt64() const;

    // Canonical text: exact, no trailing fractional zeros, no '+', "0" for zero ("12.5", "-0.000000001").
    // Invalid values print as "overflow" or "division by zero", which no parser accepts.
    QString toString() const;
    // Exactly `decimals` fractional digits (0..9; other values are clamped), rounded with `mode`
    // when the value has more. A value that rounds to zero prints without a sign.
    QString toString(int decimals, Rounding mode) const;

    // This value rounded to `decimals` fractional digits (0..9, clamped).
    Decimal rounded(int decimals, Rounding mode) const;

    Decimal operator-() const;
    Decimal abs() const { return m_nanos < 0 ? -*this : *this; }
    friend Decimal operator+(const Decimal &a, const Decimal &b);
    friend Decimal operator-(const Decimal &a, const Decimal &b);
    // Exact: an integer factor never needs rounding.
    friend Decimal operator*(const Decimal &a, std::int64_t n);
    friend Decimal operator*(std::int64_t n, const Decimal &a) { return a * n; }
    Decimal &operator+=(const Decimal &o) { return *this = *this + o; }
    Decimal &operator-=(const Decimal &o) { return *this = *this - o; }

    // this x other, computed exactly, then rounded once to `decimals` (0..9) with `mode`.
    Decimal multiplied(const Decimal &other, Rounding mode, int decimals = kScale) const;
    // this / other, rounded once to `decimals` (0..9) with `mode`; DivisionByZero when other is 0.
    Decimal divided(const Decimal &other, Rounding mode, int decimals = kScale) const;
    // a x b / c with a single rounding at the end, so that "quantity x rate per hour / 60" rounds
    // once instead of twice (double rounding can move a result by one step).
    static Decimal mulDiv(const Decimal &a, const Decimal &b, const Decimal &c, Rounding mode,
                          int decimals = kScale);

    friend bool operator==(const Decimal &a, const Decimal &b)
    {
        return a.isValid() && b.isValid() && a.m_nanos == b.m_nanos;
    }
    friend std::partial_ordering operator<=>(const Decimal &a, const Decimal &b)
    {
        if (!a.isValid() || !b.isValid())
            return std::partial_ordering::unordered;
        return a.m_nanos <=> b.m_nanos;
    }

    static Decimal max(const Decimal &a, const Decimal &b);

private:
    static constexpr __int128 kOne = 1000000000;
    static Decimal invalid(Status s)
    {
        Decimal d;
        d.m_status = s;
        return d;
    }
    static Decimal firstInvalid(const Decimal &a, const Decimal &b) { return a.isValid() ? b : a; }
    static Decimal fromScaled(const std::optional<__int128> &nanos);

    __int128 m_nanos = 0;
    Status m_status = Status::Ok;
};

} // namespace enclii::waybill
