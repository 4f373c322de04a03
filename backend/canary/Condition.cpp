#include "Condition.h"

#include <QList>

#include <cmath>
#include <variant>

namespace enclii::canary {

struct Condition::Node
{
    enum class Kind { Compare, And, Or } kind = Kind::Compare;
    QString op;       // Compare: < <= > >= == !=
    double value = 0; // Compare: the right-hand number
    std::shared_ptr<const Node> left, right;
};

namespace {

using NodePtr = std::shared_ptr<const Condition::Node>;

class Parser
{
public:
    explicit Parser(const QString &text) : m_text(text) {}

    NodePtr parse(QString *error)
    {
        NodePtr n = parseOr();
        skipSpace();
        if (n && m_pos != m_text.size())
            fail(QStringLiteral("unexpected \"%1\"").arg(m_text.mid(m_pos, 10)));
        if (!m_error.isEmpty()) {
            if (error)
                *error = QStringLiteral("condition \"%1\", at character %2: %3").arg(m_text).arg(m_pos + 1).arg(m_error);
            return nullptr;
        }
        return n;
    }

private:
    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text[m_pos].isSpace())
            ++m_pos;
    }
    bool take(QStringView token)
    {
        skipSpace();
        if (QStringView(m_text).mid(m_pos).startsWith(token)) {
            m_pos += token.size();
            return true;
        }
        return false;
    }
    NodePtr fail(const QString &why)
    {
        if (m_error.isEmpty())
            m_error = why;
        return nullptr;
    }
    NodePtr parseOr()
    {
        NodePtr left = parseAnd();
        while (left && take(u"||")) {
            NodePtr right = parseAnd();
            if (!right)
                return nullptr;
            left = std::make_shared<Condition::Node>(Condition::Node{Condition::Node::Kind::Or, {}, 0, left, right});
        }
        return left;
    }
    NodePtr parseAnd()
    {
        NodePtr left = parsePrimary();
        while (left && take(u"&&")) {
            NodePtr right = parsePrimary();
            if (!right)
                return nullptr;
            left = std::make_shared<Condition::Node>(Condition::Node{Condition::Node::Kind::And, {}, 0, left, right});
        }
        return left;
    }
    NodePtr parsePrimary()
    {
        if (++m_depth > 32)
            return fail(QStringLiteral("too deeply nested"));
        NodePtr out;
        if (take(u"(")) {
            out = parseOr();
            if (out && !take(u")"))
                out = fail(QStringLiteral("a \")\" is missing"));
        } else {
            out = parseComparison();
        }
        --m_depth;
        return out;
    }
    NodePtr parseComparison()
    {
        if (!take(u"result"))
            return fail(QStringLiteral("expected \"result\""));
        take(u"[0]"); // result[0]: the first (only) value, as Argo writes it
        static const QList<QStringView> ops{u"<=", u">=", u"==", u"!=", u"<", u">"};
        QString op;
        for (QStringView o : ops)
            if (take(o)) {
                op = o.toString();
                break;
            }
        if (op.isEmpty())
            return fail(QStringLiteral("expected a comparison (<, <=, >, >=, ==, !=)"));
        skipSpace();
        qsizetype end = m_pos;
        while (end < m_text.size() && (m_text[end].isDigit() || m_text[end] == u'.' || m_text[end] == u'-' || m_text[end] == u'+'
                                       || m_text[end] == u'e' || m_text[end] == u'E'))
            ++end;
        bool ok = false;
        const double value = m_text.mid(m_pos, end - m_pos).toDouble(&ok);
        if (!ok || !std::isfinite(value))
            return fail(QStringLiteral("expected a number"));
        m_pos = end;
        return std::make_shared<Condition::Node>(Condition::Node{Condition::Node::Kind::Compare, op, value, nullptr, nullptr});
    }

    QString m_text;
    qsizetype m_pos = 0;
    int m_depth = 0;
    QString m_error;
};

bool evaluate(const Condition::Node &n, double x)
{
    switch (n.kind) {
    case Condition::Node::Kind::And: return evaluate(*n.left, x) && evaluate(*n.right, x);
    case Condition::Node::Kind::Or: return evaluate(*n.left, x) || evaluate(*n.right, x);
    case Condition::Node::Kind::Compare: break;
    }
    if (std::isnan(x))
        return false;
    if (n.op == QLatin1String("<"))
        return x < n.value;
    if (n.op == QLatin1String("<="))
        return x <= n.value;
    if (n.op == QLatin1String(">"))
        return x > n.value;
    if (n.op == QLatin1String(">="))
        return x >= n.value;
    if (n.op == QLatin1String("=="))
        return x == n.value;
    return x != n.value;
}

} // namespace

std::optional<Condition> Condition::parse(const QString &text, QString *error)
{
    if (text.size() > 500) {
        if (error)
            *error = QStringLiteral("a condition is at most 500 characters");
        return std::nullopt;
    }
    Parser p(text);
    NodePtr root = p.parse(error);
    if (!root)
        return std::nullopt;
    Condition c;
    c.m_text = text.trimmed();
    c.m_root = std::move(root);
    return c;
}

Condition::Condition(const Condition &) = default;
Condition &Condition::operator=(const Condition &) = default;
Condition::~Condition() = default;

bool Condition::holds(double result) const
{
    return m_root && evaluate(*m_root, result);
}

} // namespace enclii::canary
