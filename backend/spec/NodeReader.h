#pragma once

// Internal to the spec library: typed, located access to a YAML mapping, so that every
// parser reports file:line:col, the field path and what was expected in the same words.

#include "core/Diagnostic.h"
#include "core/Quantity.h"

#include <yaml-cpp/node/node.h>

#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace enclii::spec {

struct ParseContext
{
    QString file;
    core::Diagnostics diagnostics;

    void error(const YAML::Node &at, const QString &field, const QString &message);
    void error(int line, int column, const QString &field, const QString &message);
};

// A YAML mapping read field by field. Every key read is remembered; finish() reports the
// keys nobody asked for as unknown fields, with the closest known name as a hint.
class MapReader
{
public:
    MapReader(const YAML::Node &node, QString path, ParseContext &ctx);

    bool valid() const { return m_valid; }
    bool has(const char *key) const;
    const QString &path() const { return m_path; }
    QString childPath(const char *key) const;
    const YAML::Node &node() const { return m_node; }

    // Required fields report "missing" when absent; optional ones return the default.
    QString string(const char *key, bool required = false, const QString &fallback = {});
    int integer(const char *key, bool required, int fallback, int min, int max);
    double number(const char *key, bool required, double fallback, double min, double max);
    bool boolean(const char *key, bool fallback);
    std::optional<core::Quantity> quantity(const char *key, bool required, core::Quantity::Kind kind);
    QStringList stringList(const char *key, bool required = false);
    std::optional<int> duration(const char *key, bool required, int fallback);
    // The value at key, or an undefined node; marks key as known. Reports a missing required key.
    YAML::Node child(const char *key, bool required = false);
    // A nested mapping; invalid (and reported) when present but not a mapping.
    MapReader map(const char *key, bool required = false);
    // Calls fn for each element of a sequence at key, with the element's path.
    void list(const char *key, bool required, const std::function<void(const YAML::Node &, const QString &)> &fn);
    // Checks that a string field is one of the allowed values.
    QString oneOf(const char *key, const QStringList &allowed, const QString &fallback, bool required = false);

    void finish();

private:
    YAML::Node m_node;
    QString m_path;
    ParseContext &m_ctx;
    QSet<QString> m_known;
    bool m_valid = false;
};

// Scalar helpers for list elements and other loose values.
std::optional<QString> scalarString(const YAML::Node &n, const QString &path, ParseContext &ctx);

// "spec.replicas" with "replcas" -> "replicas" when the edit distance is small.
QString closestName(const QString &name, const QStringList &candidates);

} // namespace enclii::spec
