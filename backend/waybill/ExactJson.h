#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace enclii::waybill {

// A JSON value (RFC 8259) that keeps every number as the text it was written with.
//
// QJsonDocument turns numbers into doubles, which cannot hold 0.1 or a 20-digit count
// exactly; billed quantities must reach Decimal::parse() as the digits the sender wrote. So
// usage bodies are read with this small reader instead. It is strict: one value per text,
// no comments, no trailing commas, strings must be valid UTF-8 without raw control
// characters, a key may appear once per object, and nesting stops at kMaxDepth.
struct ExactJson
{
    enum class Kind { Null, Bool, Number, String, Array, Object };

    static constexpr int kMaxDepth = 32;

    Kind kind = Kind::Null;
    QString text; // String: the value; Number: the literal ("0.25", "-3", "1e3"); Bool: "true"/"false"
    std::vector<ExactJson> items;                        // Array
    std::vector<std::pair<QString, ExactJson>> members;  // Object, in the order written

    bool isObject() const { return kind == Kind::Object; }
    bool isArray() const { return kind == Kind::Array; }
    bool isString() const { return kind == Kind::String; }
    bool isNumber() const { return kind == Kind::Number; }
    // The member called key, or nullptr.
    const ExactJson *member(const QString &key) const;

    // nullopt when text is not JSON; error (optional) then says what and at which byte.
    static std::optional<ExactJson> parse(const QByteArray &text, QString *error = nullptr);
    // "an object", "a string", ... for error messages.
    static QString kindName(Kind kind);
};

} // namespace enclii::waybill
