#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace enclii::store {

class Database;

struct RevisionInfo
{
    QString kind;
    QString name;
    int revision = 0;
    QString contentHash;
    QString author;
    QString source;
    QDateTime createdAt;
};

struct StoredDocument
{
    RevisionInfo info;
    QJsonObject content;
};

struct ProjectRow
{
    QString name;
    int tier = 0;
    QString purpose;
    QString namespaceName;
    bool deployed = true;
    QDateTime updatedAt;
};

// A document to store: its canonical JSON and hash (spec/SpecJson). For a Service, the
// project and namespace fill the services table; for the Ecosystem, projects are given.
struct DocumentToApply
{
    QString kind;
    QString name;
    QJsonObject content;
    QString contentHash;
    QString source; // "specs/services/janua.yaml:12" or "api"
    QString project;
    QString namespaceName;
    QList<ProjectRow> projects; // with kind Ecosystem
};

struct ApplyOutcome
{
    QString kind;
    QString name;
    int revision = 0;   // the current revision after the apply
    bool changed = false;
    bool created = false;
};

// Spec documents and their revisions, services and projects.
class SpecRepository
{
public:
    explicit SpecRepository(Database &db);

    // Applies the documents in one transaction, in order (put the Ecosystem first): a
    // document whose content hash equals its current revision's writes nothing; any other
    // becomes revision N+1, with an audit entry. Applies of the same document serialize on
    // its row lock. Throws on database errors; nothing is written then.
    QList<ApplyOutcome> apply(const QList<DocumentToApply> &documents, const QString &author);

    // The same, but first calls check with the current Ecosystem and Service documents as they
    // are inside the transaction, under the catalog's lock: every writer holds that lock, so
    // what check validated is still true when the write commits. When check returns false
    // nothing is written and nullopt is returned.
    using Check = std::function<bool(const QList<StoredDocument> &currentDocuments)>;
    std::optional<QList<ApplyOutcome>> apply(const QList<DocumentToApply> &documents, const QString &author, const Check &check);

    QList<StoredDocument> current(const QString &kind);
    std::optional<StoredDocument> current(const QString &kind, const QString &name);
    QList<RevisionInfo> history(const QString &kind, const QString &name);
    std::optional<StoredDocument> revision(const QString &kind, const QString &name, int revision);
    QList<ProjectRow> projects();
    std::optional<ProjectRow> project(const QString &name);
    // The highest revision id written so far: a cheap "has anything changed" token.
    qint64 generation();

private:
    Database &m_db;
};

} // namespace enclii::store
