#include "Decimal.h"

#include <algorithm>

namespace enclii::waybill {

namespace {

using U128 = unsigned __int128;

// 10^38 - 1: the largest magnitude, in nanounits. numeric_limits<__int128> is not
// specialized in strict C++20 mode, so the bound is spelled out.
constexpr U128 pow10u(int n)
{
    U128 r = 1;
    while (n-- > 0)
        r *= 10;
    return r;
}
constexpr U128 kMaxNanos = pow10u(38) - 1;

// An unsigned 256-bit integer, just enough for the exact products and quotients of two
// 128-bit mantissas: 4 little-endian 64-bit words.
struct U256
{
    std::uint64_t w[4] = {0, 0, 0, 0};

    static U256 from(U128 v)
    {
        U256 r;
        r.w[0] = static_cast<std::uint64_t>(v);
        r.w[1] = static_cast<std::uint64_t>(v >> 64);
        return r;
    }
    bool fits128() const { return w[2] == 0 && w[3] == 0; }
    U128 low128() const { return (U128(w[1]) << 64) | w[0]; }
    bool isZero() const { return (w[0] | w[1] | w[2] | w[3]) == 0; }
    bool bit(int i) const { return (w[i / 64] >> (i % 64)) & 1u; }
    void setBit(int i) { w[i / 64] |= std::uint64_t(1) << (i % 64); }
    int bitLength() const
    {
        for (int k = 3; k >= 0; --k) {
            if (w[k] != 0)
                return k * 64 + 64 - __builtin_clzll(w[k]);
        }
        return 0;
    }
    void shiftLeft1()
    {
        for (int k = 3; k > 0; --k)
            w[k] = (w[k] << 1) | (w[k - 1] >> 63);
        w[0] <<= 1;
    }
    friend std::strong_ordering operator<=>(const U256 &a, const U256 &b)
    {
        for (int k = 3; k >= 0; --k) {
            if (a.w[k] != b.w[k])
                return a.w[k] <=> b.w[k];
        }
        return std::strong_ordering::equal;
    }
    friend bool operator==(const U256 &a, const U256 &b) = default;
    // Requires a >= b.
    friend U256 operator-(const U256 &a, const U256 &b)
    {
        U256 r;
        std::uint64_t borrow = 0;
        for (int k = 0; k < 4; ++k) {
            const std::uint64_t d = a.w[k] - b.w[k];
            const std::uint64_t d2 = d - borrow;
            borrow = (a.w[k] < b.w[k]) || (d < borrow) ? 1 : 0;
            r.w[k] = d2;
        }
        return r;
    }
    void addOne()
    {
        for (int k = 0; k < 4; ++k) {
            if (++w[k] != 0)
                return;
        }
    }
};

// The exact 256-bit product of two 128-bit values, by 64-bit schoolbook multiplication.
U256 multiply(U128 a, U128 b)
{
    const std::uint64_t x[2] = {static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(a >> 64)};
    const std::uint64_t y[2] = {static_cast<std::uint64_t>(b), static_cast<std::uint64_t>(b >> 64)};
    U256 r;
    for (int i = 0; i < 2; ++i) {
        U128 carry = 0;
        for (int j = 0; j < 2; ++j) {
            const U128 t = U128(x[i]) * y[j] + r.w[i + j] + carry;
            r.w[i + j] = static_cast<std::uint64_t>(t);
            carry = t >> 64;
        }
        r.w[i + 2] = static_cast<std::uint64_t>(carry);
    }
    return r;
}

// num / den rounded with `mode` (den != 0). Binary long division: at most 256 steps, and
// only used by the rounding multiplications and divisions, never by sums.
U256 divideRounded(const U256 &num, const U256 &den, Rounding mode)
{
    U256 q;
    U256 r;
    for (int i = num.bitLength() - 1; i >= 0; --i) {
        r.shiftLeft1();
        if (num.bit(i))
            r.w[0] |= 1u;
        if (r >= den) {
            r = r - den;
            q.setBit(i);
        }
    }
    if (r.isZero())
        return q;
    bool up = false;
    const U256 rest = den - r; // r >= rest  <=>  2r >= den, without overflowing 2r
    switch (mode) {
    case Rounding::Down:
        break;
    case Rounding::Up:
        up = true;
        break;
    case Rounding::HalfUp:
        up = r >= rest;
        break;
    case Rounding::HalfEven:
        up = r > rest || (r == rest && q.bit(0));
        break;
    }
    if (up)
        q.addOne();
    return q;
}

U128 magnitude(__int128 v)
{
    return v < 0 ? U128(0) - U128(v) : U128(v);
}

int clampDecimals(int decimals)
{
    return std::clamp(decimals, 0, Decimal::kScale);
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QString digitsOf(U128 v)
{
    if (v == 0)
        return QStringLiteral("0");
    char buf[48];
    int n = 0;
    while (v != 0) {
        buf[n++] = char('0' + int(v % 10));
        v /= 10;
    }
    QString s;
    s.reserve(n);
    while (n > 0)
        s.append(QLatin1Char(buf[--n]));
    return s;
}

// A quotient `q` counted in units of 10^-decimals, signed, back to nanounits; nullopt when out of range.
std::optional<__int128> toNanos(const U256 &q, bool negative, int decimals)
{
    if (!q.fits128())
        return std::nullopt;
    const U256 nanos = multiply(q.low128(), pow10u(Decimal::kScale - decimals));
    if (!nanos.fits128() || nanos.low128() > kMaxNanos)
        return std::nullopt;
    const __int128 v = static_cast<__int128>(nanos.low128());
    return negative ? -v : v;
}

} // namespace

Decimal Decimal::fromScaled(const std::optional<__int128> &nanos)
{
    return nanos ? fromNanos(*nanos) : invalid(Status::Overflow);
}

Decimal Decimal::fromInt(std::int64_t n)
{
    Decimal d;
    d.m_nanos = __int128(n) * kOne;
    return d;
}

Decimal Decimal::fromNanos(__int128 nanos)
{
    if (magnitude(nanos) > kMaxNanos)
        return invalid(Status::Overflow);
    Decimal d;
    d.m_nanos = nanos;
    return d;
}

std::optional<Decimal> Decimal::parse(QStringView text, QString *error)
{
    const auto refuse = [&](const QString &why) {
        fail(error, QStringLiteral("\"%1\" is not a decimal: %2").arg(text.toString(), why));
        return std::optional<Decimal>();
    };
    QStringView s = text;
    if (s.isEmpty())
        return refuse(QStringLiteral("it is empty"));
    bool negative = false;
    if (s.front() == u'+' || s.front() == u'-') {
        negative = s.front() == u'-';
        s = s.mid(1);
    }
    const auto isAsciiDigit = [](QChar c) { return c >= u'0' && c <= u'9'; };
    qsizetype i = 0;
    U128 integer = 0;
    int significant = 0;
    for (; i < s.size() && isAsciiDigit(s[i]); ++i) {
        if (significant > 0 || s[i] != u'0')
            ++significant;
        if (significant > kMaxIntegerDigits)
            return refuse(QStringLiteral("more than %1 integer digits").arg(kMaxIntegerDigits));
        integer = integer * 10 + U128(s[i].unicode() - u'0');
    }
    if (i == 0)
        return refuse(QStringLiteral("expected a digit first, as in 0.5"));
    U128 fraction = 0;
    if (i < s.size() && s[i] == u'.') {
        ++i;
        int fractionDigits = 0;
        for (; i < s.size() && isAsciiDigit(s[i]); ++i, ++fractionDigits) {
            const int digit = s[i].unicode() - u'0';
            if (fractionDigits < kScale)
                fraction = fraction * 10 + U128(digit);
            else if (digit != 0)
                return refuse(QStringLiteral("more than %1 decimals; the smallest step is 0.000000001").arg(kScale));
        }
        if (fractionDigits == 0)
            return refuse(QStringLiteral("expected a digit after the '.'"));
        for (int k = fractionDigits; k < kScale; ++k)
            fraction *= 10;
    }
    if (i < s.size()) {
        if (s[i] == u'e' || s[i] == u'E')
            return refuse(QStringLiteral("exponents are not accepted; write the digits out (1000, not 1e3)"));
        return refuse(QStringLiteral("unexpected '%1'").arg(s[i]));
    }
    const U128 nanos = integer * U128(kOne) + fraction; // < 10^29 * 10^9: fits
    const __int128 v = static_cast<__int128>(nanos);
    return fromNanos(negative ? -v : v);
}

std::optional<std::int64_t> Decimal::toInt64() const
{
    if (!isInteger())
        return std::nullopt;
    const __int128 n = m_nanos / kOne;
    if (n > __int128(INT64_MAX) || n < __int128(INT64_MIN))
        return std::nullopt;
    return static_cast<std::int64_t>(n);
}

QString Decimal::toString() const
{
    switch (m_status) {
    case Status::Ok:
        break;
    case Status::Overflow:
        return QStringLiteral("overflow");
    case Status::DivisionByZero:
        return QStringLiteral("division by zero");
    }
    int decimals = kScale;
    __int128 v = m_nanos;
    while (decimals > 0 && v % 10 == 0) {
        v /= 10;
        --decimals;
    }
    return toString(decimals, Rounding::Down);
}

QString Decimal::toString(int decimals, Rounding mode) const
{
    decimals = clampDecimals(decimals);
    const Decimal r = rounded(decimals, mode);
    if (!r.isValid())
        return r.toString();
    const U128 mag = magnitude(r.m_nanos);
    QString s;
    if (r.m_nanos < 0)
        s.append(u'-');
    s.append(digitsOf(mag / U128(kOne)));
    if (decimals > 0) {
        QString frac = digitsOf(mag % U128(kOne)).rightJustified(kScale, u'0');
        s.append(u'.');
        s.append(QStringView(frac).left(decimals));
    }
    return s;
}

Decimal Decimal::rounded(int decimals, Rounding mode) const
{
    if (!isValid())
        return *this;
    decimals = clampDecimals(decimals);
    // Already on the grid (always so for the canonical toString()): nothing to round.
    if (decimals == kScale || magnitude(m_nanos) % pow10u(kScale - decimals) == 0)
        return *this;
    const U256 q = divideRounded(U256::from(magnitude(m_nanos)), U256::from(pow10u(kScale - decimals)), mode);
    return fromScaled(toNanos(q, m_nanos < 0, decimals));
}

Decimal Decimal::operator-() const
{
    if (!isValid())
        return *this;
    Decimal d;
    d.m_nanos = -m_nanos; // the range is symmetric, so this cannot leave it
    return d;
}

Decimal operator+(const Decimal &a, const Decimal &b)
{
    if (!a.isValid() || !b.isValid())
        return Decimal::firstInvalid(a, b);
    __int128 r = 0;
    if (__builtin_add_overflow(a.m_nanos, b.m_nanos, &r))
        return Decimal::invalid(Decimal::Status::Overflow);
    return Decimal::fromNanos(r);
}

Decimal operator-(const Decimal &a, const Decimal &b)
{
    return a + (-b);
}

Decimal operator*(const Decimal &a, std::int64_t n)
{
    if (!a.isValid())
        return a;
    __int128 r = 0;
    if (__builtin_mul_overflow(a.m_nanos, __int128(n), &r))
        return Decimal::invalid(Decimal::Status::Overflow);
    return Decimal::fromNanos(r);
}

Decimal Decimal::multiplied(const Decimal &other, Rounding mode, int decimals) const
{
    if (!isValid() || !other.isValid())
        return firstInvalid(*this, other);
    decimals = clampDecimals(decimals);
    // (A / 10^9) x (B / 10^9) in units of 10^-decimals is A x B / 10^(18 - decimals).
    const U256 num = multiply(magnitude(m_nanos), magnitude(other.m_nanos));
    const U256 q = divideRounded(num, U256::from(pow10u(2 * kScale - decimals)), mode);
    return fromScaled(toNanos(q, (m_nanos < 0) != (other.m_nanos < 0), decimals));
}

Decimal Decimal::divided(const Decimal &other, Rounding mode, int decimals) const
{
    if (!isValid() || !other.isValid())
        return firstInvalid(*this, other);
    if (other.m_nanos == 0)
        return invalid(Status::DivisionByZero);
    decimals = clampDecimals(decimals);
    // (A / 10^9) / (B / 10^9) in units of 10^-decimals is A x 10^decimals / B.
    const U256 num = multiply(magnitude(m_nanos), pow10u(decimals));
    const U256 q = divideRounded(num, U256::from(magnitude(other.m_nanos)), mode);
    return fromScaled(toNanos(q, (m_nanos < 0) != (other.m_nanos < 0), decimals));
}

Decimal Decimal::mulDiv(const Decimal &a, const Decimal &b, const Decimal &c, Rounding mode, int decimals)
{
    if (!a.isValid() || !b.isValid() || !c.isValid())
        return firstInvalid(firstInvalid(a, b), c);
    if (c.m_nanos == 0)
        return invalid(Status::DivisionByZero);
    decimals = clampDecimals(decimals);
    // A x B / 10^18 / (C / 10^9) in units of 10^-decimals is A x B / (C x 10^(9 - decimals)).
    const U256 num = multiply(magnitude(a.m_nanos), magnitude(b.m_nanos));
    const U256 den = multiply(magnitude(c.m_nanos), pow10u(kScale - decimals));
    const U256 q = divideRounded(num, den, mode);
    const bool negative = ((a.m_nanos < 0) != (b.m_nanos < 0)) != (c.m_nanos < 0);
    return fromScaled(toNanos(q, negative, decimals));
}

Decimal Decimal::max(const Decimal &a, const Decimal &b)
{
    if (!a.isValid() || !b.isValid())
        return firstInvalid(a, b);
    return a.m_nanos >= b.m_nanos ? a : b;
}

} // namespace enclii::waybill
