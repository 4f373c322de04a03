#include "Selectors.h"

#include "Json.h"

#include <QRegularExpression>

namespace enclii::kube::sim {

namespace {

constexpr int kMaxRequirements = 64;
constexpr int kMaxValues = 256;

// A label key: an optional DNS subdomain prefix and a name of up to 63 characters.
bool validKey(const QString &key)
{
    static const QRegularExpression re(QStringLiteral(
        R"(^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$)"));
    return key.size() <= 317 && re.match(key).hasMatch();
}

bool validValue(const QString &v)
{
    static const QRegularExpression re(QStringLiteral(R"(^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$)"));
    return re.match(v).hasMatch();
}

// Splits on commas that are not inside parentheses.
QStringList splitTopLevel(const QString &text)
{
    QStringList parts;
    int depth = 0;
    QString cur;
    for (const QChar c : text) {
        if (c == u'(')
            ++depth;
        else if (c == u')')
            --depth;
        if (c == u',' && depth == 0) {
            parts << cur.trimmed();
            cur.clear();
        } else {
            cur += c;
        }
    }
    parts << cur.trimmed();
    return parts;
}

std::optional<Requirement> parseRequirement(const QString &term, QString *error)
{
    static const QRegularExpression setRe(QStringLiteral(R"(^(\S+)\s+(in|notin)\s*\(([^()]*)\)$)"));
    static const QRegularExpression eqRe(QStringLiteral(R"(^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$)"));
    Requirement r;
    if (const auto m = setRe.match(term); m.hasMatch()) {
        r.key = m.captured(1);
        r.op = m.captured(2) == QLatin1String("in") ? Requirement::Op::In : Requirement::Op::NotIn;
        for (const QString &v : m.captured(3).split(u',', Qt::SkipEmptyParts))
            r.values << v.trimmed();
        if (r.values.size() > kMaxValues) {
            *error = QStringLiteral("too many values in \"%1\"").arg(term.left(64));
            return std::nullopt;
        }
    } else if (const auto e = eqRe.match(term); e.hasMatch()) {
        r.key = e.captured(1);
        r.op = e.captured(2) == QLatin1String("!=") ? Requirement::Op::NotEquals : Requirement::Op::Equals;
        r.values << e.captured(3);
    } else if (term.startsWith(u'!')) {
        r.key = term.mid(1).trimmed();
        r.op = Requirement::Op::DoesNotExist;
    } else {
        r.key = term;
        r.op = Requirement::Op::Exists;
    }
    if (!validKey(r.key)) {
        *error = QStringLiteral("invalid label key \"%1\": a qualified name like \"app.kubernetes.io/name\"").arg(r.key.left(64));
        return std::nullopt;
    }
    for (const QString &v : std::as_const(r.values)) {
        if (!validValue(v)) {
            *error = QStringLiteral("invalid label value \"%1\" for key \"%2\"").arg(v.left(64), r.key);
            return std::nullopt;
        }
    }
    return r;
}

} // namespace

bool Requirement::matches(const QJsonObject &labels) const
{
    const bool has = labels.contains(key);
    const QString value = labels.value(key).toString();
    switch (op) {
    case Op::Equals:
    case Op::In: return has && values.contains(value);
    case Op::NotEquals:
    case Op::NotIn: return !has || !values.contains(value);
    case Op::Exists: return has;
    case Op::DoesNotExist: return !has;
    }
    return false;
}

std::optional<LabelSelector> LabelSelector::parse(const QString &text, QString *error)
{
    LabelSelector s;
    if (text.trimmed().isEmpty())
        return s;
    const QStringList terms = splitTopLevel(text);
    if (terms.size() > kMaxRequirements) {
        *error = QStringLiteral("a label selector may have at most %1 requirements").arg(kMaxRequirements);
        return std::nullopt;
    }
    for (const QString &term : terms) {
        if (term.isEmpty()) {
            *error = QStringLiteral("empty requirement in label selector \"%1\"").arg(text.left(128));
            return std::nullopt;
        }
        const auto r = parseRequirement(term, error);
        if (!r)
            return std::nullopt;
        s.m_requirements << *r;
    }
    return s;
}

std::optional<LabelSelector> LabelSelector::fromObject(const QJsonObject &selector, QString *error)
{
    LabelSelector s;
    const QJsonObject ml = selector.value(QStringLiteral("matchLabels")).toObject();
    for (auto it = ml.begin(); it != ml.end(); ++it)
        s.m_requirements << Requirement{it.key(), Requirement::Op::Equals, {it.value().toString()}};
    for (const QJsonValue &v : selector.value(QStringLiteral("matchExpressions")).toArray()) {
        const QJsonObject e = v.toObject();
        Requirement r;
        r.key = e.value(QStringLiteral("key")).toString();
        const QString op = e.value(QStringLiteral("operator")).toString();
        for (const QJsonValue &x : e.value(QStringLiteral("values")).toArray())
            r.values << x.toString();
        if (op == QLatin1String("In"))
            r.op = Requirement::Op::In;
        else if (op == QLatin1String("NotIn"))
            r.op = Requirement::Op::NotIn;
        else if (op == QLatin1String("Exists"))
            r.op = Requirement::Op::Exists;
        else if (op == QLatin1String("DoesNotExist"))
            r.op = Requirement::Op::DoesNotExist;
        else {
            *error = QStringLiteral("\"%1\" is not a valid selector operator (In, NotIn, Exists, DoesNotExist)").arg(op.left(32));
            return std::nullopt;
        }
        s.m_requirements << r;
    }
    return s;
}

bool LabelSelector::matches(const QJsonObject &labels) const
{
    for (const Requirement &r : m_requirements)
        if (!r.matches(labels))
            return false;
    return true;
}

std::optional<FieldSelector> FieldSelector::parse(const QString &text, const QString &kind, QString *error)
{
    FieldSelector s;
    if (text.trimmed().isEmpty())
        return s;
    static const QRegularExpression re(QStringLiteral(R"(^([A-Za-z.]+)\s*(==|=|!=)\s*(.*)$)"));
    QStringList supported{QStringLiteral("metadata.name"), QStringLiteral("metadata.namespace")};
    if (kind == QLatin1String("Pod"))
        supported << QStringLiteral("spec.nodeName") << QStringLiteral("status.phase");
    const QStringList terms = text.split(u',');
    if (terms.size() > kMaxRequirements) {
        *error = QStringLiteral("a field selector may have at most %1 terms").arg(kMaxRequirements);
        return std::nullopt;
    }
    for (const QString &term : terms) {
        const auto m = re.match(term.trimmed());
        if (!m.hasMatch()) {
            *error = QStringLiteral("invalid field selector term \"%1\"").arg(term.left(128));
            return std::nullopt;
        }
        if (!supported.contains(m.captured(1))) {
            *error = QStringLiteral("\"%1\" is not a known field selector: only \"%2\"")
                         .arg(m.captured(1).left(64), supported.join(QStringLiteral("\", \"")));
            return std::nullopt;
        }
        s.m_terms << Term{m.captured(1), m.captured(3).trimmed(), m.captured(2) == QLatin1String("!=")};
    }
    return s;
}

bool FieldSelector::matches(const QJsonObject &object) const
{
    for (const Term &t : m_terms)
        if ((json::stringAt(object, t.path) == t.value) == t.negate)
            return false;
    return true;
}

bool QuerySelectors::matches(const QJsonObject &object) const
{
    return labels.matches(json::objectAt(object, u"metadata.labels")) && fields.matches(object);
}

std::optional<QuerySelectors> QuerySelectors::parse(const QString &labelSelector, const QString &fieldSelector, const QString &kind,
                                                    QString *error)
{
    const auto l = LabelSelector::parse(labelSelector, error);
    const auto f = l ? FieldSelector::parse(fieldSelector, kind, error) : std::nullopt;
    if (!l || !f)
        return std::nullopt;
    return QuerySelectors{*l, *f};
}

} // namespace enclii::kube::sim
