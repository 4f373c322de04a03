#pragma once

#include "Selectors.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace enclii::kube::sim {

struct ResourceType;
struct ApiError;

// A request as the simulated API server sees it, whether it came over HTTP or in-process.
struct ApiRequest
{
    QByteArray method;
    QString path; // decoded
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;

    QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
    QString param(const QString &name) const { return query.queryItemValue(name, QUrl::FullyDecoded); }
    std::optional<QuerySelectors> selectors(const QString &kind, QString *error) const
    {
        return QuerySelectors::parse(param(QStringLiteral("labelSelector")), param(QStringLiteral("fieldSelector")), kind, error);
    }
    bool flag(const QString &name) const
    {
        const QString v = param(name);
        return v == QLatin1String("1") || v == QLatin1String("true");
    }
};

// A watch the HTTP front end is to stream: which objects, from where.
struct WatchSpec
{
    const ResourceType *type = nullptr;
    QString ns;
    QuerySelectors selectors;
    std::optional<qint64> fromVersion; // none: start with the current objects as ADDED
    bool bookmarks = false;
    bool initialEventsEnd = false; // sendInitialEvents: a BOOKMARK marks the end of the initial list
    int timeoutSeconds = 0;        // 0: the server's default
};

struct ApiResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    std::optional<WatchSpec> watch;

    static ApiResponse json(const QJsonObject &o, int status = 200);
    static ApiResponse error(const ApiError &e);
    static ApiResponse text(const QByteArray &body, const QByteArray &contentType, int status = 200);
};

} // namespace enclii::kube::sim
