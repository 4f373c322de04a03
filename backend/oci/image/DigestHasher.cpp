#include "oci/image/DigestHasher.h"

#include "oci/image/Digest.h"

namespace enclii::oci {

QString DigestHasher::digest() const
{
    return Digest::fromRaw(m_hash.resultView());
}

} // namespace enclii::oci
