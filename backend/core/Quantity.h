#pragma once

#include <QString>

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>

namespace enclii::core {

// A Kubernetes resource quantity ("250m", "2", "512Mi", "1.5Gi", "1e3"), held exactly
// as an integer number of milli-units. CPU is therefore exact in millicores and memory
// exact in milli-bytes; no binary floating point is involved in parsing or arithmetic.
class Quantity
{
public:
    enum class Kind { Cpu, Memory, Plain };

    constexpr Quantity() = default;
    static constexpr Quantity fromMilli(std::int64_t milli) { Quantity q; q.m_milli = milli; return q; }

    // Parses the Kubernetes quantity grammar: <number><suffix> where suffix is one of
    // Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent e<int>. On failure returns
    // nullopt and, when error is given, says what was wrong.
    static std::optional<Quantity> parse(QStringView text, QString *error = nullptr);

    std::int64_t milli() const { return m_milli; }
    std::int64_t millicores() const { return m_milli; }
    // Whole bytes, rounded up like Kubernetes does for fractional byte quantities.
    std::int64_t bytes() const { return m_milli / 1000 + (m_milli % 1000 > 0 ? 1 : 0); }
    bool isWholeUnits() const { return m_milli % 1000 == 0; }
    bool isZero() const { return m_milli == 0; }

    // Canonical text: CPU as "250m" or "2"; memory with the largest exact binary suffix
    // ("512Mi", "1536Mi", "2Gi"); plain as a decimal number.
    QString toString(Kind kind) const;
    // Human text for reports: "1.5 vCPU", "11.75 GiB" (rounded to two decimals for display only).
    QString toDisplayString(Kind kind) const;

    // Sums and products saturate at the int64 range instead of overflowing: a spec can ask
    // for absurd amounts, and an absurd total must still compare as "does not fit".
    Quantity operator+(Quantity o) const
    {
        std::int64_t r = 0;
        return fromMilli(__builtin_add_overflow(m_milli, o.m_milli, &r) ? (m_milli < 0 ? kLow : kHigh) : r);
    }
    Quantity operator*(std::int64_t n) const
    {
        std::int64_t r = 0;
        return fromMilli(__builtin_mul_overflow(m_milli, n, &r) ? ((m_milli < 0) != (n < 0) ? kLow : kHigh) : r);
    }
    Quantity &operator+=(Quantity o) { *this = *this + o; return *this; }
    auto operator<=>(const Quantity &) const = default;

    // The part of this quantity that `percent` percent represents, exact to the milli-unit (rounded down).
    Quantity percentOf(int percent) const { return fromMilli(m_milli / 100 * percent + (m_milli % 100) * percent / 100); }

private:
    static constexpr std::int64_t kHigh = std::numeric_limits<std::int64_t>::max();
    static constexpr std::int64_t kLow = std::numeric_limits<std::int64_t>::min();
    std::int64_t m_milli = 0;
};

} // namespace enclii::core
