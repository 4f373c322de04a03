#include "Cidr.h"

#include <QStringList>

namespace enclii::reconcile {

namespace {

std::uint32_t mask(int prefix)
{
    return prefix == 0 ? 0 : ~std::uint32_t(0) << (32 - prefix);
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool parseNumber(const QString &s, int max, int &out)
{
    if (s.isEmpty() || s.size() > 3 || (s.size() > 1 && s.front() == u'0'))
        return false;
    bool ok = false;
    out = s.toInt(&ok);
    return ok && out >= 0 && out <= max;
}

} // namespace

std::optional<Cidr> Cidr::parse(const QString &text, QString *error)
{
    const QStringList parts = text.split(u'/');
    int prefix = 0;
    if (parts.size() != 2 || !parseNumber(parts[1], 32, prefix)) {
        fail(error, QStringLiteral("\"%1\" is not an IPv4 CIDR such as 10.0.0.0/8").arg(text));
        return std::nullopt;
    }
    const QStringList octets = parts[0].split(u'.');
    if (octets.size() != 4) {
        fail(error, QStringLiteral("\"%1\" is not an IPv4 CIDR such as 10.0.0.0/8").arg(text));
        return std::nullopt;
    }
    std::uint32_t address = 0;
    for (const QString &o : octets) {
        int v = 0;
        if (!parseNumber(o, 255, v)) {
            fail(error, QStringLiteral("\"%1\" is not an IPv4 CIDR such as 10.0.0.0/8").arg(text));
            return std::nullopt;
        }
        address = (address << 8) | std::uint32_t(v);
    }
    if ((address & ~mask(prefix)) != 0) {
        fail(error, QStringLiteral("\"%1\" has host bits set; write the network address").arg(text));
        return std::nullopt;
    }
    return Cidr{address, prefix};
}

bool Cidr::contains(const Cidr &other) const
{
    return other.prefix >= prefix && (other.network & mask(prefix)) == network;
}

QString Cidr::toString() const
{
    return QStringLiteral("%1.%2.%3.%4/%5")
        .arg(network >> 24).arg((network >> 16) & 0xff).arg((network >> 8) & 0xff).arg(network & 0xff).arg(prefix);
}

} // namespace enclii::reconcile
