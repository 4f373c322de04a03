#pragma once

#include "core/Diagnostic.h"
#include "core/Ecosystem.h"
#include "store/SpecRepository.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>

#include <memory>

namespace enclii::store {
class Database;
}

namespace enclii::catalog {

// The stored specs as one validated set, at one moment.
struct Snapshot
{
    core::SpecSet specs;
    bool hasEcosystem = false;
    QHash<QString, int> revisions;   // service name -> current revision
    int ecosystemRevision = 0;
    qint64 generation = 0;           // changes whenever any document gets a new revision
};

// The spec catalog: imports a specs folder, applies single Service documents (validated
// against everything else), and serves the current set as a cached Snapshot. The cache is
// dropped by this process's own writes at once, and re-checked against the database's
// generation at most once per refreshIntervalMs, so other encliid replicas' writes show
// within that interval.
class Catalog
{
public:
    explicit Catalog(store::Database &db, int refreshIntervalMs = 1000);

    struct ImportReport
    {
        int documents = 0;
        int changed = 0;
        core::Diagnostics diagnostics;
        bool ok() const { return !core::hasErrors(diagnostics); }
    };
    // All or nothing: an invalid folder writes nothing.
    ImportReport importDirectory(const QString &dir, const QString &author);

    struct ApplyReport
    {
        enum class Status { Applied, Unchanged, Invalid, NoEcosystem };
        Status status = Status::Invalid;
        store::ApplyOutcome outcome;
        core::Diagnostics diagnostics;
    };
    // body: one Service document in YAML or JSON, whose metadata.name must equal name.
    ApplyReport applyService(const QString &name, const QByteArray &body, const QString &author);

    std::shared_ptr<const Snapshot> snapshot();
    store::SpecRepository &repository() { return m_repo; }

private:
    std::shared_ptr<const Snapshot> load();
    // Parses stored documents back into a set; documents that no longer parse are logged.
    static std::shared_ptr<Snapshot> parseStored(const QList<store::StoredDocument> &documents);
    void invalidate();

    store::SpecRepository m_repo;
    int m_refreshIntervalMs;
    QMutex m_mutex;
    std::shared_ptr<const Snapshot> m_snapshot;
    QElapsedTimer m_lastCheck;
};

} // namespace enclii::catalog
