#include "StripeTestServer.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUrl>

namespace enclii::test {

namespace {

constexpr qsizetype kMaxRequest = 1 << 20;

using Params = QList<QPair<QString, QString>>;

struct Answer
{
    int status = 200;
    QJsonObject body;
    bool save = true; // saved for its idempotency key (validation failures are not)
};

Answer stripeError(int status, const QString &type, const QString &message, const QString &code = {}, const QString &param = {},
                   bool save = false)
{
    QJsonObject e{{QStringLiteral("type"), type}, {QStringLiteral("message"), message}};
    if (!code.isEmpty())
        e.insert(QStringLiteral("code"), code);
    if (!param.isEmpty())
        e.insert(QStringLiteral("param"), param);
    return {status, QJsonObject{{QStringLiteral("error"), e}}, save};
}

Params parseForm(const QByteArray &body)
{
    Params out;
    for (const QByteArray &pair : body.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        auto decode = [](QByteArray s) { return QUrl::fromPercentEncoding(s.replace('+', ' ')); };
        out.append({decode(pair.left(eq)), eq < 0 ? QString() : decode(pair.mid(eq + 1))});
    }
    return out;
}

} // namespace

struct StripeTestServer::Private : QObject
{
    QByteArray key;
    QThread thread;
    QTcpServer *server = nullptr; // lives on `thread`
    quint16 port = 0;
    mutable QMutex mutex;
    QHash<QString, QJsonObject> objects; // id -> object
    QHash<QString, int> counters;
    struct Saved
    {
        QByteArray method;
        QString path;
        Params params;
        Answer answer;
    };
    QHash<QString, Saved> idempotency;
    QString dropPrefix;
    int dropCount = 0;
    int failCount = 0;
    int failStatus = 500;
    int requestCount = 0;
    QStringList keys;

    QString newId(const QString &prefix)
    {
        return QStringLiteral("%1_%2").arg(prefix).arg(++counters[prefix], 6, 10, QLatin1Char('0'));
    }

