// Roundhouse's figures, each with a baseline from the same run:
//  1. webhook to build start with an idle worker (p50, p99): from sending a signed push to the
//     clone step's start, through the webhook handler, the job row, NOTIFY, the claim and the
//     step row; baseline: a bare NOTIFY heard by a LISTENing connection.
//  2. queue throughput: jobs/s claimed and completed by 4 workers with empty work; baseline:
//     the same number of bare single-row UPDATE ... RETURNING transactions, 4 threads.
//  3. a native build of a small service from scratch (clone, layer, SBOM, sign, push, release)
//     and a rebuild of the same commit, which must reuse every layer and upload nothing;
//     baseline: git clone + tar | gzip of the same tree.
//   bench_roundhouse [PUSHES]   default 40
#include "BaseImageFixture.h"
#include "DaemonFixture.h"
#include "HttpClient.h"

#include "../roundhouse/GitFixture.h"

#include "oci/registry/EmbeddedRegistry.h"
#include "roundhouse/BuildLog.h"
#include "roundhouse/BuildQueue.h"
#include "roundhouse/BuildRecord.h"
#include "roundhouse/BuildWorkers.h"
#include "store/Database.h"
#include "store/Listener.h"
#include "store/Migrator.h"
#include "support/TestPostgres.h"

#include <pqxx/pqxx>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

using namespace enclii;

namespace {

const QByteArray kSecret = "a webhook secret for the bench";
const QString kRepo = QStringLiteral("https://github.com/madfam-org/enclii.git");

double percentile(QList<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size())))];
}

bool waitUntil(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QTest::qWait(2);
    }
    return true;
}

QList<double> notifyBaseline(const test::TestPostgres &pg, int n)
{
    store::Listener listener(pg.connectionString(), QStringLiteral("bench_channel"));
    QString error;
    listener.start(&error);
    QEventLoop loop;
    QObject::connect(&listener, &store::Listener::notified, &loop, &QEventLoop::quit);
    pqxx::connection c(pg.connectionString().toStdString());
    QList<double> out;
    QElapsedTimer t;
    for (int i = 0; i < n; ++i) {
        t.start();
        {
            pqxx::work tx(c);
            tx.exec("SELECT pg_notify('bench_channel', 'x')");
            tx.commit();
        }
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
        out << double(t.nsecsElapsed()) / 1e6;
    }
    return out;
}

QJsonObject waitForBuild(const test::DaemonFixture &f, qint64 id)
{
    QJsonObject b;
    waitUntil([&] {
        b = test::httpRequest(f.base + QStringLiteral("/v1/builds/%1").arg(id), "GET", {}, {}, test::bearer(f.adminToken)).json();
        const QString s = b.value(QStringLiteral("state")).toString();
        return s == QLatin1String("succeeded") || s == QLatin1String("failed");
    }, 300000);
    return b;
}

