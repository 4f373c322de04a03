#include "YamlSafety.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace enclii::spec {

namespace {

core::Diagnostic error(const QString &file, int line, int col, const QString &message)
{
    core::Diagnostic d;
    d.file = file;
    d.line = line > 0 ? line : 0; // yaml-cpp reports -1 when it has no position
    d.column = line > 0 ? col : 0;
    d.message = message;
    return d;
}

struct LimitExceeded
{
    core::Diagnostic diagnostic;
};

class BoundedHandler : public YAML::EventHandler
{
public:
    BoundedHandler(const QString &file, const YamlLimits &limits) : m_file(file), m_limits(limits) {}

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        if (++m_documents > m_limits.maxDocuments)
            fail(mark, QStringLiteral("more than %1 documents in one file").arg(m_limits.maxDocuments));
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override { node(mark, anchor); }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t) override
    {
        fail(mark, QStringLiteral("YAML aliases (*name) are not allowed in specs; write the value out in full"));
    }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor, const std::string &) override
    {
        node(mark, anchor);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(mark, anchor);
    }
    void OnSequenceEnd() override { --m_depth; }
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(mark, anchor);
    }
    void OnMapEnd() override { --m_depth; }

private:
    void node(const YAML::Mark &mark, YAML::anchor_t anchor)
    {
        if (anchor != YAML::NullAnchor)
            fail(mark, QStringLiteral("YAML anchors (&name) are not allowed in specs; write the value out in full"));
        if (++m_nodes > m_limits.maxNodes)
            fail(mark, QStringLiteral("more than %1 values in one file").arg(m_limits.maxNodes));
    }
    void open(const YAML::Mark &mark, YAML::anchor_t anchor)
    {
        node(mark, anchor);
        if (++m_depth > m_limits.maxDepth)
            fail(mark, QStringLiteral("nested deeper than %1 levels").arg(m_limits.maxDepth));
    }
    [[noreturn]] void fail(const YAML::Mark &mark, const QString &message)
    {
        throw LimitExceeded{error(m_file, mark.line + 1, mark.column + 1, message)};
    }

    QString m_file;
    YamlLimits m_limits;
    int m_documents = 0;
    int m_nodes = 0;
    int m_depth = 0;
};

// Position of byte offset `pos` as 1-based line and column.
void lineColumn(const QByteArray &bytes, qsizetype pos, int &line, int &col)
{
    line = 1;
    col = 1;
    for (qsizetype i = 0; i < pos && i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
}

// Length of the UTF-8 sequence starting at i, or 0 when it is not valid UTF-8.
int utf8Length(const QByteArray &b, qsizetype i)
{
    const auto c = static_cast<unsigned char>(b[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > b.size())
        return 0;
    for (int k = 1; k < len; ++k)
        if ((static_cast<unsigned char>(b[i + k]) & 0xC0) != 0x80)
            return 0;
    return len;
}

} // namespace

core::Diagnostics checkYamlSafety(const QByteArray &bytes, const QString &file, const YamlLimits &limits)
{
    if (bytes.size() > limits.maxBytes) {
        return {error(file, 0, 0, QStringLiteral("file is %1 bytes; specs are limited to %2 bytes")
                                      .arg(bytes.size()).arg(limits.maxBytes))};
    }
    for (qsizetype i = 0; i < bytes.size();) {
        const char c = bytes[i];
        if (c == '\0' || (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
            int line, col;
            lineColumn(bytes, i, line, col);
            return {error(file, line, col, QStringLiteral("binary data (control byte 0x%1); a spec must be UTF-8 text")
                                               .arg(static_cast<unsigned char>(c), 2, 16, QLatin1Char('0')))};
        }
        const int len = utf8Length(bytes, i);
        if (len == 0) {
            int line, col;
            lineColumn(bytes, i, line, col);
            return {error(file, line, col, QStringLiteral("invalid UTF-8; a spec must be UTF-8 text"))};
        }
        i += len;
    }

    std::istringstream in(bytes.toStdString());
    try {
        YAML::Parser parser(in);
        BoundedHandler handler(file, limits);
        while (parser.HandleNextDocument(handler)) {
        }
    } catch (const LimitExceeded &e) {
        return {e.diagnostic};
    } catch (const YAML::DeepRecursion &e) {
        return {error(file, e.mark.line + 1, e.mark.column + 1,
                      QStringLiteral("nested deeper than %1 levels").arg(limits.maxDepth))};
    } catch (const YAML::Exception &e) {
        return {error(file, e.mark.line + 1, e.mark.column + 1,
                      QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg)))};
    }
    return {};
}

} // namespace enclii::spec
