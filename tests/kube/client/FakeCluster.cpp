#include "FakeCluster.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace enclii::kube::test {

namespace {

// Leaf paths are kept as key lists joined by a character no key holds (label keys hold dots).
const QChar kSep(0x1f);

QString shownPath(const QString &key)
{
    return QLatin1Char('.') + key.split(kSep).join(QLatin1Char('.'));
}

QStringList segments(const QString &path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

// /api/v1/<plural>, /api/v1/namespaces/<ns>/<plural>, /apis/<g>/<v>/...: an odd number of
// segments after the group-version is a collection, an even one an object.
bool isCollection(const QString &path)
{
    const QStringList s = segments(path);
    const int base = s.value(0) == QLatin1String("api") ? 2 : 3;
    return (s.size() - base) % 2 == 1;
}

QString collectionOf(const QString &objectPath)
{
    return objectPath.section(QLatin1Char('/'), 0, -2);
}

QJsonObject details(const QString &path)
{
    const QStringList s = segments(path);
    const bool object = !isCollection(path);
    return {{QStringLiteral("name"), object ? s.last() : QString()},
            {QStringLiteral("group"), s.value(0) == QLatin1String("apis") ? s.value(1) : QString()},
            {QStringLiteral("kind"), object ? s.value(s.size() - 2) : s.last()}};
}

const QSet<QString> &unownedMetadata()
{
    static const QSet<QString> keys{QStringLiteral("name"), QStringLiteral("namespace"),
                                    QStringLiteral("resourceVersion"), QStringLiteral("uid"),
                                    QStringLiteral("managedFields"), QStringLiteral("creationTimestamp"),
                                    QStringLiteral("deletionTimestamp"), QStringLiteral("generation")};
    return keys;
}

void leaves(const QJsonObject &o, const QString &prefix, QMap<QString, QJsonValue> *out)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (prefix.isEmpty() && (it.key() == QLatin1String("apiVersion") || it.key() == QLatin1String("kind")
                                 || it.key() == QLatin1String("status")))
            continue;
        if (prefix == QLatin1String("metadata") && unownedMetadata().contains(it.key()))
            continue;
        const QString key = prefix.isEmpty() ? it.key() : prefix + kSep + it.key();
        if (it->isObject() && !it->toObject().isEmpty())
            leaves(it->toObject(), key, out);
        else
            out->insert(key, *it);
    }
}

QJsonValue valueAt(const QJsonObject &o, const QStringList &path)
{
    QJsonValue v = o;
    for (const QString &k : path)
        v = v.toObject().value(k);
    return v;
}

void removeAt(QJsonObject &o, QStringList path)
{
    const QString head = path.takeFirst();
    if (path.isEmpty()) {
        o.remove(head);
        return;
    }
    QJsonObject child = o.value(head).toObject();
    removeAt(child, path);
    o.insert(head, child);
}

QJsonObject merged(QJsonObject base, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it->isObject() && base.value(it.key()).isObject())
            base.insert(it.key(), merged(base.value(it.key()).toObject(), it->toObject()));
        else
            base.insert(it.key(), *it);
    }
    return base;
}

bool matchesSelector(const QString &selector, const QJsonObject &object)
{
    const QJsonObject labels = object.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject();
    for (const QString &term : selector.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (term.contains(QLatin1String("!="))) {
            if (labels.value(term.section(QLatin1String("!="), 0, 0)).toString() == term.section(QLatin1String("!="), 1))
                return false;
        } else if (term.contains(QLatin1Char('='))) {
            const QString key = term.section(QLatin1Char('='), 0, 0);
            if (labels.value(key).toString() != term.section(QLatin1Char('='), -1))
                return false;
        } else if (!labels.contains(term)) {
            return false;
        }
    }
    return true;
}

QByteArray eventLine(const char *type, const QJsonObject &object)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("object"), object}})
               .toJson(QJsonDocument::Compact)
        + '\n';
}

QJsonObject withMeta(QJsonObject o, const QString &key, const QJsonValue &value)
{
    QJsonObject meta = o.value(QLatin1String("metadata")).toObject();
    meta.insert(key, value);
    o.insert(QStringLiteral("metadata"), meta);
    return o;
}

QString metaString(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String("metadata")).toObject().value(QLatin1String(key)).toString();
}

} // namespace

FakeReply FakeCluster::handle(const FakeRequest &request)
{
    if (request.method == "PATCH")
        return apply(request);
    if (request.method == "DELETE")
        return remove(request);
    if (request.method == "GET" && isCollection(request.path))
        return request.hasParam(QStringLiteral("watch")) ? watch(request) : list(request);
    if (request.method == "GET")
        return get(request);
    if (request.method == "POST" || request.method == "PUT")
        return write(request);
    return FakeReply::failure(405, QStringLiteral("MethodNotAllowed"), QStringLiteral("the fake does not serve this"));
}

