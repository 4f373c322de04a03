#include "Metrics.h"

#include <QMap>
#include <QMutex>

#include <cmath>

namespace enclii::observe {

namespace {

struct Histogram
{
    QList<double> counts; // per bucket, not cumulative
    double sum = 0;
    quint64 count = 0;
};

struct Family
{
    QString type = QStringLiteral("untyped");
    QString help;
    QList<double> buckets;
    QMap<QString, double> values;        // label text -> value (counters, gauges)
    QMap<QString, Histogram> histograms; // label text -> histogram
};

QString labelText(const Metrics::Labels &labels)
{
    if (labels.isEmpty())
        return {};
    QStringList parts;
    for (const auto &[k, v] : labels) {
        QString escaped = v;
        escaped.replace(u'\\', QLatin1String("\\\\")).replace(u'"', QLatin1String("\\\"")).replace(u'\n', QLatin1String("\\n"));
        parts << QStringLiteral("%1=\"%2\"").arg(k, escaped);
    }
    return parts.join(u',');
}

QString number(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QString::number(qint64(v));
    return QString::number(v, 'g', 12);
}

} // namespace

struct Metrics::Private
{
    mutable QMutex mutex;
    QMap<QString, Family> families;
};

Metrics::Metrics() : d(std::make_unique<Private>()) {}
Metrics::~Metrics() = default;

Metrics &Metrics::global()
{
    static Metrics instance;
    return instance;
}

void Metrics::describe(const QString &name, const QString &type, const QString &help)
{
    QMutexLocker lock(&d->mutex);
    auto &f = d->families[name];
    f.type = type;
    f.help = help;
}

void Metrics::describeHistogram(const QString &name, const QString &help, const QList<double> &buckets)
{
    QMutexLocker lock(&d->mutex);
    auto &f = d->families[name];
    f.type = QStringLiteral("histogram");
    f.help = help;
    f.buckets = buckets;
}

void Metrics::increment(const QString &name, const Labels &labels, double by)
{
    QMutexLocker lock(&d->mutex);
    d->families[name].values[labelText(labels)] += by;
}

void Metrics::set(const QString &name, const Labels &labels, double value)
{
    QMutexLocker lock(&d->mutex);
    d->families[name].values[labelText(labels)] = value;
}

void Metrics::observe(const QString &name, const Labels &labels, double value)
{
    QMutexLocker lock(&d->mutex);
    auto &f = d->families[name];
    if (f.buckets.isEmpty())
        f.buckets = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    auto &h = f.histograms[labelText(labels)];
    if (h.counts.size() != f.buckets.size())
        h.counts = QList<double>(f.buckets.size(), 0.0);
    for (int i = 0; i < f.buckets.size(); ++i) {
        if (value <= f.buckets[i]) {
            h.counts[i] += 1;
            break;
        }
    }
    h.sum += value;
    ++h.count;
}

QByteArray Metrics::exposition() const
{
    QMutexLocker lock(&d->mutex);
    QString out;
    for (auto it = d->families.cbegin(); it != d->families.cend(); ++it) {
        const QString &name = it.key();
        const Family &f = it.value();
        if (!f.help.isEmpty())
            out += QStringLiteral("# HELP %1 %2\n").arg(name, f.help);
        out += QStringLiteral("# TYPE %1 %2\n").arg(name, f.type);
        for (auto v = f.values.cbegin(); v != f.values.cend(); ++v)
            out += v.key().isEmpty() ? QStringLiteral("%1 %2\n").arg(name, number(v.value()))
                                     : QStringLiteral("%1{%2} %3\n").arg(name, v.key(), number(v.value()));
        for (auto h = f.histograms.cbegin(); h != f.histograms.cend(); ++h) {
            const QString sep = h.key().isEmpty() ? QString() : h.key() + u',';
            double cumulative = 0;
            for (int i = 0; i < f.buckets.size(); ++i) {
                cumulative += h->counts.value(i);
                out += QStringLiteral("%1_bucket{%2le=\"%3\"} %4\n").arg(name, sep, number(f.buckets[i]), number(cumulative));
            }
            out += QStringLiteral("%1_bucket{%2le=\"+Inf\"} %3\n").arg(name, sep, number(double(h->count)));
            const QString lbl = h.key().isEmpty() ? QString() : u'{' + h.key() + u'}';
            out += QStringLiteral("%1_sum%2 %3\n").arg(name, lbl, number(h->sum));
            out += QStringLiteral("%1_count%2 %3\n").arg(name, lbl, number(double(h->count)));
        }
    }
    return out.toUtf8();
}

} // namespace enclii::observe
