#include "auth/crypto/SecretBox.h"

#include "auth/crypto/OpenSslHandles_p.h"
#include "auth/crypto/PasswordHash.h"

#include <QFile>
#include <QFileInfo>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace enclii::auth {

using namespace detail;

namespace {

constexpr char kVersion[2] = {'v', '1'};

// A key file is one line of base64; anything much larger is not ours.
constexpr qsizetype kMaxKeyFileSize = 1024;

class UniqueFd
{
public:
    explicit UniqueFd(int fd) : m_fd(fd) {}
    UniqueFd(const UniqueFd &) = delete;
    UniqueFd &operator=(const UniqueFd &) = delete;
    ~UniqueFd() { reset(); }
    int get() const { return m_fd; }
    bool isValid() const { return m_fd >= 0; }
    // close() can report a deferred write error, so creation checks it instead of ignoring it.
    int close()
    {
        const int rc = m_fd >= 0 ? ::close(m_fd) : 0;
        m_fd = -1;
        return rc;
    }
    void reset() { if (m_fd >= 0) ::close(m_fd); m_fd = -1; }

private:
    int m_fd = -1;
};

// Wipes a buffer that held key material; QByteArray's own destructor would not.
struct WipeOnExit
{
    QByteArray &bytes;
    ~WipeOnExit()
    {
        if (!bytes.isEmpty())
            OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    }
};

QString errnoText(int e) { return QString::fromLocal8Bit(std::strerror(e)); }

QByteArray readKeyFile(int fd, const QString &path, QString *error)
{
    struct stat st = {};
    if (::fstat(fd, &st) != 0) {
        setError(error, QStringLiteral("cannot stat key file %1: %2").arg(path, errnoText(errno)));
        return {};
    }
    if (!S_ISREG(st.st_mode)) {
        setError(error, QStringLiteral("key file %1 is not a regular file").arg(path));
        return {};
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        setError(error, QStringLiteral("key file %1 has mode %2: group and others must have no access (chmod 600)")
                            .arg(path)
                            .arg(st.st_mode & 07777, 4, 8, QLatin1Char('0')));
        return {};
    }
    if (st.st_size > kMaxKeyFileSize) {
        setError(error, QStringLiteral("key file %1 is larger than %2 bytes").arg(path).arg(kMaxKeyFileSize));
        return {};
    }
    QByteArray text(kMaxKeyFileSize + 1, '\0');
    WipeOnExit wipeText{text};
    qsizetype used = 0;
    while (used < text.size()) {
        const ssize_t n = ::read(fd, text.data() + used, size_t(text.size() - used));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            setError(error, QStringLiteral("cannot read key file %1: %2").arg(path, errnoText(errno)));
            return {};
        }
        if (n == 0)
            break;
        used += n;
    }
    if (used > kMaxKeyFileSize) {
        setError(error, QStringLiteral("key file %1 is larger than %2 bytes").arg(path).arg(kMaxKeyFileSize));
        return {};
    }
    QByteArray encoded = QByteArrayView(text).first(used).trimmed().toByteArray();
    WipeOnExit wipeEncoded{encoded};
    auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != SecretBox::KeySize) {
        if (decoded)
            OPENSSL_cleanse(decoded.decoded.data(), size_t(decoded.decoded.size()));
        setError(error, QStringLiteral("key file %1 does not hold a base64-encoded %2-byte key")
                            .arg(path).arg(SecretBox::KeySize));
        return {};
    }
    return decoded.decoded;
}

