#pragma once

#include <QFile>
#include <QIODevice>

namespace enclii::oci {

// A read-only window [offset, offset + length) of a file, seekable, so QNetworkAccessManager
// can upload one chunk of a large blob without holding it in memory, and rewind it when it
// has to resend the request.
class FileSliceDevice : public QIODevice
{
public:
    FileSliceDevice(const QString &path, qint64 offset, qint64 length)
        : m_file(path), m_offset(offset), m_length(length)
    {
    }

    bool openSlice()
    {
        if (!m_file.open(QIODevice::ReadOnly) || m_file.size() < m_offset + m_length)
            return false;
        return QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    QString fileError() const { return m_file.errorString(); }

    bool isSequential() const override { return false; }
    qint64 size() const override { return m_length; }
    bool seek(qint64 pos) override
    {
        if (pos < 0 || pos > m_length || !QIODevice::seek(pos))
            return false;
        m_pos = pos;
        return true;
    }
    bool atEnd() const override { return m_pos >= m_length; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(maxSize, m_length - m_pos);
        if (n <= 0)
            return 0;
        if (!m_file.seek(m_offset + m_pos))
            return -1;
        const qint64 got = m_file.read(data, n);
        if (got > 0)
            m_pos += got;
        return got;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QFile m_file;
    qint64 m_offset;
    qint64 m_length;
    qint64 m_pos = 0;
};

} // namespace enclii::oci
