#pragma once

#include "oci/image/DigestHasher.h"

#include <QIODevice>
#include <QString>

#include <memory>

namespace enclii::oci {

// A write-only QIODevice that gzips what it is given into another device and, in the same
// pass, hashes both sides: the compressed bytes give the layer descriptor (digest, size),
// the uncompressed ones the diffID that the image config lists.
//
// The output is deterministic for a given zlib build: the gzip header carries mtime 0, no
// file name or comment, OS byte 255 ("unknown", as Go's compress/gzip writes it), and the
// compression level is fixed. (A different zlib release may compress differently; the
// diffID does not change, only the layer digest.)
//
// Call finish() (or close()) once everything is written; the digests are final after it.
class GzipWriter : public QIODevice
{
    Q_OBJECT

public:
    static constexpr int DefaultLevel = 6;

    explicit GzipWriter(QIODevice *sink, int level = DefaultLevel, QObject *parent = nullptr);
    ~GzipWriter() override;

    // Flushes the deflate stream and writes the gzip trailer. Idempotent.
    bool finish();
    void close() override;
    bool isSequential() const override { return true; }

    QString compressedDigest() const { return m_compressed.digest(); }
    qint64 compressedSize() const { return m_compressed.size(); }
    QString uncompressedDigest() const { return m_uncompressed.digest(); }
    qint64 uncompressedSize() const { return m_uncompressed.size(); }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 len) override;

private:
    struct Stream;
    bool pump(int flush);

    QIODevice *m_sink;
    std::unique_ptr<Stream> m_stream;
    DigestHasher m_compressed;
    DigestHasher m_uncompressed;
    bool m_finished = false;
    bool m_failed = false;
};

} // namespace enclii::oci
