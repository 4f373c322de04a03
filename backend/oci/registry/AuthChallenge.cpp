#include "oci/registry/AuthChallenge.h"

namespace enclii::oci {

namespace {

// RFC 7230 tchar
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

class Cursor
{
public:
    explicit Cursor(QByteArrayView text) : m_text(text) {}

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    void skipSpaces()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t'))
            ++m_pos;
    }
    void skipSpacesAndCommas()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == ','))
            ++m_pos;
    }
    QByteArrayView token()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && isTokenChar(peek()))
            ++m_pos;
        return m_text.sliced(start, m_pos - start);
    }
    // token68 padding: trailing '='s directly after a token.
    void skipEquals()
    {
        while (!atEnd() && peek() == '=')
            ++m_pos;
    }
    bool quoted(QString *out)
    {
        if (peek() != '"')
            return false;
        ++m_pos;
        QByteArray value;
        while (!atEnd()) {
            char c = m_text[m_pos++];
            if (c == '"') {
                *out = QString::fromUtf8(value);
                return true;
            }
            if (c == '\\' && !atEnd())
                c = m_text[m_pos++];
            value.append(c);
        }
        return false; // unterminated
    }
    // After "name" with optional spaces: is the next char '=' starting a parameter value
    // (rather than token68 padding, which is followed by a comma or the end)?
    bool lookingAtParamEquals()
    {
        const qsizetype save = m_pos;
        skipSpaces();
        if (peek() != '=') {
            m_pos = save;
            return false;
        }
        return true;
    }
    void advance() { ++m_pos; }
    qsizetype pos() const { return m_pos; }
    void setPos(qsizetype p) { m_pos = p; }

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

} // namespace

QList<AuthChallenge> parseAuthChallenges(QByteArrayView header)
{
    Cursor in(header.first(qMin(header.size(), MaxAuthHeaderSize)));
    QList<AuthChallenge> out;
    int paramCount = 0;
    in.skipSpacesAndCommas();
    while (!in.atEnd()) {
        const QByteArrayView scheme = in.token();
        if (scheme.isEmpty())
            break;
        AuthChallenge challenge;
        challenge.scheme = QString::fromLatin1(scheme).toLower();
        in.skipSpaces();
        bool malformed = false;
        // Parameters until a token that is not followed by '=' (the next scheme).
        while (!in.atEnd()) {
            in.skipSpacesAndCommas();
            const qsizetype start = in.pos();
            const QByteArrayView name = in.token();
            if (name.isEmpty()) {
                malformed = !in.atEnd();
                break;
            }
            if (!in.lookingAtParamEquals()) {
                in.setPos(start); // a new challenge begins here
                break;
            }
            in.advance(); // '='
            in.skipSpaces();
            QString value;
            if (in.peek() == '"') {
                if (!in.quoted(&value)) {
                    malformed = true;
                    break;
                }
            } else {
                const QByteArrayView raw = in.token();
                if (raw.isEmpty()) {
                    // "name=" then ',' or end: token68 padding ("Basic abc=="), not a parameter
                    in.skipEquals();
                    continue;
                }
                value = QString::fromLatin1(raw);
            }
            if (++paramCount > MaxAuthParams) {
                malformed = true;
                break;
            }
            challenge.params.insert(QString::fromLatin1(name).toLower(), value);
            in.skipSpaces();
        }
        out.append(challenge);
        if (malformed)
            break;
        in.skipSpacesAndCommas();
    }
    return out;
}

} // namespace enclii::oci
