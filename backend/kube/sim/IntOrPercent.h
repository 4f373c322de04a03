#pragma once

#include <QJsonValue>

#include <cmath>

namespace enclii::kube::sim {

// An IntOrString such as maxSurge "25%" or 1, resolved against a total: percentages round
// up or down as the real controllers do for each field.
inline qint64 intOrPercent(const QJsonValue &v, qint64 total, bool roundUp, qint64 fallback = 0)
{
    if (v.isDouble())
        return qint64(v.toDouble());
    const QString s = v.toString();
    if (!s.endsWith(u'%'))
        return fallback;
    bool ok = false;
    const double pct = s.chopped(1).toDouble(&ok);
    if (!ok || pct < 0)
        return fallback;
    const double exact = pct * double(total) / 100.0;
    return qint64(roundUp ? std::ceil(exact - 1e-9) : std::floor(exact + 1e-9));
}

} // namespace enclii::kube::sim
