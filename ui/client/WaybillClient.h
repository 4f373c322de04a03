#pragma once

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class QNetworkReply;

namespace enclii::ui {

class ApiClient;

// Waybill for the console's finance screen, over encliid's REST API (billing.read):
//   the lists:   GET /v1/waybill/budgets, /v1/waybill/invoices, /v1/waybill/platform-cost, and
//                /v1/waybill/rollups?granularity=month over the last year for the projects
//   the project: GET /v1/waybill/projects/{p}/usage, /projects/{p}/preview and its daily
//                rollups (/v1/waybill/rollups?granularity=day&project=p) since the earlier of
//                the month's start and `dailyDays` ago
//   an invoice:  GET /v1/waybill/invoices/{id}
// Waybill has no events: everything is fetched again every refreshInterval (a minute), so the
// month to date and the platform cost stay live. Answers come as JSON objects with the key
// they are for (the project, the invoice id); progress says how much of a round is done.
class WaybillClient : public QObject
{
    Q_OBJECT

public:
    enum class Resource { Projects, Budgets, Invoices, PlatformCost, Usage, Preview, Daily, Invoice, Count };
    Q_ENUM(Resource)

    explicit WaybillClient(ApiClient *client, QObject *parent = nullptr);
    ~WaybillClient() override;

    ApiClient *apiClient() const { return m_client; }
    bool isActive() const { return m_active; }
    QString project() const { return m_project; }
    QString invoiceId() const { return m_invoice; }
    int inFlight() const;

    // Whether the person may read Waybill at all (billing.read); without it nothing is asked,
    // rather than a 403 a minute.
    void setAllowed(bool allowed);
    void setRefreshInterval(std::chrono::milliseconds interval);
    void setDailyDays(int days);

    static QString projectPath(const QString &project, QLatin1String suffix);
    // The start of the daily chart for `now`: the earlier of the UTC month's first day and
    // `days` - 1 days before today, at 00:00 UTC.
    static QDateTime dailyFrom(const QDateTime &now, int days);

public slots:
    // Everything on screen, again.
    void refresh();
    // The project whose usage, preview and daily rollups are shown; empty: none.
    void setProject(const QString &project);
    // The invoice whose lines are shown; empty: none.
    void showInvoice(const QString &id);

signals:
    void received(enclii::ui::WaybillClient::Resource resource, const QString &key, const QJsonObject &body);
    // httpStatus 0: no HTTP answer at all.
    void failed(enclii::ui::WaybillClient::Resource resource, const QString &key, int httpStatus, const QString &message);
    // `done` of `total` requests of the current round have answered; done == total: idle.
    void progress(int done, int total);

private:
    void updateActivity();
    void fetch(Resource what);
    void onFinished(Resource what, QNetworkReply *reply, const QString &key);
    QString keyFor(Resource what) const;
    void countDone();
    void abortAll();

    ApiClient *m_client; // not owned
    QTimer m_refresh;
    QPointer<QNetworkReply> m_replies[int(Resource::Count)];
    bool m_active = false;
    bool m_allowed = true;
    QString m_project;
    QString m_invoice;
    int m_dailyDays = 30;
    int m_roundTotal = 0;
    int m_roundDone = 0;
};

} // namespace enclii::ui
