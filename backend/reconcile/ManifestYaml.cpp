#include "ManifestYaml.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace enclii::reconcile {

namespace {

// Plain scalars are limited to a safe alphabet and must not start with an indicator.
bool isPlainSafe(const QString &s)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./][A-Za-z0-9_./@%+=:-]*$"));
    if (!safe.match(s).hasMatch() || s.endsWith(u':'))
        return false;
    // Words YAML 1.1 reads as bool or null.
    static const QRegularExpression word(QStringLiteral(
        "^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$"));
    if (word.match(s).hasMatch())
        return false;
    // Anything number-like (ints, floats, hex, octal, sexagesimal, dates, .inf, .nan) is quoted.
    static const QRegularExpression numeric(QStringLiteral("^[-+.]?[0-9][0-9a-fA-FxXoOtTzZ_.:+-]*$"));
    static const QRegularExpression special(QStringLiteral("^[-+]?\\.(inf|Inf|INF|nan|NaN|NAN)$"));
    return !numeric.match(s).hasMatch() && !special.match(s).hasMatch();
}

QString quoted(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (QChar c : s) {
        switch (c.unicode()) {
        case '"': out += QStringLiteral("\\\""); break;
        case '\\': out += QStringLiteral("\\\\"); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + u'"';
}

QString scalar(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.007199254740992e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::String: {
        const QString s = v.toString();
        return isPlainSafe(s) ? s : quoted(s);
    }
    default:
        return {};
    }
}

bool isEmptyContainer(const QJsonValue &v)
{
    return (v.isObject() && v.toObject().isEmpty()) || (v.isArray() && v.toArray().isEmpty());
}

QString emptyContainer(const QJsonValue &v)
{
    return v.isObject() ? QStringLiteral("{}") : QStringLiteral("[]");
}

void writeValue(QString &out, const QJsonValue &v, int indent);

void writeObject(QString &out, const QJsonObject &o, int indent, bool firstInline)
{
    QStringList keys = o.keys();
    std::sort(keys.begin(), keys.end());
    bool first = true;
    for (const QString &key : keys) {
        if (!(first && firstInline))
            out += QString(indent, u' ');
        first = false;
        out += scalar(key) + u':';
        writeValue(out, o.value(key), indent);
    }
}

void writeArray(QString &out, const QJsonArray &a, int indent)
{
    for (const QJsonValue &item : a) {
        out += QString(indent, u' ') + QStringLiteral("-");
        if (item.isObject() && !item.toObject().isEmpty()) {
            out += u' ';
            writeObject(out, item.toObject(), indent + 2, true);
        } else if (item.isArray() && !item.toArray().isEmpty()) {
            out += u'\n';
            writeArray(out, item.toArray(), indent + 2);
        } else {
            out += u' ' + (isEmptyContainer(item) ? emptyContainer(item) : scalar(item)) + u'\n';
        }
    }
}

// After "key:" — the value inline for scalars and empty containers, else on the next lines.
void writeValue(QString &out, const QJsonValue &v, int indent)
{
    if (isEmptyContainer(v)) {
        out += u' ' + emptyContainer(v) + u'\n';
    } else if (v.isObject()) {
        out += u'\n';
        writeObject(out, v.toObject(), indent + 2, false);
    } else if (v.isArray()) {
        out += u'\n';
        writeArray(out, v.toArray(), indent + 2);
    } else {
        out += u' ' + scalar(v) + u'\n';
    }
}

} // namespace

QByteArray toYaml(const QList<QJsonObject> &objects)
{
    QString out;
    for (const QJsonObject &o : objects) {
        out += QStringLiteral("---\n");
        if (o.isEmpty())
            out += QStringLiteral("{}\n");
        else
            writeObject(out, o, 0, false);
    }
    return out.toUtf8();
}

} // namespace enclii::reconcile
