#pragma once

// A simulated cluster on a loopback port with its clock stopped, and short helpers to speak
// the Kubernetes REST API to it over HTTP, as a client would.

#include "HttpClient.h"

#include "kube/sim/ObjectStore.h"
#include "kube/sim/SimClock.h"
#include "kube/sim/SimCluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace enclii::test {

class SimFixture
{
public:
    explicit SimFixture(kube::sim::SimOptions options = stoppedClock())
        : cluster(options)
    {
        port = cluster.listen();
        base = cluster.url().toString();
    }

    static kube::sim::SimOptions stoppedClock()
    {
        kube::sim::SimOptions o;
        o.timeFactor = 0;
        return o;
    }

    HttpResult get(const QString &path) { return httpRequest(base + path); }
    HttpResult send(const QByteArray &method, const QString &path, const QJsonObject &body,
                    const QByteArray &contentType = "application/json")
    {
        return httpRequest(base + path, method, QJsonDocument(body).toJson(QJsonDocument::Compact), contentType);
    }
    HttpResult apply(const QString &path, const QByteArray &yamlOrJson, const QString &manager, bool force = false)
    {
        return httpRequest(base + path + QStringLiteral("?fieldManager=") + manager + (force ? QStringLiteral("&force=true") : QString()),
                           "PATCH", yamlOrJson, "application/apply-patch+yaml");
    }
    HttpResult create(const QString &collection, const QJsonObject &body) { return send("POST", collection, body); }

    void createNamespace(const QString &name)
    {
        const HttpResult r = create(QStringLiteral("/api/v1/namespaces"),
                                    {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", QJsonObject{{"name", name}}}});
        QVERIFY2(r.status == 201, r.body.constData());
    }

    // Runs the simulation through `seconds` of simulated time.
    void advance(int seconds) { cluster.advance(std::chrono::seconds(seconds)); }

    kube::sim::SimCluster cluster;
    quint16 port = 0;
    QString base;
};

inline QJsonObject deployment(const QString &name, int replicas, const QString &cpu = QStringLiteral("250m"), int readyDelay = 0,
                              const QString &image = QStringLiteral("registry.local/app:1"))
{
    QJsonObject container{{"name", "app"},
                          {"image", image},
                          {"ports", QJsonArray{QJsonObject{{"containerPort", 8080}}}},
                          {"resources", QJsonObject{{"requests", QJsonObject{{"cpu", cpu}, {"memory", "256Mi"}}},
                                                    {"limits", QJsonObject{{"cpu", cpu}, {"memory", "256Mi"}}}}}};
    if (readyDelay > 0)
        container.insert("readinessProbe", QJsonObject{{"httpGet", QJsonObject{{"path", "/healthz"}, {"port", 8080}}},
                                                       {"initialDelaySeconds", readyDelay}});
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", QJsonObject{{"name", name}}},
            {"spec", QJsonObject{{"replicas", replicas},
                                 {"selector", QJsonObject{{"matchLabels", QJsonObject{{"app", name}}}}},
                                 {"template", QJsonObject{{"metadata", QJsonObject{{"labels", QJsonObject{{"app", name}}}}},
                                                          {"spec", QJsonObject{{"containers", QJsonArray{container}}}}}}}}};
}

inline QJsonValue at(const QJsonObject &o, const QString &dotted)
{
    QJsonValue v = o;
    for (const QString &p : dotted.split(u'.'))
        v = v.toObject().value(p);
    return v;
}

inline QList<QJsonObject> items(const HttpResult &r)
{
    QList<QJsonObject> out;
    for (const QJsonValue &v : r.json().value("items").toArray())
        out << v.toObject();
    return out;
}

inline QJsonObject condition(const QJsonObject &o, const QString &type)
{
    for (const QJsonValue &c : at(o, "status.conditions").toArray())
        if (c.toObject().value("type") == type)
            return c.toObject();
    return {};
}

} // namespace enclii::test
