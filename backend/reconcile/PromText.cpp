#include "PromText.h"

#include <cmath>
#include <limits>

namespace enclii::reconcile {

namespace {

// Reads `key="value",...` starting after '{'; returns the position after '}' or -1.
qsizetype readLabels(const QByteArray &line, qsizetype i, QMap<QString, QString> &labels)
{
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == ','))
            ++i;
        if (i < line.size() && line[i] == '}')
            return i + 1;
        const qsizetype eq = line.indexOf('=', i);
        if (eq < 0 || eq + 1 >= line.size() || line[eq + 1] != '"')
            return -1;
        const QString key = QString::fromUtf8(line.mid(i, eq - i)).trimmed();
        QByteArray value;
        qsizetype j = eq + 2;
        for (; j < line.size() && line[j] != '"'; ++j) {
            if (line[j] == '\\' && j + 1 < line.size()) {
                ++j;
                value += line[j] == 'n' ? '\n' : line[j];
            } else {
                value += line[j];
            }
        }
        if (j >= line.size())
            return -1;
        labels.insert(key, QString::fromUtf8(value));
        i = j + 1;
    }
    return -1;
}

double readValue(const QByteArray &text, bool *ok)
{
    const QByteArray t = text.trimmed();
    if (t == "+Inf")
        return std::numeric_limits<double>::infinity();
    if (t == "-Inf")
        return -std::numeric_limits<double>::infinity();
    if (t == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    return t.toDouble(ok);
}

} // namespace

QList<PromSample> parsePromText(const QByteArray &text, int maxSamples)
{
    QList<PromSample> out;
    for (const QByteArray &raw : text.split('\n')) {
        if (out.size() >= maxSamples)
            break;
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        PromSample s;
        qsizetype i = 0;
        while (i < line.size() && line[i] != '{' && line[i] != ' ')
            ++i;
        s.name = QString::fromUtf8(line.left(i));
        if (i < line.size() && line[i] == '{') {
            i = readLabels(line, i + 1, s.labels);
            if (i < 0)
                continue;
        }
        const QList<QByteArray> rest = line.mid(i).trimmed().split(' ');
        bool ok = true;
        s.value = readValue(rest.value(0), &ok);
        if (!ok || s.name.isEmpty())
            continue;
        out << s;
    }
    return out;
}

double histogramQuantile(double q, const QMap<double, double> &buckets)
{
    if (buckets.isEmpty())
        return std::numeric_limits<double>::quiet_NaN();
    const double total = buckets.last();
    if (total <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    const double rank = q * total;
    double lowerBound = 0, lowerCount = 0;
    for (auto it = buckets.begin(); it != buckets.end(); ++it) {
        if (it.value() >= rank) {
            if (std::isinf(it.key()))
                return lowerBound; // in the +Inf bucket: the highest finite bound
            const double inBucket = it.value() - lowerCount;
            return inBucket <= 0 ? it.key() : lowerBound + (it.key() - lowerBound) * (rank - lowerCount) / inBucket;
        }
        lowerBound = it.key();
        lowerCount = it.value();
    }
    return lowerBound;
}

} // namespace enclii::reconcile
