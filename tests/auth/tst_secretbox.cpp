// SecretBox: AES-256-GCM sealing of secrets at rest, and the master key file.
#include "auth/crypto/PasswordHash.h"
#include "auth/crypto/SecretBox.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace enclii::auth;

namespace {

SecretBox makeBox()
{
    auto box = SecretBox::fromKey(randomBytes(SecretBox::KeySize));
    if (!box)
        qFatal("cannot make a SecretBox");
    return *box;
}

mode_t modeOf(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

bool writeFile(const QString &path, const QByteArray &content, mode_t mode)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
        return false;
    f.close();
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

// Sets the process umask for one scope; tests are single-threaded, so this is safe here.
class ScopedUmask
{
public:
    explicit ScopedUmask(mode_t mask) : m_old(::umask(mask)) {}
    ~ScopedUmask() { ::umask(m_old); }

private:
    mode_t m_old;
};

} // namespace

class TestSecretBox : public QObject
{
    Q_OBJECT

private slots:
    void fromKeyNeeds32Bytes_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("ok");
        QTest::newRow("0") << 0 << false;
        QTest::newRow("16 (AES-128 size)") << 16 << false;
        QTest::newRow("31") << 31 << false;
        QTest::newRow("32") << 32 << true;
        QTest::newRow("33") << 33 << false;
        QTest::newRow("64") << 64 << false;
    }
    void fromKeyNeeds32Bytes()
    {
        QFETCH(int, size);
        QFETCH(bool, ok);
        QCOMPARE(SecretBox::fromKey(QByteArray(size, 'k')).has_value(), ok);
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("plaintext");
        QTest::addColumn<QByteArray>("ad");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("empty with AD") << QByteArray() << QByteArray("webhooks/1");
        QTest::newRow("one byte") << QByteArray("x") << QByteArray();
        QTest::newRow("PEM-sized") << QByteArray(1704, 'p') << QByteArray("signing_keys/kid-1");
        QTest::newRow("binary with NULs") << QByteArray("\0\1\2\0\xff", 5) << QByteArray("\0", 1);
        QTest::newRow("1 MiB") << randomBytes(1 << 20) << QByteArray("big");
    }
    void roundTrip()
    {
        QFETCH(QByteArray, plaintext);
        QFETCH(QByteArray, ad);
        const SecretBox box = makeBox();
        const QByteArray sealed = box.seal(plaintext, ad);
        QCOMPARE(sealed.size(), plaintext.size() + SecretBox::Overhead);
        const auto opened = box.open(sealed, ad);
        QVERIFY(opened);
        QCOMPARE(*opened, plaintext);
    }

    void layout()
    {
        const SecretBox box = makeBox();
        const QByteArray sealed = box.seal("secret", "ad");
        QVERIFY(sealed.startsWith("v1"));
        QCOMPARE(sealed.size(), 2 + 12 + 6 + 16);
        QVERIFY(!sealed.contains("secret"));
        // A fresh nonce each time: equal plaintexts give unrelated ciphertexts.
        const QByteArray again = box.seal("secret", "ad");
        QVERIFY(again != sealed);
        QVERIFY(again.mid(2, 12) != sealed.mid(2, 12));
    }

    void copiesWork()
    {
        const SecretBox box = makeBox();
        const SecretBox copy = box;
        QCOMPARE(*copy.open(box.seal("x")), QByteArray("x"));
    }

    void sameKeyBytesOpen()
    {
        const QByteArray key = randomBytes(32);
        const QByteArray sealed = SecretBox::fromKey(key)->seal("persisted", "row/7");
        // A box rebuilt from the same key bytes (a restart) opens what the old one sealed.
        QCOMPARE(*SecretBox::fromKey(key)->open(sealed, "row/7"), QByteArray("persisted"));
    }

