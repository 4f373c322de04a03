#include "DecimalText.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

namespace enclii::ui::decimal {

namespace {
constexpr qsizetype MaxLength = 64;
} // namespace

bool isDecimal(QStringView text)
{
    if (text.isEmpty() || text.size() > MaxLength)
        return false;
    qsizetype i = text.front() == u'-' ? 1 : 0;
    qsizetype digits = 0;
    for (; i < text.size() && text[i].isDigit() && text[i].unicode() < 128; ++i)
        ++digits;
    if (digits == 0)
        return false;
    if (i == text.size())
        return true;
    if (text[i] != u'.' || ++i == text.size())
        return false;
    for (; i < text.size(); ++i)
        if (!text[i].isDigit() || text[i].unicode() >= 128)
            return false;
    return true;
}

QString grouped(const QString &text)
{
    if (!isDecimal(text))
        return text;
    const QLocale locale;
    const bool negative = text.startsWith(u'-');
    const qsizetype point = text.indexOf(u'.');
    const QString whole = text.mid(negative ? 1 : 0, (point < 0 ? text.size() : point) - (negative ? 1 : 0));
    QString out;
    for (qsizetype i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0)
            out += locale.groupSeparator();
        out += whole.at(i);
    }
    if (point >= 0)
        out += locale.decimalPoint() + text.mid(point + 1);
    return negative ? locale.negativeSign() + out : out;
}

QString rounded(const QString &text, int decimals)
{
    const qsizetype point = text.indexOf(u'.');
    decimals = std::max(0, decimals);
    if (!isDecimal(text) || point < 0 || text.size() - point - 1 <= decimals)
        return text;
    const bool negative = text.startsWith(u'-');
    // The kept digits without the point, plus one in the last place when the next digit is 5 or more.
    QString digits = text.mid(negative ? 1 : 0, point - (negative ? 1 : 0)) + text.mid(point + 1, decimals);
    if (text.at(point + 1 + decimals) >= u'5') {
        qsizetype i = digits.size() - 1;
        for (; i >= 0 && digits.at(i) == u'9'; --i)
            digits[i] = u'0';
        if (i < 0)
            digits.prepend(u'1');
        else
            digits[i] = QChar(digits.at(i).unicode() + 1);
    }
    QString out = decimals > 0 ? digits.left(digits.size() - decimals) + u'.' + digits.right(decimals) : digits;
    const bool zero = std::all_of(digits.cbegin(), digits.cend(), [](QChar c) { return c == u'0'; });
    return negative && !zero ? u'-' + out : out;
}

QString money(const QString &amount, const QString &currency)
{
    if (amount.isEmpty())
        return QStringLiteral("—");
    return QCoreApplication::translate("DecimalText", "%1 %2", "amount, currency").arg(grouped(amount), currency);
}

QString percent(const QString &text)
{
    return QCoreApplication::translate("DecimalText", "%1 %").arg(grouped(text));
}

double plotValue(const QString &text)
{
    return isDecimal(text) ? QLocale::c().toDouble(text) : 0.0;
}

double plotValue(const QString &text, const QString &per)
{
    const double divisor = plotValue(per);
    return divisor > 0 ? plotValue(text) / divisor : plotValue(text);
}

} // namespace enclii::ui::decimal