void FakeCluster::record(const QString &path, const char *type, const QJsonObject &object)
{
    const QString collection = collectionOf(path);
    const QByteArray line = eventLine(type, object);
    m_history.append({m_rv, collection, line});
    if (!m_server)
        return;
    for (const auto &[id, req] : m_server->openStreams())
        if (req.path == collection && matchesSelector(req.param(QStringLiteral("labelSelector")), object))
            m_server->push(id, line);
}

QJsonObject FakeCluster::store(const QString &path, Stored stored, const char *eventType)
{
    ++m_rv;
    QJsonArray managed;
    for (auto it = stored.operations.cbegin(); it != stored.operations.cend(); ++it)
        managed.append(QJsonObject{{QStringLiteral("manager"), it.key()}, {QStringLiteral("operation"), it.value()},
                                   {QStringLiteral("fieldsType"), QStringLiteral("FieldsV1")}});
    stored.object = withMeta(stored.object, QStringLiteral("managedFields"), managed);
    stored.object = withMeta(stored.object, QStringLiteral("resourceVersion"), QString::number(m_rv));
    m_objects.insert(path, stored);
    record(path, eventType, stored.object);
    return stored.object;
}

QJsonObject FakeCluster::update(const QString &objectPath, const QJsonObject &patch, const QString &manager)
{
    Stored s = m_objects.value(objectPath);
    const bool created = !m_objects.contains(objectPath);
    s.object = merged(s.object, patch);
    if (created) {
        s.object = withMeta(s.object, QStringLiteral("uid"), QStringLiteral("uid-%1").arg(++m_uid));
        s.object = withMeta(s.object, QStringLiteral("name"), objectPath.section(QLatin1Char('/'), -1));
    }
    QMap<QString, QJsonValue> fields;
    leaves(patch, {}, &fields);
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        s.owners.insert(it.key(), manager);
    s.operations.insert(manager, QStringLiteral("Update"));
    return store(objectPath, s, created ? "ADDED" : "MODIFIED");
}

bool FakeCluster::erase(const QString &objectPath)
{
    if (!m_objects.contains(objectPath))
        return false;
    QJsonObject last = m_objects.take(objectPath).object;
    ++m_rv;
    record(objectPath, "DELETED", withMeta(last, QStringLiteral("resourceVersion"), QString::number(m_rv)));
    return true;
}

void FakeCluster::compact()
{
    m_history.clear();
    m_compactedAt = m_rv;
}

void FakeCluster::bookmark()
{
    const QByteArray line = eventLine("BOOKMARK", QJsonObject{{QStringLiteral("kind"), QStringLiteral("Bookmark")},
                                                              {QStringLiteral("metadata"),
                                                               QJsonObject{{QStringLiteral("resourceVersion"),
                                                                            QString::number(m_rv)}}}});
    for (const auto &[id, req] : m_server->openStreams())
        m_server->push(id, line);
}

