#pragma once

#include "YamlSafety.h"

#include "core/Diagnostic.h"
#include "core/Ecosystem.h"

#include <QHash>
#include <QString>

namespace enclii::spec {

// Where a document came from, for cross-document diagnostics.
struct SourceLocation
{
    QString file;
    int line = 0;
    int column = 0;
};

struct LoadResult
{
    core::SpecSet specs;
    int ecosystemDocuments = 0;
    core::Diagnostics diagnostics;
    QHash<QString, SourceLocation> serviceLocations; // service name -> its document
    SourceLocation ecosystemLocation;

    bool ok() const { return !core::hasErrors(diagnostics); }
};

// Reads enclii.dev/v1 documents (Service, Ecosystem) from YAML — JSON, being YAML, works too.
class SpecLoader
{
public:
    explicit SpecLoader(YamlLimits limits = {}) : m_limits(limits) {}

    // Every *.yaml / *.yml file below dir, in a stable order, then the cross-document checks.
    LoadResult loadDirectory(const QString &dir) const;
    // One file's documents into result, without the cross-document checks.
    void loadFile(const QString &path, LoadResult &result) const;
    // Documents from text (a request body); label names it in diagnostics.
    void loadText(const QByteArray &text, const QString &label, LoadResult &result) const;

private:
    YamlLimits m_limits;
};

// The checks that need the whole set: names and domains unique, references resolve, every
// service in its repository and namespace, budgets equal to specs, waves complete, and the
// capacity at minimum replicas within the cluster's allocatable share. Appends to result.
void validateSpecSet(LoadResult &result);

} // namespace enclii::spec
