// LIST with selectors and pagination, and WATCH with resume, bookmarks and 410 Expired.
#include "SimFixture.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace enclii::test;

namespace {

const QString kConfigMaps = QStringLiteral("/api/v1/namespaces/cfg/configmaps");

// Reads a watch stream: one JSON event per line.
class WatchReader
{
public:
    explicit WatchReader(const QString &url)
    {
        m_reply = m_nam.get(QNetworkRequest(QUrl(url)));
        QObject::connect(m_reply, &QNetworkReply::readyRead, [this] {
            m_buffer += m_reply->readAll();
            qsizetype nl;
            while ((nl = m_buffer.indexOf('\n')) >= 0) {
                events.append(QJsonDocument::fromJson(m_buffer.left(nl)).object());
                m_buffer.remove(0, nl + 1);
            }
        });
    }
    ~WatchReader() { m_reply->abort(); }

    bool waitFor(int count, int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (events.size() < count && t.elapsed() < timeoutMs)
            QTest::qWait(20);
        return events.size() >= count;
    }
    bool finished() const { return m_reply->isFinished(); }
    int status() const { return m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); }

    QList<QJsonObject> events;

private:
    QNetworkAccessManager m_nam;
    QNetworkReply *m_reply;
    QByteArray m_buffer;
};

QJsonObject configMap(const QString &name, const QJsonObject &labels = {})
{
    return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", QJsonObject{{"name", name}, {"labels", labels}}},
            {"data", QJsonObject{{"k", name}}}};
}

QStringList names(const QJsonObject &list)
{
    QStringList out;
    for (const QJsonValue &i : list.value("items").toArray())
        out << at(i.toObject(), "metadata.name").toString();
    return out;
}

QString eventSummary(const QJsonObject &e)
{
    return e.value("type").toString() + u' ' + at(e.value("object").toObject(), "metadata.name").toString();
}

} // namespace

