#include "waybill/Metering.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace enclii::waybill;

namespace {

const QString kProject = QStringLiteral("janua");

QDateTime at(const char *iso)
{
    const QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
    if (!t.isValid() || t.timeSpec() != Qt::UTC)
        qFatal("test time %s is not a UTC ISO time", iso);
    return t;
}

Decimal d(const char *text)
{
    return *Decimal::parse(QString::fromLatin1(text));
}

// One event; keys are numbered in creation order unless given.
UsageEvent ev(UsageType type, const char *time, const char *resource,
              std::initializer_list<std::pair<QString, const char *>> quantities = {}, const QString &key = {},
              const QString &project = kProject)
{
    static int counter = 0;
    UsageEvent e;
    e.type = type;
    e.project = project;
    e.resource = QString::fromLatin1(resource);
    e.timestamp = at(time);
    e.idempotencyKey = key.isEmpty() ? QStringLiteral("e%1").arg(++counter, 6, 10, QChar(u'0')) : key;
    for (const auto &[name, value] : quantities)
        e.quantities.insert(name, d(value));
    return e;
}

UsageEvent started(const char *time, const char *resource, const char *replicas, const char *vcpu, const char *memoryGb)
{
    using namespace quantity;
    return ev(UsageType::DeploymentStarted, time, resource, {{Replicas, replicas}, {Vcpu, vcpu}, {MemoryGb, memoryGb}});
}

UsageEvent stopped(const char *time, const char *resource)
{
    return ev(UsageType::DeploymentStopped, time, resource);
}

MeterResult run(const QList<UsageEvent> &events, const char *from, const char *to)
{
    return meter(events, at(from), at(to));
}

// Readable, so a failed comparison shows what differs.
QString dump(const MeterResult &r, bool sortProblems = false)
{
    QStringList lines;
    for (auto p = r.usage.cbegin(); p != r.usage.cend(); ++p) {
        for (auto m = p->cbegin(); m != p->cend(); ++m)
            lines << QStringLiteral("%1 %2 = %3").arg(p.key(), m.key(), m->toString());
    }
    QStringList problems;
    for (const MeterProblem &problem : r.problems)
        problems << QStringLiteral("problem %1: %2").arg(problem.idempotencyKey, problem.message);
    if (sortProblems)
        problems.sort();
    return (lines + problems).join(u'\n');
}

void accumulate(MeterResult &total, const MeterResult &part)
{
    for (auto p = part.usage.cbegin(); p != part.usage.cend(); ++p) {
        for (auto m = p->cbegin(); m != p->cend(); ++m)
            total.usage[p.key()][m.key()] += *m;
    }
    total.problems += part.problems;
}

// A random, messy history: every type, several projects and resources, times on and off the
// minute, hour and day grids, exact and conflicting duplicates, and a few invalid events.
QList<UsageEvent> randomEvents(quint32 seed, const QDateTime &from, const QDateTime &to, int count)
{
    using namespace quantity;
    QRandomGenerator rng(seed);
    const QStringList projects = {QStringLiteral("janua"), QStringLiteral("enclii"), QStringLiteral("forge")};
    const QStringList resources = {QStringLiteral("api"), QStringLiteral("web"), QStringLiteral("worker")};
    const qint64 start = from.toMSecsSinceEpoch();
    const qint64 span = to.toMSecsSinceEpoch() - start;
    const auto size = [&](quint32 maxUnits) { return Decimal::fromNanos(__int128(rng.bounded(quint64(maxUnits) * 1000000000u))); };
    QList<UsageEvent> events;
    for (int i = 0; i < count; ++i) {
        const int roll = int(rng.bounded(100));
        if (roll < 8 && !events.isEmpty()) { // an exact duplicate, as a retried POST sends it
            events.append(events.at(int(rng.bounded(qsizetype(events.size())))));
            continue;
        }
        UsageEvent e;
        e.type = UsageType(rng.bounded(11));
        e.project = projects.at(int(rng.bounded(3)));
        e.resource = resources.at(int(rng.bounded(3)));
        qint64 t = start + qint64(rng.bounded(quint64(span)));
        switch (rng.bounded(6)) {
        case 0: t -= t % (3600 * 1000); break;      // on the hour
        case 1: t -= t % (86400 * 1000); break;     // at midnight UTC
        case 2: t -= t % (60 * 1000); break;        // on the minute
        default: break;                             // anywhere, to the millisecond
        }
        e.timestamp = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC);
        e.idempotencyKey = QStringLiteral("r%1-%2").arg(seed).arg(i);
        switch (e.type) {
        case UsageType::DeploymentStarted:
            e.quantities = {{Replicas, Decimal::fromInt(rng.bounded(6))}, {Vcpu, size(4)}, {MemoryGb, size(8)}};
            break;
        case UsageType::DeploymentScaled:
            e.quantities.insert(Replicas, Decimal::fromInt(rng.bounded(6)));
            if (rng.bounded(2))
                e.quantities.insert(MemoryGb, size(8));
            break;
        case UsageType::BuildCompleted:
        case UsageType::BuildFailed:
            e.quantities.insert(Minutes, size(30));
            break;
        case UsageType::VolumeCreated:
        case UsageType::VolumeResized:
        case UsageType::BandwidthUsage:
            e.quantities.insert(Gb, size(100));
            break;
        default:
            break;
        }
        if (roll >= 8 && roll < 10) // refused: a negative quantity
            e.quantities.insert(Gb, d("-1"));
        events.append(e);
        if (roll >= 10 && roll < 12) { // the same key again with another body
            UsageEvent other = e;
            other.timestamp = other.timestamp.addSecs(qint64(rng.bounded(7200u)) - 3600);
            events.append(other);
        }
    }
    return events;
}

