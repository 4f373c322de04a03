#include "waybill/UsageEvent.h"

#include <QTest>

using namespace enclii::waybill;

namespace {

UsageEvent makeEvent(UsageType type, std::initializer_list<std::pair<QString, const char *>> quantities)
{
    UsageEvent e;
    e.type = type;
    e.project = QStringLiteral("janua");
    e.resource = QStringLiteral("api");
    e.timestamp = QDateTime::fromString(QStringLiteral("2024-02-29T10:00:00.000Z"), Qt::ISODateWithMs);
    e.idempotencyKey = QStringLiteral("k1");
    for (const auto &[key, value] : quantities)
        e.quantities.insert(key, *Decimal::parse(QString::fromLatin1(value)));
    return e;
}

} // namespace

class TestUsageEvent : public QObject
{
    Q_OBJECT
private slots:
    void typeNamesRoundTrip()
    {
        const QStringList names = {
            QStringLiteral("deployment.started"), QStringLiteral("deployment.stopped"),
            QStringLiteral("deployment.scaled"),  QStringLiteral("build.completed"),
            QStringLiteral("build.failed"),       QStringLiteral("volume.created"),
            QStringLiteral("volume.deleted"),     QStringLiteral("volume.resized"),
            QStringLiteral("bandwidth.usage"),    QStringLiteral("domain.added"),
            QStringLiteral("domain.removed"),
        };
        for (const QString &name : names) {
            const auto type = usageTypeFromName(name);
            QVERIFY2(type.has_value(), qPrintable(name));
            QCOMPARE(usageTypeName(*type), name);
        }
        QVERIFY(!usageTypeFromName(u"deployment.start"));
        QVERIFY(!usageTypeFromName(u"Deployment.Started"));
        QVERIFY(!usageTypeFromName(u""));
    }

    void acceptsWellFormedEvents()
    {
        using namespace quantity;
        const QList<UsageEvent> good = {
            makeEvent(UsageType::DeploymentStarted, {{Replicas, "3"}, {Vcpu, "0.25"}, {MemoryGb, "0.5"}}),
            makeEvent(UsageType::DeploymentScaled, {{Replicas, "0"}}),
            makeEvent(UsageType::DeploymentScaled, {{Vcpu, "1"}, {MemoryGb, "2"}}),
            makeEvent(UsageType::DeploymentStopped, {}),
            makeEvent(UsageType::BuildCompleted, {{Minutes, "3.2"}}),
            makeEvent(UsageType::BuildFailed, {{Minutes, "0"}}),
            makeEvent(UsageType::VolumeCreated, {{Gb, "10"}}),
            makeEvent(UsageType::VolumeResized, {{Gb, "20"}}),
            makeEvent(UsageType::VolumeDeleted, {}),
            makeEvent(UsageType::BandwidthUsage, {{Gb, "0.000000001"}}),
            makeEvent(UsageType::DomainAdded, {}),
            makeEvent(UsageType::DomainRemoved, {}),
        };
        for (const UsageEvent &e : good)
            QVERIFY2(validateUsageEvent(e).isEmpty(), qPrintable(usageTypeName(e.type) + QStringLiteral(": ") + validateUsageEvent(e)));
    }

    void refusesMalformedEvents_data()
    {
        using namespace quantity;
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("message");
        QTest::newRow("started without memory") << 0 << "deployment.started needs the quantity \"memoryGb\"";
        QTest::newRow("scaled with nothing") << 1 << "deployment.scaled needs at least one of replicas, vcpu, memoryGb";
        QTest::newRow("fractional replicas") << 2 << "replicas must be a whole number, not 1.5";
        QTest::newRow("negative size") << 3 << "the quantity \"gb\" is negative (-1)";
        QTest::newRow("misspelt key") << 4 << "bandwidth.usage does not carry the quantity \"GB\"";
        QTest::newRow("quantity on a stop") << 5 << "deployment.stopped does not carry the quantity \"replicas\"";
        QTest::newRow("build without minutes") << 6 << "build.completed needs the quantity \"minutes\"";
        QTest::newRow("no key") << 7 << "the idempotency key is empty";
        QTest::newRow("no project") << 8 << "the project is empty";
        QTest::newRow("no resource") << 9 << "the resource is empty";
        QTest::newRow("no time") << 10 << "the timestamp is missing or not valid";
        QTest::newRow("overflowed quantity") << 11 << "the quantity \"gb\" is not a valid number";
        QTest::newRow("replicas beyond int64") << 12 << "replicas must be a whole number";
    }
    void refusesMalformedEvents()
    {
        using namespace quantity;
        QFETCH(int, index);
        QFETCH(QString, message);
        QList<UsageEvent> bad = {
            makeEvent(UsageType::DeploymentStarted, {{Replicas, "3"}, {Vcpu, "0.25"}}),
            makeEvent(UsageType::DeploymentScaled, {}),
            makeEvent(UsageType::DeploymentScaled, {{Replicas, "1.5"}}),
            makeEvent(UsageType::VolumeCreated, {{Gb, "-1"}}),
            makeEvent(UsageType::BandwidthUsage, {{QStringLiteral("GB"), "1"}}),
            makeEvent(UsageType::DeploymentStopped, {{Replicas, "0"}}),
            makeEvent(UsageType::BuildCompleted, {}),
            makeEvent(UsageType::DomainAdded, {}),
            makeEvent(UsageType::DomainAdded, {}),
            makeEvent(UsageType::DomainAdded, {}),
            makeEvent(UsageType::DomainAdded, {}),
            makeEvent(UsageType::BandwidthUsage, {}),
            makeEvent(UsageType::DeploymentScaled, {{Replicas, "100000000000000000000"}}),
        };
        bad[7].idempotencyKey.clear();
        bad[8].project.clear();
        bad[9].resource.clear();
        bad[10].timestamp = QDateTime();
        bad[11].quantities.insert(Gb, Decimal::fromInt(INT64_MAX) * INT64_MAX);
        const QString why = validateUsageEvent(bad.at(index));
        QVERIFY2(why.startsWith(message), qPrintable(why));
    }

    void equalityComparesTheInstant()
    {
        UsageEvent a = makeEvent(UsageType::BandwidthUsage, {{quantity::Gb, "1"}});
        UsageEvent b = a;
        b.timestamp = a.timestamp.toOffsetFromUtc(3600); // the same instant, written in another zone
        QVERIFY(a == b);
        b.timestamp = a.timestamp.addMSecs(1);
        QVERIFY(!(a == b));
        b = a;
        b.quantities[quantity::Gb] = *Decimal::parse(u"1.000");
        QVERIFY(a == b);
        b.quantities[quantity::Gb] = *Decimal::parse(u"1.000000001");
        QVERIFY(!(a == b));
    }
};

QTEST_APPLESS_MAIN(TestUsageEvent)
#include "tst_usageevent.moc"