bool writeAll(int fd, QByteArrayView data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

void syncDirectory(const QString &path)
{
    // Makes the new directory entry itself durable; best effort, the key is already on disk.
    const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
    UniqueFd fd(::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.isValid())
        ::fsync(fd.get());
}

enum class Created { Yes, AlreadyExists, Failed };

Created createKeyFile(const QString &path, QByteArray &key, QString *error)
{
    key = randomBytes(SecretBox::KeySize);
    if (key.size() != SecretBox::KeySize) {
        setError(error, QStringLiteral("no randomness for a new key"));
        return Created::Failed;
    }
    QByteArray text = key.toBase64() + '\n';
    WipeOnExit wipeText{text};

    const QByteArray target = QFile::encodeName(path);
    const QByteArray temp = target + ".tmp-" + randomBytes(6).toHex();
    UniqueFd fd(::open(temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd.isValid()) {
        setError(error, QStringLiteral("cannot create key file %1: %2").arg(path, errnoText(errno)));
        return Created::Failed;
    }
    // umask can only have removed bits from 0600, but a umask such as 0277 would leave 0400;
    // set the mode exactly.
    errno = 0;
    int failure = 0;
    if (::fchmod(fd.get(), 0600) != 0 || !writeAll(fd.get(), text) || ::fsync(fd.get()) != 0)
        failure = errno ? errno : EIO;
    if (fd.close() != 0 && failure == 0)
        failure = errno;
    if (failure != 0) {
        ::unlink(temp.constData());
        setError(error, QStringLiteral("cannot write key file %1: %2").arg(path, errnoText(failure)));
        return Created::Failed;
    }
    const int linked = ::link(temp.constData(), target.constData());
    const int savedErrno = errno;
    ::unlink(temp.constData());
    if (linked != 0) {
        if (savedErrno == EEXIST)
            return Created::AlreadyExists;
        setError(error, QStringLiteral("cannot create key file %1: %2").arg(path, errnoText(savedErrno)));
        return Created::Failed;
    }
    syncDirectory(path);
    return Created::Yes;
}

} // namespace

SecretBox::~SecretBox()
{
    OPENSSL_cleanse(m_key.data(), m_key.size());
}

std::optional<SecretBox> SecretBox::fromKey(QByteArray key32)
{
    if (key32.size() != KeySize)
        return std::nullopt;
    SecretBox box;
    std::memcpy(box.m_key.data(), key32.constData(), KeySize);
    return box;
}

QByteArray SecretBox::seal(QByteArrayView plaintext, QByteArrayView associatedData) const
{
    if (plaintext.size() > INT_MAX - Overhead || !fitsInt(associatedData.size()))
        return {};
    QByteArray out(Overhead + plaintext.size(), Qt::Uninitialized);
    auto *o = reinterpret_cast<unsigned char *>(out.data());
    std::memcpy(o, kVersion, sizeof kVersion);
    unsigned char *nonce = o + sizeof kVersion;
    unsigned char *body = nonce + NonceSize;
    unsigned char *tag = body + plaintext.size();
    if (RAND_bytes(nonce, NonceSize) != 1) {
        ERR_clear_error();
        return {};
    }

    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, m_key.data(), nonce) == 1
        && EVP_EncryptUpdate(ctx.get(), nullptr, &len, o, sizeof kVersion) == 1
        && (associatedData.isEmpty()
            || EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(associatedData), int(associatedData.size())) == 1);
    int written = 0;
    if (ok && !plaintext.isEmpty()) {
        ok = EVP_EncryptUpdate(ctx.get(), body, &len, bytes(plaintext), int(plaintext.size())) == 1;
        written = len;
    }
    ok = ok && EVP_EncryptFinal_ex(ctx.get(), body + written, &len) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, TagSize, tag) == 1;
    if (!ok) {
        ERR_clear_error();
        return {};
    }
    return out;
}

std::optional<QByteArray> SecretBox::open(QByteArrayView sealed, QByteArrayView associatedData) const
{
    if (sealed.size() < Overhead || !fitsInt(sealed.size()) || !fitsInt(associatedData.size())
        || std::memcmp(sealed.data(), kVersion, sizeof kVersion) != 0)
        return std::nullopt;
    const auto *s = reinterpret_cast<const unsigned char *>(sealed.data());
    const unsigned char *nonce = s + sizeof kVersion;
    const unsigned char *body = nonce + NonceSize;
    const int bodySize = int(sealed.size()) - Overhead;
    // EVP_CTRL_GCM_SET_TAG takes a non-const pointer; hand it a copy rather than cast.
    std::array<unsigned char, TagSize> tag;
    std::memcpy(tag.data(), body + bodySize, TagSize);

    QByteArray out(bodySize, Qt::Uninitialized);
    auto *o = reinterpret_cast<unsigned char *>(out.data());
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, m_key.data(), nonce) == 1
        && EVP_DecryptUpdate(ctx.get(), nullptr, &len, s, sizeof kVersion) == 1
        && (associatedData.isEmpty()
            || EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(associatedData), int(associatedData.size())) == 1);
    int written = 0;
    if (ok && bodySize > 0) {
        ok = EVP_DecryptUpdate(ctx.get(), o, &len, body, bodySize) == 1;
        written = len;
    }
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, TagSize, tag.data()) == 1
        && EVP_DecryptFinal_ex(ctx.get(), o + written, &len) == 1;
    if (!ok) {
        // Unauthenticated plaintext must not survive in memory either.
        OPENSSL_cleanse(o, size_t(bodySize));
        ERR_clear_error();
        return std::nullopt;
    }
    return out;
}

QByteArray SecretBox::loadOrCreateKeyFile(const QString &path, QString *error)
{
    if (path.isEmpty()) {
        setError(error, QStringLiteral("no key file path"));
        return {};
    }
    const QByteArray native = QFile::encodeName(path);
    // Two rounds: if another process creates the file between our failed open and our
    // link, the second round reads the key it wrote.
    for (int round = 0; round < 2; ++round) {
        UniqueFd fd(::open(native.constData(), O_RDONLY | O_CLOEXEC));
        if (fd.isValid())
            return readKeyFile(fd.get(), path, error);
        if (errno != ENOENT) {
            setError(error, QStringLiteral("cannot open key file %1: %2").arg(path, errnoText(errno)));
            return {};
        }
        struct stat st = {};
        if (::lstat(native.constData(), &st) == 0 && S_ISLNK(st.st_mode)) {
            // Creating through it would fail anyway (link() never follows); say why.
            setError(error, QStringLiteral("key file %1 is a symbolic link to nothing").arg(path));
            return {};
        }
        QByteArray key;
        switch (createKeyFile(path, key, error)) {
        case Created::Yes:
            return key;
        case Created::Failed:
            return {};
        case Created::AlreadyExists:
            OPENSSL_cleanse(key.data(), size_t(key.size()));
            break;
        }
    }
    setError(error, QStringLiteral("key file %1 keeps appearing and disappearing").arg(path));
    return {};
}

} // namespace enclii::auth