FakeReply FakeCluster::apply(const FakeRequest &request)
{
    if (request.header("content-type") != "application/apply-patch+yaml")
        return FakeReply::failure(415, QStringLiteral("UnsupportedMediaType"), QStringLiteral("the fake only applies"));
    const QString manager = request.param(QStringLiteral("fieldManager"));
    if (manager.isEmpty())
        return FakeReply::failure(400, QStringLiteral("BadRequest"),
                                 QStringLiteral("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                                                "is required for apply patch"));
    const QJsonObject body = request.json();
    const QJsonObject meta = body.value(QLatin1String("metadata")).toObject();
    if (meta.contains(QLatin1String("managedFields")))
        return FakeReply::failure(400, QStringLiteral("BadRequest"), QStringLiteral("metadata.managedFields must be nil"));
    if (meta.value(QLatin1String("name")).toString() != request.path.section(QLatin1Char('/'), -1))
        return FakeReply::failure(400, QStringLiteral("BadRequest"),
                                 QStringLiteral("the name of the object does not match the name on the URL"));
    const bool force = request.param(QStringLiteral("force")) == QLatin1String("true");
    const bool dryRun = request.param(QStringLiteral("dryRun")) == QLatin1String("All");
    const bool created = !m_objects.contains(request.path);
    Stored s = m_objects.value(request.path);

    QMap<QString, QJsonValue> fields;
    leaves(body, {}, &fields);
    QJsonArray causes;
    QStringList summary;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        const QString owner = s.owners.value(it.key());
        if (!owner.isEmpty() && owner != manager && valueAt(s.object, it.key().split(kSep)) != it.value()) {
            const QString message = QStringLiteral("conflict with \"%1\"").arg(owner);
            causes.append(QJsonObject{{QStringLiteral("reason"), QStringLiteral("FieldManagerConflict")},
                                      {QStringLiteral("message"), message},
                                      {QStringLiteral("field"), shownPath(it.key())}});
            summary << message + QLatin1String(": ") + shownPath(it.key());
        }
    }
    if (!causes.isEmpty() && !force) {
        QJsonObject d = details(request.path);
        d.insert(QStringLiteral("causes"), causes);
        return FakeReply::failure(409, QStringLiteral("Conflict"),
                                 QStringLiteral("Apply failed with %1 conflict%2: %3")
                                     .arg(causes.size()).arg(causes.size() == 1 ? "" : "s", summary.join(QLatin1Char(','))),
                                 d);
    }
    // Fields this manager applied before and leaves out now are removed (it was their only owner).
    for (auto it = s.owners.begin(); it != s.owners.end();) {
        if (it.value() == manager && !fields.contains(it.key())) {
            removeAt(s.object, it.key().split(kSep));
            it = s.owners.erase(it);
        } else {
            ++it;
        }
    }
    s.object = merged(s.object, body);
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        s.owners.insert(it.key(), manager);
    s.operations.insert(manager, QStringLiteral("Apply"));
    if (created) {
        s.object = withMeta(s.object, QStringLiteral("uid"), QStringLiteral("uid-%1").arg(++m_uid));
        s.object = withMeta(s.object, QStringLiteral("creationTimestamp"),
                            QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    }
    if (dryRun)
        return FakeReply::json(created ? 201 : 200, s.object);
    return FakeReply::json(created ? 201 : 200, store(request.path, s, created ? "ADDED" : "MODIFIED"));
}

FakeReply FakeCluster::get(const FakeRequest &request)
{
    if (!m_objects.contains(request.path))
        return FakeReply::failure(404, QStringLiteral("NotFound"),
                                 QStringLiteral("%1 \"%2\" not found")
                                     .arg(segments(request.path).value(segments(request.path).size() - 2),
                                          request.path.section(QLatin1Char('/'), -1)),
                                 details(request.path));
    return FakeReply::json(200, m_objects.value(request.path).object);
}

FakeReply FakeCluster::list(const FakeRequest &request)
{
    const QString token = request.param(QStringLiteral("continue"));
    if (!token.isEmpty() && m_expireContinue) {
        m_expireContinue = false;
        return FakeReply::failure(410, QStringLiteral("Expired"),
                                 QStringLiteral("The provided continue parameter is too old to display a consistent "
                                                "list result. You can start a new list without the continue "
                                                "parameter."));
    }
    QList<QJsonObject> all;
    for (auto it = m_objects.cbegin(); it != m_objects.cend(); ++it)
        if (collectionOf(it.key()) == request.path
            && matchesSelector(request.param(QStringLiteral("labelSelector")), it->object))
            all.append(it->object);
    const int offset = token.isEmpty() ? 0 : QByteArray::fromBase64(token.toLatin1()).toInt();
    const int limit = request.param(QStringLiteral("limit")).toInt();
    const int end = limit > 0 ? qMin<int>(all.size(), offset + limit) : all.size();
    QJsonArray items;
    for (int i = offset; i < end; ++i) {
        QJsonObject item = all[i];
        item.remove(QStringLiteral("apiVersion")); // list items come without them
        item.remove(QStringLiteral("kind"));
        items.append(item);
    }
    QJsonObject meta{{QStringLiteral("resourceVersion"), QString::number(m_rv)}};
    if (end < all.size()) {
        meta.insert(QStringLiteral("continue"), QString::fromLatin1(QByteArray::number(end).toBase64()));
        meta.insert(QStringLiteral("remainingItemCount"), all.size() - end);
    }
    return FakeReply::json(200, {{QStringLiteral("kind"), QStringLiteral("List")},
                                 {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                 {QStringLiteral("metadata"), meta},
                                 {QStringLiteral("items"), items}});
}

FakeReply FakeCluster::watch(const FakeRequest &request)
{
    const QString rvParam = request.param(QStringLiteral("resourceVersion"));
    const qint64 from = rvParam.toLongLong();
    const QString selector = request.param(QStringLiteral("labelSelector"));
    QByteArray backlog;
    QList<QByteArray> lines;
    if (!rvParam.isEmpty() && from < m_compactedAt) {
        const QJsonObject status{{QStringLiteral("kind"), QStringLiteral("Status")},
                                 {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                 {QStringLiteral("status"), QStringLiteral("Failure")},
                                 {QStringLiteral("message"),
                                  QStringLiteral("too old resource version: %1 (%2)").arg(from).arg(m_compactedAt)},
                                 {QStringLiteral("reason"), QStringLiteral("Expired")},
                                 {QStringLiteral("code"), 410}};
        return FakeReply::stream({eventLine("ERROR", status)}, FakeReply::Ending::Complete);
    }
    if (rvParam.isEmpty() || rvParam == QLatin1String("0")) {
        for (auto it = m_objects.cbegin(); it != m_objects.cend(); ++it)
            if (collectionOf(it.key()) == request.path && matchesSelector(selector, it->object))
                lines << eventLine("ADDED", it->object);
    } else {
        for (const Event &e : std::as_const(m_history))
            if (e.rv > from && e.collection == request.path
                && matchesSelector(selector, QJsonDocument::fromJson(e.line).object()
                                                 .value(QLatin1String("object")).toObject()))
                lines << e.line;
    }
    for (const QByteArray &l : std::as_const(lines))
        backlog += l;
    return FakeReply::stream(splitBacklog ? splitBacklog(backlog) : lines, watchEnding, pieceDelayMs);
}

FakeReply FakeCluster::write(const FakeRequest &request)
{
    const QJsonObject body = request.json();
    const QString name = metaString(body, "name");
    const bool create = request.method == "POST";
    const QString path = create ? request.path + QLatin1Char('/') + name : request.path;
    if (create && m_objects.contains(path))
        return FakeReply::failure(409, QStringLiteral("AlreadyExists"), QStringLiteral("\"%1\" already exists").arg(name),
                                 details(path));
    if (!create && !m_objects.contains(path))
        return get(request);
    const QString expected = metaString(body, "resourceVersion");
    if (!create && !expected.isEmpty() && expected != metaString(m_objects.value(path).object, "resourceVersion"))
        return FakeReply::failure(409, QStringLiteral("Conflict"),
                                 QStringLiteral("Operation cannot be fulfilled on %1 \"%2\": the object has been "
                                                "modified; please apply your changes to the latest version and try again")
                                     .arg(details(path).value(QLatin1String("kind")).toString(), name),
                                 details(path));
    Stored s;
    s.object = withMeta(body, QStringLiteral("uid"),
                        create ? QStringLiteral("uid-%1").arg(++m_uid) : metaString(m_objects.value(path).object, "uid"));
    s.operations.insert(QStringLiteral("enclii"), QStringLiteral("Update"));
    return FakeReply::json(create ? 201 : 200, store(path, s, create ? "ADDED" : "MODIFIED"));
}

FakeReply FakeCluster::remove(const FakeRequest &request)
{
    if (!m_objects.contains(request.path))
        return get(request); // the same 404
    const QJsonObject options = request.json();
    const QJsonObject object = m_objects.value(request.path).object;
    const QJsonObject pre = options.value(QLatin1String("preconditions")).toObject();
    const QString uid = metaString(object, "uid");
    const QString rv = metaString(object, "resourceVersion");
    if ((pre.contains(QLatin1String("uid")) && pre.value(QLatin1String("uid")).toString() != uid)
        || (pre.contains(QLatin1String("resourceVersion")) && pre.value(QLatin1String("resourceVersion")).toString() != rv))
        return FakeReply::failure(409, QStringLiteral("Conflict"),
                                 QStringLiteral("Precondition failed: UID in precondition: %1, UID in object meta: %2")
                                     .arg(pre.value(QLatin1String("uid")).toString(), uid),
                                 details(request.path));
    if (options.value(QLatin1String("dryRun")).toArray().contains(QStringLiteral("All")))
        return FakeReply::json(200, object);
    const QString policy = options.value(QLatin1String("propagationPolicy")).toString();
    if (policy == QLatin1String("Foreground") || policy == QLatin1String("Orphan")) {
        // The object is returned while its finalizer holds it; with no dependents it goes at once.
        QJsonObject held = withMeta(object, QStringLiteral("deletionTimestamp"),
                                    QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        held = withMeta(held, QStringLiteral("finalizers"),
                        QJsonArray{policy == QLatin1String("Foreground") ? QStringLiteral("foregroundDeletion")
                                                                         : QStringLiteral("orphan")});
        erase(request.path);
        return FakeReply::json(200, held);
    }
    erase(request.path);
    QJsonObject d = details(request.path);
    d.insert(QStringLiteral("uid"), uid);
    return FakeReply::json(200, {{QStringLiteral("kind"), QStringLiteral("Status")},
                                 {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                 {QStringLiteral("status"), QStringLiteral("Success")},
                                 {QStringLiteral("details"), d}});
}

} // namespace enclii::kube::test
