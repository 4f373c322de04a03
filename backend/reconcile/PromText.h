#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

namespace enclii::reconcile {

// One sample of the Prometheus text exposition format: name{labels} value.
struct PromSample
{
    QString name;
    QMap<QString, QString> labels;
    double value = 0;
};

// Parses the text format (version 0.0.4): comments skipped, label values unescaped
// (\\, \", \n), timestamps ignored. Malformed lines are skipped; at most maxSamples are read.
QList<PromSample> parsePromText(const QByteArray &text, int maxSamples = 200000);

// histogram_quantile over cumulative buckets (upper bound -> count, +Inf included), with
// Prometheus's linear interpolation inside the bucket. NaN without observations.
double histogramQuantile(double q, const QMap<double, double> &cumulativeBuckets);

} // namespace enclii::reconcile
