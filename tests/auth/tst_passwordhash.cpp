// scrypt password hashes (RFC 7914) and the small primitives beside them: constant-time
// comparison, CSPRNG bytes and tokens, SHA-256.
#include "auth/crypto/Base64Url.h"
#include "auth/crypto/PasswordHash.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace enclii::auth;

namespace {

// Cheap parameters so the suite stays fast; production uses the defaults.
constexpr ScryptParams kFast{1u << 10, 8, 1};

QString encode(std::uint64_t n, std::uint32_t r, std::uint32_t p, const QByteArray &salt, const QByteArray &hash)
{
    return QStringLiteral("scrypt$%1$%2$%3$%4$%5")
        .arg(n).arg(r).arg(p)
        .arg(QString::fromLatin1(base64UrlEncode(salt)), QString::fromLatin1(base64UrlEncode(hash)));
}

} // namespace

class TestPasswordHash : public QObject
{
    Q_OBJECT

private slots:
    void hashFormat()
    {
        const QString encoded = hashPassword("correct horse battery staple", kFast);
        static const QRegularExpression shape(R"(^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$)");
        QVERIFY2(shape.match(encoded).hasMatch(), qPrintable(encoded));
    }

    void verifiesRightPasswordOnly()
    {
        const QString encoded = hashPassword("correct horse battery staple", kFast);
        QVERIFY(verifyPassword("correct horse battery staple", encoded));
        QVERIFY(!verifyPassword("correct horse battery stapl", encoded));
        QVERIFY(!verifyPassword("Correct horse battery staple", encoded));
        QVERIFY(!verifyPassword("correct horse battery staple ", encoded));
        QVERIFY(!verifyPassword(QString(), encoded));
    }

    void emptyAndLongPasswords()
    {
        const QString empty = hashPassword(QString(), kFast);
        QVERIFY(!empty.isEmpty());
        QVERIFY(verifyPassword(QString(), empty));
        QVERIFY(!verifyPassword("x", empty));
        const QString longPassword(10000, QLatin1Char('p'));
        const QString encoded = hashPassword(longPassword, kFast);
        QVERIFY(verifyPassword(longPassword, encoded));
        QVERIFY(!verifyPassword(longPassword.chopped(1), encoded));
    }

    void unicodeIsNormalized()
    {
        // "é" precomposed (NFC) and as e + combining acute (NFD) are the same password.
        const QString nfc = QString::fromUtf8("caf\xc3\xa9");
        const QString nfd = QString::fromUtf8("cafe\xcc\x81");
        QVERIFY(nfc != nfd);
        const QString encoded = hashPassword(nfc, kFast);
        QVERIFY(verifyPassword(nfc, encoded));
        QVERIFY(verifyPassword(nfd, encoded));
        QVERIFY(!verifyPassword("cafe", encoded));
    }

    void saltsAreRandom()
    {
        const QString a = hashPassword("same", kFast);
        const QString b = hashPassword("same", kFast);
        QVERIFY(a != b);
        QVERIFY(a.section('$', 4, 4) != b.section('$', 4, 4));
        QVERIFY(verifyPassword("same", a) && verifyPassword("same", b));
    }