void queueThroughput(const test::TestPostgres &pg, int jobs)
{
    store::Database db({pg.connectionString(), 8, 10000});
    QString error;
    db.open(&error);
    roundhouse::BuildQueue queue(db);
    roundhouse::BuildRecord record(db);
    {
        pqxx::connection c(pg.connectionString().toStdString());
        pqxx::work tx(c);
        tx.exec("CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, state text NOT NULL DEFAULT 'queued', owner text)");
        tx.exec("INSERT INTO bench_rows (state) SELECT 'queued' FROM generate_series(1, " + std::to_string(jobs) + ")");
        tx.commit();
    }
    // Baseline: 4 threads, one single-row claim-like UPDATE per transaction.
    QElapsedTimer t;
    t.start();
    std::vector<std::thread> threads;
    for (int w = 0; w < 4; ++w)
        threads.emplace_back([&, w] {
            pqxx::connection c(pg.connectionString().toStdString());
            for (int i = w; i < jobs; i += 4) {
                pqxx::work tx(c);
                tx.exec_params("UPDATE bench_rows SET state = 'done', owner = $2 WHERE id = $1 RETURNING id", i + 1, std::to_string(w));
                tx.commit();
            }
        });
    for (auto &th : threads)
        th.join();
    const double baseline = jobs / (double(t.nsecsElapsed()) / 1e9);

    for (int i = 0; i < jobs; ++i) {
        roundhouse::NewBuildJob j;
        j.service = QStringLiteral("svc-%1").arg(i % 33);
        j.project = QStringLiteral("bench");
        j.repo = QStringLiteral("https://example.invalid/r");
        j.commit = QStringLiteral("%1").arg(i, 40, 16, QLatin1Char('0'));
        j.reason = QStringLiteral("manual");
        queue.enqueue(j);
    }
    std::atomic<int> done{0};
    roundhouse::BuildWorkers workers(queue, record, [&](const roundhouse::BuildJob &, roundhouse::BuildLog &, const roundhouse::StopFlag &) {
        ++done;
        return roundhouse::JobOutcome{};
    }, {4, 30, 1, QStringLiteral("bench")});
    t.start();
    workers.start();
    waitUntil([&] { return done.load() >= jobs && workers.busy() == 0; }, 600000);
    workers.stop();
    const double rate = jobs / (double(t.nsecsElapsed()) / 1e9);
    std::printf("queue: %d jobs claimed, run (empty) and completed by 4 workers: %.0f jobs/s\n", jobs, rate);
    std::printf("queue: baseline bare single-row UPDATE transactions, 4 threads: %.0f/s; ratio = %.2f "
                "(a job is a claim, a step reset, a log flush and a completion)\n", baseline, rate / baseline);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    spdlog::set_level(spdlog::level::warn);
    const int pushes = argc > 1 ? std::max(5, atoi(argv[1])) : 40;
    qputenv("ENCLII_LOG_LEVEL", "warn");
    test::TestPostgres pg(QStringLiteral("bench_roundhouse"));
    if (!pg.isValid()) {
        std::fprintf(stderr, "bench_roundhouse: %s\n", qPrintable(pg.error()));
        return 1;
    }
    QTemporaryDir scratch;
    QString error;
    const auto mirror = test::startMirrorWithBase(scratch.path(), &error);
    if (!mirror) {
        std::fprintf(stderr, "bench_roundhouse: %s\n", qPrintable(error));
        return 1;
    }
    oci::EmbeddedRegistry &registry = *mirror;
    // A small service: 200 source files, about 2 MB.
    test::GitFixture git;
    QRandomGenerator gen(7);
    for (int i = 0; i < 200; ++i) {
        QByteArray content;
        for (int k = 0; k < 200; ++k)
            content += "line " + QByteArray::number(gen.generate() % 100000) + " of module " + QByteArray::number(i) + "\n";
        git.write(QStringLiteral("apps/switchyard-api/src/module_%1.py").arg(i), content);
    }
    git.write(QStringLiteral("apps/switchyard-api/requirements.txt"), "flask==3.0.0\nrequests==2.31.0\n");
    QStringList commits{git.commitAndPush(QStringLiteral("bench 0"))};

    daemon::Config config;
    config.registry = registry.address();
    config.baseImageMirror = registry.address();
    config.gitRewrites = {QStringLiteral("https://github.com/madfam-org/enclii=file://") + git.remote()};
    test::DaemonFixture fixture;
    fixture.buildWorkers = 1;
    if (!fixture.start(pg.connectionString(), QStringLiteral("bench@enclii.local"), QStringLiteral("bench password 1234"), QByteArray(32, '\x48'), config)) {
        std::fprintf(stderr, "bench_roundhouse: %s\n", qPrintable(fixture.error));
        return 1;
    }
    test::httpRequest(fixture.base + QStringLiteral("/v1/repos/secret"), "PUT",
                      QJsonDocument(QJsonObject{{QStringLiteral("repo"), kRepo}, {QStringLiteral("secret"), QString::fromUtf8(kSecret)}}).toJson(),
                      "application/json", test::bearer(fixture.adminToken));

    // 3. A build from scratch, then a rebuild of the same commit.
    auto manual = [&](const QString &commit) {
        const auto r = test::httpRequest(fixture.base + QStringLiteral("/v1/services/switchyard-api/builds"), "POST",
                                         QJsonDocument(QJsonObject{{QStringLiteral("commit"), commit}}).toJson(), "application/json",
                                         test::bearer(fixture.adminToken));
        return r.json().value(QStringLiteral("id")).toInteger();
    };
    auto total = [](const QJsonObject &b) {
        return double(QDateTime::fromString(b.value(QStringLiteral("startedAt")).toString(), Qt::ISODateWithMs)
                          .msecsTo(QDateTime::fromString(b.value(QStringLiteral("finishedAt")).toString(), Qt::ISODateWithMs)));
    };
    auto push = [&](int i) {
        const QJsonObject commit{{QStringLiteral("id"), commits[i]}, {QStringLiteral("modified"), QJsonArray{QStringLiteral("apps/switchyard-api/src/touch.py")}}};
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("ref"), QStringLiteral("refs/heads/main")}, {QStringLiteral("after"), commits[i]},
                                                          {QStringLiteral("before"), QString(40, u'1')}, {QStringLiteral("commits"), QJsonArray{commit}},
                                                          {QStringLiteral("repository"), QJsonObject{{QStringLiteral("clone_url"), kRepo}}}})
                                    .toJson(QJsonDocument::Compact);
        const auto r = test::httpRequest(fixture.base + QStringLiteral("/v1/webhooks/github"), "POST", body, "application/json",
                                         {{"X-GitHub-Event", "push"}, {"X-GitHub-Delivery", "bench-" + QByteArray::number(i)},
                                          {"X-Hub-Signature-256", "sha256=" + QMessageAuthenticationCode::hash(body, kSecret, QCryptographicHash::Sha256).toHex()}});
        return r.json().value(QStringLiteral("queued")).toArray().first().toObject().value(QStringLiteral("id")).toInteger();
    };
    const QJsonObject first = waitForBuild(fixture, push(0));
    QElapsedTimer t;
    t.start();
    QProcess::execute(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("cd %1 && rm -rf b && git clone -q --depth 1 file://%2 b && tar czf b.tgz -C b/apps/switchyard-api .")
                                                                        .arg(scratch.path(), git.remote())});
    const double baseline = double(t.nsecsElapsed()) / 1e6;
    // The rebuild: a manual build of the same commit is a job of its own (push vs manual).
    const QJsonObject again = waitForBuild(fixture, manual(commits[0]) );
    const QString again2 = again.value(QStringLiteral("steps")).toArray()[4].toObject().value(QStringLiteral("detail")).toString();
    std::printf("build: native build from scratch, 200 files: %.0f ms (%s); steps:", total(first), qPrintable(first.value(QStringLiteral("state")).toString()));
    for (const auto &s : first.value(QStringLiteral("steps")).toArray())
        std::printf(" %s %.0f", qPrintable(s.toObject().value(QStringLiteral("name")).toString()), s.toObject().value(QStringLiteral("durationMs")).toDouble());
    std::printf(" ms\n");
    std::printf("build: rebuild of the same commit: %.0f ms, same digest: %s, push: %s\n", total(again),
                again.value(QStringLiteral("image")).toObject().value(QStringLiteral("digest")) == first.value(QStringLiteral("image")).toObject().value(QStringLiteral("digest")) ? "yes" : "NO",
                qPrintable(again2));
    std::printf("build: baseline git clone --depth 1 + tar | gzip of the same tree: %.0f ms; ratio scratch / baseline = %.1f, rebuild / baseline = %.1f\n",
                baseline, total(first) / baseline, total(again) / baseline);

    // 1. Webhook to build start, idle worker.
    for (int i = 1; i <= pushes; ++i) {
        git.write(QStringLiteral("apps/switchyard-api/src/touch.py"), QByteArray::number(i));
        commits << git.commitAndPush(QStringLiteral("bench %1").arg(i));
    }
    QList<double> latencies;
    for (int i = 1; i <= pushes; ++i) {
        QTest::qWait(50); // the worker is idle, waiting
        const qint64 sent = QDateTime::currentMSecsSinceEpoch();
        const qint64 id = push(i);
        const QJsonObject b = waitForBuild(fixture, id);
        const QString started = b.value(QStringLiteral("steps")).toArray().first().toObject().value(QStringLiteral("startedAt")).toString();
        latencies << double(QDateTime::fromString(started, Qt::ISODateWithMs).toMSecsSinceEpoch() - sent);
    }
    const QList<double> notify = notifyBaseline(pg, 200);
    std::printf("webhook: %d signed pushes, idle worker: webhook sent -> clone step started p50 %.1f ms, p99 %.1f ms (clock: ms)\n",
                pushes, percentile(latencies, 0.5), percentile(latencies, 0.99));
    std::printf("webhook: baseline bare NOTIFY heard by a LISTENing connection: p50 %.2f ms, p99 %.2f ms\n", percentile(notify, 0.5),
                percentile(notify, 0.99));

    // 2. Queue throughput, with the daemon (and its worker) gone so that only the bench's claim.
    fixture.daemon.reset();
    queueThroughput(pg, 2000);
    return 0;
}
