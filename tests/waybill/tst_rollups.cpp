// Rollups against a real PostgreSQL: hourly, daily and monthly rows from usage events, UTC month
// boundaries, idempotent recomputation, late events, check mode, the single active aggregator
// and its failover, and kill -9 in the middle of a pass.
#include "WaybillFixture.h"

#include "waybill/Metering.h"
#include "waybill/RollupAggregator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace enclii;
using namespace enclii::test;
using namespace enclii::waybill;

namespace {

const QString kJanua = QStringLiteral("janua");
const QString kApi = QStringLiteral("janua-api");
const QString kWeb = QStringLiteral("janua-web");

// The scenario's clock: the morning after a leap day, so the data crosses a UTC month boundary.
const char *const kNow = "2024-03-01T06:30:00.000Z";

RollupAggregator::Options at(const char *now)
{
    RollupAggregator::Options o;
    const QDateTime t = utc(now);
    o.clock = [t] { return t; };
    return o;
}

// "granularity|window|resource|metric|quantity" per stored row of a project, in order.
QStringList rows(TestPostgres &pg, const QString &granularity, const QString &project = kJanua)
{
    const QString out = pg.query(QStringLiteral(
        "SELECT to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24') || '|' || resource || '|' || metric || '|' || "
        "trim_scale(quantity)::text FROM usage_rollups WHERE granularity = '%1' AND project = '%2' "
        "ORDER BY window_start, resource, metric").arg(granularity, project));
    return out.isEmpty() ? QStringList() : out.split(u'\n');
}

QString value(TestPostgres &pg, const QString &sql)
{
    return pg.query(sql).trimmed();
}

} // namespace