class TestSimListWatch : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        enclii::kube::sim::SimOptions o = SimFixture::stoppedClock();
        o.watchHistory = 16;
        o.bookmarkIntervalMs = 100;
        m_sim = std::make_unique<SimFixture>(o);
        m_sim->createNamespace("cfg");
    }
    void cleanup() { m_sim.reset(); }

    void listPagesWithContinueTokens()
    {
        for (int i = 0; i < 7; ++i)
            QCOMPARE(m_sim->create(kConfigMaps, configMap(QStringLiteral("cm-%1").arg(i))).status, 201);
        QStringList seen;
        QString token;
        QList<int> pageSizes;
        QString listVersion;
        do {
            const HttpResult page = m_sim->get(kConfigMaps + "?limit=3" + (token.isEmpty() ? QString() : "&continue=" + token));
            QCOMPARE(page.status, 200);
            const QJsonObject o = page.json();
            QCOMPARE(o.value("kind").toString(), QStringLiteral("ConfigMapList"));
            if (listVersion.isEmpty())
                listVersion = at(o, "metadata.resourceVersion").toString();
            QCOMPARE(at(o, "metadata.resourceVersion").toString(), listVersion); // one snapshot version for all pages
            seen << names(o);
            pageSizes << int(o.value("items").toArray().size());
            token = at(o, "metadata.continue").toString();
            if (!token.isEmpty())
                QCOMPARE(at(o, "metadata.remainingItemCount").toInt(), 7 - int(seen.size()));
        } while (!token.isEmpty());
        QCOMPARE(pageSizes, (QList<int>{3, 3, 1}));
        QCOMPARE(seen, (QStringList{"cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6"}));

        const HttpResult bad = m_sim->get(kConfigMaps + "?limit=3&continue=not-a-token");
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json().value("kind").toString(), QStringLiteral("Status"));
    }

    void labelAndFieldSelectors()
    {
        m_sim->create(kConfigMaps, configMap("a", {{"tier", "web"}}));
        m_sim->create(kConfigMaps, configMap("b", {{"tier", "api"}, {"legacy", "yes"}}));
        m_sim->create(kConfigMaps, configMap("c", {{"tier", "api"}}));
        m_sim->create(kConfigMaps, configMap("d", {{"tier", "db"}}));
        QCOMPARE(names(m_sim->get(kConfigMaps + "?labelSelector=tier%20in%20(web,api),!legacy").json()), (QStringList{"a", "c"}));
        QCOMPARE(names(m_sim->get(kConfigMaps + "?labelSelector=tier!=api").json()), (QStringList{"a", "d"}));
        QCOMPARE(names(m_sim->get(kConfigMaps + "?labelSelector=legacy").json()), (QStringList{"b"}));
        QCOMPARE(names(m_sim->get(kConfigMaps + "?fieldSelector=metadata.name=c").json()), (QStringList{"c"}));
        QCOMPARE(names(m_sim->get("/api/v1/configmaps?fieldSelector=metadata.namespace=cfg,metadata.name!=a&labelSelector=tier").json()),
                 (QStringList{"b", "c", "d"}));
        QCOMPARE(m_sim->get(kConfigMaps + "?labelSelector=tier%20in%20(web").status, 400);
        QCOMPARE(m_sim->get(kConfigMaps + "?fieldSelector=spec.foo=1").status, 400);
    }

    void watchStreamsChangesAndResumes()
    {
        m_sim->create(kConfigMaps, configMap("first"));
        WatchReader from0(m_sim->base + kConfigMaps + "?watch=1");
        QVERIFY(from0.waitFor(1));
        QCOMPARE(eventSummary(from0.events[0]), QStringLiteral("ADDED first"));
        const QString rv = at(from0.events[0].value("object").toObject(), "metadata.resourceVersion").toString();

        m_sim->create(kConfigMaps, configMap("second"));
        QJsonObject patch{{"data", QJsonObject{{"k", "changed"}}}};
        QCOMPARE(m_sim->send("PATCH", kConfigMaps + "/first", patch, "application/merge-patch+json").status, 200);
        QCOMPARE(m_sim->send("DELETE", kConfigMaps + "/second", {}).status, 200);
        QVERIFY(from0.waitFor(4));
        QStringList got;
        for (const QJsonObject &e : from0.events)
            got << eventSummary(e);
        QCOMPARE(got, (QStringList{"ADDED first", "ADDED second", "MODIFIED first", "DELETED second"}));
        QCOMPARE(from0.status(), 200);

        // Resuming from the first object's version replays exactly what came after it.
        WatchReader resumed(m_sim->base + kConfigMaps + "?watch=true&resourceVersion=" + rv);
        QVERIFY(resumed.waitFor(3));
        QStringList replay;
        for (const QJsonObject &e : resumed.events)
            replay << eventSummary(e);
        QCOMPARE(replay, (QStringList{"ADDED second", "MODIFIED first", "DELETED second"}));
        QTest::qWait(100);
        QCOMPARE(resumed.events.size(), 3);
    }

    void watchFromACompactedVersionIsExpired()
    {
        const HttpResult first = m_sim->create(kConfigMaps, configMap("old"));
        const QString rv = at(first.json(), "metadata.resourceVersion").toString();
        for (int i = 0; i < 40; ++i) // more changes than the history keeps (16)
            m_sim->create(kConfigMaps, configMap(QStringLiteral("n-%1").arg(i)));
        WatchReader w(m_sim->base + kConfigMaps + "?watch=1&resourceVersion=" + rv);
        QVERIFY(w.waitFor(1));
        const QJsonObject e = w.events.first();
        QCOMPARE(e.value("type").toString(), QStringLiteral("ERROR"));
        QCOMPARE(at(e, "object.code").toInt(), 410);
        QCOMPARE(at(e, "object.reason").toString(), QStringLiteral("Expired"));
        QVERIFY(at(e, "object.message").toString().startsWith("too old resource version: " + rv));
        QTRY_VERIFY(w.finished());

        // A continue token from before the compaction is expired too.
        const HttpResult page = m_sim->get(kConfigMaps + "?limit=2");
        const QString token = at(page.json(), "metadata.continue").toString();
        for (int i = 0; i < 20; ++i)
            m_sim->create(kConfigMaps, configMap(QStringLiteral("m-%1").arg(i)));
        const HttpResult expired = m_sim->get(kConfigMaps + "?limit=2&continue=" + token);
        QCOMPARE(expired.status, 410);
        QCOMPARE(expired.json().value("reason").toString(), QStringLiteral("Expired"));
    }

    void watchWithSelectorsAndBookmarks()
    {
        WatchReader w(m_sim->base + kConfigMaps + "?watch=1&labelSelector=app%3Dweb&allowWatchBookmarks=true");
        QVERIFY(w.waitFor(1)); // a BOOKMARK: the stream is open
        QCOMPARE(w.events.first().value("type").toString(), QStringLiteral("BOOKMARK"));
        QVERIFY(at(w.events.first(), "object.metadata.resourceVersion").toString().toLongLong() > 0);
        m_sim->create(kConfigMaps, configMap("x", {{"app", "web"}}));
        m_sim->create(kConfigMaps, configMap("y", {{"app", "db"}}));
        // x stops matching: for this watch it is gone.
        QCOMPARE(m_sim->send("PATCH", kConfigMaps + "/x", {{"metadata", QJsonObject{{"labels", QJsonObject{{"app", "other"}}}}}},
                             "application/merge-patch+json").status, 200);
        const auto changes = [&w] {
            QStringList out;
            for (const QJsonObject &e : w.events)
                if (e.value("type") != QLatin1String("BOOKMARK"))
                    out << eventSummary(e);
            return out;
        };
        QTRY_COMPARE(changes(), (QStringList{"ADDED x", "DELETED x"}));
    }

    void watchEndsAfterItsTimeout()
    {
        WatchReader w(m_sim->base + kConfigMaps + "?watch=1&timeoutSeconds=1");
        QTRY_VERIFY_WITH_TIMEOUT(w.finished(), 5000);
        QCOMPARE(w.status(), 200);
    }

private:
    std::unique_ptr<SimFixture> m_sim;
};

QTEST_GUILESS_MAIN(TestSimListWatch)
#include "tst_simlistwatch.moc"
