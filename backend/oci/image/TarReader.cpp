#include "oci/image/TarReader.h"

#include "oci/image/TarInput_p.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

namespace enclii::oci {

namespace {

constexpr qint64 kBlock = 512;
// Far above any real value, far below overflow of the arithmetic done on them.
constexpr qint64 kMaxNumeric = qint64(1) << 62;
// Consecutive pax/GNU headers before a real member: more is a loop, not an archive.
constexpr int kMaxMetaHeaders = 8;

QByteArray field(const QByteArray &block, int offset, int width)
{
    QByteArray f = block.mid(offset, width);
    const qsizetype nul = f.indexOf('\0');
    return nul < 0 ? f : f.left(nul);
}

// Octal with optional leading spaces/NULs and a space or NUL terminator, or GNU base-256
// (high bit of the first byte set). Empty means 0. Negative base-256 is refused.
std::optional<qint64> numeric(const QByteArray &block, int offset, int width)
{
    const auto *p = reinterpret_cast<const unsigned char *>(block.constData() + offset);
    if (p[0] & 0x80) {
        if (p[0] == 0xff)
            return std::nullopt; // negative
        qint64 v = p[0] & 0x7f;
        for (int i = 1; i < width; ++i) {
            if (v > (kMaxNumeric >> 8))
                return std::nullopt;
            v = (v << 8) | p[i];
        }
        return v;
    }
    int i = 0;
    while (i < width && (p[i] == ' ' || p[i] == '\0'))
        ++i;
    qint64 v = 0;
    for (; i < width && p[i] != ' ' && p[i] != '\0'; ++i) {
        if (p[i] < '0' || p[i] > '7' || v > (kMaxNumeric >> 3))
            return std::nullopt;
        v = v * 8 + (p[i] - '0');
    }
    for (; i < width; ++i) {
        if (p[i] != ' ' && p[i] != '\0')
            return std::nullopt; // digits after the terminator
    }
    return v;
}

std::optional<qint64> decimal(QByteArrayView text, bool allowFraction)
{
    if (allowFraction) {
        const qsizetype dot = text.indexOf('.');
        if (dot >= 0)
            text = text.first(dot); // pax times may carry sub-second digits
        if (text.startsWith('-'))
            return std::nullopt;
    }
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    qint64 v = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

bool isZeroBlock(const QByteArray &block)
{
    return std::all_of(block.cbegin(), block.cend(), [](char c) { return c == '\0'; });
}

QString cleanName(QString name)
{
    while (name.startsWith(QLatin1StringView("./")) || name.startsWith(u'/'))
        name.remove(0, name.startsWith(u'/') ? 1 : 2);
    while (name.endsWith(u'/'))
        name.chop(1);
    return name;
}

} // namespace

// What pax ('x') and GNU ('L', 'K') headers say about the member that follows them.
struct TarReader::Overrides
{
    std::optional<QByteArray> path;
    std::optional<QByteArray> linkPath;
    std::optional<qint64> size;
    std::optional<qint64> uid;
    std::optional<qint64> gid;
    std::optional<qint64> mtime;
};

TarReader::TarReader(QIODevice *input, TarReaderLimits limits)
    : m_input(std::make_unique<detail::TarInput>(input)), m_limits(limits)
{
}

TarReader::~TarReader() = default;

bool TarReader::isCompressed() const
{
    return m_input->isCompressed();
}

bool TarReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("invalid tar archive (member %1, at byte %2): %3").arg(m_entries).arg(m_bytesRead).arg(message);
    m_done = true;
    return false;
}

bool TarReader::readExact(char *out, qint64 size)
{
    if (size > m_limits.maxTotalBytes - m_bytesRead)
        return fail(QStringLiteral("the archive exceeds the limit of %1 bytes").arg(m_limits.maxTotalBytes));
    qint64 got = 0;
    while (got < size) {
        const qint64 n = m_input->read(out + got, size - got);
        if (n < 0)
            return fail(m_input->error());
        if (n == 0)
            return fail(QStringLiteral("truncated: the archive ends inside a member"));
        got += n;
    }
    m_bytesRead += size;
    return true;
}

bool TarReader::skip(qint64 size)
{
    std::array<char, 64 * 1024> sink;
    while (size > 0) {
        const qint64 n = std::min<qint64>(size, sink.size());
        if (!readExact(sink.data(), n))
            return false;
        size -= n;
    }
    return true;
}

bool TarReader::readHeader(QByteArray *block, bool *end)
{
    *end = false;
    block->resize(kBlock);
    // A clean end of input where a header would start is accepted: some writers omit the
    // two zero blocks.
    const qint64 first = m_input->read(block->data(), kBlock);
    if (first < 0)
        return fail(m_input->error());
    if (first == 0) {
        *end = true;
        return true;
    }
    m_bytesRead += first;
    if (first < kBlock && !readExact(block->data() + first, kBlock - first))
        return false;
    if (isZeroBlock(*block)) {
        *end = true;
        return true;
    }
    const auto stored = numeric(*block, 148, 8);
    if (!stored)
        return fail(QStringLiteral("malformed header checksum field"));
    QByteArray copy = *block;
    std::memset(copy.data() + 148, ' ', 8);
    qint64 unsignedSum = 0, signedSum = 0;
    for (const char c : copy) {
        unsignedSum += static_cast<unsigned char>(c);
        signedSum += static_cast<signed char>(c); // some historic writers summed signed chars
    }
    if (*stored != unsignedSum && *stored != signedSum)
        return fail(QStringLiteral("header checksum mismatch"));
    return true;
}

bool TarReader::parsePax(const QByteArray &data, Overrides *o, bool global)
{
    qsizetype pos = 0;
    while (pos < data.size()) {
        const qsizetype space = data.indexOf(' ', pos);
        if (space < 0 || space - pos > 10)
            return fail(QStringLiteral("malformed pax record length"));
        const auto length = decimal(QByteArrayView(data).sliced(pos, space - pos), false);
        if (!length || *length <= space - pos + 1 || *length > data.size() - pos)
            return fail(QStringLiteral("pax record length does not match its content"));
        const QByteArrayView record = QByteArrayView(data).sliced(space + 1, pos + *length - space - 1);
        if (!record.endsWith('\n'))
            return fail(QStringLiteral("pax record does not end with a newline"));
        const qsizetype eq = record.indexOf('=');
        if (eq <= 0)
            return fail(QStringLiteral("pax record without a key"));
        const QByteArrayView key = record.first(eq);
        const QByteArrayView value = record.sliced(eq + 1, record.size() - eq - 2);
        pos += *length;
        if (global)
            continue; // validated, but global defaults are not applied (layers do not use them)
        auto number = [&](std::optional<qint64> *target, bool fraction) {
            *target = decimal(value, fraction);
            return target->has_value() || fail(QStringLiteral("pax %1 is not a valid number").arg(QString::fromLatin1(key)));
        };
        if (key == "path")
            o->path = value.toByteArray();
        else if (key == "linkpath")
            o->linkPath = value.toByteArray();
        else if (key == "size" && !number(&o->size, false))
            return false;
        else if (key == "uid" && !number(&o->uid, false))
            return false;
        else if (key == "gid" && !number(&o->gid, false))
            return false;
        else if (key == "mtime" && !number(&o->mtime, true))
            return false;
    }
    return true;
}

bool TarReader::readMeta(char type, qint64 size, Overrides *o)
{
    const qint64 limit = (type == 'x' || type == 'g') ? m_limits.maxPaxBytes : m_limits.maxPathBytes + 1;
    if (size > limit)
        return fail(QStringLiteral("extended header of %1 bytes exceeds the limit of %2").arg(size).arg(limit));
    QByteArray data(size, Qt::Uninitialized);
    if (!readExact(data.data(), size) || !skip((kBlock - size % kBlock) % kBlock))
        return false;
    if (type == 'x' || type == 'g')
        return parsePax(data, o, type == 'g');
    const qsizetype nul = data.indexOf('\0');
    (type == 'L' ? o->path : o->linkPath) = nul < 0 ? data : data.left(nul);
    return true;
}

bool TarReader::next()
{
    if (m_done)
        return false;
    if (!skip(m_pendingData + m_pendingPadding))
        return false;
    m_pendingData = m_pendingPadding = 0;

    Overrides o;
    QByteArray block;
    for (int meta = 0;; ++meta) {
        bool end = false;
        if (!readHeader(&block, &end))
            return false;
        if (end) {
            m_done = true;
            if (meta > 0)
                return fail(QStringLiteral("the archive ends after an extended header"));
            return false;
        }
        const char type = block[156];
        if (type != 'x' && type != 'g' && type != 'L' && type != 'K')
            break;
        if (meta >= kMaxMetaHeaders)
            return fail(QStringLiteral("too many consecutive extended headers"));
        const auto size = numeric(block, 124, 12);
        if (!size)
            return fail(QStringLiteral("malformed size field"));
        if (!readMeta(type, *size, &o))
            return false;
    }
    if (++m_entries > m_limits.maxEntries)
        return fail(QStringLiteral("more than %1 members").arg(m_limits.maxEntries));

    TarEntry e;
    e.typeFlag = block[156];
    const auto mode = numeric(block, 100, 8);
    const auto uid = numeric(block, 108, 8);
    const auto gid = numeric(block, 116, 8);
    const auto size = numeric(block, 124, 12);
    const auto mtime = numeric(block, 136, 12);
    if (!mode || !uid || !gid || !size || !mtime)
        return fail(QStringLiteral("malformed numeric field"));
    e.mode = int(*mode & 07777);
    e.uid = o.uid.value_or(*uid);
    e.gid = o.gid.value_or(*gid);
    e.mtime = o.mtime.value_or(*mtime);
    const qint64 dataSize = o.size.value_or(*size);

    QByteArray name = field(block, 0, 100);
    if (block.mid(257, 6) == QByteArray("ustar\0", 6)) {
        const QByteArray prefix = field(block, 345, 155);
        if (!prefix.isEmpty())
            name = prefix + '/' + name;
    }
    const QByteArray path = o.path.value_or(name);
    const QByteArray link = o.linkPath.value_or(field(block, 157, 100));
    if (path.isEmpty() || path.size() > m_limits.maxPathBytes || path.contains('\0'))
        return fail(QStringLiteral("member name is empty or longer than %1 bytes").arg(m_limits.maxPathBytes));
    if (link.size() > m_limits.maxPathBytes)
        return fail(QStringLiteral("link target longer than %1 bytes").arg(m_limits.maxPathBytes));
    e.path = cleanName(QString::fromUtf8(path));
    e.linkName = QString::fromUtf8(link);

    bool hasData = true;
    switch (e.typeFlag) {
    case '0': case '\0': case '7': e.type = TarEntry::Type::File; break;
    case '1': e.type = TarEntry::Type::HardLink; hasData = false; break;
    case '2': e.type = TarEntry::Type::Symlink; hasData = false; break;
    case '5': e.type = TarEntry::Type::Directory; hasData = false; break;
    case '3': case '4': case '6': e.type = TarEntry::Type::Other; hasData = false; break;
    default: e.type = TarEntry::Type::Other; break; // POSIX: unknown types carry data like files
    }
    if (e.path.isEmpty() && e.type != TarEntry::Type::Directory)
        return fail(QStringLiteral("member with an empty name"));
    e.size = hasData ? dataSize : 0;
    if (e.size > m_limits.maxTotalBytes - m_bytesRead)
        return fail(QStringLiteral("member %1 claims %2 bytes, beyond the archive limit").arg(e.path).arg(e.size));
    m_pendingData = e.size;
    m_pendingPadding = (kBlock - e.size % kBlock) % kBlock;
    m_contentRead = false;
    m_entry = e;
    return true;
}

std::optional<QByteArray> TarReader::readContent(qint64 maxSize)
{
    if (m_done || m_contentRead || m_entry.type != TarEntry::Type::File || m_entry.size > maxSize)
        return std::nullopt;
    QByteArray content(m_entry.size, Qt::Uninitialized);
    if (!readExact(content.data(), m_entry.size))
        return std::nullopt;
    m_pendingData = 0;
    m_contentRead = true;
    return content;
}

} // namespace enclii::oci
