#pragma once

#include <QString>

#include <memory>
#include <optional>

namespace enclii::canary {

// A measurement's success condition, as analysis specs write it (Argo Rollouts' style):
//   result >= 0.99
//   result < 0.5 && result > 0
//   (result <= 500) || result == 0
// `result` is the measured value; comparisons < <= > >= == != against numbers, joined with
// && and || (&& binds tighter), with parentheses. Nothing else: no functions, no variables.
class Condition
{
public:
    // nullopt and *error (what and where) when the text is not such a condition.
    static std::optional<Condition> parse(const QString &text, QString *error = nullptr);

    Condition(const Condition &);
    Condition &operator=(const Condition &);
    ~Condition();

    // NaN compares false in every comparison, so "result >= x" fails on NaN.
    bool holds(double result) const;
    QString text() const { return m_text; }

    struct Node;

private:
    Condition() = default;
    QString m_text;
    std::shared_ptr<const Node> m_root;
};

} // namespace enclii::canary
