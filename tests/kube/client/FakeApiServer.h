#pragma once

// A scripted HTTP/1.1 server on loopback (plain or TLS) for the Kubernetes client's tests:
// each request goes to a handler that answers with a whole body, a chunked stream cut into
// given pieces (a watch), a dropped connection or silence. Streams may stay open and be fed
// later, the way a watch is fed as the cluster changes.

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>

class QSslConfiguration;
class QTcpServer;
class QTcpSocket;

namespace enclii::kube::test {

struct FakeRequest
{
    QByteArray method;
    QString path;                         // decoded
    QUrlQuery query;
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QString clientCertificateName; // the TLS client certificate's common name, if any

    QString param(const QString &name) const { return query.queryItemValue(name, QUrl::FullyDecoded); }
    bool hasParam(const QString &name) const { return query.hasQueryItem(name); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QJsonObject json() const;
};

struct FakeReply
{
    enum class Ending {
        Complete, // the whole answer, then the connection closes cleanly
        Drop,     // the pieces, then the connection is cut without the final chunk
        KeepOpen, // the pieces, then the stream stays open for push()/finish()
        Silent,   // no answer at all
        Refuse,   // the connection is closed before any answer
    };

    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;         // sent with Content-Length, unless chunked
    bool chunked = false;    // body sent as `pieces`, Transfer-Encoding: chunked
    QList<QByteArray> pieces;
    int pieceDelayMs = 0;    // between pieces, so they arrive as separate reads
    Ending ending = Ending::Complete;

    static FakeReply json(int status, const QJsonObject &body);
    // A metav1.Status: {"kind":"Status","status":"Failure","code","reason","message","details"}
    static FakeReply failure(int code, const QString &reason, const QString &message,
                            const QJsonObject &details = {});
    static FakeReply stream(QList<QByteArray> pieces, Ending ending, int pieceDelayMs = 0);
};

class FakeApiServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<FakeReply(const FakeRequest &)>;

    explicit FakeApiServer(Handler handler, QObject *parent = nullptr);
    ~FakeApiServer() override;

    bool listen();                                   // plain http on 127.0.0.1
    bool listenTls(const QSslConfiguration &config); // https on 127.0.0.1
    QUrl url() const;
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    const QList<FakeRequest> &requests() const { return m_requests; }
    // Requests with this method whose path starts with pathPrefix, and whose query has
    // `param` when given.
    QList<FakeRequest> requests(const QByteArray &method, const QString &pathPrefix, const QString &param = {}) const;
    void clearRequests() { m_requests.clear(); }

    // Open streams (Ending::KeepOpen): the request that opened each, by id.
    QList<QPair<int, FakeRequest>> openStreams() const;
    void push(int streamId, const QByteArray &piece);
    void finish(int streamId, bool drop);
    int tlsHandshakeFailures() const { return m_tlsFailures; }

private:
    void accept(QTcpSocket *socket);
    void onData(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const FakeRequest &request, const FakeReply &reply);
    void sendPieces(QPointer<QTcpSocket> socket, QList<QByteArray> pieces, int delayMs, FakeReply::Ending ending,
                    FakeRequest request);

    Handler m_handler;
    std::unique_ptr<QTcpServer> m_server;
    QString m_scheme = QStringLiteral("http");
    QList<FakeRequest> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    struct Stream
    {
        QPointer<QTcpSocket> socket;
        FakeRequest request;
    };
    QMap<int, Stream> m_streams;
    int m_nextStream = 1;
    int m_tlsFailures = 0;
};

} // namespace enclii::kube::test
