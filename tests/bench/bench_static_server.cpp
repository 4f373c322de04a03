// The baseline for the ecosystem benchmark: one file served from memory by the same HTTP
// stack encliid uses (Qt HttpServer + our router), so the ratio isolates encliid's own work.
#include "http/HttpServer.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_static_server FILE PORT\n");
        return 2;
    }
    QFile f(QString::fromLocal8Bit(argv[1]));
    if (!f.open(QIODevice::ReadOnly))
        return 1;
    const QByteArray body = f.readAll();
    enclii::http::Router router;
    router.add("GET", QStringLiteral("/static"), [body](const enclii::http::Request &) {
        return enclii::http::Response::raw(body, "application/json");
    });
    enclii::http::HttpServer server(std::move(router), {});
    if (server.listenOn(QHostAddress::LocalHost, quint16(QByteArray(argv[2]).toUInt())) == 0)
        return 1;
    return app.exec();
}
