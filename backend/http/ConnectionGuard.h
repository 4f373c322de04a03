#pragma once

#include <QTcpServer>

namespace enclii::http {

// A QTcpServer whose connections are watched before Qt HttpServer reads them: it follows
// the HTTP/1.1 framing (head, then Content-Length bytes) and answers 413 to a request whose
// declared body is over the limit, 411 to a chunked request body and 431 to an oversized
// head — before the body is buffered. Qt HttpServer 6.4 would otherwise keep any body in
// memory whatever its size.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    GuardedTcpServer(qint64 maxBodyBytes, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    qint64 m_maxBodyBytes;
};

} // namespace enclii::http
