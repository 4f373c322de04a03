#include "SpecRepository.h"

#include "Database.h"
#include "PqxxUtil_p.h"

namespace enclii::store {

using namespace detail;

namespace {

// Any fixed number: the key of the advisory lock every catalog writer holds.
constexpr long long kCatalogLockKey = 0x636174616c6f67; // "catalog"

const char *kRevisionColumns =
    "d.kind, d.name, r.revision, r.content_hash, r.author, r.source,"
    " (extract(epoch FROM r.created_at) * 1000)::bigint";

RevisionInfo revisionInfo(const pqxx::row &r)
{
    return {qstr(r[0]), qstr(r[1]), r[2].as<int>(), qstr(r[3]), qstr(r[4]), qstr(r[5]), timestamp(r[6])};
}

StoredDocument storedDocument(const pqxx::row &r)
{
    return {revisionInfo(r), jsonObject(r[7])};
}

void upsertProjects(pqxx::work &tx, const QList<ProjectRow> &projects)
{
    // Projects the ecosystem no longer names go, unless services still belong to them (those
    // stay until their services are moved; the spec validator reports such services anyway).
    // libpqxx 6 has no array parameters; project names are DNS labels, so a comma list is exact.
    QStringList names;
    for (const auto &p : projects)
        names << p.name;
    tx.exec_params("DELETE FROM projects p WHERE NOT (p.name = ANY(string_to_array($1, ',')))"
                   " AND NOT EXISTS (SELECT 1 FROM services s WHERE s.project = p.name)",
                   str(names.join(u',')));
    for (const auto &p : projects) {
        tx.exec_params(
            "INSERT INTO projects (name, tier, purpose, namespace, deployed) VALUES ($1, $2, $3, NULLIF($4, ''), $5)"
            " ON CONFLICT (name) DO UPDATE SET tier = EXCLUDED.tier, purpose = EXCLUDED.purpose,"
            " namespace = EXCLUDED.namespace, deployed = EXCLUDED.deployed, updated_at = now()"
            " WHERE (projects.tier, projects.purpose, projects.namespace, projects.deployed)"
            "   IS DISTINCT FROM (EXCLUDED.tier, EXCLUDED.purpose, EXCLUDED.namespace, EXCLUDED.deployed)",
            str(p.name), p.tier, str(p.purpose), str(p.namespaceName), p.deployed);
    }
}

ApplyOutcome applyOne(pqxx::work &tx, const DocumentToApply &doc, const QString &author)
{
    ApplyOutcome out{doc.kind, doc.name, 0, false, false};
    const auto inserted = tx.exec_params("INSERT INTO documents (kind, name) VALUES ($1, $2)"
                                         " ON CONFLICT (kind, name) DO NOTHING RETURNING id",
                                         str(doc.kind), str(doc.name));
    out.created = !inserted.empty();
    // The row lock serializes concurrent applies of the same document.
    const auto row = tx.exec_params1("SELECT id, current_revision FROM documents WHERE kind = $1 AND name = $2 FOR UPDATE",
                                     str(doc.kind), str(doc.name));
    const auto id = row[0].as<long long>();
    const int current = row[1].as<int>();
    if (current > 0) {
        const auto hash = tx.exec_params1("SELECT content_hash FROM spec_revisions WHERE document_id = $1 AND revision = $2",
                                          id, current);
        if (qstr(hash[0]) == doc.contentHash) {
            out.revision = current;
            return out;
        }
    }
    out.revision = current + 1;
    out.changed = true;
    tx.exec_params("INSERT INTO spec_revisions (document_id, revision, content, content_hash, author, source)"
                   " VALUES ($1, $2, $3::jsonb, $4, $5, $6)",
                   id, out.revision, jsonText(doc.content), str(doc.contentHash), str(author), str(doc.source));
    tx.exec_params("UPDATE documents SET current_revision = $2, updated_at = now() WHERE id = $1", id, out.revision);
    if (doc.kind == QLatin1String("Service")) {
        tx.exec_params("INSERT INTO services (name, project, namespace, document_id) VALUES ($1, $2, $3, $4)"
                       " ON CONFLICT (name) DO UPDATE SET project = EXCLUDED.project, namespace = EXCLUDED.namespace,"
                       " updated_at = now()",
                       str(doc.name), str(doc.project), str(doc.namespaceName), id);
    }
    QJsonObject detail{{QStringLiteral("revision"), out.revision},
                       {QStringLiteral("contentHash"), doc.contentHash},
                       {QStringLiteral("source"), doc.source}};
    tx.exec_params("INSERT INTO audit_log (actor, action, target, detail) VALUES ($1, 'spec.apply', $2, $3::jsonb)",
                   str(author), str(doc.kind + u'/' + doc.name), jsonText(detail));
    return out;
}

} // namespace

SpecRepository::SpecRepository(Database &db) : m_db(db) {}

QList<ApplyOutcome> SpecRepository::apply(const QList<DocumentToApply> &documents, const QString &author)
{
    return *apply(documents, author, [](const QList<StoredDocument> &) { return true; });
}

std::optional<QList<ApplyOutcome>> SpecRepository::apply(const QList<DocumentToApply> &documents, const QString &author,
                                                          const Check &check)
{
    std::optional<QList<ApplyOutcome>> outcomes;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kCatalogLockKey);
        QList<StoredDocument> current;
        const auto rows = tx.exec(std::string("SELECT ") + kRevisionColumns + ", r.content::text"
                                  " FROM documents d JOIN spec_revisions r"
                                  "   ON r.document_id = d.id AND r.revision = d.current_revision"
                                  " ORDER BY d.kind, d.name");
        for (const auto &r : rows)
            current << storedDocument(r);
        if (!check(current))
            return; // the transaction rolls back with tx
        outcomes.emplace();
        for (const auto &doc : documents) {
            if (doc.kind == QLatin1String("Ecosystem"))
                upsertProjects(tx, doc.projects);
            *outcomes << applyOne(tx, doc, author);
        }
        tx.commit();
    });
    return outcomes;
}

