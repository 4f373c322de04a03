#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::kube::sim {

// One requirement of a label selector: key Op values.
struct Requirement
{
    enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist };
    QString key;
    Op op = Op::Exists;
    QStringList values;

    bool matches(const QJsonObject &labels) const;
};

// A label selector, from the query string grammar ("app=web,tier in (a,b),!legacy") or
// from a meta/v1 LabelSelector object (matchLabels + matchExpressions). An empty selector
// matches everything; a null one (an absent selector object where one is required) nothing.
class LabelSelector
{
public:
    static std::optional<LabelSelector> parse(const QString &text, QString *error);
    static std::optional<LabelSelector> fromObject(const QJsonObject &selector, QString *error);

    bool matches(const QJsonObject &labels) const;
    bool isEmpty() const { return m_requirements.isEmpty(); }

private:
    QList<Requirement> m_requirements;
};

// A field selector: metadata.name, metadata.namespace, and for Pods spec.nodeName and
// status.phase, with =, == and !=.
class FieldSelector
{
public:
    static std::optional<FieldSelector> parse(const QString &text, const QString &kind, QString *error);
    bool matches(const QJsonObject &object) const;

private:
    struct Term
    {
        QString path;
        QString value;
        bool negate = false;
    };
    QList<Term> m_terms;
};

// The labelSelector and fieldSelector of a request's query, parsed together.
struct QuerySelectors
{
    LabelSelector labels;
    FieldSelector fields;

    bool matches(const QJsonObject &object) const;
    static std::optional<QuerySelectors> parse(const QString &labelSelector, const QString &fieldSelector, const QString &kind,
                                               QString *error);
};

} // namespace enclii::kube::sim
