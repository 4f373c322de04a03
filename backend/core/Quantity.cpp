#include "Quantity.h"

#include <limits>

namespace enclii::core {

namespace {

using Int128 = __int128;

constexpr Int128 kMax = std::numeric_limits<std::int64_t>::max();

Int128 pow10(int n)
{
    Int128 r = 1;
    while (n-- > 0)
        r *= 10;
    return r;
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// The suffix's factor as 2^binaryShift * 10^decimalExp.
bool parseSuffix(QStringView s, int &binaryShift, int &decimalExp, QString *error)
{
    binaryShift = 0;
    decimalExp = 0;
    if (s.isEmpty())
        return true;
    static const struct { const char *name; int shift; int exp; } table[] = {
        {"Ki", 10, 0}, {"Mi", 20, 0}, {"Gi", 30, 0}, {"Ti", 40, 0}, {"Pi", 50, 0}, {"Ei", 60, 0},
        {"n", 0, -9}, {"u", 0, -6}, {"m", 0, -3}, {"k", 0, 3}, {"M", 0, 6},
        {"G", 0, 9}, {"T", 0, 12}, {"P", 0, 15}, {"E", 0, 18},
    };
    for (const auto &e : table) {
        if (s == QLatin1String(e.name)) {
            binaryShift = e.shift;
            decimalExp = e.exp;
            return true;
        }
    }
    if (s.front() == u'e' || s.front() == u'E') {
        QStringView digits = s.mid(1);
        bool negative = false;
        if (!digits.isEmpty() && (digits.front() == u'+' || digits.front() == u'-')) {
            negative = digits.front() == u'-';
            digits = digits.mid(1);
        }
        if (digits.isEmpty() || digits.size() > 2)
            return fail(error, QStringLiteral("exponent must be 1 or 2 digits, as in 1e3"));
        int v = 0;
        for (QChar c : digits) {
            if (!c.isDigit())
                return fail(error, QStringLiteral("exponent must be digits, as in 1e3"));
            v = v * 10 + c.digitValue();
        }
        decimalExp = negative ? -v : v;
        return true;
    }
    return fail(error, QStringLiteral("unknown suffix \"%1\"; expected one of Ki Mi Gi Ti Pi Ei, n u m k M G T P E, "
                                      "or an exponent such as e3").arg(s.toString()));
}

} // namespace

std::optional<Quantity> Quantity::parse(QStringView text, QString *error)
{
    QStringView s = text.trimmed();
    if (s.isEmpty()) {
        fail(error, QStringLiteral("empty quantity; expected a number such as 250m or 512Mi"));
        return std::nullopt;
    }
    bool negative = false;
    if (s.front() == u'+' || s.front() == u'-') {
        negative = s.front() == u'-';
        s = s.mid(1);
    }
    // Mantissa: digits, optionally a '.' and more digits.
    Int128 mantissa = 0;
    int fractionDigits = 0;
    int significant = 0;
    bool seenDot = false;
    bool seenDigit = false;
    qsizetype i = 0;
    for (; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c.isDigit() && c.unicode() < 128) {
            seenDigit = true;
            if (significant > 0 || c != u'0')
                ++significant;
            if (significant > 30) {
                fail(error, QStringLiteral("too many digits in \"%1\"").arg(text.toString()));
                return std::nullopt;
            }
            mantissa = mantissa * 10 + c.digitValue();
            if (seenDot)
                ++fractionDigits;
        } else if (c == u'.' && !seenDot) {
            seenDot = true;
        } else {
            break;
        }
    }
    if (!seenDigit) {
        fail(error, QStringLiteral("\"%1\" is not a quantity; expected a number such as 250m, 2 or 512Mi")
                        .arg(text.toString()));
        return std::nullopt;
    }
    int shift = 0;
    int exp = 0;
    if (!parseSuffix(s.mid(i), shift, exp, error))
        return std::nullopt;
    if (mantissa == 0)
        return fromMilli(0);
    // Trailing zeros of the fraction carry no value: "1.50000" is "1.5".
    while (fractionDigits > 0 && mantissa % 10 == 0) {
        mantissa /= 10;
        --fractionDigits;
    }

    // milli = mantissa * 2^shift * 10^scale, exactly or not at all. mantissa has at most 30
    // significant digits (< 2^100), so every step below is checked against the int64 range
    // before it can overflow the 128-bit intermediate.
    const int scale = exp + 3 - fractionDigits;
    auto tooLarge = [&] {
        fail(error, QStringLiteral("\"%1\" is too large").arg(text.toString()));
        return std::optional<Quantity>();
    };
    Int128 milli = mantissa;
    if (scale < 0) {
        if (-scale > 30) {
            fail(error, QStringLiteral("\"%1\" is finer than the smallest unit (1m)").arg(text.toString()));
            return std::nullopt;
        }
        const Int128 den = pow10(-scale);
        // The binary factor cannot cancel a power of ten's factor 5, so divide first.
        if (milli % den != 0) {
            // A power-of-two suffix can still make it whole: 0.5Ki = 512.
            Int128 scaled = milli;
            for (int k = 0; k < shift; ++k) {
                if (scaled > kMax * 10)
                    return tooLarge();
                scaled *= 2;
            }
            if (scaled % den != 0) {
                fail(error, QStringLiteral("\"%1\" is finer than the smallest unit (1m)").arg(text.toString()));
                return std::nullopt;
            }
            milli = scaled / den;
            shift = 0;
        } else {
            milli /= den;
        }
    } else {
        for (int k = 0; k < scale; ++k) {
            if (milli > kMax)
                return tooLarge();
            milli *= 10;
        }
    }
    for (int k = 0; k < shift; ++k) {
        if (milli > kMax)
            return tooLarge();
        milli *= 2;
    }
    if (milli > kMax)
        return tooLarge();
    return fromMilli(static_cast<std::int64_t>(negative ? -milli : milli));
}

QString Quantity::toString(Kind kind) const
{
    const std::int64_t m = m_milli;
    if (kind == Kind::Cpu || kind == Kind::Plain) {
        if (m % 1000 == 0)
            return QString::number(m / 1000);
        return QString::number(m) + u'm';
    }
    // Memory is whole bytes; a derived fraction (a percentage of a total) rounds up.
    const std::int64_t bytes = this->bytes();
    if (bytes == 0)
        return QStringLiteral("0");
    static const char *suffixes[] = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    int chosen = -1;
    std::int64_t value = bytes;
    for (int k = 0; k < 6; ++k) {
        const std::int64_t unit = std::int64_t(1) << (10 * (k + 1));
        if (bytes % unit != 0)
            break;
        chosen = k;
        value = bytes / unit;
    }
    return chosen < 0 ? QString::number(bytes) : QString::number(value) + QLatin1String(suffixes[chosen]);
}

QString Quantity::toDisplayString(Kind kind) const
{
    switch (kind) {
    case Kind::Cpu:
        return m_milli % 1000 == 0 ? QStringLiteral("%1 vCPU").arg(m_milli / 1000)
                                   : QStringLiteral("%1 vCPU").arg(double(m_milli) / 1000.0, 0, 'f', 2);
    case Kind::Memory: {
        const double b = double(bytes());
        if (b >= double(1ll << 30))
            return QStringLiteral("%1 GiB").arg(b / double(1ll << 30), 0, 'f', 2);
        return QStringLiteral("%1 MiB").arg(b / double(1ll << 20), 0, 'f', 0);
    }
    case Kind::Plain:
        break;
    }
    return toString(kind);
}

} // namespace enclii::core
