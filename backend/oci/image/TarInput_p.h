#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <memory>

namespace enclii::oci::detail {

// The byte stream under a TarReader: the device itself, or its gunzipped content when it
// starts with the gzip magic. Concatenated gzip members are read as one stream (as gzip
// -d does); anything after the last member that is not another member is ignored, like
// the zero padding some tools append.
class TarInput
{
public:
    explicit TarInput(QIODevice *device);
    ~TarInput();

    // Up to `max` bytes into `out`: the count, 0 at the end, -1 on error (see error()).
    qint64 read(char *out, qint64 max);
    bool isCompressed() const { return m_gzip; }
    QString error() const { return m_error; }

private:
    struct Inflater;
    bool fill();
    qint64 readPlain(char *out, qint64 max);
    qint64 readInflated(char *out, qint64 max);
    qint64 fail(const QString &message);

    QIODevice *m_device;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_deviceAtEnd = false;
    bool m_gzip = false;
    bool m_streamEnded = false;
    std::unique_ptr<Inflater> m_inflater;
    QString m_error;
};

} // namespace enclii::oci::detail
