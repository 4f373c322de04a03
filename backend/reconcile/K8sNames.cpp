#include "K8sNames.h"

#include <QRegularExpression>

namespace enclii::reconcile {

namespace {

bool matches(const QString &s, const QRegularExpression &re)
{
    return re.match(s).hasMatch();
}

} // namespace

bool isDnsLabel(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"));
    return matches(s, re);
}

bool isDns1035Label(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$"));
    return matches(s, re);
}

bool isDnsSubdomain(const QString &s)
{
    if (s.isEmpty() || s.size() > 253)
        return false;
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    return matches(s, re);
}

bool isQualifiedName(const QString &s)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$"));
    const qsizetype slash = s.indexOf(u'/');
    if (slash < 0)
        return matches(s, name);
    return isDnsSubdomain(s.left(slash)) && matches(s.mid(slash + 1), name);
}

bool isLabelValue(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$"));
    return matches(s, re);
}

} // namespace enclii::reconcile
