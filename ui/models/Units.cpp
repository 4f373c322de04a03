#include "Units.h"

#include <QCoreApplication>
#include <QLocale>

namespace enclii::ui::units {

namespace {

// Up to `decimals` places, without trailing zeros: 8.40 -> "8.4", 2.00 -> "2".
QString trimmed(double value, int decimals)
{
    QString text = QLocale().toString(value, 'f', decimals);
    const QChar point = QLocale().decimalPoint().front();
    if (text.contains(point)) {
        while (text.endsWith(u'0'))
            text.chop(1);
        if (text.endsWith(point))
            text.chop(1);
    }
    return text;
}

} // namespace

QString number(double value, int decimals)
{
    return trimmed(value, decimals);
}

QString cpu(qint64 millis)
{
    if (millis != 0 && millis > -1000 && millis < 1000)
        return QCoreApplication::translate("Units", "%1m", "millicores").arg(millis);
    if (millis == 1000)
        return QCoreApplication::translate("Units", "1 core");
    return QCoreApplication::translate("Units", "%1 cores").arg(trimmed(double(millis) / 1000.0, 2));
}

QString memory(qint64 bytes)
{
    constexpr double MiB = 1024.0 * 1024.0;
    constexpr double GiB = MiB * 1024.0;
    if (bytes != 0 && bytes > -qint64(GiB) && bytes < qint64(GiB))
        return QCoreApplication::translate("Units", "%1 MiB").arg(trimmed(double(bytes) / MiB, 1));
    return QCoreApplication::translate("Units", "%1 GiB").arg(trimmed(double(bytes) / GiB, 2));
}

QString percent(double value)
{
    return QCoreApplication::translate("Units", "%1 %").arg(QLocale().toString(value, 'f', 1));
}

} // namespace enclii::ui::units
