#include "BodyParser.h"

#include "spec/YamlSafety.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace enclii::kube::sim {

namespace {

constexpr int kMaxDepth = 64;

QJsonValue scalar(const YAML::Node &n)
{
    const QString text = QString::fromStdString(n.Scalar());
    if (n.Tag() == "!") // quoted: always a string
        return text;
    static const QRegularExpression intRe(QStringLiteral("^[-+]?[0-9]+$"));
    static const QRegularExpression floatRe(QStringLiteral(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)"));
    if (text.isEmpty() || text == QLatin1String("~") || text == QLatin1String("null") || text == QLatin1String("Null")
        || text == QLatin1String("NULL"))
        return QJsonValue::Null;
    if (text == QLatin1String("true") || text == QLatin1String("True") || text == QLatin1String("TRUE"))
        return true;
    if (text == QLatin1String("false") || text == QLatin1String("False") || text == QLatin1String("FALSE"))
        return false;
    if (intRe.match(text).hasMatch() && text.size() < 16)
        return text.toLongLong();
    if (floatRe.match(text).hasMatch())
        return text.toDouble();
    return text;
}

std::optional<QJsonValue> convert(const YAML::Node &n, int depth, QString *error)
{
    if (depth > kMaxDepth) {
        *error = QStringLiteral("the document nests deeper than %1 levels").arg(kMaxDepth);
        return std::nullopt;
    }
    switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return QJsonValue(QJsonValue::Null);
    case YAML::NodeType::Scalar: return scalar(n);
    case YAML::NodeType::Sequence: {
        QJsonArray a;
        for (const YAML::Node &item : n) {
            const auto v = convert(item, depth + 1, error);
            if (!v)
                return std::nullopt;
            a.append(*v);
        }
        return a;
    }
    case YAML::NodeType::Map: {
        QJsonObject o;
        for (const auto &kv : n) {
            if (!kv.first.IsScalar()) {
                *error = QStringLiteral("line %1: map keys must be strings").arg(kv.first.Mark().line + 1);
                return std::nullopt;
            }
            const auto v = convert(kv.second, depth + 1, error);
            if (!v)
                return std::nullopt;
            o.insert(QString::fromStdString(kv.first.Scalar()), *v);
        }
        return o;
    }
    }
    return QJsonValue(QJsonValue::Null);
}

} // namespace

std::optional<QJsonObject> parseJsonBody(const QByteArray &body, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = QStringLiteral("invalid JSON at offset %1: %2").arg(pe.offset).arg(pe.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("the body must be a JSON object");
        return std::nullopt;
    }
    return doc.object();
}

std::optional<QJsonObject> parseYamlBody(const QByteArray &body, QString *error)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('{'))
        return parseJsonBody(body, error);
    spec::YamlLimits limits;
    limits.maxBytes = body.size() + 1;
    limits.maxDocuments = 1;
    limits.maxDepth = kMaxDepth;
    const auto problems = spec::checkYamlSafety(body, QStringLiteral("request body"), limits);
    if (!problems.isEmpty()) {
        *error = problems.first().toString();
        return std::nullopt;
    }
    try {
        const YAML::Node root = YAML::Load(body.toStdString());
        const auto v = convert(root, 0, error);
        if (!v)
            return std::nullopt;
        if (!v->isObject()) {
            *error = QStringLiteral("the apply configuration must be a map (an object)");
            return std::nullopt;
        }
        return v->toObject();
    } catch (const YAML::Exception &e) {
        *error = QStringLiteral("invalid YAML: %1").arg(QString::fromStdString(e.msg));
        return std::nullopt;
    }
}

} // namespace enclii::kube::sim
