#pragma once

#include "core/Diagnostic.h"

#include <QByteArray>

namespace enclii::spec {

// Bounds every spec input must stay within before it is handed to the YAML parser, so a
// malformed or hostile file (alias bomb, huge file, binary data, deep nesting) ends as an
// error, never as a crash, a hang or unbounded memory.
struct YamlLimits
{
    qint64 maxBytes = 1 << 20; // 1 MiB: the largest seed file is a few KiB
    int maxDepth = 32;
    int maxNodes = 100000;
    int maxDocuments = 256;
};

// Checks the raw bytes (size, NUL bytes, UTF-8, control characters) and then walks the YAML
// event stream (depth, node count, aliases, documents). Anchors and aliases are rejected:
// specs have no use for them and they are how alias bombs are built.
core::Diagnostics checkYamlSafety(const QByteArray &bytes, const QString &file, const YamlLimits &limits = {});

} // namespace enclii::spec
