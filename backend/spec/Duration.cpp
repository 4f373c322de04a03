#include "Duration.h"

namespace enclii::spec {

std::optional<int> parseDurationSeconds(QStringView text, QString *error)
{
    const QStringView s = text.trimmed();
    auto fail = [&](const QString &why) -> std::optional<int> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (s.isEmpty())
        return fail(QStringLiteral("empty duration; expected e.g. 30s, 5m or 1h"));
    qint64 total = 0;
    qint64 number = -1;
    for (QChar c : s) {
        if (c.isDigit() && c.unicode() < 128) {
            number = (number < 0 ? 0 : number) * 10 + c.digitValue();
            if (number > 10'000'000)
                return fail(QStringLiteral("duration \"%1\" is too long").arg(s.toString()));
            continue;
        }
        int unit = 0;
        if (c == u'h')
            unit = 3600;
        else if (c == u'm')
            unit = 60;
        else if (c == u's')
            unit = 1;
        else
            return fail(QStringLiteral("\"%1\" is not a duration; expected a number with a unit h, m or s, "
                                       "such as 30s, 5m or 1h30m").arg(s.toString()));
        if (number < 0)
            return fail(QStringLiteral("\"%1\": a unit must follow a number, as in 5m").arg(s.toString()));
        total += number * unit;
        number = -1;
    }
    if (number >= 0)
        return fail(QStringLiteral("\"%1\" has no unit; write e.g. %2s").arg(s.toString()).arg(number));
    if (total > 30LL * 24 * 3600)
        return fail(QStringLiteral("duration \"%1\" is longer than 30 days").arg(s.toString()));
    return int(total);
}

QString formatDuration(int seconds)
{
    if (seconds > 0 && seconds % 3600 == 0)
        return QStringLiteral("%1h").arg(seconds / 3600);
    if (seconds > 0 && seconds % 60 == 0)
        return QStringLiteral("%1m").arg(seconds / 60);
    return QStringLiteral("%1s").arg(seconds);
}

} // namespace enclii::spec
