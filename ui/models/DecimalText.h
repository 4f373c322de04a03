#pragma once

#include <QString>
#include <QStringView>

// Money and billed quantities reach the console as exact decimal strings ("12.50", "576000").
// They stay strings: checked, grouped for reading and printed, never carried through binary
// floating point. Only a chart turns one into a double, to place a point.
namespace enclii::ui::decimal {

// An optional '-', digits, and optionally '.' and digits: what encliid writes. At most 64
// characters, so a hostile answer cannot make the console format a megabyte of digits.
bool isDecimal(QStringView text);
// "1234567.50" -> "1,234,567.50" (the user's group and decimal separators); anything that is
// not a decimal comes back unchanged.
QString grouped(const QString &text);
// At most `decimals` fractional digits, rounded half away from zero on the digits themselves:
// "518395.371561961", 3 -> "518395.372". Fewer digits, or not a decimal: unchanged.
QString rounded(const QString &text, int decimals);
// "20.00" and "USD" -> "20.00 USD"; an empty amount -> "—".
QString money(const QString &amount, const QString &currency);
// "97.94" -> "97.94 %"
QString percent(const QString &text);
// For plotting only: the nearest double, 0 when `text` is not a decimal.
double plotValue(const QString &text);
// The string divided by a whole `per` (GB-minutes -> GB-hours) for plotting only.
double plotValue(const QString &text, const QString &per);

} // namespace enclii::ui::decimal
