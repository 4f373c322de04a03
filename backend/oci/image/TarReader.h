#pragma once

#include "oci/image/TarEntry.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <memory>
#include <optional>

namespace enclii::oci {

namespace detail {
class TarInput;
}

// Bounds that keep a hostile archive from costing more than a legitimate layer would.
struct TarReaderLimits
{
    qint64 maxEntries = 1000000;
    // Uncompressed bytes read, headers and skipped content included: the gzip-bomb guard.
    qint64 maxTotalBytes = qint64(32) * 1024 * 1024 * 1024;
    qint64 maxPaxBytes = 1024 * 1024; // one pax extended header
    int maxPathBytes = 4096;
};

// Iterates the members of a tar archive (ustar, pax, GNU and v7 headers), gzipped or not
// (detected from the magic bytes), from any QIODevice, in one forward pass.
//
// Written for input we did not produce: every header checksum is verified, numeric fields
// must be well-formed octal (or positive GNU base-256), pax records must be consistent
// with their own lengths, sizes and counts are bounded by TarReaderLimits, and a short
// read anywhere is "truncated". Any of these ends the iteration with an error; memory use
// is bounded by one pax header plus what readContent() is asked for.
//
//     TarReader reader(&file);
//     while (reader.next()) {
//         if (reader.entry().path == u"etc/os-release")
//             content = reader.readContent(64 * 1024);
//     }
//     if (reader.hasError()) ... reader.errorString()
class TarReader
{
public:
    explicit TarReader(QIODevice *input, TarReaderLimits limits = {});
    ~TarReader();
    TarReader(const TarReader &) = delete;
    TarReader &operator=(const TarReader &) = delete;

    // Advances to the next member, skipping whatever of the current one was not read.
    // False at the end of the archive or on an error (hasError() tells them apart).
    bool next();
    const TarEntry &entry() const { return m_entry; }

    // The current member's content, when it is a file of at most `maxSize` bytes and has
    // not been read yet; std::nullopt otherwise (and on a read error, see hasError()).
    std::optional<QByteArray> readContent(qint64 maxSize);

    bool isCompressed() const;
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

private:
    struct Overrides;
    bool readHeader(QByteArray *block, bool *end);
    bool readExact(char *out, qint64 size);
    bool skip(qint64 size);
    bool readMeta(char type, qint64 size, Overrides *o);
    bool parsePax(const QByteArray &data, Overrides *o, bool global);
    bool fail(const QString &message);

    std::unique_ptr<detail::TarInput> m_input;
    TarReaderLimits m_limits;
    TarEntry m_entry;
    qint64 m_entries = 0;
    qint64 m_bytesRead = 0;
    qint64 m_pendingData = 0;    // unread content bytes of the current member
    qint64 m_pendingPadding = 0; // then this many padding bytes
    bool m_contentRead = false;
    bool m_done = false;
    QString m_error;
};

} // namespace enclii::oci
