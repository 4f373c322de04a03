#include "NodeReader.h"

#include "Duration.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <utility>

namespace enclii::spec {

namespace {

QString typeName(const YAML::Node &n)
{
    switch (n.Type()) {
    case YAML::NodeType::Map:
        return QStringLiteral("a mapping");
    case YAML::NodeType::Sequence:
        return QStringLiteral("a list");
    case YAML::NodeType::Null:
        return QStringLiteral("nothing");
    case YAML::NodeType::Scalar:
        return QStringLiteral("\"%1\"").arg(QString::fromStdString(n.Scalar()).left(40));
    case YAML::NodeType::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

bool isPresent(const YAML::Node &n)
{
    return n.IsDefined() && !n.IsNull();
}

int editDistance(const QString &a, const QString &b)
{
    QList<int> prev(b.size() + 1), cur(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int cost = a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace

void ParseContext::error(const YAML::Node &at, const QString &field, const QString &message)
{
    const YAML::Mark m = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
    error(m.line >= 0 ? m.line + 1 : 0, m.column >= 0 ? m.column + 1 : 0, field, message);
}

void ParseContext::error(int line, int column, const QString &field, const QString &message)
{
    core::Diagnostic d;
    d.file = file;
    d.line = line;
    d.column = column;
    d.field = field;
    d.message = message;
    diagnostics << d;
}

QString closestName(const QString &name, const QStringList &candidates)
{
    QString best;
    if (name.size() > 64)
        return best; // no field name is that long; and the distance would cost O(n*m)
    int bestDistance = std::max<int>(2, name.size() / 3) + 1;
    for (const auto &c : candidates) {
        if (std::abs(int(c.size() - name.size())) >= bestDistance)
            continue;
        const int d = editDistance(name, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

std::optional<QString> scalarString(const YAML::Node &n, const QString &path, ParseContext &ctx)
{
    if (!n.IsScalar()) {
        ctx.error(n, path, QStringLiteral("expected text, found %1").arg(typeName(n)));
        return std::nullopt;
    }
    return QString::fromStdString(n.Scalar());
}

MapReader::MapReader(const YAML::Node &node, QString path, ParseContext &ctx)
    : m_node(node), m_path(std::move(path)), m_ctx(ctx)
{
    m_valid = node.IsMap();
}

bool MapReader::has(const char *key) const
{
    return m_valid && isPresent(m_node[key]);
}

QString MapReader::childPath(const char *key) const
{
    return m_path.isEmpty() ? QString::fromLatin1(key) : m_path + u'.' + QLatin1String(key);
}

YAML::Node MapReader::child(const char *key, bool required)
{
    m_known.insert(QString::fromLatin1(key));
    if (!m_valid)
        return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node &cn = m_node;
    YAML::Node v = cn[key];
    if (!isPresent(v)) {
        if (required) {
            m_ctx.error(v.IsDefined() ? v : m_node, childPath(key),
                        v.IsDefined() ? QStringLiteral("has no value; a value is required")
                                      : QStringLiteral("missing; this field is required"));
        }
        return YAML::Node(YAML::NodeType::Undefined);
    }
    return v;
}

QString MapReader::string(const char *key, bool required, const QString &fallback)
{
    const YAML::Node v = child(key, required);
    if (!v.IsDefined())
        return fallback;
    if (auto s = scalarString(v, childPath(key), m_ctx))
        return *s;
    return fallback;
}

int MapReader::integer(const char *key, bool required, int fallback, int min, int max)
{
    const YAML::Node v = child(key, required);
    if (!v.IsDefined())
        return fallback;
    const QString path = childPath(key);
    if (!v.IsScalar() || v.Tag() == "!") {
        m_ctx.error(v, path, QStringLiteral("expected a whole number from %1 to %2, found %3")
                                 .arg(min).arg(max).arg(v.IsScalar() ? QStringLiteral("quoted text") : typeName(v)));
        return fallback;
    }
    bool ok = false;
    const qlonglong n = QString::fromStdString(v.Scalar()).toLongLong(&ok);
    if (!ok || n < min || n > max) {
        m_ctx.error(v, path, QStringLiteral("expected a whole number from %1 to %2, found %3").arg(min).arg(max).arg(typeName(v)));
        return fallback;
    }
    return int(n);
}

double MapReader::number(const char *key, bool required, double fallback, double min, double max)
{
    const YAML::Node v = child(key, required);
    if (!v.IsDefined())
        return fallback;
    const QString path = childPath(key);
    bool ok = false;
    const double n = v.IsScalar() && v.Tag() != "!" ? QString::fromStdString(v.Scalar()).toDouble(&ok) : 0.0;
    if (!ok || !(n >= min && n <= max)) {
        m_ctx.error(v, path, QStringLiteral("expected a number from %1 to %2, found %3").arg(min).arg(max).arg(typeName(v)));
        return fallback;
    }
    return n;
}

bool MapReader::boolean(const char *key, bool fallback)
{
    const YAML::Node v = child(key, false);
    if (!v.IsDefined())
        return fallback;
    if (v.IsScalar() && v.Tag() != "!") {
        if (v.Scalar() == "true")
            return true;
        if (v.Scalar() == "false")
            return false;
    }
    m_ctx.error(v, childPath(key), QStringLiteral("expected true or false, found %1").arg(typeName(v)));
    return fallback;
}

std::optional<core::Quantity> MapReader::quantity(const char *key, bool required, core::Quantity::Kind kind)
{
    const YAML::Node v = child(key, required);
    if (!v.IsDefined())
        return std::nullopt;
    const QString path = childPath(key);
    if (!v.IsScalar()) {
        m_ctx.error(v, path, QStringLiteral("expected a quantity such as %1, found %2")
                                 .arg(kind == core::Quantity::Kind::Cpu ? QStringLiteral("250m or 2") : QStringLiteral("512Mi or 1.5Gi"), typeName(v)));
        return std::nullopt;
    }
    QString why;
    auto q = core::Quantity::parse(QString::fromStdString(v.Scalar()), &why);
    if (!q) {
        m_ctx.error(v, path, why);
        return std::nullopt;
    }
    if (q->milli() < 0) {
        m_ctx.error(v, path, QStringLiteral("must not be negative"));
        return std::nullopt;
    }
    if (kind == core::Quantity::Kind::Memory && !q->isWholeUnits()) {
        m_ctx.error(v, path, QStringLiteral("memory must be a whole number of bytes, such as 512Mi"));
        return std::nullopt;
    }
    return q;
}

QStringList MapReader::stringList(const char *key, bool required)
{
    QStringList out;
    list(key, required, [&](const YAML::Node &n, const QString &path) {
        if (auto s = scalarString(n, path, m_ctx))
            out << *s;
    });
    return out;
}

std::optional<int> MapReader::duration(const char *key, bool required, int fallback)
{
    const YAML::Node v = child(key, required);
    if (!v.IsDefined())
        return fallback;
    const auto s = scalarString(v, childPath(key), m_ctx);
    if (!s)
        return std::nullopt;
    QString why;
    auto d = parseDurationSeconds(*s, &why);
    if (!d)
        m_ctx.error(v, childPath(key), why);
    return d;
}

MapReader MapReader::map(const char *key, bool required)
{
    const YAML::Node v = child(key, required);
    MapReader r(v, childPath(key), m_ctx);
    if (v.IsDefined() && !v.IsMap())
        m_ctx.error(v, childPath(key), QStringLiteral("expected a mapping (key: value lines), found %1").arg(typeName(v)));
    return r;
}

void MapReader::list(const char *key, bool required,
                     const std::function<void(const YAML::Node &, const QString &)> &fn)
{
    const YAML::Node v = child(key, required);
    if (!v.IsDefined())
        return;
    const QString path = childPath(key);
    if (!v.IsSequence()) {
        m_ctx.error(v, path, QStringLiteral("expected a list, found %1").arg(typeName(v)));
        return;
    }
    for (std::size_t i = 0; i < v.size(); ++i)
        fn(v[i], QStringLiteral("%1[%2]").arg(path).arg(i));
}

QString MapReader::oneOf(const char *key, const QStringList &allowed, const QString &fallback, bool required)
{
    const QString value = string(key, required, fallback);
    if (has(key) && !allowed.contains(value)) {
        m_ctx.error(std::as_const(m_node)[key], childPath(key),
                    QStringLiteral("\"%1\" is not allowed; expected one of: %2").arg(value, allowed.join(QStringLiteral(", "))));
        return fallback;
    }
    return value;
}

void MapReader::finish()
{
    if (!m_valid)
        return;
    const QStringList known(m_known.begin(), m_known.end());
    QSet<QString> seen;
    for (auto it = m_node.begin(); it != m_node.end(); ++it) {
        if (!it->first.IsScalar()) {
            m_ctx.error(it->first, m_path, QStringLiteral("keys must be plain names"));
            continue;
        }
        const QString name = QString::fromStdString(it->first.Scalar());
        if (seen.contains(name)) {
            m_ctx.error(it->first, m_path.isEmpty() ? name : m_path + u'.' + name,
                        QStringLiteral("appears twice; keep one"));
            continue;
        }
        seen.insert(name);
        if (m_known.contains(name))
            continue;
        const QString hint = closestName(name, known);
        QStringList sorted = known;
        sorted.sort();
        m_ctx.error(it->first, m_path.isEmpty() ? name : m_path + u'.' + name,
                    hint.isEmpty() ? QStringLiteral("unknown field; expected one of: %1").arg(sorted.join(QStringLiteral(", ")))
                                   : QStringLiteral("unknown field; did you mean \"%1\"?").arg(hint));
    }
}

} // namespace enclii::spec