    void rfc7914KnownAnswer()
    {
        // RFC 7914 §12, third vector, fed through the stored-string path (64-byte key).
        const QByteArray expected = QByteArray::fromHex(
            "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
            "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
        const QString encoded = encode(16384, 8, 1, "SodiumChloride", expected);
        QVERIFY(verifyPassword("pleaseletmein", encoded));
        QVERIFY(!verifyPassword("pleaseletmeIn", encoded));
        QByteArray wrong = expected;
        wrong[63] = char(wrong[63] ^ 1);
        QVERIFY(!verifyPassword("pleaseletmein", encode(16384, 8, 1, "SodiumChloride", wrong)));
    }

    void defaultParamsTiming()
    {
        const ScryptParams defaults;
        QCOMPARE(defaults.N, std::uint64_t(32768));
        QCOMPARE(defaults.r, 8u);
        QCOMPARE(defaults.p, 1u);
        QVERIFY(defaults.validate().isEmpty());
        QElapsedTimer timer;
        timer.start();
        const QString encoded = hashPassword("hunter2");
        const qint64 hashMs = timer.restart();
        QVERIFY(encoded.startsWith("scrypt$32768$8$1$"));
        QVERIFY(verifyPassword("hunter2", encoded));
        const qint64 verifyMs = timer.elapsed();
        qInfo("scrypt N=2^15 r=8 p=1 (%llu MiB): hash %lld ms, verify %lld ms",
              static_cast<unsigned long long>(defaults.memoryBytes() >> 20), hashMs, verifyMs);
    }

    void malformedEncodingsRefused_data()
    {
        QTest::addColumn<QString>("encoded");
        const QByteArray salt(16, 's');
        const QByteArray hash(32, 'h');
        const QString s = QString::fromLatin1(base64UrlEncode(salt));
        const QString h = QString::fromLatin1(base64UrlEncode(hash));
        QTest::newRow("empty") << QString();
        QTest::newRow("just the scheme") << "scrypt";
        QTest::newRow("other scheme") << "bcrypt$1024$8$1$" + s + "$" + h;
        QTest::newRow("upper-case scheme") << "SCRYPT$1024$8$1$" + s + "$" + h;
        QTest::newRow("PHC style") << "$scrypt$ln=10,r=8,p=1$" + s + "$" + h;
        QTest::newRow("five parts") << "scrypt$1024$8$1$" + s;
        QTest::newRow("seven parts") << "scrypt$1024$8$1$" + s + "$" + h + "$";
        QTest::newRow("N not a number") << "scrypt$abc$8$1$" + s + "$" + h;
        QTest::newRow("N negative") << "scrypt$-1024$8$1$" + s + "$" + h;
        QTest::newRow("N plus sign") << "scrypt$+1024$8$1$" + s + "$" + h;
        QTest::newRow("N leading zero") << "scrypt$01024$8$1$" + s + "$" + h;
        QTest::newRow("N with space") << "scrypt$ 1024$8$1$" + s + "$" + h;
        QTest::newRow("N hex") << "scrypt$0x400$8$1$" + s + "$" + h;
        QTest::newRow("N not power of two") << "scrypt$1000$8$1$" + s + "$" + h;
        QTest::newRow("N = 1") << "scrypt$1$8$1$" + s + "$" + h;
        QTest::newRow("N = 0") << "scrypt$0$8$1$" + s + "$" + h;
        QTest::newRow("N empty") << "scrypt$$8$1$" + s + "$" + h;
        QTest::newRow("N 20 digits") << "scrypt$18446744073709551616$8$1$" + s + "$" + h;
        QTest::newRow("r = 0") << "scrypt$1024$0$1$" + s + "$" + h;
        QTest::newRow("p = 0") << "scrypt$1024$8$0$" + s + "$" + h;
        QTest::newRow("salt empty") << "scrypt$1024$8$1$$" + h;
        QTest::newRow("salt too short") << "scrypt$1024$8$1$" + QString::fromLatin1(base64UrlEncode("1234567")) + "$" + h;
        QTest::newRow("salt too long") << "scrypt$1024$8$1$" + QString::fromLatin1(base64UrlEncode(QByteArray(65, 's'))) + "$" + h;
        QTest::newRow("salt bad base64url") << "scrypt$1024$8$1$" + s.left(5) + "!" + s.mid(6) + "$" + h;
        QTest::newRow("salt padded") << "scrypt$1024$8$1$" + s + "==$" + h;
        QTest::newRow("hash empty") << "scrypt$1024$8$1$" + s + "$";
        QTest::newRow("hash too short") << "scrypt$1024$8$1$" + s + "$" + QString::fromLatin1(base64UrlEncode(QByteArray(15, 'h')));
        QTest::newRow("hash too long") << "scrypt$1024$8$1$" + s + "$" + QString::fromLatin1(base64UrlEncode(QByteArray(65, 'h')));
        QTest::newRow("hash impossible length") << "scrypt$1024$8$1$" + s + "$" + h + "A";
        QTest::newRow("non-ASCII") << QString::fromUtf8("scrypt$1024$8$1$\xc3\xa9$") + h;
        QTest::newRow("huge string") << "scrypt$1024$8$1$" + s + "$" + QString(100000, 'A');
    }
    void malformedEncodingsRefused()
    {
        QFETCH(QString, encoded);
        QVERIFY(!verifyPassword("password", encoded));
        QVERIFY(!verifyPassword(QString(), encoded));
    }

    void parameterBombsRefusedQuickly_data()
    {
        QTest::addColumn<QString>("n");
        QTest::addColumn<QString>("r");
        QTest::addColumn<QString>("p");
        QTest::newRow("N = 2^21") << "2097152" << "8" << "1";
        QTest::newRow("N = 2^30") << "1073741824" << "8" << "1";
        QTest::newRow("N = 2^20 r = 8: 1 GiB") << "1048576" << "8" << "1";
        QTest::newRow("N = 2^20 r = 2: 256 MiB + B") << "1048576" << "2" << "1";
        QTest::newRow("r = 1000000") << "1024" << "1000000" << "1";
        QTest::newRow("p = 1000000") << "1024" << "8" << "1000000";
        QTest::newRow("r * p = 2^30") << "2" << "32768" << "32768";
        QTest::newRow("r above 32 bits") << "1024" << "4294967297" << "1";
        QTest::newRow("work N*r*p = 2^24") << "65536" << "16" << "16";
        QTest::newRow("r = 65") << "1024" << "65" << "1";
    }
    void parameterBombsRefusedQuickly()
    {
        QFETCH(QString, n);
        QFETCH(QString, r);
        QFETCH(QString, p);
        const QString encoded = "scrypt$" + n + "$" + r + "$" + p + "$" + QString::fromLatin1(base64UrlEncode(QByteArray(16, 's')))
            + "$" + QString::fromLatin1(base64UrlEncode(QByteArray(32, 'h')));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!verifyPassword("password", encoded));
        // Refused by parsing alone: no scrypt run, no allocation to speak of.
        QVERIFY2(timer.elapsed() < 50, qPrintable(QString::number(timer.elapsed())));
    }

