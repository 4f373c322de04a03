#include "oci/image/TarInput_p.h"

#include <zlib.h>

#include <cstring>

namespace enclii::oci::detail {

namespace {
constexpr qsizetype kChunk = 64 * 1024;
}

struct TarInput::Inflater
{
    z_stream z = {};
    bool initialised = false;
    ~Inflater()
    {
        if (initialised)
            inflateEnd(&z);
    }
};

TarInput::TarInput(QIODevice *device) : m_device(device)
{
    // Enough bytes to look for the magic; a device shorter than two bytes is plain.
    while (m_buffer.size() < 2 && fill()) {
    }
    m_gzip = m_buffer.size() >= 2 && quint8(m_buffer[0]) == 0x1f && quint8(m_buffer[1]) == 0x8b;
    if (m_gzip) {
        m_inflater = std::make_unique<Inflater>();
        // 15 + 16: gzip wrapper only, so a zlib stream is not mistaken for a layer.
        if (inflateInit2(&m_inflater->z, 15 + 16) != Z_OK)
            fail(QStringLiteral("cannot initialise zlib"));
        else
            m_inflater->initialised = true;
    }
}

TarInput::~TarInput() = default;

qint64 TarInput::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
    return -1;
}

bool TarInput::fill()
{
    if (m_deviceAtEnd)
        return false;
    if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    const qsizetype old = m_buffer.size();
    m_buffer.resize(old + kChunk);
    const qint64 n = m_device->read(m_buffer.data() + old, kChunk);
    m_buffer.resize(old + std::max<qint64>(n, 0));
    if (n < 0) {
        fail(QStringLiteral("cannot read the archive: %1").arg(m_device->errorString()));
        m_deviceAtEnd = true;
        return false;
    }
    if (n == 0 && (m_device->atEnd() || !m_device->isSequential() || !m_device->waitForReadyRead(30000)))
        m_deviceAtEnd = true;
    return n > 0;
}

qint64 TarInput::read(char *out, qint64 max)
{
    if (!m_error.isEmpty())
        return -1;
    if (max <= 0)
        return 0;
    return m_gzip ? readInflated(out, max) : readPlain(out, max);
}

qint64 TarInput::readPlain(char *out, qint64 max)
{
    if (m_pos >= m_buffer.size() && !fill())
        return m_error.isEmpty() ? 0 : -1;
    const qint64 n = std::min<qint64>(max, m_buffer.size() - m_pos);
    std::memcpy(out, m_buffer.constData() + m_pos, size_t(n));
    m_pos += n;
    return n;
}

qint64 TarInput::readInflated(char *out, qint64 max)
{
    z_stream &z = m_inflater->z;
    for (;;) {
        if (m_streamEnded)
            return 0;
        if (m_pos >= m_buffer.size() && !fill()) {
            if (!m_error.isEmpty())
                return -1;
            return fail(QStringLiteral("the gzip stream is truncated"));
        }
        z.next_in = reinterpret_cast<Bytef *>(m_buffer.data() + m_pos);
        z.avail_in = uInt(m_buffer.size() - m_pos);
        z.next_out = reinterpret_cast<Bytef *>(out);
        z.avail_out = uInt(std::min<qint64>(max, 1 << 30));
        const int rc = inflate(&z, Z_NO_FLUSH);
        m_pos = m_buffer.size() - qsizetype(z.avail_in);
        const qint64 produced = std::min<qint64>(max, 1 << 30) - qint64(z.avail_out);
        if (rc == Z_STREAM_END) {
            // Another member may follow; anything else ends the stream.
            while (m_buffer.size() - m_pos < 2 && fill()) {
            }
            const bool another = m_buffer.size() - m_pos >= 2 && quint8(m_buffer[m_pos]) == 0x1f
                && quint8(m_buffer[m_pos + 1]) == 0x8b;
            if (another)
                inflateReset(&z);
            else
                m_streamEnded = true;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            return fail(QStringLiteral("the gzip stream is corrupt: %1").arg(QString::fromLatin1(z.msg ? z.msg : "")));
        }
        if (produced > 0)
            return produced;
    }
}

} // namespace enclii::oci::detail
