#include "SpecLoader.h"

#include "Parsers.h"

#include <yaml-cpp/yaml.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>

#include <algorithm>

namespace enclii::spec {

void SpecLoader::loadText(const QByteArray &text, const QString &label, LoadResult &result) const
{
    const core::Diagnostics safety = checkYamlSafety(text, label, m_limits);
    if (!safety.isEmpty()) {
        result.diagnostics += safety;
        return;
    }
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(text.toStdString());
    } catch (const YAML::Exception &e) {
        core::Diagnostic d;
        d.file = label;
        d.line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
        d.column = e.mark.column >= 0 ? e.mark.column + 1 : 0;
        d.message = QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg));
        result.diagnostics << d;
        return;
    }
    if (docs.empty()) {
        core::Diagnostic d;
        d.file = label;
        d.message = QStringLiteral("no documents; expected at least one enclii.dev/v1 document");
        result.diagnostics << d;
        return;
    }
    for (const YAML::Node &doc : docs) {
        ParseContext ctx;
        ctx.file = label;
        if (doc.IsNull())
            continue; // an empty document between two '---' lines
        if (!doc.IsMap()) {
            ctx.error(doc, {}, QStringLiteral("expected a document with apiVersion, kind, metadata and spec"));
            result.diagnostics += ctx.diagnostics;
            continue;
        }
        const YAML::Node kindNode = static_cast<const YAML::Node &>(doc)["kind"];
        const QString kind = kindNode.IsScalar() ? QString::fromStdString(kindNode.Scalar()) : QString();
        const YAML::Mark mark = doc.Mark();
        const SourceLocation where{label, mark.line + 1, mark.column + 1};
        if (kind == QLatin1String("Service")) {
            core::ServiceSpec s = parseService(doc, ctx);
            if (!s.name.isEmpty() && !result.serviceLocations.contains(s.name))
                result.serviceLocations.insert(s.name, where);
            result.specs.services << std::move(s);
        } else if (kind == QLatin1String("Ecosystem")) {
            result.specs.ecosystem = parseEcosystem(doc, ctx);
            result.ecosystemLocation = where;
            ++result.ecosystemDocuments;
        } else {
            ctx.error(kindNode.IsDefined() ? kindNode : doc, QStringLiteral("kind"),
                      kind.isEmpty() ? QStringLiteral("missing; expected Service or Ecosystem")
                                     : QStringLiteral("\"%1\" is not a known kind; expected Service or Ecosystem").arg(kind));
        }
        result.diagnostics += ctx.diagnostics;
    }
}

void SpecLoader::loadFile(const QString &path, LoadResult &result) const
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        core::Diagnostic d;
        d.file = path;
        d.message = QStringLiteral("cannot read: %1").arg(f.errorString());
        result.diagnostics << d;
        return;
    }
    // Read one byte past the limit so an oversized file is reported without reading it all.
    const QByteArray bytes = f.read(m_limits.maxBytes + 1);
    if (f.size() > m_limits.maxBytes) {
        core::Diagnostic d;
        d.file = path;
        d.message = QStringLiteral("file is %1 bytes; specs are limited to %2 bytes").arg(f.size()).arg(m_limits.maxBytes);
        result.diagnostics << d;
        return;
    }
    loadText(bytes, path, result);
}

LoadResult SpecLoader::loadDirectory(const QString &dir) const
{
    LoadResult result;
    if (!QFileInfo(dir).isDir()) {
        core::Diagnostic d;
        d.file = dir;
        d.message = QStringLiteral("not a folder; expected the specs folder (such as specs/)");
        result.diagnostics << d;
        return result;
    }
    QStringList files;
    QDirIterator it(dir, {QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    std::sort(files.begin(), files.end());
    for (const auto &f : files)
        loadFile(f, result);
    validateSpecSet(result);
    return result;
}

} // namespace enclii::spec
