#include "core/Capacity.h"

#include <QTest>

using namespace enclii::core;

namespace {

ServiceSpec service(const QString &name, const QString &project, const char *cpu, const char *mem, int min, int max)
{
    ServiceSpec s;
    s.name = name;
    s.project = project;
    s.resources.requests = {*Quantity::parse(QString::fromLatin1(cpu)), *Quantity::parse(QString::fromLatin1(mem))};
    s.resources.limits = s.resources.requests;
    s.replicas = min;
    s.autoscaling = Autoscaling{min, max, 70, 0};
    return s;
}

SpecSet ecosystem()
{
    SpecSet set;
    auto &eco = set.ecosystem;
    eco.cluster.nodes = 2;
    eco.cluster.cpuPerNode = *Quantity::parse(u"2");
    eco.cluster.memoryPerNode = *Quantity::parse(u"4Gi");
    eco.cluster.overheadPercent = 50; // 2 vCPU and 4Gi allocatable in all, 1 vCPU / 2Gi per node
    eco.repos = {Repo{QStringLiteral("platform"), 1, {}, {}, {}, {}, {}, true, {}, {}, {}},
                 Repo{QStringLiteral("big"), 2, {}, {}, {}, {}, {}, true, {}, {}, {}},
                 Repo{QStringLiteral("small"), 3, {}, {}, {}, {}, {}, true, {}, {}, {}}};
    Wave w1{1, QStringLiteral("first"), {}, {}, {WaveStep{QStringLiteral("p"), {QStringLiteral("platform")}, {}, {}, {}, {}}}};
    Wave w2{2, QStringLiteral("second"), {}, {}, {WaveStep{QStringLiteral("apps"), {QStringLiteral("big"), QStringLiteral("small")}, {}, {}, {}, {}}}};
    eco.waves = {w2, w1};
    set.services = {service(QStringLiteral("small-web"), QStringLiteral("small"), "100m", "128Mi", 1, 2),
                    service(QStringLiteral("big-api"), QStringLiteral("big"), "500m", "1Gi", 1, 4),
                    service(QStringLiteral("platform-api"), QStringLiteral("platform"), "500m", "512Mi", 2, 3)};
    return set;
}

} // namespace

class TestCapacity : public QObject
{
    Q_OBJECT
private slots:
    void ordersAppsByWaveThenTier()
    {
        const CapacityPlan plan = planCapacity(ecosystem());
        QCOMPARE(plan.apps.size(), 3);
        QCOMPARE(plan.apps[0].app, QStringLiteral("platform"));
        QCOMPARE(plan.apps[1].app, QStringLiteral("big"));
        QCOMPARE(plan.apps[2].app, QStringLiteral("small"));
        QCOMPARE(plan.allocatableCpu.millicores(), 2000);
    }

    void minimumFits()
    {
        const CapacityPlan plan = planCapacity(ecosystem());
        // 2 x 500m + 500m + 100m = 1600m of 2000m
        QCOMPARE(plan.atMin.totals.cpuRequests.millicores(), 1600);
        QVERIFY(plan.atMin.fits);
        QVERIFY(plan.atMin.overflowingApps.isEmpty());
        QCOMPARE(qRound(plan.atMin.cpuPercent), 80);
    }

    void maximumNamesTheAppsThatDoNotFit()
    {
        const CapacityPlan plan = planCapacity(ecosystem());
        // platform 1500m fits; big 2000m would not; small 200m still fits after it.
        QVERIFY(!plan.atMax.fits);
        QCOMPARE(plan.atMax.overflowingApps, QStringList{QStringLiteral("big")});
        QCOMPARE(plan.atMax.totals.cpuRequests.millicores(), 1500 + 2000 + 200);
    }

    void aPodLargerThanANodeIsUnschedulable()
    {
        SpecSet set = ecosystem();
        set.services << service(QStringLiteral("huge"), QStringLiteral("small"), "1500m", "128Mi", 1, 1);
        QCOMPARE(planCapacity(set).unschedulable, QStringList{QStringLiteral("huge")});
    }
};

QTEST_APPLESS_MAIN(TestCapacity)
#include "tst_capacity.moc"