// Meters [from, to) in consecutive windows of `step` and checks the sum equals one window.
void checkPartition(const QList<UsageEvent> &events, const QDateTime &from, const QDateTime &to,
                    const std::function<QDateTime(const QDateTime &)> &next)
{
    const MeterResult whole = meter(events, from, to);
    MeterResult sum;
    int windows = 0;
    for (QDateTime w = from; w < to; ++windows) {
        const QDateTime end = std::min(next(w), to);
        accumulate(sum, meter(events, w, end));
        w = end;
    }
    QVERIFY(windows > 1);
    QVERIFY(!whole.usage.isEmpty());
    QCOMPARE(dump(sum, true), dump(whole, true));
}

} // namespace

class TestMetering : public QObject
{
    Q_OBJECT
private slots:
    // 3 replicas of 0.25 vCPU / 0.5 GB for 90 minutes = 3 x max(0.25, 0.5) x 90
    // = 135 GB-minutes = 2.25 GB-hours.
    void workedExampleCompute()
    {
        const MeterResult r = run({started("2024-03-01T10:00:00.000Z", "api", "3", "0.25", "0.5"),
                                   stopped("2024-03-01T11:30:00.000Z", "api")},
                                  "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z");
        QCOMPARE(dump(r), QStringLiteral("janua compute.gb_minutes = 135"));
        QCOMPARE(minutesToHours(r.quantity(kProject, metric::ComputeGbMinutes), Rounding::HalfEven), d("2.25"));
    }

    // Scaling closes one interval and opens the next; missing quantities keep their value.
    void workedExampleScaling()
    {
        using namespace quantity;
        // 1 x max(1 vCPU, 2 GB) = 2 GB per minute for 30 minutes, then 3 replicas = 6 for 30: 60 + 180.
        MeterResult r = run({started("2024-03-01T10:00:00.000Z", "api", "1", "1", "2"),
                             ev(UsageType::DeploymentScaled, "2024-03-01T10:30:00.000Z", "api", {{Replicas, "3"}}),
                             stopped("2024-03-01T11:00:00.000Z", "api")},
                            "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z");
        QCOMPARE(r.quantity(kProject, metric::ComputeGbMinutes), d("240"));
        QCOMPARE(minutesToHours(r.quantity(kProject, metric::ComputeGbMinutes), Rounding::HalfEven), d("4"));

        // The larger of vCPU and memory decides: 0.5 vCPU / 1 GB (1 per minute) for 10 minutes,
        // then 4 vCPU / 1 GB (4 per minute) for 10: 10 + 40.
        r = run({started("2024-03-01T10:00:00.000Z", "web", "1", "0.5", "1"),
                 ev(UsageType::DeploymentScaled, "2024-03-01T10:10:00.000Z", "web", {{Vcpu, "4"}}),
                 stopped("2024-03-01T10:20:00.000Z", "web")},
                "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z");
        QCOMPARE(r.quantity(kProject, metric::ComputeGbMinutes), d("50"));

        // Scaled to zero bills nothing until it is scaled up again: 20 x 2 + 0 + 10 x 4.
        r = run({started("2024-03-01T10:00:00.000Z", "worker", "2", "1", "1"),
                 ev(UsageType::DeploymentScaled, "2024-03-01T10:20:00.000Z", "worker", {{Replicas, "0"}}),
                 ev(UsageType::DeploymentScaled, "2024-03-01T10:50:00.000Z", "worker", {{Replicas, "4"}}),
                 stopped("2024-03-01T11:00:00.000Z", "worker")},
                "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z");
        QCOMPARE(r.quantity(kProject, metric::ComputeGbMinutes), d("80"));

        // started on a running deployment acts as scaled: 10 minutes at 1, then 10 at 3.
        r = run({started("2024-03-01T10:00:00.000Z", "api", "1", "1", "1"),
                 started("2024-03-01T10:10:00.000Z", "api", "3", "1", "1"),
                 stopped("2024-03-01T10:20:00.000Z", "api")},
                "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z");
        QCOMPARE(r.quantity(kProject, metric::ComputeGbMinutes), d("40"));
        QVERIFY(r.problems.isEmpty());
    }