    void everyBitFlipIsDetected()
    {
        const SecretBox box = makeBox();
        const QByteArray sealed = box.seal("a webhook secret", "webhooks/42");
        for (qsizetype i = 0; i < sealed.size(); ++i) {
            for (int bit = 0; bit < 8; ++bit) {
                QByteArray bad = sealed;
                bad[i] = char(bad[i] ^ (1 << bit));
                QVERIFY2(!box.open(bad, "webhooks/42"), qPrintable(QStringLiteral("byte %1 bit %2").arg(i).arg(bit)));
            }
        }
        QVERIFY(box.open(sealed, "webhooks/42"));
    }

    void wrongKeyFails()
    {
        const QByteArray sealed = makeBox().seal("secret", "ad");
        QVERIFY(!makeBox().open(sealed, "ad"));
    }

    void wrongAssociatedDataFails()
    {
        const SecretBox box = makeBox();
        const QByteArray sealed = box.seal("secret", "webhooks/1");
        QVERIFY(!box.open(sealed, "webhooks/2"));
        QVERIFY(!box.open(sealed, "webhooks/1 "));
        QVERIFY(!box.open(sealed, ""));
        QVERIFY(!box.open(sealed));
        // And sealed without AD does not open with some.
        QVERIFY(!box.open(box.seal("secret"), "webhooks/1"));
    }

    void truncationAndExtensionFail()
    {
        const SecretBox box = makeBox();
        const QByteArray sealed = box.seal("some secret bytes", "ad");
        for (qsizetype len = 0; len < sealed.size(); ++len)
            QVERIFY2(!box.open(sealed.first(len), "ad"), qPrintable(QString::number(len)));
        QVERIFY(!box.open(sealed + '\0', "ad"));
        QVERIFY(!box.open(sealed.mid(1), "ad"));
        // Truncating the plaintext part while keeping a tag-sized tail.
        QVERIFY(!box.open(sealed.left(14) + sealed.right(16), "ad"));
    }

    void unknownVersionFails()
    {
        const SecretBox box = makeBox();
        QByteArray sealed = box.seal("secret");
        sealed[1] = '2';
        QVERIFY(!box.open(sealed));
        QVERIFY(!box.open(QByteArray(SecretBox::Overhead, '\0')));
        QVERIFY(!box.open(QByteArray("v1") + QByteArray(SecretBox::Overhead - 2, '\0')));
    }

    // ---- key file ------------------------------------------------------------------------

    void keyFileCreatedWith0600AndReused()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("master.key");
        QString error;
        const QByteArray key = SecretBox::loadOrCreateKeyFile(path, &error);
        QVERIFY2(key.size() == 32, qPrintable(error));
        QCOMPARE(modeOf(path), mode_t(0600));

        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        QCOMPARE(content, key.toBase64() + '\n');

