#include "oci/image/TarWriter.h"

#include <QByteArray>

#include <algorithm>
#include <array>
#include <cstring>

namespace enclii::oci {

namespace {

constexpr qint64 kBlock = 512;
constexpr qint64 kMaxOctal11 = (qint64(1) << 33) - 1; // 11 octal digits: 8 GiB - 1
constexpr qint64 kMaxOctal7 = (qint64(1) << 21) - 1;  // 7 octal digits

void putOctal(char *field, int width, qint64 value)
{
    // width - 1 zero-padded digits and a NUL, as GNU tar and Go's archive/tar write them.
    QByteArray digits = QByteArray::number(value, 8).rightJustified(width - 1, '0');
    std::memcpy(field, digits.constData(), size_t(width - 1));
    field[width - 1] = '\0';
}

void putString(char *field, int width, const QByteArray &value)
{
    std::memcpy(field, value.constData(), size_t(std::min<qsizetype>(value.size(), width)));
}

// One pax record: "<length> <key>=<value>\n", where <length> counts the whole record
// including its own digits (so it is found by iteration).
QByteArray paxRecord(const QByteArray &key, const QByteArray &value)
{
    const qsizetype body = key.size() + value.size() + 3; // ' ', '=', '\n'
    qsizetype length = body + QByteArray::number(body).size();
    if (QByteArray::number(length).size() != QByteArray::number(body).size())
        ++length;
    return QByteArray::number(length) + ' ' + key + '=' + value + '\n';
}

} // namespace

TarWriter::TarWriter(QIODevice *out, TarWriterOptions options)
    : m_out(out), m_options(options)
{
    // A negative or out-of-range time would not fit the octal field; clamp rather than
    // write a header other tools would reject.
    m_options.mtime = std::clamp<qint64>(m_options.mtime, 0, kMaxOctal11);
}

bool TarWriter::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
    return false;
}

bool TarWriter::writeRaw(QByteArrayView data)
{
    if (m_out->write(data.data(), data.size()) != data.size())
        return fail(QStringLiteral("cannot write the archive: %1").arg(m_out->errorString()));
    return true;
}

bool TarWriter::pad(qint64 size)
{
    static const std::array<char, kBlock> zeros = {};
    const qint64 rest = (kBlock - size % kBlock) % kBlock;
    return writeRaw(QByteArrayView(zeros.data(), rest));
}

bool TarWriter::admit(const QString &path, bool directory, QByteArray *name)
{
    if (hasError())
        return false;
    if (m_finished)
        return fail(QStringLiteral("cannot add %1: the archive is already finished").arg(path));
    if (++m_entries > m_options.maxEntries)
        return fail(QStringLiteral("too many entries: the limit is %1").arg(m_options.maxEntries));
    QString clean = path;
    while (clean.startsWith(u'/') || clean.startsWith(QLatin1StringView("./")))
        clean.remove(0, clean.startsWith(u'/') ? 1 : 2);
    while (clean.endsWith(u'/'))
        clean.chop(1);
    if (clean.isEmpty() || clean.contains(QChar(0)))
        return fail(QStringLiteral("invalid archive path \"%1\"").arg(path));
    for (const QStringView part : QStringView(clean).split(u'/')) {
        if (part.isEmpty() || part == u"." || part == u"..")
            return fail(QStringLiteral("invalid archive path \"%1\": empty, \".\" or \"..\" component").arg(path));
    }
    *name = clean.toUtf8();
    if (directory)
        name->append('/');
    return true;
}

bool TarWriter::writeHeaderBlock(const QByteArray &name, Kind kind, qint64 size, int mode, qint64 uid, qint64 gid,
                                 const QByteArray &linkName)
{
    std::array<char, kBlock> h = {};
    putString(&h[0], 100, name);
    putOctal(&h[100], 8, mode);
    putOctal(&h[108], 8, uid);
    putOctal(&h[116], 8, gid);
    putOctal(&h[124], 12, size);
    putOctal(&h[136], 12, m_options.mtime);
    std::memset(&h[148], ' ', 8); // the checksum is computed with its own field as spaces
    h[156] = char(kind);
    putString(&h[157], 100, linkName);
    std::memcpy(&h[257], "ustar\0" "00", 8);
    putOctal(&h[329], 8, 0); // devmajor
    putOctal(&h[337], 8, 0); // devminor
    unsigned sum = 0;
    for (const char c : h)
        sum += static_cast<unsigned char>(c);
    QByteArray chk = QByteArray::number(sum, 8).rightJustified(6, '0');
    std::memcpy(&h[148], chk.constData(), 6);
    h[154] = '\0';
    h[155] = ' ';
    return writeRaw(QByteArrayView(h.data(), kBlock));
}