    // The partial-minute rule: a minute is billed when its first instant (hh:mm:00.000) lies in
    // the interval [start, stop).
    void partialMinutes_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("minutes");
        QTest::newRow("10:00:30 to 10:05:10 bills 10:01..10:05") << "10:00:30.000" << "10:05:10.000" << 5;
        QTest::newRow("40 seconds inside a minute") << "10:00:10.000" << "10:00:50.000" << 0;
        QTest::newRow("one millisecond on the minute") << "10:00:00.000" << "10:00:00.001" << 1;
        QTest::newRow("stops exactly on the next minute") << "10:00:59.999" << "10:01:00.000" << 0;
        QTest::newRow("one millisecond past it") << "10:00:59.999" << "10:01:00.001" << 1;
        QTest::newRow("a whole hour") << "10:00:00.000" << "11:00:00.000" << 60;
        QTest::newRow("a whole hour, shifted") << "10:00:00.500" << "11:00:00.500" << 60;
        QTest::newRow("a millisecond before the minute") << "09:59:59.999" << "10:00:00.000" << 0;
        QTest::newRow("starts and stops at once") << "10:00:00.000" << "10:00:00.000" << 0;
    }
    void partialMinutes()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(int, minutes);
        const QByteArray a = ("2024-03-01T" + from + "Z").toLatin1();
        const QByteArray b = ("2024-03-01T" + to + "Z").toLatin1();
        // 2 replicas x 1.5 GB: 3 GB per minute.
        const MeterResult r = run({started(a.constData(), "api", "2", "1", "1.5"), stopped(b.constData(), "api")},
                                  "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z");
        QCOMPARE(r.quantity(kProject, metric::ComputeGbMinutes), Decimal::fromInt(3 * minutes));
        QVERIFY(r.problems.isEmpty());
    }

    // Across a scale inside a minute, each minute is billed once, at the size in force at its start.
    void scaleInsideAMinuteBillsEachMinuteOnce()
    {
        using namespace quantity;
        const MeterResult r = run({started("2024-03-01T10:00:00.000Z", "api", "1", "1", "1"),
                                   ev(UsageType::DeploymentScaled, "2024-03-01T10:00:30.000Z", "api", {{Replicas, "2"}}),
                                   stopped("2024-03-01T10:02:00.000Z", "api")},
                                  "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z");
        QCOMPARE(r.quantity(kProject, metric::ComputeGbMinutes), d("3")); // 10:00 at 1, 10:01 at 2
    }

    // An interval still open at the window's end is cut there; events after the end are ignored.
    void openIntervalsAreCutAtTheWindowEnd()
    {
        const QList<UsageEvent> events = {started("2024-02-28T23:00:00.000Z", "api", "1", "0.5", "1"),
                                          stopped("2024-02-29T00:30:00.000Z", "api")};
        QCOMPARE(run(events, "2024-02-28T00:00:00Z", "2024-02-29T00:00:00Z").quantity(kProject, metric::ComputeGbMinutes),
                 d("60"));
        QCOMPARE(run(events, "2024-02-29T00:00:00Z", "2024-02-29T01:00:00Z").quantity(kProject, metric::ComputeGbMinutes),
                 d("30"));
        QCOMPARE(run(events, "2024-02-28T23:30:00Z", "2024-02-29T00:10:00Z").quantity(kProject, metric::ComputeGbMinutes),
                 d("40"));
        QCOMPARE(run(events, "2024-02-29T00:30:00Z", "2024-03-01T00:00:00Z").usage.size(), 0);
        // Never stopped: every minute of the window, however long ago it started.
        const QList<UsageEvent> running = {started("2023-06-01T12:00:00.000Z", "api", "1", "0.5", "1")};
        QCOMPARE(run(running, "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z").quantity(kProject, metric::ComputeGbMinutes),
                 d("41760")); // 29 days x 1440 minutes, February of a leap year
        // A window that ends before the start meters nothing.
        QVERIFY(run(running, "2023-05-01T00:00:00Z", "2023-06-01T12:00:00Z").usage.isEmpty());
    }

    // 10 GB from midnight to noon, 20 GB from noon to 18:00: 720 x 10 + 360 x 20 = 14400 GB-minutes = 240 GB-hours.
    void workedExampleStorage()
    {
        using namespace quantity;
        const MeterResult r = run({ev(UsageType::VolumeCreated, "2024-03-01T00:00:00.000Z", "pgdata", {{Gb, "10"}}),
                                   ev(UsageType::VolumeResized, "2024-03-01T12:00:00.000Z", "pgdata", {{Gb, "20"}}),
                                   ev(UsageType::VolumeDeleted, "2024-03-01T18:00:00.000Z", "pgdata")},
                                  "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z");
        QCOMPARE(dump(r), QStringLiteral("janua storage.gb_minutes = 14400"));
        QCOMPARE(minutesToHours(r.quantity(kProject, metric::StorageGbMinutes), Rounding::HalfEven), d("240"));
    }

    // Each build's minutes round up to a whole minute; failed builds count; a build belongs to the
    // window holding its completion time.
    void workedExampleBuilds()
    {
        using namespace quantity;
        const QList<UsageEvent> events = {
            ev(UsageType::BuildCompleted, "2024-03-01T10:00:00.000Z", "api", {{Minutes, "3.2"}}),    // 4
            ev(UsageType::BuildFailed, "2024-03-01T10:05:00.000Z", "api", {{Minutes, "0.5"}}),       // 1
            ev(UsageType::BuildCompleted, "2024-03-01T10:10:00.000Z", "web", {{Minutes, "2"}}),      // 2
            ev(UsageType::BuildCompleted, "2024-03-01T10:15:00.000Z", "web", {{Minutes, "0"}}),      // 0
            ev(UsageType::BuildCompleted, "2024-03-01T10:16:00.000Z", "web", {{Minutes, "0.000000001"}}), // 1
            ev(UsageType::BuildCompleted, "2024-03-01T09:59:59.999Z", "api", {{Minutes, "100"}}),    // before
            ev(UsageType::BuildCompleted, "2024-03-01T11:00:00.000Z", "api", {{Minutes, "100"}}),    // at the end
        };
        const MeterResult r = run(events, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z");
        QCOMPARE(dump(r), QStringLiteral("janua build.minutes = 8"));
    }

    void workedExampleBandwidth()
    {
        using namespace quantity;
        QList<UsageEvent> events = {ev(UsageType::BandwidthUsage, "2024-03-01T10:00:00.000Z", "api", {{Gb, "0.1"}}),
                                    ev(UsageType::BandwidthUsage, "2024-03-01T10:00:01.000Z", "api", {{Gb, "0.2"}})};
        QCOMPARE(run(events, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z").quantity(kProject, metric::BandwidthGb),
                 d("0.3"));
        for (int i = 0; i < 1000; ++i)
            events.append(ev(UsageType::BandwidthUsage, "2024-03-01T10:30:00.000Z", "web", {{Gb, "0.001"}}));
        QCOMPARE(run(events, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z").quantity(kProject, metric::BandwidthGb),
                 d("1.3"));
    }

    // One domain-day per UTC day with the domain attached at any instant, counted where that day's
    // first attached instant falls.
    void workedExampleDomains()
    {
        const auto added = [](const char *t, const char *domain, const QString &project = kProject) {
            return ev(UsageType::DomainAdded, t, domain, {}, {}, project);
        };
        const auto removed = [](const char *t, const char *domain, const QString &project = kProject) {
            return ev(UsageType::DomainRemoved, t, domain, {}, {}, project);
        };
        // 1 Mar 10:00 to 3 Mar 05:00: 1, 2 and 3 March.
        const QList<UsageEvent> span = {added("2024-03-01T10:00:00.000Z", "janua.dev"),
                                        removed("2024-03-03T05:00:00.000Z", "janua.dev")};
        QCOMPARE(run(span, "2024-03-01T00:00:00Z", "2024-03-04T00:00:00Z").quantity(kProject, metric::DomainDays), d("3"));
        QCOMPARE(run(span, "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z").quantity(kProject, metric::DomainDays), d("1"));
        QCOMPARE(run(span, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z").quantity(kProject, metric::DomainDays), d("1"));
        QVERIFY(run(span, "2024-03-01T11:00:00Z", "2024-03-02T00:00:00Z").usage.isEmpty());
        QCOMPARE(run(span, "2024-03-02T00:00:00Z", "2024-03-02T01:00:00Z").quantity(kProject, metric::DomainDays), d("1"));
        QVERIFY(run(span, "2024-03-03T05:00:00Z", "2024-03-04T00:00:00Z").usage.isEmpty());

        // Removed and added again the same day: still one day, charged at the first attachment.
        const QList<UsageEvent> flapping = {added("2024-03-01T10:00:00.000Z", "a.dev"),
                                            removed("2024-03-01T12:00:00.000Z", "a.dev"),
                                            added("2024-03-01T15:00:00.000Z", "a.dev"),
                                            added("2024-03-01T15:30:00.000Z", "a.dev"), // already attached
                                            removed("2024-03-01T16:00:00.000Z", "a.dev")};
        QCOMPARE(run(flapping, "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z").quantity(kProject, metric::DomainDays), d("1"));
        QVERIFY(run(flapping, "2024-03-01T15:00:00Z", "2024-03-01T16:00:00Z").usage.isEmpty());

        // Two minutes across midnight touch two days.
        const QList<UsageEvent> midnight = {added("2024-02-29T23:59:00.000Z", "b.dev"),
                                            removed("2024-03-01T00:01:00.000Z", "b.dev")};
        QCOMPARE(run(midnight, "2024-02-01T00:00:00Z", "2024-04-01T00:00:00Z").quantity(kProject, metric::DomainDays), d("2"));

        // Attached all of March, in two projects.
        const QList<UsageEvent> month = {added("2024-02-15T08:00:00.000Z", "c.dev"),
                                         added("2024-03-31T23:59:59.999Z", "c.dev", QStringLiteral("forge"))};
        const MeterResult march = run(month, "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z");
        QCOMPARE(march.quantity(kProject, metric::DomainDays), d("31"));
        QCOMPARE(march.quantity(QStringLiteral("forge"), metric::DomainDays), d("1"));
        QCOMPARE(run(month, "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z").quantity(kProject, metric::DomainDays),
                 d("15")); // 15..29 February
    }

    // Everything at once, in two projects: the figures add up per project and metric.
    void workedExampleMixed()
    {
        using namespace quantity;
        const QString forge = QStringLiteral("forge");
        const QList<UsageEvent> events = {
            started("2024-03-01T10:00:00.000Z", "api", "3", "0.25", "0.5"),
            stopped("2024-03-01T11:30:00.000Z", "api"),
            ev(UsageType::VolumeCreated, "2024-03-01T10:00:00.000Z", "pgdata", {{Gb, "1.5"}}, {}, forge),
            ev(UsageType::BandwidthUsage, "2024-03-01T10:00:00.000Z", "api", {{Gb, "2.75"}}, {}, forge),
            ev(UsageType::BuildCompleted, "2024-03-01T10:00:00.000Z", "api", {{Minutes, "1.01"}}),
        };
        const MeterResult r = run(events, "2024-03-01T10:00:00Z", "2024-03-01T12:00:00Z");
        QCOMPARE(dump(r), QStringLiteral("forge bandwidth.gb = 2.75\n"
                                         "forge storage.gb_minutes = 180\n" // 1.5 x 120
                                         "janua build.minutes = 2\n"
                                         "janua compute.gb_minutes = 135"));
    }

    void reportsWhatItCannotApply()
    {
        using namespace quantity;
        const QList<UsageEvent> events = {
            ev(UsageType::DeploymentScaled, "2024-03-01T10:00:00.000Z", "api", {{Replicas, "2"}}, QStringLiteral("a")),
            ev(UsageType::DeploymentStopped, "2024-03-01T10:01:00.000Z", "api", {}, QStringLiteral("b")),
            ev(UsageType::VolumeResized, "2024-03-01T10:02:00.000Z", "v", {{Gb, "5"}}, QStringLiteral("c")),
            ev(UsageType::VolumeDeleted, "2024-03-01T10:03:00.000Z", "v", {}, QStringLiteral("d")),
            ev(UsageType::DomainRemoved, "2024-03-01T10:04:00.000Z", "x.dev", {}, QStringLiteral("e")),
            ev(UsageType::BandwidthUsage, "2024-03-01T10:05:00.000Z", "api", {{Gb, "-3"}}, QStringLiteral("f")),
            ev(UsageType::BandwidthUsage, "2024-03-01T09:00:00.000Z", "api", {{Gb, "-3"}}, QStringLiteral("g")),
        };
        const MeterResult r = run(events, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z");
        QVERIFY(r.usage.isEmpty());
        QCOMPARE(dump(r), QStringLiteral(
            "problem a: deployment.scaled for janua/api, which is not running; ignored\n"
            "problem b: deployment.stopped for janua/api, which is not running; ignored\n"
            "problem c: volume.resized for janua/v, which does not exist; ignored\n"
            "problem d: volume.deleted for janua/v, which does not exist; ignored\n"
            "problem e: domain.removed for janua/x.dev, which is not attached; ignored\n"
            "problem f: bandwidth.usage skipped: the quantity \"gb\" is negative (-3)")); // g is another window's

        const MeterResult bad = meter(events, at("2024-03-01T11:00:00Z"), at("2024-03-01T11:00:00Z"));
        QCOMPARE(bad.problems.size(), 1);
        QVERIFY(bad.problems.first().message.contains(QLatin1String("is empty or not valid")));
        QCOMPARE(meter(events, QDateTime(), at("2024-03-01T11:00:00Z")).problems.size(), 1);
    }

    void overflowIsReported()
    {
        using namespace quantity;
        const QList<UsageEvent> events = {
            ev(UsageType::BandwidthUsage, "2024-03-01T10:00:00.000Z", "api", {{Gb, "99999999999999999999999999999"}}),
            ev(UsageType::BandwidthUsage, "2024-03-01T10:00:01.000Z", "api", {{Gb, "1"}}),
        };
        const MeterResult r = run(events, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z");
        QVERIFY(!r.quantity(kProject, metric::BandwidthGb).isValid());
        QCOMPARE(r.problems.size(), 1);
        QCOMPARE(r.problems.first().message, QStringLiteral("bandwidth.gb of project janua overflowed"));
    }

    // The same event sent 1,000 times counts once; a different body under a used key is reported
    // and the first event (by time, then content) is kept.
    void duplicatesCountOnce()
    {
        using namespace quantity;
        const UsageEvent once = ev(UsageType::BandwidthUsage, "2024-03-01T10:00:00.000Z", "api", {{Gb, "1"}});
        QList<UsageEvent> events(1000, once);
        MeterResult r = run(events, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z");
        QCOMPARE(dump(r), QStringLiteral("janua bandwidth.gb = 1"));

        // Lifecycle duplicates too: a start sent twice opens one interval.
        const UsageEvent start = started("2024-03-01T10:00:00.000Z", "api", "1", "1", "1");
        r = run({start, start, stopped("2024-03-01T10:10:00.000Z", "api"), start},
                "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z");
        QCOMPARE(dump(r), QStringLiteral("janua compute.gb_minutes = 10"));

        UsageEvent later = once;
        later.timestamp = at("2024-03-01T10:30:00.000Z");
        later.quantities[Gb] = d("500");
        for (const QList<UsageEvent> &order : {QList<UsageEvent>{later, once}, QList<UsageEvent>{once, later}}) {
            r = run(order, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z");
            QCOMPARE(dump(r), QStringLiteral("janua bandwidth.gb = 1\nproblem %1: idempotency key reused with a "
                                             "different body; the first event is kept").arg(once.idempotencyKey));
        }
        // The same instant, different bodies: the content order decides, the same way each time.
        UsageEvent twin = once;
        twin.quantities[Gb] = d("0.5");
        QCOMPARE(run({once, twin}, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z").quantity(kProject, metric::BandwidthGb),
                 d("0.5"));
        QCOMPARE(run({twin, once}, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z").quantity(kProject, metric::BandwidthGb),
                 d("0.5"));
    }

    // Out-of-order arrival changes nothing: events are sorted by (timestamp, key) first.
    void arrivalOrderDoesNotMatter()
    {
        QList<UsageEvent> events = randomEvents(7, at("2024-02-27T00:00:00Z"), at("2024-03-02T00:00:00Z"), 600);
        const QString expected = dump(run(events, "2024-02-28T00:00:00Z", "2024-03-01T00:00:00Z"));
        QVERIFY(expected.contains(QLatin1String("compute.gb_minutes")));
        QRandomGenerator rng(42);
        for (int round = 0; round < 20; ++round) {
            std::shuffle(events.begin(), events.end(), rng);
            QCOMPARE(dump(run(events, "2024-02-28T00:00:00Z", "2024-03-01T00:00:00Z")), expected);
        }
        // A stop that arrives before its start.
        const UsageEvent start = started("2024-03-01T10:00:00.000Z", "api", "2", "1", "1");
        const UsageEvent stop = stopped("2024-03-01T10:45:00.000Z", "api");
        QCOMPARE(run({stop, start}, "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z").quantity(kProject, metric::ComputeGbMinutes),
                 d("90"));
    }

    // Hourly windows summed give the daily window exactly, over random histories with fixed seeds,
    // on a leap day, across a month end and across a year end (all UTC).
    void hourlyWindowsSumToTheDay_data()
    {
        QTest::addColumn<QString>("day");
        QTest::addColumn<quint32>("seed");
        QTest::newRow("28 Feb 2024") << "2024-02-28T00:00:00Z" << 1u;
        QTest::newRow("29 Feb 2024, leap day") << "2024-02-29T00:00:00Z" << 2u;
        QTest::newRow("1 Mar 2024, after the leap day") << "2024-03-01T00:00:00Z" << 3u;
        QTest::newRow("31 Dec 2023") << "2023-12-31T00:00:00Z" << 4u;
        QTest::newRow("1 Jan 2024") << "2024-01-01T00:00:00Z" << 5u;
        QTest::newRow("30 Apr 2024") << "2024-04-30T00:00:00Z" << 6u;
        QTest::newRow("29 Feb 2024, another history") << "2024-02-29T00:00:00Z" << 7u;
    }
    void hourlyWindowsSumToTheDay()
    {
        QFETCH(QString, day);
        QFETCH(quint32, seed);
        const QDateTime from = QDateTime::fromString(day, Qt::ISODate);
        const QDateTime to = from.addDays(1);
        const QList<UsageEvent> events = randomEvents(seed, from.addDays(-2), to.addDays(1), 1500);
        checkPartition(events, from, to, [](const QDateTime &t) { return t.addSecs(3600); });
    }

    // Daily windows summed give the month, for February of a leap year and for a month whose
    // history starts in the previous year.
    void dailyWindowsSumToTheMonth_data()
    {
        QTest::addColumn<QString>("month");
        QTest::addColumn<quint32>("seed");
        QTest::newRow("February 2024") << "2024-02-01T00:00:00Z" << 11u;
        QTest::newRow("January 2024") << "2024-01-01T00:00:00Z" << 12u;
    }
    void dailyWindowsSumToTheMonth()
    {
        QFETCH(QString, month);
        QFETCH(quint32, seed);
        const QDateTime from = QDateTime::fromString(month, Qt::ISODate);
        const QDateTime to = from.addMonths(1);
        const QList<UsageEvent> events = randomEvents(seed, from.addDays(-5), to.addDays(2), 3000);
        checkPartition(events, from, to, [](const QDateTime &t) { return t.addDays(1); });
        // And hourly windows over the whole leap-year February.
        if (from.date().month() == 2)
            checkPartition(events, from, to, [](const QDateTime &t) { return t.addSecs(3600); });
    }

    // Nothing in the rules depends on windows being whole hours: cuts at arbitrary milliseconds
    // partition the usage exactly as well.
    void arbitraryCutsPartitionExactly()
    {
        const QDateTime from = at("2024-02-28T00:00:00Z");
        const QDateTime to = at("2024-03-02T00:00:00Z");
        const QList<UsageEvent> events = randomEvents(99, from.addDays(-1), to.addDays(1), 1500);
        QRandomGenerator rng(2024);
        checkPartition(events, from, to, [&rng](const QDateTime &t) {
            return t.addMSecs(1 + qint64(rng.bounded(quint64(6) * 3600 * 1000)));
        });
    }
};

QTEST_APPLESS_MAIN(TestMetering)
#include "tst_metering.moc"