        QCOMPARE(SecretBox::loadOrCreateKeyFile(path, &error), key);
        // Nothing else is left in the directory (no temporary files).
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"master.key"});

        const auto box = SecretBox::fromKey(key);
        QVERIFY(box);
        QCOMPARE(*box->open(SecretBox::fromKey(SecretBox::loadOrCreateKeyFile(path))->seal("s")), QByteArray("s"));
    }

    void keyFileModeIgnoresUmask_data()
    {
        QTest::addColumn<int>("mask");
        QTest::newRow("umask 000") << 0000;
        QTest::newRow("umask 022") << 0022;
        QTest::newRow("umask 077") << 0077;
        QTest::newRow("umask 277 (would give 0400)") << 0277;
    }
    void keyFileModeIgnoresUmask()
    {
        QFETCH(int, mask);
        QTemporaryDir dir;
        const QString path = dir.filePath("k");
        QByteArray key;
        {
            ScopedUmask umask(mode_t(mask & 0777));
            key = SecretBox::loadOrCreateKeyFile(path);
        }
        QCOMPARE(key.size(), 32);
        QCOMPARE(modeOf(path), mode_t(0600));
        QCOMPARE(SecretBox::loadOrCreateKeyFile(path), key);
    }

    void keyFileAccessibleToOthersRefused_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("0644") << 0644;
        QTest::newRow("0640") << 0640;
        QTest::newRow("0604") << 0604;
        QTest::newRow("0620 (group-writable)") << 0620;
        QTest::newRow("0601 (others execute)") << 0601;
        QTest::newRow("0666") << 0666;
    }
    void keyFileAccessibleToOthersRefused()
    {
        QFETCH(int, mode);
        QTemporaryDir dir;
        const QString path = dir.filePath("master.key");
        const QByteArray key = randomBytes(32);
        QVERIFY(writeFile(path, key.toBase64() + '\n', mode_t(mode)));
        QString error;
        QVERIFY(SecretBox::loadOrCreateKeyFile(path, &error).isEmpty());
        QVERIFY2(error.contains("group and others must have no access"), qPrintable(error));
        QVERIFY2(error.contains(QString::number(mode, 8)), qPrintable(error));
        // Refused, not "repaired": the file is untouched.
        QCOMPARE(modeOf(path), mode_t(mode));
        // Once fixed it loads.
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0600) == 0);
        QCOMPARE(SecretBox::loadOrCreateKeyFile(path, &error), key);
    }

    void badKeyFilesRefused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << "does not hold";
        QTest::newRow("16-byte key") << randomBytes(16).toBase64() << "does not hold";
        QTest::newRow("33-byte key") << randomBytes(33).toBase64() << "does not hold";
        QTest::newRow("raw bytes") << QByteArray(32, 'k') << "does not hold";
        QTest::newRow("not base64") << QByteArray("this is not base64!!") << "does not hold";
        QTest::newRow("too large") << QByteArray(4096, 'A') << "larger than";
    }
    void badKeyFilesRefused()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath("master.key");
        QVERIFY(writeFile(path, content, 0600));
        QString error;
        QVERIFY(SecretBox::loadOrCreateKeyFile(path, &error).isEmpty());
        QVERIFY2(error.contains(message), qPrintable(error));
        // Never overwritten: an unreadable key must not be silently replaced by a new one.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), content);
    }

    void keyFileWhitespaceTolerated()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("k");
        const QByteArray key = randomBytes(32);
        QVERIFY(writeFile(path, "  " + key.toBase64() + "\r\n\n", 0600));
        QCOMPARE(SecretBox::loadOrCreateKeyFile(path), key);
    }

    void keyFilePathProblems()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY(SecretBox::loadOrCreateKeyFile(QString(), &error).isEmpty());
        QVERIFY(!error.isEmpty());
        QVERIFY(SecretBox::loadOrCreateKeyFile(dir.filePath("missing/dir/k"), &error).isEmpty());
        QVERIFY2(error.contains("cannot create"), qPrintable(error));
        QVERIFY(QDir(dir.path()).mkdir("sub"));
        QVERIFY(::chmod(QFile::encodeName(dir.filePath("sub")).constData(), 0700) == 0);
        QVERIFY(SecretBox::loadOrCreateKeyFile(dir.filePath("sub"), &error).isEmpty());
        QVERIFY2(error.contains("not a regular file"), qPrintable(error));
    }

    void keyFileThroughSymlinkLoads()
    {
        // Kubernetes mounts Secrets as symlinks into ..data/; reading through one must work.
        QTemporaryDir dir;
        const QString real = dir.filePath("real.key");
        const QByteArray key = SecretBox::loadOrCreateKeyFile(real);
        QCOMPARE(key.size(), 32);
        QVERIFY(QFile::link(real, dir.filePath("link.key")));
        QCOMPARE(SecretBox::loadOrCreateKeyFile(dir.filePath("link.key")), key);
    }

    void danglingSymlinkIsNotFollowedOnCreate()
    {
        // O_EXCL never follows a symlink, so a planted link cannot redirect where a new key goes.
        QTemporaryDir dir;
        const QString target = dir.filePath("elsewhere");
        QVERIFY(QFile::link(target, dir.filePath("k")));
        QString error;
        QVERIFY(SecretBox::loadOrCreateKeyFile(dir.filePath("k"), &error).isEmpty());
        QVERIFY2(error.contains("symbolic link"), qPrintable(error));
        QVERIFY(!QFile::exists(target));
    }
};

QTEST_APPLESS_MAIN(TestSecretBox)
#include "tst_secretbox.moc"
