// A worker killed with SIGKILL in the middle of a build: two encliid processes share one
// PostgreSQL; the first claims the build and is killed while a step runs; its lease runs out
// and the second, a worker-role process, takes the job over and finishes it — one release,
// the attempt counted, the image in the registry.
#include "BaseImageFixture.h"
#include "HttpClient.h"

#include "../roundhouse/GitFixture.h"

#include "oci/registry/EmbeddedRegistry.h"
#include "support/TestPostgres.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii;

namespace {

const QString kBinary = QStringLiteral(ENCLIID_BINARY);

} // namespace

class TestRoundhouseKill : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        QString error;
        m_registry = test::startMirrorWithBase(m_scratch.path(), &error);
        QVERIFY2(m_registry, qPrintable(error));
        QVERIFY2(m_git.isValid(), qPrintable(m_git.lastError()));
        // Enough incompressible bytes that the build step takes a while to layer and hash.
        QByteArray blob(48 * 1024 * 1024, Qt::Uninitialized);
        QRandomGenerator gen(42);
        gen.fillRange(reinterpret_cast<quint32 *>(blob.data()), blob.size() / 4);
        QVERIFY(m_git.write(QStringLiteral("apps/switchyard-api/assets.bin"), blob));
        QVERIFY(m_git.write(QStringLiteral("apps/switchyard-api/server.py"), "print('switchyard')\n"));
        m_commit = m_git.commitAndPush(QStringLiteral("big"));
        QVERIFY(!m_commit.isEmpty());
    }

    void aKilledWorkersBuildIsFinishedByAnother()
    {
        QTemporaryDir stateA, stateB;
        const int portA = test::freePort();
        QProcess a;
        start(a, stateA.path(), portA, QStringLiteral("all"));
        QVERIFY2(waitReady(portA), qPrintable(QString::fromUtf8(a.readAllStandardError())));

        const auto r = test::httpRequest(QStringLiteral("http://127.0.0.1:%1/v1/services/switchyard-api/builds").arg(portA), "POST",
                                         QJsonDocument(QJsonObject{{QStringLiteral("commit"), m_commit}}).toJson(), "application/json");
        QVERIFY2(r.status == 202, r.body.constData());
        const qint64 id = r.json().value(QStringLiteral("id")).toInteger();

        // Kill A while a step after the clone is running.
        QElapsedTimer t;
        t.start();
        QString running;
        while (t.elapsed() < 60000) {
            running = m_pg.query(QStringLiteral("SELECT name FROM build_steps WHERE build_id = %1 AND state = 'running' AND name <> 'clone'").arg(id)).trimmed();
            if (!running.isEmpty())
                break;
            QTest::qWait(10);
        }
        QVERIFY2(!running.isEmpty(), "no step ran after the clone");
        a.kill(); // SIGKILL: no goodbye, the lease stays until it runs out
        QVERIFY(a.waitForFinished(10000));
        QCOMPARE(m_pg.query(QStringLiteral("SELECT state FROM build_jobs WHERE id = %1").arg(id)).trimmed(), QStringLiteral("running"));
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM releases WHERE build_id = %1").arg(id)).toInt(), 0);

        QProcess b;
        const int portB = test::freePort();
        start(b, stateB.path(), portB, QStringLiteral("worker"));
        t.restart();
        QString state;
        while (t.elapsed() < 120000) {
            state = m_pg.query(QStringLiteral("SELECT state FROM build_jobs WHERE id = %1").arg(id)).trimmed();
            if (state == QLatin1String("succeeded") || state == QLatin1String("failed"))
                break;
            QTest::qWait(100);
        }
        QVERIFY2(state == QLatin1String("succeeded"), qPrintable(state + u' ' + m_pg.query(QStringLiteral("SELECT last_error FROM build_jobs WHERE id = %1").arg(id))));
        QCOMPARE(m_pg.query(QStringLiteral("SELECT attempts FROM build_jobs WHERE id = %1").arg(id)).toInt(), 2);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM releases WHERE build_id = %1").arg(id)).toInt(), 1);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM usage_events WHERE idempotency_key = 'build/%1/completed'").arg(id)).toInt(), 1);
        // The second attempt's log follows the first's: both kept, in order.
        QCOMPARE(m_pg.query(QStringLiteral("SELECT string_agg(DISTINCT attempt::text, ',') FROM build_logs WHERE build_id = %1").arg(id)).trimmed(), QStringLiteral("1,2"));
        const QString digest = m_pg.query(QStringLiteral("SELECT image_digest FROM releases WHERE build_id = %1").arg(id)).trimmed();
        oci::RegistryClient::Options o;
        o.registry = m_registry->address();
        oci::RegistryClient client(o);
        const auto head = client.headManifest(QStringLiteral("enclii/switchyard-api"), digest);
        QVERIFY2(head.ok(), qPrintable(head.ok() ? QString() : head.error().toString()));
        b.terminate();
        QVERIFY(b.waitForFinished(30000));
    }

private:
    void start(QProcess &p, const QString &state, int port, const QString &role)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DATABASE_URL"), m_pg.url());
        env.insert(QStringLiteral("ENCLII_MASTER_KEY"), QString::fromLatin1(QByteArray(32, '\x47').toBase64()));
        env.insert(QStringLiteral("ENCLII_ADMIN_PASSWORD"), QStringLiteral("correct horse battery staple"));
        env.insert(QStringLiteral("ENCLII_REGISTRY"), m_registry->address());
        env.insert(QStringLiteral("ENCLII_BASE_IMAGE_MIRROR"), m_registry->address());
        env.insert(QStringLiteral("ENCLII_GIT_REWRITE"), QStringLiteral("https://github.com/madfam-org/enclii=file://") + m_git.remote());
        env.insert(QStringLiteral("ENCLII_BUILD_LEASE_SECONDS"), QStringLiteral("3"));
        env.insert(QStringLiteral("ENCLII_BUILD_WORKERS"), QStringLiteral("1"));
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(kBinary, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--state-dir"), state,
                          QStringLiteral("--specs"), QStringLiteral(ENCLII_SOURCE_DIR "/specs"), QStringLiteral("--auth"), QStringLiteral("disabled"),
                          QStringLiteral("--role"), role});
        QVERIFY(p.waitForStarted(10000));
    }

    bool waitReady(int port)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 60000) {
            if (test::httpRequest(QStringLiteral("http://127.0.0.1:%1/readyz").arg(port), "GET", {}, {}, {}, 2000).status == 200)
                return true;
            QTest::qWait(100);
        }
        return false;
    }

    QTemporaryDir m_scratch;
    test::TestPostgres m_pg{QStringLiteral("roundhouse_kill")};
    std::unique_ptr<oci::EmbeddedRegistry> m_registry;
    test::GitFixture m_git;
    QString m_commit;
};

QTEST_GUILESS_MAIN(TestRoundhouseKill)
#include "tst_roundhouse_kill.moc"