QList<StoredDocument> SpecRepository::current(const QString &kind)
{
    QList<StoredDocument> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_params(std::string("SELECT ") + kRevisionColumns + ", r.content::text"
                                         " FROM documents d JOIN spec_revisions r"
                                         "   ON r.document_id = d.id AND r.revision = d.current_revision"
                                         " WHERE d.kind = $1 ORDER BY d.name",
                                         str(kind));
        for (const auto &r : rows)
            out << storedDocument(r);
    });
    return out;
}

std::optional<StoredDocument> SpecRepository::current(const QString &kind, const QString &name)
{
    std::optional<StoredDocument> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_params(std::string("SELECT ") + kRevisionColumns + ", r.content::text"
                                         " FROM documents d JOIN spec_revisions r"
                                         "   ON r.document_id = d.id AND r.revision = d.current_revision"
                                         " WHERE d.kind = $1 AND d.name = $2",
                                         str(kind), str(name));
        if (!rows.empty())
            out = storedDocument(rows[0]);
    });
    return out;
}

QList<RevisionInfo> SpecRepository::history(const QString &kind, const QString &name)
{
    QList<RevisionInfo> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_params(std::string("SELECT ") + kRevisionColumns +
                                             " FROM documents d JOIN spec_revisions r ON r.document_id = d.id"
                                             " WHERE d.kind = $1 AND d.name = $2 ORDER BY r.revision DESC",
                                         str(kind), str(name));
        for (const auto &r : rows)
            out << revisionInfo(r);
    });
    return out;
}

std::optional<StoredDocument> SpecRepository::revision(const QString &kind, const QString &name, int revision)
{
    std::optional<StoredDocument> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_params(std::string("SELECT ") + kRevisionColumns + ", r.content::text"
                                         " FROM documents d JOIN spec_revisions r ON r.document_id = d.id"
                                         " WHERE d.kind = $1 AND d.name = $2 AND r.revision = $3",
                                         str(kind), str(name), revision);
        if (!rows.empty())
            out = storedDocument(rows[0]);
    });
    return out;
}

QList<ProjectRow> SpecRepository::projects()
{
    QList<ProjectRow> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec("SELECT name, tier, purpose, namespace, deployed,"
                                  " (extract(epoch FROM updated_at) * 1000)::bigint FROM projects ORDER BY tier, name");
        for (const auto &r : rows)
            out << ProjectRow{qstr(r[0]), r[1].as<int>(), qstr(r[2]), qstr(r[3]), r[4].as<bool>(), timestamp(r[5])};
    });
    return out;
}

std::optional<ProjectRow> SpecRepository::project(const QString &name)
{
    std::optional<ProjectRow> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_params("SELECT name, tier, purpose, namespace, deployed,"
                                         " (extract(epoch FROM updated_at) * 1000)::bigint FROM projects WHERE name = $1",
                                         str(name));
        if (!rows.empty())
            out = ProjectRow{qstr(rows[0][0]), rows[0][1].as<int>(), qstr(rows[0][2]), qstr(rows[0][3]),
                             rows[0][4].as<bool>(), timestamp(rows[0][5])};
    });
    return out;
}

qint64 SpecRepository::generation()
{
    qint64 g = 0;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        g = tx.exec("SELECT coalesce(max(id), 0) FROM spec_revisions")[0][0].as<long long>();
    });
    return g;
}

} // namespace enclii::store
