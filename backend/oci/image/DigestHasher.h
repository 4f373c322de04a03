#pragma once

#include <QByteArrayView>
#include <QCryptographicHash>
#include <QString>

namespace enclii::oci {

// Streaming SHA-256 that also counts bytes: everything a descriptor needs, computed while
// the content passes through once (layers are too large to hash after the fact).
class DigestHasher
{
public:
    DigestHasher() : m_hash(QCryptographicHash::Sha256) {}

    void addData(QByteArrayView data)
    {
        m_hash.addData(data);
        m_size += data.size();
    }
    qint64 size() const { return m_size; }
    // "sha256:<hex>" of everything added so far; the hasher stays usable.
    QString digest() const;

private:
    QCryptographicHash m_hash;
    qint64 m_size = 0;
};

} // namespace enclii::oci
