#include "oci/image/License.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

namespace enclii::oci::License {

namespace {

const QStringList &knownIds()
{
    static const QStringList ids{
        QStringLiteral("0BSD"), QStringLiteral("AFL-2.1"), QStringLiteral("AGPL-3.0-only"),
        QStringLiteral("AGPL-3.0-or-later"), QStringLiteral("Apache-1.1"), QStringLiteral("Apache-2.0"),
        QStringLiteral("APSL-2.0"), QStringLiteral("Artistic-1.0"), QStringLiteral("Artistic-1.0-Perl"),
        QStringLiteral("Artistic-2.0"), QStringLiteral("Beerware"), QStringLiteral("BlueOak-1.0.0"),
        QStringLiteral("BSD-1-Clause"), QStringLiteral("BSD-2-Clause"), QStringLiteral("BSD-3-Clause"),
        QStringLiteral("BSD-4-Clause"), QStringLiteral("BSL-1.0"), QStringLiteral("bzip2-1.0.6"),
        QStringLiteral("CC-BY-3.0"), QStringLiteral("CC-BY-4.0"), QStringLiteral("CC-BY-SA-4.0"),
        QStringLiteral("CC0-1.0"), QStringLiteral("CDDL-1.0"), QStringLiteral("curl"), QStringLiteral("EPL-1.0"),
        QStringLiteral("EPL-2.0"), QStringLiteral("FTL"), QStringLiteral("GFDL-1.2-or-later"),
        QStringLiteral("GFDL-1.3-or-later"), QStringLiteral("GPL-1.0-or-later"), QStringLiteral("GPL-2.0-only"),
        QStringLiteral("GPL-2.0-or-later"), QStringLiteral("GPL-3.0-only"), QStringLiteral("GPL-3.0-or-later"),
        QStringLiteral("HPND"), QStringLiteral("ICU"), QStringLiteral("IJG"), QStringLiteral("ISC"),
        QStringLiteral("LGPL-2.0-only"), QStringLiteral("LGPL-2.0-or-later"), QStringLiteral("LGPL-2.1-only"),
        QStringLiteral("LGPL-2.1-or-later"), QStringLiteral("LGPL-3.0-only"), QStringLiteral("LGPL-3.0-or-later"),
        QStringLiteral("Libpng"), QStringLiteral("libtiff"), QStringLiteral("MIT"), QStringLiteral("MIT-0"),
        QStringLiteral("MPL-1.1"), QStringLiteral("MPL-2.0"), QStringLiteral("NCSA"), QStringLiteral("OFL-1.1"),
        QStringLiteral("OpenSSL"), QStringLiteral("PHP-3.01"), QStringLiteral("PostgreSQL"),
        QStringLiteral("PSF-2.0"), QStringLiteral("Python-2.0"), QStringLiteral("Ruby"), QStringLiteral("Sleepycat"),
        QStringLiteral("Unicode-DFS-2016"), QStringLiteral("Unicode-3.0"), QStringLiteral("Unlicense"),
        QStringLiteral("Vim"), QStringLiteral("W3C"), QStringLiteral("WTFPL"), QStringLiteral("X11"),
        QStringLiteral("Zlib"), QStringLiteral("ZPL-2.1"),
        // Deprecated ids are still valid SPDX; kept so that they are recognised.
        QStringLiteral("GPL-2.0"), QStringLiteral("GPL-3.0"), QStringLiteral("LGPL-2.1"), QStringLiteral("LGPL-3.0"),
        QStringLiteral("AGPL-3.0"), QStringLiteral("LGPL-2.0")};
    return ids;
}

// Debian copyright-format short names and other common spellings -> SPDX.
const QHash<QString, QString> &aliases()
{
    static const QHash<QString, QString> map{
        {QStringLiteral("expat"), QStringLiteral("MIT")},
        {QStringLiteral("gpl-1+"), QStringLiteral("GPL-1.0-or-later")},
        {QStringLiteral("gpl-2"), QStringLiteral("GPL-2.0-only")},
        {QStringLiteral("gpl-2+"), QStringLiteral("GPL-2.0-or-later")},
        {QStringLiteral("gpl-2.0+"), QStringLiteral("GPL-2.0-or-later")},
        {QStringLiteral("gpl-3"), QStringLiteral("GPL-3.0-only")},
        {QStringLiteral("gpl-3+"), QStringLiteral("GPL-3.0-or-later")},
        {QStringLiteral("gpl-3.0+"), QStringLiteral("GPL-3.0-or-later")},
        {QStringLiteral("lgpl-2"), QStringLiteral("LGPL-2.0-only")},
        {QStringLiteral("lgpl-2+"), QStringLiteral("LGPL-2.0-or-later")},
        {QStringLiteral("lgpl-2.1+"), QStringLiteral("LGPL-2.1-or-later")},
        {QStringLiteral("lgpl-3"), QStringLiteral("LGPL-3.0-only")},
        {QStringLiteral("lgpl-3+"), QStringLiteral("LGPL-3.0-or-later")},
        {QStringLiteral("lgpl-3.0+"), QStringLiteral("LGPL-3.0-or-later")},
        {QStringLiteral("bsd-2-clause"), QStringLiteral("BSD-2-Clause")},
        {QStringLiteral("bsd-3-clause"), QStringLiteral("BSD-3-Clause")},
        {QStringLiteral("bsd-4-clause"), QStringLiteral("BSD-4-Clause")},
        {QStringLiteral("artistic"), QStringLiteral("Artistic-1.0")},
        {QStringLiteral("apache-2"), QStringLiteral("Apache-2.0")},
        {QStringLiteral("mpl-2"), QStringLiteral("MPL-2.0")},
        {QStringLiteral("psf"), QStringLiteral("PSF-2.0")},
        {QStringLiteral("cc0"), QStringLiteral("CC0-1.0")},
        {QStringLiteral("zlib"), QStringLiteral("Zlib")},
    };
    return map;
}

QStringList tokens(const QString &text)
{
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    QString spaced = text;
    spaced.replace(u'(', QStringLiteral(" ( ")).replace(u')', QStringLiteral(" ) "));
    return spaced.split(whitespace, Qt::SkipEmptyParts);
}

bool isOperator(const QString &token)
{
    const QString upper = token.toUpper();
    return upper == QLatin1StringView("AND") || upper == QLatin1StringView("OR") || upper == QLatin1StringView("WITH");
}

} // namespace

QString spdxId(const QString &text)
{
    const QString t = text.trimmed();
    for (const QString &id : knownIds()) {
        if (id.compare(t, Qt::CaseInsensitive) == 0)
            return id;
    }
    return {};
}

QString normalise(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.size() > 1024)
        return trimmed;
    QStringList out;
    bool afterWith = false;
    for (const QString &token : tokens(trimmed)) {
        if (isOperator(token)) {
            out.append(token.toUpper());
            afterWith = token.toUpper() == QLatin1StringView("WITH");
            continue;
        }
        if (token == u'(' || token == u')' || afterWith) {
            out.append(token); // exception ids ("Classpath-exception-2.0") are kept as written
            afterWith = false;
            continue;
        }
        const QString id = spdxId(token);
        out.append(!id.isEmpty() ? id : aliases().value(token.toLower(), token));
    }
    QString joined = out.join(u' ');
    joined.replace(QStringLiteral("( "), QStringLiteral("(")).replace(QStringLiteral(" )"), QStringLiteral(")"));
    return joined;
}

