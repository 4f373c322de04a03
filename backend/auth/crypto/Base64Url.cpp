#include "auth/crypto/Base64Url.h"

#include <array>

namespace enclii::auth {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<qint8, 256> makeDecodeTable()
{
    std::array<qint8, 256> table{};
    for (auto &v : table)
        v = -1;
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<qint8>(i);
    return table;
}

constexpr std::array<qint8, 256> kDecode = makeDecodeTable();

void fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

QByteArray base64UrlEncode(QByteArrayView data)
{
    QByteArray out;
    out.reserve((data.size() * 4 + 2) / 3);
    const auto *p = reinterpret_cast<const unsigned char *>(data.data());
    qsizetype i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        const quint32 v = (quint32(p[i]) << 16) | (quint32(p[i + 1]) << 8) | p[i + 2];
        out.append(kAlphabet[(v >> 18) & 63]);
        out.append(kAlphabet[(v >> 12) & 63]);
        out.append(kAlphabet[(v >> 6) & 63]);
        out.append(kAlphabet[v & 63]);
    }
    const qsizetype rest = data.size() - i;
    if (rest == 1) {
        const quint32 v = quint32(p[i]) << 16;
        out.append(kAlphabet[(v >> 18) & 63]);
        out.append(kAlphabet[(v >> 12) & 63]);
    } else if (rest == 2) {
        const quint32 v = (quint32(p[i]) << 16) | (quint32(p[i + 1]) << 8);
        out.append(kAlphabet[(v >> 18) & 63]);
        out.append(kAlphabet[(v >> 12) & 63]);
        out.append(kAlphabet[(v >> 6) & 63]);
    }
    return out;
}

std::optional<QByteArray> base64UrlDecode(QByteArrayView text, QString *error)
{
    if (text.size() % 4 == 1) {
        fail(error, QStringLiteral("base64url length %1 is impossible (4k+1)").arg(text.size()));
        return std::nullopt;
    }
    QByteArray out;
    out.reserve(text.size() * 3 / 4);
    quint32 acc = 0;
    int bits = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const qint8 v = kDecode[c];
        if (v < 0) {
            if (c == '=')
                fail(error, QStringLiteral("base64url must not be padded with '='"));
            else if (c >= 0x21 && c < 0x7f)
                fail(error, QStringLiteral("invalid base64url character '%1' at offset %2")
                                .arg(QChar::fromLatin1(char(c))).arg(i));
            else
                fail(error, QStringLiteral("invalid base64url byte 0x%1 at offset %2")
                                .arg(c, 2, 16, QLatin1Char('0')).arg(i));
            return std::nullopt;
        }
        acc = (acc << 6) | quint32(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.append(char((acc >> bits) & 0xff));
        }
    }
    // 2 or 4 bits are left over after a 3- or 2-character tail; they must be zero.
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
        fail(error, QStringLiteral("base64url has non-zero trailing bits (non-canonical encoding)"));
        return std::nullopt;
    }
    return out;
}

} // namespace enclii::auth