bool TarWriter::writeEntryHeader(const QByteArray &name, Kind kind, qint64 size, int mode,
                                 const QByteArray &linkName)
{
    QByteArray pax;
    if (name.size() > 100)
        pax += paxRecord("path", name);
    if (linkName.size() > 100)
        pax += paxRecord("linkpath", linkName);
    if (size > kMaxOctal11)
        pax += paxRecord("size", QByteArray::number(size));
    if (m_options.uid > kMaxOctal7)
        pax += paxRecord("uid", QByteArray::number(m_options.uid));
    if (m_options.gid > kMaxOctal7)
        pax += paxRecord("gid", QByteArray::number(m_options.gid));
    if (!pax.isEmpty()) {
        // A fixed name keeps the archive reproducible; readers discard it anyway.
        if (!writeHeaderBlock("././@PaxHeader", Kind::Pax, pax.size(), 0644, 0, 0, {}) || !writeRaw(pax)
            || !pad(pax.size()))
            return false;
    }
    return writeHeaderBlock(name.left(100), kind, size > kMaxOctal11 ? 0 : size, mode,
                            std::min(m_options.uid, kMaxOctal7), std::min(m_options.gid, kMaxOctal7),
                            linkName.left(100));
}

bool TarWriter::addDirectory(const QString &path)
{
    QByteArray name;
    return admit(path, true, &name) && writeEntryHeader(name, Kind::Directory, 0, 0755, {});
}

bool TarWriter::addSymlink(const QString &path, const QString &target)
{
    QByteArray name;
    if (!admit(path, false, &name))
        return false;
    if (target.isEmpty() || target.contains(QChar(0)))
        return fail(QStringLiteral("symlink %1 has an empty or invalid target").arg(path));
    return writeEntryHeader(name, Kind::Symlink, 0, 0777, target.toUtf8());
}

bool TarWriter::addFile(const QString &path, bool executable, QByteArrayView content)
{
    QByteArray name;
    if (!admit(path, false, &name))
        return false;
    if (size_t(m_contentBytes) + size_t(content.size()) > size_t(m_options.maxContentBytes))
        return fail(QStringLiteral("the layer content exceeds the limit of %1 bytes").arg(m_options.maxContentBytes));
    m_contentBytes += content.size();
    return writeEntryHeader(name, Kind::File, content.size(), executable ? 0755 : 0644, {}) && writeRaw(content)
        && pad(content.size());
}

bool TarWriter::addFile(const QString &path, bool executable, QIODevice *content, qint64 size)
{
    QByteArray name;
    if (!admit(path, false, &name))
        return false;
    if (size < 0 || size > m_options.maxContentBytes - m_contentBytes)
        return fail(QStringLiteral("the layer content exceeds the limit of %1 bytes (at %2)")
                        .arg(m_options.maxContentBytes)
                        .arg(path));
    m_contentBytes += size;
    if (!writeEntryHeader(name, Kind::File, size, executable ? 0755 : 0644, {}))
        return false;
    QByteArray chunk(64 * 1024, Qt::Uninitialized);
    qint64 left = size;
    while (left > 0) {
        const qint64 n = content->read(chunk.data(), std::min<qint64>(left, chunk.size()));
        if (n <= 0)
            return fail(QStringLiteral("%1 ended after %2 of %3 bytes (changed while being archived?)")
                            .arg(path)
                            .arg(size - left)
                            .arg(size));
        if (!writeRaw(QByteArrayView(chunk.constData(), n)))
            return false;
        left -= n;
    }
    return pad(size);
}

bool TarWriter::finish()
{
    if (hasError())
        return false;
    if (m_finished)
        return true;
    static const std::array<char, 2 * kBlock> zeros = {};
    m_finished = writeRaw(QByteArrayView(zeros.data(), zeros.size()));
    return m_finished;
}

} // namespace enclii::oci