class TestRollups : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_db = std::make_unique<WaybillDb>(QStringLiteral("rollups"), utc(kNow));
        QVERIFY2(m_db->isValid(), qPrintable(m_db->why()));
        using UT = UsageType;
        QVERIFY(m_db->add({
            // 2 replicas x max(0.5 vCPU, 1 GB) = 2 GB per minute, from 22:10:30 on the leap day.
            deployStarted(QStringLiteral("api-start"), "2024-02-29T22:10:30.000Z", kJanua, kApi, "2", "0.5", "1"),
            usage(UT::DeploymentScaled, QStringLiteral("api-scale"), "2024-03-01T01:00:00.000Z", kJanua, kApi,
                  {{quantity::Replicas, dec("3")}}),
            usage(UT::DeploymentStopped, QStringLiteral("api-stop"), "2024-03-01T03:30:00.000Z", kJanua, kApi),
            usage(UT::BuildCompleted, QStringLiteral("api-build"), "2024-03-01T00:15:00.000Z", kJanua, kApi,
                  {{quantity::Minutes, dec("2.5")}}),
            usage(UT::BandwidthUsage, QStringLiteral("api-bw"), "2024-02-29T23:59:59.999Z", kJanua, kApi, {{quantity::Gb, dec("1.25")}}),
        }));
    }

    void hoursDaysAndMonthsOnUtcBoundaries()
    {
        RollupAggregator aggregator(m_db->pg.connectionString(), at(kNow));
        const auto report = aggregator.runOnce();
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QVERIFY(report.leader);
        // Closed hours up to 06:00 (06:00-07:00 is still running).
        QCOMPARE(report.hourlyThrough, utc("2024-03-01T06:00:00.000Z"));
        QCOMPARE(report.hoursMetered, 8); // 22:00 on the 29th to 05:00 on the 1st
        QCOMPARE(rows(m_db->pg, QStringLiteral("hour")),
                 (QStringList{
                     // 22:11 .. 22:59: minutes whose first instant is inside the run.
                     QStringLiteral("2024-02-29T22|janua-api|compute.gb_minutes|98"),
                     QStringLiteral("2024-02-29T23|janua-api|bandwidth.gb|1.25"),
                     QStringLiteral("2024-02-29T23|janua-api|compute.gb_minutes|120"),
                     QStringLiteral("2024-03-01T00|janua-api|build.minutes|3"),
                     QStringLiteral("2024-03-01T00|janua-api|compute.gb_minutes|120"),
                     QStringLiteral("2024-03-01T01|janua-api|compute.gb_minutes|180"),
                     QStringLiteral("2024-03-01T02|janua-api|compute.gb_minutes|180"),
                     QStringLiteral("2024-03-01T03|janua-api|compute.gb_minutes|90"),
                 }));
        QCOMPARE(rows(m_db->pg, QStringLiteral("day")),
                 (QStringList{
                     QStringLiteral("2024-02-29T00|janua-api|bandwidth.gb|1.25"),
                     QStringLiteral("2024-02-29T00|janua-api|compute.gb_minutes|218"),
                     QStringLiteral("2024-03-01T00|janua-api|build.minutes|3"),
                     QStringLiteral("2024-03-01T00|janua-api|compute.gb_minutes|570"),
                 }));
        QCOMPARE(rows(m_db->pg, QStringLiteral("month")),
                 (QStringList{
                     QStringLiteral("2024-02-01T00|janua-api|bandwidth.gb|1.25"),
                     QStringLiteral("2024-02-01T00|janua-api|compute.gb_minutes|218"),
                     QStringLiteral("2024-03-01T00|janua-api|build.minutes|3"),
                     QStringLiteral("2024-03-01T00|janua-api|compute.gb_minutes|570"),
                 }));
        // Nothing left to do: a second pass meters nothing.
        const auto again = aggregator.runOnce();
        QCOMPARE(again.hoursMetered, 0);
        QCOMPARE(again.chunks, 0);
    }

    void recomputingGivesTheSameRowsUntouched()
    {
        const QString sql = QStringLiteral("SELECT granularity, window_start, project, resource, metric, quantity, computed_at "
                                           "FROM usage_rollups ORDER BY 1, 2, 3, 4, 5");
        const QString before = m_db->pg.query(sql);
        QVERIFY(!before.isEmpty());
        // Forget how far the rollups reach: every hour is metered again.
        m_db->pg.query(QStringLiteral("UPDATE usage_rollup_state SET hourly_through = NULL"));
        RollupAggregator aggregator(m_db->pg.connectionString(), at(kNow));
        const auto report = aggregator.runOnce();
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.hoursMetered, 8);
        // The same rows, not even rewritten (computed_at is unchanged).
        QCOMPARE(m_db->pg.query(sql), before);
    }

    void lateEventsReopenTheirWindows()
    {
        using UT = UsageType;
        // Late: bandwidth in a rolled-up hour, and a deployment that started before midnight.
        QVERIFY(m_db->add({
            usage(UT::BandwidthUsage, QStringLiteral("api-bw-late"), "2024-03-01T01:20:00.000Z", kJanua, kApi, {{quantity::Gb, dec("0.5")}}),
            deployStarted(QStringLiteral("web-start"), "2024-02-29T23:30:00.000Z", kJanua, kWeb, "1", "0.25", "0.5"),
        }));
        QVERIFY(value(m_db->pg, QStringLiteral("SELECT count(*) FROM usage_dirty")).toInt() > 0);
        RollupAggregator aggregator(m_db->pg.connectionString(), at(kNow));
        auto report = aggregator.runOnce();
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QVERIFY(report.marksCleared >= 2);
        QCOMPARE(value(m_db->pg, QStringLiteral("SELECT count(*) FROM usage_dirty")), QStringLiteral("0"));
        // janua-web: 0.5 GB per minute from 23:30 through every rolled-up hour.
        QStringList web;
        for (const QString &r : rows(m_db->pg, QStringLiteral("hour")))
            if (r.contains(kWeb))
                web << r;
        QCOMPARE(web, (QStringList{
                          QStringLiteral("2024-02-29T23|janua-web|compute.gb_minutes|15"),
                          QStringLiteral("2024-03-01T00|janua-web|compute.gb_minutes|30"),
                          QStringLiteral("2024-03-01T01|janua-web|compute.gb_minutes|30"),
                          QStringLiteral("2024-03-01T02|janua-web|compute.gb_minutes|30"),
                          QStringLiteral("2024-03-01T03|janua-web|compute.gb_minutes|30"),
                          QStringLiteral("2024-03-01T04|janua-web|compute.gb_minutes|30"),
                          QStringLiteral("2024-03-01T05|janua-web|compute.gb_minutes|30"),
                      }));
        QVERIFY(rows(m_db->pg, QStringLiteral("hour")).contains(QStringLiteral("2024-03-01T01|janua-api|bandwidth.gb|0.5")));
        QVERIFY(rows(m_db->pg, QStringLiteral("month")).contains(QStringLiteral("2024-02-01T00|janua-web|compute.gb_minutes|15")));
        QVERIFY(rows(m_db->pg, QStringLiteral("month")).contains(QStringLiteral("2024-03-01T00|janua-web|compute.gb_minutes|180")));

        // A late stop at 04:00 closes the interval: 04:00 and 05:00 lose their rows, the day and month follow.
        QVERIFY(m_db->add({usage(UT::DeploymentStopped, QStringLiteral("web-stop"), "2024-03-01T04:00:00.000Z", kJanua, kWeb)}));
        report = aggregator.runOnce();
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(value(m_db->pg, QStringLiteral("SELECT count(*) FROM usage_rollups WHERE granularity = 'hour' AND resource = 'janua-web' "
                                                "AND window_start >= '2024-03-01T04:00:00Z'")),
                 QStringLiteral("0"));
        QVERIFY(rows(m_db->pg, QStringLiteral("day")).contains(QStringLiteral("2024-03-01T00|janua-web|compute.gb_minutes|120")));
        QVERIFY(rows(m_db->pg, QStringLiteral("month")).contains(QStringLiteral("2024-03-01T00|janua-web|compute.gb_minutes|120")));
        QString error;
        QVERIFY2(aggregator.check(utc("2024-02-01T00:00:00.000Z"), utc(kNow), &error).isEmpty(), qPrintable(error));
    }

    void checkModeReportsWhatIsWrong()
    {
        RollupAggregator aggregator(m_db->pg.connectionString(), at(kNow));
        const QDateTime from = utc("2024-02-29T00:00:00.000Z");
        QString error;
        QVERIFY(aggregator.check(from, utc(kNow), &error).isEmpty());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_db->pg.query(QStringLiteral("UPDATE usage_rollups SET quantity = 181 WHERE granularity = 'hour' AND resource = 'janua-api' "
                                      "AND metric = 'compute.gb_minutes' AND window_start = '2024-03-01T02:00:00Z'"));
        m_db->pg.query(QStringLiteral("DELETE FROM usage_rollups WHERE granularity = 'hour' AND metric = 'build.minutes'"));
        const auto differences = aggregator.check(from, utc(kNow), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList text;
        for (const auto &d : differences)
            text << d.toString();
        const QString all = text.join(u'\n');
        QVERIFY2(all.contains(QStringLiteral("hour 2024-03-01T02:00:00.000Z janua/janua-api compute.gb_minutes: stored 181, expected 180")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("hour 2024-03-01T00:00:00.000Z janua/janua-api build.minutes: stored (no row), expected 3")),
                 qPrintable(all));
        // The day rows no longer add up to what is stored below them.
        QVERIFY2(all.contains(QStringLiteral("day 2024-03-01T00:00:00.000Z janua/janua-api compute.gb_minutes: stored 570, expected 571")),
                 qPrintable(all));
        // A pass over every hour repairs it.
        m_db->pg.query(QStringLiteral("UPDATE usage_rollup_state SET hourly_through = NULL"));
        QVERIFY(aggregator.runOnce().error.isEmpty());
        QVERIFY(aggregator.check(from, utc(kNow), &error).isEmpty());
    }

    void oneActiveAggregatorAndFailover()
    {
        RollupAggregator a(m_db->pg.connectionString(), at(kNow));
        RollupAggregator b(m_db->pg.connectionString(), at(kNow));
        QVERIFY(a.tryLead());
        QString error;
        QVERIFY(!b.tryLead(&error));
        QVERIFY2(error.isEmpty(), qPrintable(error)); // not a failure: someone else leads
        QVERIFY(!b.runOnce().leader);
        QVERIFY(a.runOnce().leader);
        a.resign();
        QVERIFY(b.tryLead());
        QVERIFY(!a.tryLead());
        QVERIFY(b.runOnce().leader);
    }

    // A child process leads and is killed with SIGKILL in the middle of its pass, inside a
    // chunk's transaction; this process takes over and ends with exactly the totals of meter()
    // over the whole history.
    void killedMidPassThenTheSameTotals()
    {
        const QDateTime now = utc("2024-05-03T12:10:00.000Z");
        WaybillDb db(QStringLiteral("rollupkill"), now);
        QVERIFY2(db.isValid(), qPrintable(db.why()));
        QList<UsageEvent> events;
        for (int s = 0; s < 4; ++s) {
            const QString svc = QStringLiteral("svc-%1").arg(s);
            events << deployStarted(svc + QStringLiteral("-start"), "2024-05-01T12:17:13.000Z", QStringLiteral("forgesight"), svc,
                                    QByteArray::number(s + 1).constData(), "0.5", "0.75");
        }
        const qint64 base = utc("2024-05-01T12:20:00.000Z").toMSecsSinceEpoch();
        for (int i = 0; i < 600; ++i) {
            const auto ts = QDateTime::fromMSecsSinceEpoch(base + qint64(i) * 277'003, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
            const QString svc = QStringLiteral("svc-%1").arg(i % 4);
            if (i % 50 == 7)
                events << usage(UsageType::DeploymentScaled, QStringLiteral("scale-%1").arg(i), ts.constData(), QStringLiteral("forgesight"),
                                svc, {{quantity::Replicas, Decimal::fromInt(1 + i % 3)}});
            else
                events << usage(UsageType::BandwidthUsage, QStringLiteral("bw-%1").arg(i), ts.constData(), QStringLiteral("forgesight"), svc,
                                {{quantity::Gb, *Decimal::parse(QStringLiteral("0.%1").arg(i % 997, 3, 10, QLatin1Char('0')))}});
        }
        QVERIFY(db.add(events));

        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ROLLUP_CHILD_DB"), db.pg.connectionString());
        env.insert(QStringLiteral("ROLLUP_CHILD_NOW"), now.toString(Qt::ISODateWithMs));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForReadyRead(30000));
        QCOMPARE(child.readLine().trimmed(), QByteArray("leading"));
        // Wait for a few committed chunks, then kill it while it sits inside the next one.
        QElapsedTimer waited;
        waited.start();
        while (value(db.pg, QStringLiteral("SELECT coalesce(extract(epoch FROM hourly_through)::bigint, 0) FROM usage_rollup_state")).toLongLong()
                   < utc("2024-05-01T16:00:00.000Z").toSecsSinceEpoch() && waited.elapsed() < 60000)
            QThread::msleep(20);
        QThread::msleep(100);
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(10000));
        const QDateTime reached = QDateTime::fromSecsSinceEpoch(
            value(db.pg, QStringLiteral("SELECT extract(epoch FROM hourly_through)::bigint FROM usage_rollup_state")).toLongLong(), Qt::UTC);
        QVERIFY2(reached < utc("2024-05-03T12:00:00.000Z"), qPrintable(reached.toString(Qt::ISODate)));

        // The lock went with the killed session; this process takes over.
        RollupAggregator::Options o;
        o.clock = [now] { return now; };
        RollupAggregator aggregator(db.pg.connectionString(), o);
        QElapsedTimer t;
        t.start();
        while (!aggregator.tryLead() && t.elapsed() < 10000)
            QThread::msleep(50);
        QVERIFY(aggregator.isLeader());
        const auto report = aggregator.runOnce();
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.hourlyThrough, utc("2024-05-03T12:00:00.000Z"));
        QString error;
        const auto differences = aggregator.check(utc("2024-05-01T00:00:00.000Z"), now, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(differences.isEmpty(), qPrintable(differences.value(0).toString()));

        // The month's rows are meter() over the whole history, to the nanounit.
        const MeterResult direct = meter(events, utc("2024-05-01T00:00:00.000Z"), utc("2024-05-03T12:00:00.000Z"));
        QVERIFY(direct.problems.isEmpty());
        for (const QString &metric : {metric::ComputeGbMinutes, metric::BandwidthGb}) {
            const QString stored = value(db.pg, QStringLiteral("SELECT trim_scale(sum(quantity))::text FROM usage_rollups "
                                                               "WHERE granularity = 'month' AND metric = '%1'").arg(metric));
            QCOMPARE(stored, direct.quantity(QStringLiteral("forgesight"), metric).toString());
        }
    }

private:
    std::unique_ptr<WaybillDb> m_db;
};

// The child of killedMidPassThenTheSameTotals(): leads, then rolls up an hour per transaction,
// pausing inside each one so that the parent's SIGKILL lands mid-transaction.
static int runChild()
{
    RollupAggregator::Options o;
    const QDateTime now = QDateTime::fromString(qEnvironmentVariable("ROLLUP_CHILD_NOW"), Qt::ISODateWithMs);
    o.clock = [now] { return now; };
    o.hoursPerChunk = 1;
    o.beforeCommit = [] { QThread::msleep(100); };
    RollupAggregator aggregator(qEnvironmentVariable("ROLLUP_CHILD_DB"), o);
    if (!aggregator.tryLead())
        return 3;
    std::printf("leading\n");
    std::fflush(stdout);
    aggregator.runOnce();
    QThread::sleep(60); // never reached in the test: it is killed first
    return 0;
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("ROLLUP_CHILD_DB"))
        return runChild();
    QCoreApplication app(argc, argv);
    TestRollups test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_rollups.moc"
