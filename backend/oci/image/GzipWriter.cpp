#include "oci/image/GzipWriter.h"

#include <zlib.h>

#include <array>

namespace enclii::oci {

struct GzipWriter::Stream
{
    z_stream z = {};
    gz_header header = {};
    bool initialised = false;
    ~Stream()
    {
        if (initialised)
            deflateEnd(&z);
    }
};

GzipWriter::GzipWriter(QIODevice *sink, int level, QObject *parent)
    : QIODevice(parent), m_sink(sink), m_stream(std::make_unique<Stream>())
{
    // windowBits 15 + 16 selects the gzip wrapper; memLevel 8 is zlib's default. Both are
    // part of what makes the output reproducible, so they are spelled out.
    if (deflateInit2(&m_stream->z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        m_failed = true;
        setErrorString(QStringLiteral("cannot initialise zlib"));
        return;
    }
    m_stream->initialised = true;
    m_stream->header.os = 255;
    deflateSetHeader(&m_stream->z, &m_stream->header);
    open(QIODevice::WriteOnly);
}

GzipWriter::~GzipWriter() = default;

bool GzipWriter::pump(int flush)
{
    std::array<unsigned char, 64 * 1024> out;
    for (;;) {
        m_stream->z.next_out = out.data();
        m_stream->z.avail_out = uInt(out.size());
        const int rc = deflate(&m_stream->z, flush);
        if (rc == Z_STREAM_ERROR) {
            m_failed = true;
            setErrorString(QStringLiteral("zlib deflate failed"));
            return false;
        }
        const qsizetype produced = qsizetype(out.size() - m_stream->z.avail_out);
        if (produced > 0) {
            if (m_sink->write(reinterpret_cast<const char *>(out.data()), produced) != produced) {
                m_failed = true;
                setErrorString(QStringLiteral("cannot write the compressed stream: %1").arg(m_sink->errorString()));
                return false;
            }
            m_compressed.addData(QByteArrayView(reinterpret_cast<const char *>(out.data()), produced));
        }
        if (flush == Z_FINISH ? rc == Z_STREAM_END : m_stream->z.avail_out != 0)
            return true;
    }
}

qint64 GzipWriter::writeData(const char *data, qint64 len)
{
    if (m_failed || m_finished)
        return -1;
    m_uncompressed.addData(QByteArrayView(data, len));
    qint64 left = len;
    while (left > 0) {
        // avail_in is 32-bit; feed large writes in slices.
        const qint64 slice = std::min<qint64>(left, 1 << 30);
        m_stream->z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data + (len - left)));
        m_stream->z.avail_in = uInt(slice);
        if (!pump(Z_NO_FLUSH))
            return -1;
        left -= slice;
    }
    return len;
}

bool GzipWriter::finish()
{
    if (m_failed)
        return false;
    if (m_finished)
        return true;
    m_stream->z.next_in = nullptr;
    m_stream->z.avail_in = 0;
    if (!pump(Z_FINISH))
        return false;
    m_finished = true;
    return true;
}

void GzipWriter::close()
{
    finish();
    QIODevice::close();
}

} // namespace enclii::oci
