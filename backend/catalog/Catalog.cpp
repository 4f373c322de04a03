#include "Catalog.h"

#include "spec/SpecJson.h"
#include "spec/SpecLoader.h"

#include <QDir>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace enclii::catalog {

namespace {

QList<store::ProjectRow> projectRows(const core::EcosystemSpec &eco)
{
    QList<store::ProjectRow> rows;
    for (const auto &r : eco.repos)
        rows << store::ProjectRow{r.name, r.tier, r.purpose, r.namespaceName, r.deployed, {}};
    return rows;
}

store::DocumentToApply serviceDocument(const core::ServiceSpec &s, const QString &source)
{
    const QJsonObject json = spec::toJson(s);
    store::DocumentToApply doc;
    doc.kind = QStringLiteral("Service");
    doc.name = s.name;
    doc.content = json;
    doc.contentHash = spec::contentHash(json);
    doc.source = source;
    doc.project = s.project;
    doc.namespaceName = s.namespaceName;
    return doc;
}

} // namespace

Catalog::Catalog(store::Database &db, int refreshIntervalMs) : m_repo(db), m_refreshIntervalMs(refreshIntervalMs) {}

Catalog::ImportReport Catalog::importDirectory(const QString &dir, const QString &author)
{
    ImportReport report;
    const spec::LoadResult loaded = spec::SpecLoader().loadDirectory(dir);
    report.diagnostics = loaded.diagnostics;
    if (!loaded.ok())
        return report;

    const QDir base(dir);
    auto where = [&](const spec::SourceLocation &l) {
        return base.relativeFilePath(l.file) + u':' + QString::number(l.line);
    };
    QList<store::DocumentToApply> docs;
    const QJsonObject eco = spec::toJson(loaded.specs.ecosystem);
    store::DocumentToApply ecoDoc;
    ecoDoc.kind = QStringLiteral("Ecosystem");
    ecoDoc.name = loaded.specs.ecosystem.name;
    ecoDoc.content = eco;
    ecoDoc.contentHash = spec::contentHash(eco);
    ecoDoc.source = where(loaded.ecosystemLocation);
    ecoDoc.projects = projectRows(loaded.specs.ecosystem);
    docs << ecoDoc;
    QList<core::ServiceSpec> services = loaded.specs.services;
    std::sort(services.begin(), services.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    for (const auto &s : services)
        docs << serviceDocument(s, where(loaded.serviceLocations.value(s.name)));

    const auto outcomes = m_repo.apply(docs, author);
    report.documents = int(outcomes.size());
    report.changed = int(std::count_if(outcomes.begin(), outcomes.end(), [](const auto &o) { return o.changed; }));
    if (report.changed > 0)
        invalidate();
    return report;
}

Catalog::ApplyReport Catalog::applyService(const QString &name, const QByteArray &body, const QString &author)
{
    ApplyReport report;
    const QString label = QStringLiteral("request body");
    spec::LoadResult incoming;
    spec::SpecLoader().loadText(body, label, incoming);
    auto fail = [&](const QString &field, const QString &message) {
        core::Diagnostic d;
        d.file = label;
        d.field = field;
        d.message = message;
        report.diagnostics << d;
        return report;
    };
    if (!incoming.ok()) {
        report.diagnostics = incoming.diagnostics;
        return report;
    }
    if (incoming.ecosystemDocuments > 0 || incoming.specs.services.size() != 1)
        return fail(QStringLiteral("kind"), QStringLiteral("the body must hold exactly one Service document"));
    const core::ServiceSpec &svc = incoming.specs.services.first();
    if (svc.name != name)
        return fail(QStringLiteral("metadata.name"),
                    QStringLiteral("\"%1\" differs from the name in the URL, \"%2\"; they must be equal").arg(svc.name, name));

    // Validate the set as it would be after this apply, against the documents as they are
    // inside the write transaction (under the catalog lock), so no concurrent writer can slip
    // a conflicting document in between the check and the write.
    const auto outcomes = m_repo.apply({serviceDocument(svc, QStringLiteral("api"))}, author,
                                       [&](const QList<store::StoredDocument> &stored) {
        const auto current = parseStored(stored);
        if (!current->hasEcosystem) {
            report.status = ApplyReport::Status::NoEcosystem;
            return false;
        }
        spec::LoadResult combined;
        combined.specs = current->specs;
        combined.ecosystemDocuments = 1;
        combined.ecosystemLocation = {QStringLiteral("stored Ecosystem/") + current->specs.ecosystem.name, 0, 0};
        for (const auto &s : combined.specs.services)
            combined.serviceLocations.insert(s.name, {QStringLiteral("stored Service/") + s.name, 0, 0});
        // The incoming document goes last, so a conflict (a domain already taken) is reported
        // against it rather than against the stored service that had it first.
        combined.specs.services.removeIf([&](const core::ServiceSpec &s) { return s.name == name; });
        combined.specs.services << svc;
        combined.serviceLocations.insert(name, incoming.serviceLocations.value(name));
        spec::validateSpecSet(combined);
        for (const auto &d : combined.diagnostics)
            if (d.isError())
                report.diagnostics << d;
        return report.diagnostics.isEmpty();
    });
    if (!outcomes) {
        if (report.status == ApplyReport::Status::NoEcosystem)
            return fail(QString(), QStringLiteral("no Ecosystem document is stored yet; import the specs folder first"));
        report.status = ApplyReport::Status::Invalid;
        return report;
    }
    report.outcome = outcomes->value(0);
    report.status = report.outcome.changed ? ApplyReport::Status::Applied : ApplyReport::Status::Unchanged;
    if (report.outcome.changed)
        invalidate();
    return report;
}

std::shared_ptr<const Snapshot> Catalog::snapshot()
{
    QMutexLocker lock(&m_mutex);
    if (m_snapshot && m_lastCheck.isValid() && m_lastCheck.elapsed() < m_refreshIntervalMs)
        return m_snapshot;
    const qint64 generation = m_repo.generation();
    m_lastCheck.start();
    if (!m_snapshot || m_snapshot->generation != generation)
        m_snapshot = load();
    return m_snapshot;
}

void Catalog::invalidate()
{
    QMutexLocker lock(&m_mutex);
    m_snapshot.reset();
}

std::shared_ptr<const Snapshot> Catalog::load()
{
    const qint64 generation = m_repo.generation();
    QList<store::StoredDocument> documents = m_repo.current(QStringLiteral("Ecosystem"));
    documents += m_repo.current(QStringLiteral("Service"));
    auto snap = parseStored(documents);
    snap->generation = generation;
    return snap;
}

std::shared_ptr<Snapshot> Catalog::parseStored(const QList<store::StoredDocument> &documents)
{
    auto snap = std::make_shared<Snapshot>();
    // Stored documents were valid when written; the limits here only guard the parser, so
    // they are far wider than a spec file's (the canonical JSON of a large spec is bigger).
    spec::YamlLimits limits;
    limits.maxBytes = 16 << 20;
    limits.maxNodes = 1000000;
    const spec::SpecLoader loader(limits);
    spec::LoadResult parsed;
    for (const auto &doc : documents) {
        const QString label = doc.info.kind + u'/' + doc.info.name;
        if (doc.info.kind != QLatin1String("Ecosystem") && doc.info.kind != QLatin1String("Service"))
            continue;
        loader.loadText(spec::canonicalBytes(doc.content), QStringLiteral("stored ") + label, parsed);
        if (doc.info.kind == QLatin1String("Ecosystem"))
            snap->ecosystemRevision = doc.info.revision;
        else
            snap->revisions.insert(doc.info.name, doc.info.revision);
    }
    for (const auto &d : parsed.diagnostics)
        if (d.isError())
            spdlog::error("a stored document no longer loads: {}", d.toString().toStdString());
    snap->specs = parsed.specs;
    snap->hasEcosystem = parsed.ecosystemDocuments > 0;
    return snap;
}

} // namespace enclii::catalog
