#include "oci/image/LockToml_p.h"

namespace enclii::oci::detail {

namespace {

constexpr qsizetype kMaxPackages = 200000;

// A TOML basic ("...") or literal ('...') string starting at `line[0]`; false if unterminated.
bool readString(QStringView line, QString *value)
{
    if (line.isEmpty() || (line[0] != u'"' && line[0] != u'\''))
        return false;
    const QChar quote = line[0];
    QString out;
    for (qsizetype i = 1; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c == quote) {
            *value = out;
            return true;
        }
        if (c == u'\\' && quote == u'"' && i + 1 < line.size()) {
            const QChar e = line[++i];
            out += e == u'n' ? QChar(u'\n') : e == u't' ? QChar(u'\t') : e;
            continue;
        }
        out += c;
    }
    return false;
}

// Net bracket depth of a line, ignoring brackets inside strings.
int bracketBalance(QStringView line)
{
    int depth = 0;
    QChar quote;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (!quote.isNull()) {
            if (c == u'\\' && quote == u'"')
                ++i;
            else if (c == quote)
                quote = QChar();
        } else if (c == u'"' || c == u'\'') {
            quote = c;
        } else if (c == u'[' || c == u'{') {
            ++depth;
        } else if (c == u']' || c == u'}') {
            --depth;
        } else if (c == u'#') {
            break;
        }
    }
    return depth;
}

} // namespace

QList<QMap<QString, QString>> lockPackages(const QByteArray &content, const QString &foundIn, QStringList *warnings)
{
    QList<QMap<QString, QString>> out;
    QMap<QString, QString> *current = nullptr;
    int openBrackets = 0;
    bool inMultiline = false;
    for (const QByteArray &raw : content.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (inMultiline) {
            inMultiline = !(line.contains(QLatin1StringView("\"\"\"")) || line.contains(QLatin1StringView("'''")));
            continue;
        }
        if (openBrackets > 0) {
            openBrackets += bracketBalance(line);
            continue;
        }
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u'[')) {
            if (line == QLatin1StringView("[[package]]")) {
                if (out.size() >= kMaxPackages) {
                    if (warnings)
                        warnings->append(QStringLiteral("%1: more than %2 packages; the rest is skipped").arg(foundIn).arg(kMaxPackages));
                    break;
                }
                out.append(QMap<QString, QString>());
                current = &out.last();
            } else {
                current = nullptr;
            }
            continue;
        }
        const qsizetype eq = line.indexOf(u'=');
        if (eq <= 0)
            continue;
        const QString key = line.left(eq).trimmed().remove(u'"');
        const QStringView value = QStringView(line).mid(eq + 1).trimmed();
        if (value.startsWith(QLatin1StringView("\"\"\"")) || value.startsWith(QLatin1StringView("'''"))) {
            const QStringView rest = value.mid(3);
            inMultiline = !(rest.contains(QLatin1StringView("\"\"\"")) || rest.contains(QLatin1StringView("'''")));
            continue;
        }
        QString text;
        if (current && readString(value, &text))
            current->insert(key, text);
        else
            openBrackets = std::max(0, bracketBalance(value));
    }
    return out;
}

} // namespace enclii::oci::detail
