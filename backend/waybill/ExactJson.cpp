#include "ExactJson.h"

#include <QStringDecoder>

namespace enclii::waybill {

namespace {

class Reader
{
public:
    explicit Reader(const QByteArray &text) : m_s(text) {}

    std::optional<ExactJson> document()
    {
        ExactJson v;
        skipSpace();
        if (!value(v, 0))
            return std::nullopt;
        skipSpace();
        if (m_i < m_s.size())
            return fail(QStringLiteral("unexpected text after the JSON value"));
        return v;
    }

    QString error() const { return m_error; }

private:
    std::nullopt_t fail(const QString &what)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1 at byte %2").arg(what).arg(m_i);
        return std::nullopt;
    }

    bool atEnd() const { return m_i >= m_s.size(); }
    char peek() const { return atEnd() ? '\0' : m_s[m_i]; }

    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++m_i;
    }

    bool literal(const char *word)
    {
        const QByteArray w(word);
        if (m_s.mid(m_i, w.size()) != w) {
            fail(QStringLiteral("expected a JSON value"));
            return false;
        }
        m_i += w.size();
        return true;
    }

    bool value(ExactJson &out, int depth)
    {
        if (depth > ExactJson::kMaxDepth) {
            fail(QStringLiteral("nested deeper than %1 levels").arg(ExactJson::kMaxDepth));
            return false;
        }
        switch (peek()) {
        case '{':
            return object(out, depth);
        case '[':
            return array(out, depth);
        case '"':
            out.kind = ExactJson::Kind::String;
            return string(out.text);
        case 't':
            out.kind = ExactJson::Kind::Bool;
            out.text = QStringLiteral("true");
            return literal("true");
        case 'f':
            out.kind = ExactJson::Kind::Bool;
            out.text = QStringLiteral("false");
            return literal("false");
        case 'n':
            out.kind = ExactJson::Kind::Null;
            return literal("null");
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9')) {
                out.kind = ExactJson::Kind::Number;
                return number(out.text);
            }
            fail(atEnd() ? QStringLiteral("unexpected end of the text") : QStringLiteral("expected a JSON value"));
            return false;
        }
    }

    bool object(ExactJson &out, int depth)
    {
        out.kind = ExactJson::Kind::Object;
        ++m_i; // {
        skipSpace();
        if (peek() == '}') {
            ++m_i;
            return true;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"') {
                fail(QStringLiteral("expected a quoted key"));
                return false;
            }
            QString key;
            if (!string(key))
                return false;
            if (out.member(key)) {
                fail(QStringLiteral("the key \"%1\" appears twice").arg(key));
                return false;
            }
            skipSpace();
            if (peek() != ':') {
                fail(QStringLiteral("expected ':' after a key"));
                return false;
            }
            ++m_i;
            skipSpace();
            ExactJson v;
            if (!value(v, depth + 1))
                return false;
            out.members.emplace_back(key, std::move(v));
            skipSpace();
            if (peek() == ',') {
                ++m_i;
                continue;
            }
            if (peek() == '}') {
                ++m_i;
                return true;
            }
            fail(QStringLiteral("expected ',' or '}'"));
            return false;
        }
    }

    bool array(ExactJson &out, int depth)
    {
        out.kind = ExactJson::Kind::Array;
        ++m_i; // [
        skipSpace();
        if (peek() == ']') {
            ++m_i;
            return true;
        }
        for (;;) {
            skipSpace();
            ExactJson v;
            if (!value(v, depth + 1))
                return false;
            out.items.push_back(std::move(v));
            skipSpace();
            if (peek() == ',') {
                ++m_i;
                continue;
            }
            if (peek() == ']') {
                ++m_i;
                return true;
            }
            fail(QStringLiteral("expected ',' or ']'"));
            return false;
        }
    }

    static int hexDigit(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool hex4(char16_t *unit)
    {
        int v = 0;
        for (int k = 0; k < 4; ++k) {
            const int d = hexDigit(peek());
            if (d < 0) {
                fail(QStringLiteral("expected four hex digits after \\u"));
                return false;
            }
            v = v * 16 + d;
            ++m_i;
        }
        *unit = char16_t(v);
        return true;
    }

    // Raw bytes are collected as they are and decoded as UTF-8 once; escapes are decoded to
    // UTF-16 and appended between runs.
    bool string(QString &out)
    {
        out.clear();
        ++m_i; // opening quote
        qsizetype runStart = m_i;
        auto flushRun = [&]() -> bool {
            if (m_i > runStart) {
                QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
                out += utf8(QByteArrayView(m_s.constData() + runStart, m_i - runStart));
                if (utf8.hasError()) {
                    fail(QStringLiteral("a string is not valid UTF-8"));
                    return false;
                }
            }
            return true;
        };
        for (;;) {
            if (atEnd()) {
                fail(QStringLiteral("a string is not closed"));
                return false;
            }
            const char c = peek();
            if (c == '"') {
                if (!flushRun())
                    return false;
                ++m_i;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                fail(QStringLiteral("a control character inside a string must be escaped"));
                return false;
            }
            if (c != '\\') {
                ++m_i;
                continue;
            }
            if (!flushRun())
                return false;
            ++m_i; // backslash
            const char e = peek();
            ++m_i;
            switch (e) {
            case '"': out += u'"'; break;
            case '\\': out += u'\\'; break;
            case '/': out += u'/'; break;
            case 'b': out += u'\b'; break;
            case 'f': out += u'\f'; break;
            case 'n': out += u'\n'; break;
            case 'r': out += u'\r'; break;
            case 't': out += u'\t'; break;
            case 'u': {
                char16_t hi = 0;
                if (!hex4(&hi))
                    return false;
                if (QChar::isLowSurrogate(hi)) {
                    fail(QStringLiteral("a lone low surrogate in a \\u escape"));
                    return false;
                }
                if (QChar::isHighSurrogate(hi)) {
                    char16_t lo = 0;
                    if (peek() != '\\' || m_s.mid(m_i + 1, 1) != "u") {
                        fail(QStringLiteral("a high surrogate \\u escape without its low half"));
                        return false;
                    }
                    m_i += 2;
                    if (!hex4(&lo))
                        return false;
                    if (!QChar::isLowSurrogate(lo)) {
                        fail(QStringLiteral("a high surrogate \\u escape without its low half"));
                        return false;
                    }
                    out += QChar(hi);
                    out += QChar(lo);
                } else {
                    out += QChar(hi);
                }
                break;
            }
            default:
                --m_i;
                fail(QStringLiteral("an unknown escape in a string"));
                return false;
            }
            runStart = m_i;
        }
    }

    // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    bool number(QString &out)
    {
        const qsizetype start = m_i;
        auto digits = [&]() {
            const qsizetype from = m_i;
            while (peek() >= '0' && peek() <= '9')
                ++m_i;
            return m_i - from;
        };
        if (peek() == '-')
            ++m_i;
        if (peek() == '0') {
            ++m_i;
        } else if (digits() == 0) {
            fail(QStringLiteral("a number needs a digit"));
            return false;
        }
        if (peek() == '.') {
            ++m_i;
            if (digits() == 0) {
                fail(QStringLiteral("a number needs a digit after '.'"));
                return false;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_i;
            if (peek() == '+' || peek() == '-')
                ++m_i;
            if (digits() == 0) {
                fail(QStringLiteral("a number needs a digit in its exponent"));
                return false;
            }
        }
        if (peek() >= '0' && peek() <= '9') {
            fail(QStringLiteral("a number may not have a leading zero"));
            return false;
        }
        out = QString::fromLatin1(m_s.constData() + start, m_i - start);
        return true;
    }

    const QByteArray &m_s;
    qsizetype m_i = 0;
    QString m_error;
};

} // namespace

const ExactJson *ExactJson::member(const QString &key) const
{
    for (const auto &[k, v] : members) {
        if (k == key)
            return &v;
    }
    return nullptr;
}

std::optional<ExactJson> ExactJson::parse(const QByteArray &text, QString *error)
{
    Reader reader(text);
    auto v = reader.document();
    if (!v && error)
        *error = reader.error();
    return v;
}

QString ExactJson::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Null: return QStringLiteral("null");
    case Kind::Bool: return QStringLiteral("a boolean");
    case Kind::Number: return QStringLiteral("a number");
    case Kind::String: return QStringLiteral("a string");
    case Kind::Array: return QStringLiteral("an array");
    case Kind::Object: return QStringLiteral("an object");
    }
    return {};
}

} // namespace enclii::waybill