    void start()
    {
        server = new QTcpServer(this);
        server->listen(QHostAddress::LocalHost, 0);
        port = server->serverPort();
        connect(server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = server->nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { serve(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }

    void serve(QTcpSocket *s)
    {
        QByteArray buffer = s->property("buffer").toByteArray() + s->readAll();
        for (;;) {
            const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd < 0 || buffer.size() > kMaxRequest) {
                if (buffer.size() > kMaxRequest)
                    s->abort();
                break;
            }
            const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            QHash<QByteArray, QByteArray> headers;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = headers.value("content-length", "0").toLongLong();
            if (length < 0 || length > kMaxRequest) {
                s->abort();
                return;
            }
            if (buffer.size() < headEnd + 4 + length)
                break;
            const QByteArray body = buffer.mid(headEnd + 4, length);
            buffer.remove(0, headEnd + 4 + length);
            bool drop = false;
            bool replayed = false;
            const Answer a = handle(requestLine.value(0), QUrl(QString::fromLatin1(requestLine.value(1))).path(), headers, body, &drop, &replayed);
            if (drop) {
                s->abort();
                return;
            }
            const QByteArray json = QJsonDocument(a.body).toJson(QJsonDocument::Compact);
            QByteArray out = "HTTP/1.1 " + QByteArray::number(a.status) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
                             QByteArray::number(json.size()) + "\r\n";
            if (replayed)
                out += "Idempotent-Replayed: true\r\n";
            s->write(out + "\r\n" + json);
        }
        s->setProperty("buffer", buffer);
    }

    Answer handle(const QByteArray &method, const QString &path, const QHash<QByteArray, QByteArray> &headers, const QByteArray &body,
                  bool *drop, bool *replayed)
    {
        QMutexLocker lock(&mutex);
        ++requestCount;
        const bool post = method == "POST";
        const QString idemKey = post ? QString::fromUtf8(headers.value("idempotency-key")) : QString();
        if (post)
            keys << idemKey;
        if (failCount > 0) {
            --failCount;
            return stripeError(failStatus, QStringLiteral("api_error"), QStringLiteral("An unexpected error occurred."));
        }
        if (headers.value("authorization") != "Bearer " + key)
            return stripeError(401, QStringLiteral("invalid_request_error"),
                               QStringLiteral("Invalid API Key provided: %1****").arg(QString::fromLatin1(headers.value("authorization").mid(7, 8))));
        if (post && !headers.value("content-type").startsWith("application/x-www-form-urlencoded"))
            return stripeError(400, QStringLiteral("invalid_request_error"), QStringLiteral("Invalid request: send form-encoded parameters."));
        Params params = post ? parseForm(body) : Params{};
        std::sort(params.begin(), params.end());
        if (!idemKey.isEmpty()) {
            if (const auto it = idempotency.constFind(idemKey); it != idempotency.cend()) {
                if (it->method != method || it->path != path || it->params != params)
                    return stripeError(400, QStringLiteral("idempotency_error"),
                                       QStringLiteral("Keys for idempotent requests can only be used with the same parameters they were "
                                                      "first used with. Try using a key other than '%1' if you meant to execute a different "
                                                      "request.").arg(idemKey));
                *replayed = true;
                consumeDrop(path, drop);
                return it->answer;
            }
        }
        const Answer a = route(method, path, params);
        if (!idemKey.isEmpty() && a.save)
            idempotency.insert(idemKey, Saved{method, path, params, a});
        consumeDrop(path, drop);
        return a;
    }

    void consumeDrop(const QString &path, bool *drop)
    {
        if (dropCount > 0 && path.startsWith(dropPrefix)) {
            --dropCount;
            *drop = true;
        }
    }

    // Checks params against the allowed names (metadata[...] always allowed).
    static std::optional<Answer> unknownParam(const Params &params, const QStringList &allowed)
    {
        for (const auto &[k, v] : params)
            if (!allowed.contains(k) && !k.startsWith(QLatin1String("metadata[")))
                return stripeError(400, QStringLiteral("invalid_request_error"), QStringLiteral("Received unknown parameter: %1").arg(k),
                                   QStringLiteral("parameter_unknown"), k);
        return std::nullopt;
    }

    static QString value(const Params &params, const QString &name)
    {
        for (const auto &[k, v] : params)
            if (k == name)
                return v;
        return {};
    }

    static QJsonObject metadata(const Params &params)
    {
        QJsonObject m;
        for (const auto &[k, v] : params)
            if (k.startsWith(QLatin1String("metadata[")) && k.endsWith(u']'))
                m.insert(k.mid(9, k.size() - 10), v);
        return m;
    }

    Answer missing(const QString &param)
    {
        return stripeError(400, QStringLiteral("invalid_request_error"), QStringLiteral("Missing required param: %1.").arg(param),
                           QStringLiteral("parameter_missing"), param);
    }

    Answer noSuch(const QString &id, const QString &param, int status)
    {
        return stripeError(status, QStringLiteral("invalid_request_error"), QStringLiteral("No such object: '%1'").arg(id),
                           QStringLiteral("resource_missing"), param);
    }

    Answer route(const QByteArray &method, const QString &path, const Params &p)
    {
        const QStringList seg = path.split(u'/', Qt::SkipEmptyParts); // v1, kind, id, action
        if (method == "GET" && seg.size() == 3 && objects.contains(seg[2]))
            return {200, objects.value(seg[2]), false};
        if (method == "GET" && seg.size() == 3)
            return noSuch(seg[2], {}, 404);
        if (method != "POST")
            return stripeError(404, QStringLiteral("invalid_request_error"), QStringLiteral("Unrecognized request URL (%1: %2).")
                                                                                  .arg(QString::fromLatin1(method), path));
        if (path == QLatin1String("/v1/customers")) {
            if (auto bad = unknownParam(p, {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("email")}))
                return *bad;
            const QString id = newId(QStringLiteral("cus"));
            objects.insert(id, {{QStringLiteral("id"), id}, {QStringLiteral("object"), QStringLiteral("customer")},
                                {QStringLiteral("name"), value(p, QStringLiteral("name"))}, {QStringLiteral("metadata"), metadata(p)}});
            return {200, objects.value(id)};
        }
        if (path == QLatin1String("/v1/invoices")) {
            if (auto bad = unknownParam(p, {QStringLiteral("customer"), QStringLiteral("currency"), QStringLiteral("description"),
                                            QStringLiteral("auto_advance"), QStringLiteral("pending_invoice_items_behavior")}))
                return *bad;
            const QString customer = value(p, QStringLiteral("customer"));
            if (customer.isEmpty())
                return missing(QStringLiteral("customer"));
            if (!objects.contains(customer))
                return noSuch(customer, QStringLiteral("customer"), 400);
            const QString id = newId(QStringLiteral("in"));
            objects.insert(id, {{QStringLiteral("id"), id}, {QStringLiteral("object"), QStringLiteral("invoice")},
                                {QStringLiteral("customer"), customer}, {QStringLiteral("currency"), value(p, QStringLiteral("currency"))},
                                {QStringLiteral("status"), QStringLiteral("draft")}, {QStringLiteral("total"), 0},
                                {QStringLiteral("amount_due"), 0}, {QStringLiteral("metadata"), metadata(p)}});
            return {200, objects.value(id)};
        }
        if (path == QLatin1String("/v1/invoiceitems")) {
            if (auto bad = unknownParam(p, {QStringLiteral("customer"), QStringLiteral("invoice"), QStringLiteral("amount"),
                                            QStringLiteral("currency"), QStringLiteral("description")}))
                return *bad;
            for (const char *required : {"customer", "amount", "currency"})
                if (value(p, QString::fromLatin1(required)).isEmpty())
                    return missing(QString::fromLatin1(required));
            bool ok = false;
            const qint64 amount = value(p, QStringLiteral("amount")).toLongLong(&ok);
            if (!ok)
                return stripeError(400, QStringLiteral("invalid_request_error"), QStringLiteral("Invalid integer: %1").arg(value(p, QStringLiteral("amount"))),
                                   QStringLiteral("parameter_invalid_integer"), QStringLiteral("amount"));
            const QString invoice = value(p, QStringLiteral("invoice"));
            if (!invoice.isEmpty() && !objects.contains(invoice))
                return noSuch(invoice, QStringLiteral("invoice"), 400);
            if (!invoice.isEmpty() && objects[invoice].value(QStringLiteral("status")) != QLatin1String("draft"))
                return stripeError(400, QStringLiteral("invalid_request_error"), QStringLiteral("Invoice items can only be added to draft invoices."),
                                   QStringLiteral("invoice_not_editable"), QStringLiteral("invoice"), true);
            const QString id = newId(QStringLiteral("ii"));
            objects.insert(id, {{QStringLiteral("id"), id}, {QStringLiteral("object"), QStringLiteral("invoiceitem")},
                                {QStringLiteral("customer"), value(p, QStringLiteral("customer"))}, {QStringLiteral("invoice"), invoice},
                                {QStringLiteral("amount"), double(amount)}, {QStringLiteral("currency"), value(p, QStringLiteral("currency"))},
                                {QStringLiteral("description"), value(p, QStringLiteral("description"))}});
            if (!invoice.isEmpty()) {
                QJsonObject &inv = objects[invoice];
                const double total = inv.value(QStringLiteral("total")).toDouble() + double(amount);
                inv.insert(QStringLiteral("total"), total);
                inv.insert(QStringLiteral("amount_due"), std::max(0.0, total));
            }
            return {200, objects.value(id)};
        }
        if (seg.size() == 4 && seg[1] == QLatin1String("invoices")) {
            if (!objects.contains(seg[2]))
                return noSuch(seg[2], {}, 404);
            QJsonObject &inv = objects[seg[2]];
            const QString status = inv.value(QStringLiteral("status")).toString();
            if (seg[3] == QLatin1String("finalize")) {
                if (auto bad = unknownParam(p, {QStringLiteral("auto_advance")}))
                    return *bad;
                if (status != QLatin1String("draft"))
                    return stripeError(400, QStringLiteral("invalid_request_error"), QStringLiteral("This invoice is already finalized."),
                                       QStringLiteral("invoice_not_editable"), {}, true);
                inv.insert(QStringLiteral("status"), QStringLiteral("open"));
                return {200, inv};
            }
            if (seg[3] == QLatin1String("void")) {
                if (status != QLatin1String("open") && status != QLatin1String("uncollectible"))
                    return stripeError(400, QStringLiteral("invalid_request_error"),
                                       QStringLiteral("You can only void open or uncollectible invoices."), QStringLiteral("invoice_not_editable"), {}, true);
                inv.insert(QStringLiteral("status"), QStringLiteral("void"));
                return {200, inv};
            }
        }
        return stripeError(404, QStringLiteral("invalid_request_error"), QStringLiteral("Unrecognized request URL (POST: %1).").arg(path));
    }
};

StripeTestServer::StripeTestServer(QByteArray secretKey) : d(std::make_unique<Private>())
{
    d->key = std::move(secretKey);
    d->moveToThread(&d->thread);
    d->thread.start();
    QMetaObject::invokeMethod(d.get(), [this] { d->start(); }, Qt::BlockingQueuedConnection);
}

StripeTestServer::~StripeTestServer()
{
    QMetaObject::invokeMethod(d.get(), [this] {
        delete d->server; // its sockets go with it, on their own thread
        d->server = nullptr;
    }, Qt::BlockingQueuedConnection);
    d->thread.quit();
    d->thread.wait();
}

bool StripeTestServer::isListening() const
{
    return d->port != 0;
}

QString StripeTestServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(d->port);
}

void StripeTestServer::dropResponses(const QString &pathPrefix, int count)
{
    QMutexLocker lock(&d->mutex);
    d->dropPrefix = pathPrefix;
    d->dropCount = count;
}

void StripeTestServer::failRequests(int count, int status)
{
    QMutexLocker lock(&d->mutex);
    d->failCount = count;
    d->failStatus = status;
}

int StripeTestServer::count(const QString &object) const
{
    QMutexLocker lock(&d->mutex);
    int n = 0;
    for (const QJsonObject &o : d->objects)
        n += o.value(QStringLiteral("object")).toString() == object;
    return n;
}

QJsonObject StripeTestServer::object(const QString &id) const
{
    QMutexLocker lock(&d->mutex);
    return d->objects.value(id);
}

QList<QJsonObject> StripeTestServer::itemsOf(const QString &invoiceId) const
{
    QMutexLocker lock(&d->mutex);
    QList<QJsonObject> out;
    for (const QJsonObject &o : d->objects)
        if (o.value(QStringLiteral("object")) == QLatin1String("invoiceitem") && o.value(QStringLiteral("invoice")) == invoiceId)
            out << o;
    std::sort(out.begin(), out.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("id")).toString() < b.value(QStringLiteral("id")).toString();
    });
    return out;
}

int StripeTestServer::requests() const
{
    QMutexLocker lock(&d->mutex);
    return d->requestCount;
}

QStringList StripeTestServer::idempotencyKeys() const
{
    QMutexLocker lock(&d->mutex);
    return d->keys;
}

bool StripeTestServer::pay(const QString &invoiceId)
{
    QMutexLocker lock(&d->mutex);
    if (d->objects.value(invoiceId).value(QStringLiteral("status")) != QLatin1String("open"))
        return false;
    d->objects[invoiceId].insert(QStringLiteral("status"), QStringLiteral("paid"));
    return true;
}

} // namespace enclii::test
