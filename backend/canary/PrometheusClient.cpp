#include "PrometheusClient.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

#include <cmath>

namespace enclii::canary {

namespace {

std::optional<double> number(const QJsonValue &v)
{
    // Prometheus sends sample values as strings: "0.99", "NaN", "+Inf", "-Inf".
    const QString s = v.toString();
    if (s == QLatin1String("NaN"))
        return std::nan("");
    if (s == QLatin1String("+Inf") || s == QLatin1String("Inf"))
        return HUGE_VAL;
    if (s == QLatin1String("-Inf"))
        return -HUGE_VAL;
    bool ok = false;
    const double d = s.toDouble(&ok);
    return ok ? std::optional<double>(d) : std::nullopt;
}

bool sample(const QJsonValue &v, std::pair<qint64, double> *out)
{
    const QJsonArray a = v.toArray();
    if (a.size() != 2 || !a[0].isDouble())
        return false;
    const auto value = number(a[1]);
    if (!value)
        return false;
    *out = {qint64(std::llround(a[0].toDouble() * 1000.0)), *value};
    return true;
}

QString stamp(const QDateTime &t)
{
    return QString::number(double(t.toMSecsSinceEpoch()) / 1000.0, 'f', 3);
}

} // namespace

std::optional<double> PromResult::scalar() const
{
    if (series.isEmpty() || series.first().samples.isEmpty())
        return std::nullopt;
    return series.first().samples.last().second;
}

struct PrometheusClient::Private
{
    Options options;
    std::unique_ptr<QNetworkAccessManager> nam;
};

PrometheusClient::PrometheusClient(Options options) : d(std::make_unique<Private>())
{
    d->options = std::move(options);
}

PrometheusClient::~PrometheusClient() = default;

PromResult PrometheusClient::query(const QString &promql, const QDateTime &at)
{
    QList<std::pair<QString, QString>> params{{QStringLiteral("query"), promql}};
    if (at.isValid())
        params.append({QStringLiteral("time"), stamp(at)});
    return get(QStringLiteral("/api/v1/query"), params);
}

PromResult PrometheusClient::queryRange(const QString &promql, const QDateTime &start, const QDateTime &end, int stepSeconds)
{
    return get(QStringLiteral("/api/v1/query_range"), {{QStringLiteral("query"), promql},
                                                       {QStringLiteral("start"), stamp(start)},
                                                       {QStringLiteral("end"), stamp(end)},
                                                       {QStringLiteral("step"), QString::number(std::max(1, stepSeconds))}});
}

PromResult PrometheusClient::get(const QString &path, const QList<std::pair<QString, QString>> &params)
{
    if (!d->nam)
        d->nam = std::make_unique<QNetworkAccessManager>();
    QUrl url = d->options.baseUrl;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + path);
    QUrlQuery q;
    for (const auto &[k, v] : params)
        q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    url.setQuery(q);
    QNetworkRequest request(url);
    request.setTransferTimeout(d->options.timeoutMs);
    QNetworkReply *reply = d->nam->get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, reply, &QNetworkReply::abort);
    guard.start(d->options.timeoutMs + 1000);
    if (!reply->isFinished())
        loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->read(d->options.maxResponseBytes + 1);
    PromResult r;
    if (reply->error() != QNetworkReply::NoError && status == 0) {
        r.error = QStringLiteral("Prometheus at %1 did not answer: %2").arg(d->options.baseUrl.toString(), reply->errorString());
    } else if (body.size() > d->options.maxResponseBytes) {
        r.error = QStringLiteral("Prometheus's answer is over %1 bytes").arg(d->options.maxResponseBytes);
    } else {
        r = parse(body, status);
    }
    reply->deleteLater();
    return r;
}

PromResult PrometheusClient::parse(const QByteArray &body, int httpStatus)
{
    PromResult r;
    QJsonParseError pe;
    const QJsonObject o = QJsonDocument::fromJson(body, &pe).object();
    if (pe.error != QJsonParseError::NoError || o.isEmpty()) {
        r.error = QStringLiteral("Prometheus answered HTTP %1 with a body that is not its JSON").arg(httpStatus);
        return r;
    }
    if (o.value(QStringLiteral("status")).toString() != QLatin1String("success")) {
        r.error = QStringLiteral("Prometheus: %1: %2 (HTTP %3)")
                      .arg(o.value(QStringLiteral("errorType")).toString(QStringLiteral("error")),
                           o.value(QStringLiteral("error")).toString().left(300))
                      .arg(httpStatus);
        return r;
    }
    const QJsonObject data = o.value(QStringLiteral("data")).toObject();
    r.resultType = data.value(QStringLiteral("resultType")).toString();
    const QJsonValue result = data.value(QStringLiteral("result"));
    if (r.resultType == QLatin1String("scalar") || r.resultType == QLatin1String("string")) {
        PromSeries s;
        std::pair<qint64, double> v;
        if (r.resultType == QLatin1String("scalar") && sample(result, &v))
            s.samples << v;
        r.series << s;
        r.ok = true;
        return r;
    }
    if (r.resultType != QLatin1String("vector") && r.resultType != QLatin1String("matrix")) {
        r.error = QStringLiteral("Prometheus answered an unknown result type \"%1\"").arg(r.resultType.left(40));
        return r;
    }
    for (const QJsonValue &item : result.toArray()) {
        const QJsonObject so = item.toObject();
        PromSeries s;
        const QJsonObject metric = so.value(QStringLiteral("metric")).toObject();
        for (auto it = metric.begin(); it != metric.end(); ++it)
            s.labels.insert(it.key(), it.value().toString());
        std::pair<qint64, double> v;
        if (r.resultType == QLatin1String("vector")) {
            if (!sample(so.value(QStringLiteral("value")), &v)) {
                r.error = QStringLiteral("Prometheus sent a sample that is not [time, \"value\"]");
                return r;
            }
            s.samples << v;
        } else {
            for (const QJsonValue &pv : so.value(QStringLiteral("values")).toArray()) {
                if (!sample(pv, &v)) {
                    r.error = QStringLiteral("Prometheus sent a sample that is not [time, \"value\"]");
                    return r;
                }
                s.samples << v;
            }
        }
        r.series << s;
    }
    r.ok = true;
    return r;
}

} // namespace enclii::canary