bool isSpdxExpression(const QString &text)
{
    const QStringList list = tokens(text);
    if (list.isEmpty())
        return false;
    int depth = 0;
    bool expectOperand = true;
    bool afterWith = false;
    for (const QString &token : list) {
        if (token == u'(') {
            if (!expectOperand)
                return false;
            ++depth;
        } else if (token == u')') {
            if (expectOperand || --depth < 0)
                return false;
        } else if (isOperator(token)) {
            if (expectOperand || token != token.toUpper())
                return false;
            expectOperand = true;
            afterWith = token == QLatin1StringView("WITH");
        } else {
            if (!expectOperand)
                return false;
            const bool ok = afterWith ? token.contains(QLatin1StringView("exception"), Qt::CaseInsensitive)
                                      : spdxId(token) == token;
            if (!ok)
                return false;
            expectOperand = false;
            afterWith = false;
        }
    }
    return depth == 0 && !expectOperand;
}

bool isCompoundExpression(const QString &text)
{
    const QStringList list = tokens(text);
    return list.size() > 1 && isSpdxExpression(text);
}

QString conjunction(const QStringList &terms)
{
    QStringList parts;
    for (const QString &term : terms)
        parts.append(terms.size() > 1 && isCompoundExpression(term) ? u'(' + term + u')' : term);
    return parts.join(QStringLiteral(" AND "));
}

} // namespace enclii::oci::License