    void hashPasswordRefusesBadParams_data()
    {
        QTest::addColumn<quint64>("n");
        QTest::addColumn<quint32>("r");
        QTest::addColumn<quint32>("p");
        QTest::addColumn<QString>("message");
        QTest::newRow("N not power of two") << quint64(1000) << 8u << 1u << "power of two";
        QTest::newRow("N = 1") << quint64(1) << 8u << 1u << "power of two";
        QTest::newRow("N = 2^21") << quint64(1u << 21) << 1u << 1u << "exceeds";
        QTest::newRow("memory") << quint64(1u << 20) << 8u << 1u << "bytes, more than";
        QTest::newRow("work") << quint64(1u << 16) << 16u << 16u << "N*r*p";
        QTest::newRow("r = 0") << quint64(1024) << 0u << 1u << "r must be";
        QTest::newRow("p = 0") << quint64(1024) << 8u << 0u << "p must be";
    }
    void hashPasswordRefusesBadParams()
    {
        QFETCH(quint64, n);
        QFETCH(quint32, r);
        QFETCH(quint32, p);
        QFETCH(QString, message);
        const ScryptParams params{n, r, p};
        QVERIFY2(params.validate().contains(message), qPrintable(params.validate()));
        QVERIFY(hashPassword("x", params).isEmpty());
    }

    void largestAllowedParamsAccepted()
    {
        // Within every bound: N = 2^20 with r = 1 is 128 MiB. Checked by validate() only;
        // running it would make the suite slow for no extra confidence.
        QVERIFY(ScryptParams({1u << 20, 1, 1}).validate().isEmpty());
        QVERIFY(ScryptParams({1u << 17, 8, 1}).validate().isEmpty());
    }

    void constantTimeEqualsBehaves()
    {
        QVERIFY(constantTimeEquals("", ""));
        QVERIFY(constantTimeEquals(QByteArray(), QByteArrayView()));
        QVERIFY(constantTimeEquals("abc", "abc"));
        QVERIFY(!constantTimeEquals("abc", "abd"));
        QVERIFY(!constantTimeEquals("abc", "ab"));
        QVERIFY(!constantTimeEquals("", "a"));
        QVERIFY(constantTimeEquals(QByteArray("a\0b", 3), QByteArray("a\0b", 3)));
        QVERIFY(!constantTimeEquals(QByteArray("a\0b", 3), QByteArray("a\0c", 3)));
    }

    void randomBytesAndTokens()
    {
        QVERIFY(randomBytes(0).isEmpty());
        QVERIFY(randomBytes(-5).isEmpty());
        QCOMPARE(randomBytes(1).size(), 1);
        QCOMPARE(randomBytes(4096).size(), 4096);
        QSet<QByteArray> seen;
        for (int i = 0; i < 100; ++i)
            seen.insert(randomBytes(16));
        QCOMPARE(seen.size(), 100);

        const QString token = randomToken(32);
        QCOMPARE(token.size(), 43);
        static const QRegularExpression urlSafe("^[A-Za-z0-9_-]+$");
        QVERIFY(urlSafe.match(token).hasMatch());
        QCOMPARE(base64UrlDecode(token.toLatin1())->size(), 32);
        QVERIFY(randomToken(32) != token);
        QCOMPARE(randomToken().size(), 43);
        QVERIFY(randomToken(0).isEmpty());
    }

    void sha256KnownAnswers()
    {
        // FIPS 180-2 examples.
        QCOMPARE(sha256("").toHex(), QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(sha256("abc").toHex(), QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").toHex(),
                 QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    }
};

QTEST_APPLESS_MAIN(TestPasswordHash)
#include "tst_passwordhash.moc"
