// JOSE: base64url (RFC 7515 §2), RSA keys as PEM and JWK (RFC 7517/7518), RFC 7638
// thumbprints, and compact RS256 JWTs, including the algorithm-confusion attacks.
#include "auth/crypto/Base64Url.h"
#include "auth/crypto/Jose.h"
#include "auth/crypto/RsaKey.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace enclii::auth;

namespace {

// RFC 7638 §3.1 example key and its thumbprint.
const char *const kRfc7638N =
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknj"
    "hMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQ"
    "vRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
const char *const kRfc7638Thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

// RFC 7515 Appendix A.2: an RS256 JWS and the public half of the key that signed it.
const char *const kRfc7515A2N =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pC"
    "gNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg6"
    "65xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
const char *const kRfc7515A2Token =
    "eyJhbGciOiJSUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1"
    "dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDw"
    "usC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

QJsonObject rsaJwk(const QString &n, const QString &e = QStringLiteral("AQAB"))
{
    return QJsonObject{{"kty", "RSA"}, {"n", n}, {"e", e}};
}

QByteArray encodeJson(const QJsonObject &o)
{
    return base64UrlEncode(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QByteArray readData(const char *name)
{
    QFile f(QStringLiteral(ENCLII_TEST_DATA_DIR "/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", name);
    return f.readAll();
}

QList<QByteArray> parts(const QByteArray &token) { return token.split('.'); }

} // namespace

class TestJose : public QObject
{
    Q_OBJECT

private:
    RsaKey m_key;   // signs; generated once, RSA generation is the slow part
    RsaKey m_other; // an unrelated key
    QJsonObject m_claims{{"iss", "https://enclii.local"}, {"sub", "alice"}, {"aud", "enclii-console"},
                         {"exp", 1900000000}, {"groups", QJsonArray{"ops", "finance"}}};

    // A token with an arbitrary header, validly RS256-signed by `key`: proves a rejection comes
    // from the header check, not from a broken signature.
    QByteArray signedWithHeader(const QJsonObject &header, const RsaKey &key) const
    {
        const QByteArray input = encodeJson(header) + '.' + encodeJson(m_claims);
        return input + '.' + base64UrlEncode(key.signRs256(input));
    }

private slots:
    void initTestCase()
    {
        QString error;
        auto key = RsaKey::generate(2048, &error);
        QVERIFY2(key, qPrintable(error));
        m_key = *key;
        auto other = RsaKey::generate(2048, &error);
        QVERIFY2(other, qPrintable(error));
        m_other = *other;
    }

    // ---- base64url -------------------------------------------------------------------------

    void base64UrlRfc4648Vectors_data()
    {
        QTest::addColumn<QByteArray>("plain");
        QTest::addColumn<QByteArray>("encoded");
        // RFC 4648 §10, padding removed; then the two characters where the url alphabet differs.
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("f") << QByteArray("f") << QByteArray("Zg");
        QTest::newRow("fo") << QByteArray("fo") << QByteArray("Zm8");
        QTest::newRow("foo") << QByteArray("foo") << QByteArray("Zm9v");
        QTest::newRow("foob") << QByteArray("foob") << QByteArray("Zm9vYg");
        QTest::newRow("fooba") << QByteArray("fooba") << QByteArray("Zm9vYmE");
        QTest::newRow("foobar") << QByteArray("foobar") << QByteArray("Zm9vYmFy");
        QTest::newRow("62 and 63 -> - and _") << QByteArray("\xfb\xff\xbf") << QByteArray("-_-_");
        QTest::newRow("plain '+/8=' is url '-_8'") << QByteArray("\xfb\xff") << QByteArray("-_8");
        QTest::newRow("RFC 7515 §2 example") << QByteArray("\x03\xec\xff\xe0") << QByteArray("A-z_4A");
    }
    void base64UrlRfc4648Vectors()
    {
        QFETCH(QByteArray, plain);
        QFETCH(QByteArray, encoded);
        QCOMPARE(base64UrlEncode(plain), encoded);
        const auto decoded = base64UrlDecode(encoded);
        QVERIFY(decoded);
        QCOMPARE(*decoded, plain);
    }

    void base64UrlRoundTripsEveryLength()
    {
        for (int n = 0; n < 200; ++n) {
            QByteArray data(n, Qt::Uninitialized);
            for (auto &c : data)
                c = char(QRandomGenerator::global()->bounded(256));
            const QByteArray text = base64UrlEncode(data);
            QVERIFY(!text.contains('=') && !text.contains('+') && !text.contains('/'));
            QCOMPARE(text, data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
            const auto back = base64UrlDecode(text);
            QVERIFY(back);
            QCOMPARE(*back, data);
        }
    }

    void base64UrlRejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("padding ==") << QByteArray("Zg==") << "padded";
        QTest::newRow("padding =") << QByteArray("Zm8=") << "padded";
        QTest::newRow("length 4k+1") << QByteArray("Zm9vY") << "impossible";
        QTest::newRow("single char") << QByteArray("Z") << "impossible";
        QTest::newRow("plain base64 +") << QByteArray("+_8") << "invalid base64url character '+'";
        QTest::newRow("plain base64 /") << QByteArray("-/8") << "invalid base64url character '/'";
        QTest::newRow("space") << QByteArray("Zm9v Yg") << "invalid base64url byte 0x20";
        QTest::newRow("newline") << QByteArray("Zm9v\nYg") << "invalid base64url byte 0x0a";
        QTest::newRow("dot") << QByteArray("Zm.v") << "invalid base64url character '.'";
        QTest::newRow("non-ASCII") << QByteArray("Zm\xc3\xa9") << "invalid base64url byte 0xc3";
        QTest::newRow("NUL") << QByteArray("Zm\0v", 4) << "invalid base64url byte 0x00";
        QTest::newRow("non-canonical 2 chars") << QByteArray("Zh") << "non-canonical";
        QTest::newRow("non-canonical 3 chars") << QByteArray("Zm9") << "non-canonical";
    }
    void base64UrlRejects()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!base64UrlDecode(text, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    // ---- RsaKey ----------------------------------------------------------------------------

    void generatedKeyShape()
    {
        QVERIFY(!m_key.isNull());
        QVERIFY(m_key.hasPrivateKey());
        QCOMPARE(m_key.bits(), 2048);
        QCOMPARE(m_key.signatureSize(), 256);
        QVERIFY(RsaKey().isNull());
        QVERIFY(!RsaKey().hasPrivateKey());
    }

    void generateRefusesSmallKeys()
    {
        QString error;
        QVERIFY(!RsaKey::generate(1024, &error));
        QVERIFY2(error.contains("1024"), qPrintable(error));
    }

    void privatePemRoundTrip()
    {
        const QByteArray pem = m_key.toPrivatePem();
        QVERIFY(pem.startsWith("-----BEGIN PRIVATE KEY-----"));
        QString error;
        const auto back = RsaKey::fromPrivatePem(pem, &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(back->hasPrivateKey());
        QCOMPARE(back->publicJwk("k"), m_key.publicJwk("k"));
        // The reloaded key signs what the original verifies (PKCS#1 v1.5 is deterministic too).
        QCOMPARE(back->signRs256("data"), m_key.signRs256("data"));
    }

    void publicPemRoundTrip()
    {
        const QByteArray pem = m_key.toPublicPem();
        QVERIFY(pem.startsWith("-----BEGIN PUBLIC KEY-----"));
        QVERIFY(!pem.contains("PRIVATE"));
        QString error;
        const auto pub = RsaKey::fromPublicPem(pem, &error);
        QVERIFY2(pub, qPrintable(error));
        QVERIFY(!pub->hasPrivateKey());
        QVERIFY(pub->toPrivatePem().isEmpty());
        QVERIFY(pub->signRs256("data").isEmpty());
        QVERIFY(pub->verifyRs256("data", m_key.signRs256("data")));
        QCOMPARE(pub->thumbprint(), m_key.thumbprint());
        // A public PEM is not a private one, and vice versa.
        QVERIFY(!RsaKey::fromPrivatePem(pem));
        QVERIFY(!RsaKey::fromPublicPem(m_key.toPrivatePem()));
    }

    void publicKeyDropsPrivateHalf()
    {
        const RsaKey pub = m_key.publicKey();
        QVERIFY(!pub.isNull());
        QVERIFY(!pub.hasPrivateKey());
        QCOMPARE(pub.bits(), 2048);
        QCOMPARE(pub.publicJwk("x"), m_key.publicJwk("x"));
        QVERIFY(pub.verifyRs256("abc", m_key.signRs256("abc")));
    }

    void copiesShareTheKey()
    {
        const RsaKey copy = m_key;
        RsaKey assigned;
        assigned = copy;
        QCOMPARE(assigned.thumbprint(), m_key.thumbprint());
        QVERIFY(m_key.verifyRs256("x", assigned.signRs256("x")));
    }

    void pkcs1PrivatePemAccepted()
    {
        QString error;
        const auto key = RsaKey::fromPrivatePem(readData("rsa-2048-pkcs1.pem"), &error);
        QVERIFY2(key, qPrintable(error));
        QVERIFY(key->hasPrivateKey());
        QCOMPARE(key->bits(), 2048);
    }

    void badPemsRefused_data()
    {
        QTest::addColumn<QByteArray>("pem");
        QTest::addColumn<bool>("isPrivate");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << true << "empty";
        QTest::newRow("garbage") << QByteArray("hello") << true << "not a private key PEM";
        QTest::newRow("garbage public") << QByteArray("hello") << false << "not a public key PEM";
        QTest::newRow("encrypted, no prompt") << readData("rsa-2048-encrypted.pem") << true << "encrypted";
        QTest::newRow("1024-bit private") << readData("rsa-1024.pem") << true << "1024 bits";
        QTest::newRow("1024-bit public") << readData("rsa-1024-public.pem") << false << "1024 bits";
        QTest::newRow("EC key") << readData("ec-p256.pem") << true << "not an RSA key";
        QTest::newRow("oversized") << QByteArray(70000, 'A') << true << "larger than";
    }
    void badPemsRefused()
    {
        QFETCH(QByteArray, pem);
        QFETCH(bool, isPrivate);
        QFETCH(QString, message);
        QString error;
        const auto key = isPrivate ? RsaKey::fromPrivatePem(pem, &error) : RsaKey::fromPublicPem(pem, &error);
        QVERIFY(!key);
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void publicExponent3Accepted()
    {
        // Legacy keys with e = 3 still work: OpenSSL's PKCS#1 v1.5 verify compares the whole
        // encoded block, so the e = 3 signature forgeries against lax parsers do not apply.
        QString error;
        const auto key = RsaKey::fromPrivatePem(readData("rsa-2048-e3.pem"), &error);
        QVERIFY2(key, qPrintable(error));
        QCOMPARE(key->publicJwk("k").value("e").toString(), "Aw");
        const auto pub = RsaKey::fromJwk(key->publicJwk("k"));
        QVERIFY(pub);
        QVERIFY(pub->verifyRs256("m", key->signRs256("m")));
    }

    void sharedKeyUsableFromManyThreads()
    {
        // Copies share one EVP_PKEY; every operation makes its own context.
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([key = m_key, &failures, t] {
                for (int i = 0; i < 10; ++i) {
                    const QByteArray data = QByteArray::number(t * 100 + i);
                    const RsaKey pub = key.publicKey();
                    if (!pub.verifyRs256(data, key.signRs256(data)) || key.thumbprint().size() != 43)
                        ++failures;
                }
            });
        }
        for (auto &thread : threads)
            thread.join();
        QCOMPARE(failures.load(), 0);
    }

    void publicJwkShape()
    {
        const QJsonObject jwk = m_key.publicJwk("key-1");
        QCOMPARE(jwk.value("kty").toString(), "RSA");
        QCOMPARE(jwk.value("use").toString(), "sig");
        QCOMPARE(jwk.value("alg").toString(), "RS256");
        QCOMPARE(jwk.value("kid").toString(), "key-1");
        QCOMPARE(jwk.value("e").toString(), "AQAB"); // 65537, no leading zeros
        QCOMPARE(jwk.size(), 6);
        QVERIFY(!jwk.contains("d"));
        const auto n = base64UrlDecode(jwk.value("n").toString().toLatin1());
        QVERIFY(n);
        // Minimal big-endian: exactly 256 octets for 2048 bits, no 0x00 sign octet.
        QCOMPARE(n->size(), 256);
        QVERIFY(quint8(n->at(0)) >= 0x80);
        QVERIFY(!m_key.publicJwk(QString()).contains("kid"));
    }

    void jwkRoundTrip()
    {
        QString error;
        const auto pub = RsaKey::fromJwk(m_key.publicJwk("k1"), &error);
        QVERIFY2(pub, qPrintable(error));
        QVERIFY(!pub->hasPrivateKey());
        QCOMPARE(pub->publicJwk("k1"), m_key.publicJwk("k1"));
        QVERIFY(pub->verifyRs256("payload", m_key.signRs256("payload")));
        QVERIFY(!pub->verifyRs256("payload", m_other.signRs256("payload")));
    }

    void jwkPrivateMembersIgnored()
    {
        QJsonObject jwk = m_key.publicJwk("k");
        jwk.insert("d", "AQAB");
        const auto pub = RsaKey::fromJwk(jwk);
        QVERIFY(pub);
        QVERIFY(!pub->hasPrivateKey());
    }

    void rfc7638Thumbprint()
    {
        QString error;
        const auto key = RsaKey::fromJwk(rsaJwk(kRfc7638N), &error);
        QVERIFY2(key, qPrintable(error));
        QCOMPARE(key->thumbprint(), QString::fromLatin1(kRfc7638Thumbprint));
        // Members outside the required set do not change it (RFC 7638 §3.2).
        QJsonObject decorated = rsaJwk(kRfc7638N);
        decorated.insert("kid", "2011-04-29");
        decorated.insert("alg", "RS256");
        QCOMPARE(RsaKey::fromJwk(decorated)->thumbprint(), QString::fromLatin1(kRfc7638Thumbprint));
        // Our own JWK for the key reproduces the RFC's n and e exactly.
        QCOMPARE(key->publicJwk("x").value("n").toString(), QString::fromLatin1(kRfc7638N));
    }

    void jwkLeadingZeroOctetTolerated()
    {
        // Some producers emit a 0x00 sign octet (RFC 7518 §6.3.1.1): same number, same key.
        const QByteArray n = *base64UrlDecode(kRfc7638N);
        const auto key = RsaKey::fromJwk(rsaJwk(QString::fromLatin1(base64UrlEncode('\0' + n))));
        QVERIFY(key);
        QCOMPARE(key->thumbprint(), QString::fromLatin1(kRfc7638Thumbprint));
        QCOMPARE(key->publicJwk("x").value("n").toString(), QString::fromLatin1(kRfc7638N));
    }

    void thumbprintIsAStableKid()
    {
        const QString kid = m_key.thumbprint();
        QCOMPARE(kid.size(), 43);
        QCOMPARE(RsaKey::fromJwk(m_key.publicJwk(kid))->thumbprint(), kid);
        QVERIFY(kid != m_other.thumbprint());
    }

    void badJwksRefused_data()
    {
        QTest::addColumn<QJsonObject>("jwk");
        QTest::addColumn<QString>("message");
        const QByteArray n = *base64UrlDecode(kRfc7638N);
        QByteArray n2047 = n;
        n2047[0] = 0x40; // top bit cleared: a 2047-bit modulus
        QJsonObject ec{{"kty", "EC"}, {"crv", "P-256"}, {"x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"},
                       {"y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}};
        QTest::newRow("EC key") << ec << "kty is not \"RSA\"";
        QTest::newRow("oct key") << QJsonObject{{"kty", "oct"}, {"k", "AQAB"}} << "kty is not \"RSA\"";
        QTest::newRow("no kty") << QJsonObject{{"n", kRfc7638N}, {"e", "AQAB"}} << "kty is not \"RSA\"";
        QTest::newRow("missing n") << QJsonObject{{"kty", "RSA"}, {"e", "AQAB"}} << "no \"n\"";
        QTest::newRow("missing e") << QJsonObject{{"kty", "RSA"}, {"n", kRfc7638N}} << "no \"e\"";
        QTest::newRow("n not a string") << QJsonObject{{"kty", "RSA"}, {"n", 12345}, {"e", "AQAB"}} << "no \"n\"";
        QTest::newRow("n padded") << rsaJwk(QString::fromLatin1(kRfc7638N) + "==") << "not base64url";
        QTest::newRow("n plain base64") << rsaJwk(QString::fromLatin1(n.toBase64())) << "not base64url";
        QTest::newRow("n 1024 bits") << rsaJwk(QString::fromLatin1(base64UrlEncode(n.first(128)))) << "RS256 needs 2048";
        QTest::newRow("n 2047 bits") << rsaJwk(QString::fromLatin1(base64UrlEncode(n2047))) << "2047 bits";
        QTest::newRow("n 32768 bits")
            << rsaJwk(QString::fromLatin1(base64UrlEncode(n.repeated(16)))) << "RS256 needs 2048";
        QTest::newRow("n zero") << rsaJwk("AAAA") << "is zero";
        QTest::newRow("even e") << rsaJwk(kRfc7638N, "AQAA") << "fails validation";
        QTest::newRow("e = 1") << rsaJwk(kRfc7638N, "AQ") << "fails validation";
        QTest::newRow("even n") << rsaJwk(QString::fromLatin1(base64UrlEncode(n.chopped(1) + '\x02')))
                                << "fails validation";
        QJsonObject enc = rsaJwk(kRfc7638N);
        enc.insert("use", "enc");
        QTest::newRow("use enc") << enc << "use is not \"sig\"";
        QJsonObject rs512 = rsaJwk(kRfc7638N);
        rs512.insert("alg", "RS512");
        QTest::newRow("alg RS512") << rs512 << "alg is not \"RS256\"";
    }
    void badJwksRefused()
    {
        QFETCH(QJsonObject, jwk);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!RsaKey::fromJwk(jwk, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void signAndVerifyRaw()
    {
        const QByteArray sig = m_key.signRs256("hello");
        QCOMPARE(sig.size(), 256);
        QVERIFY(m_key.verifyRs256("hello", sig));
        QVERIFY(!m_key.verifyRs256("hellO", sig));
        QVERIFY(!m_key.verifyRs256("hello", sig.chopped(1)));
        QVERIFY(!m_key.verifyRs256("hello", sig + '\0'));
        QVERIFY(!m_key.verifyRs256("hello", QByteArray()));
        QByteArray flipped = sig;
        flipped[100] = char(flipped[100] ^ 0x01);
        QVERIFY(!m_key.verifyRs256("hello", flipped));
        QVERIFY(!m_other.verifyRs256("hello", sig));
        QVERIFY(!RsaKey().verifyRs256("hello", sig));
        QVERIFY(RsaKey().signRs256("hello").isEmpty());
    }

    // ---- JWT: happy path and known answer ----------------------------------------------------

    void signParseVerifyRoundTrip()
    {
        const QString kid = m_key.thumbprint();
        const QByteArray token = signJwt(m_claims, m_key, kid);
        QCOMPARE(token.count('.'), 2);
        QString error;
        const auto jwt = parseJwt(token, &error);
        QVERIFY2(jwt, qPrintable(error));
        QCOMPARE(jwt->header, (QJsonObject{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", kid}}));
        QCOMPARE(jwt->claims, m_claims);
        QCOMPARE(jwt->signingInput, token.left(token.lastIndexOf('.')));
        QCOMPARE(jwt->signature.size(), 256);
        QVERIFY2(verifyJwtSignature(*jwt, m_key.publicKey(), &error), qPrintable(error));
        // Verifying through a key rebuilt from the published JWK, as a relying party would.
        QVERIFY(verifyJwtSignature(*jwt, *RsaKey::fromJwk(m_key.publicJwk(kid))));
    }

    void signingNeedsPrivateKey()
    {
        QVERIFY(signJwt(m_claims, m_key.publicKey(), "k").isEmpty());
        QVERIFY(signJwt(m_claims, RsaKey(), "k").isEmpty());
    }

    void rfc7515AppendixA2Verifies()
    {
        QString error;
        const auto key = RsaKey::fromJwk(rsaJwk(kRfc7515A2N), &error);
        QVERIFY2(key, qPrintable(error));
        const auto jwt = parseJwt(kRfc7515A2Token, &error);
        QVERIFY2(jwt, qPrintable(error));
        QCOMPARE(jwt->header, (QJsonObject{{"alg", "RS256"}}));
        QCOMPARE(jwt->claims.value("iss").toString(), "joe");
        QCOMPARE(jwt->claims.value("exp").toInteger(), 1300819380);
        QVERIFY2(verifyJwtSignature(*jwt, *key, &error), qPrintable(error));
        QVERIFY(!verifyJwtSignature(*jwt, m_key, &error));
    }

    // ---- JWT: forgeries ----------------------------------------------------------------------

    void otherKeyFails()
    {
        const auto jwt = parseJwt(signJwt(m_claims, m_key, "k"));
        QVERIFY(jwt);
        QString error;
        QVERIFY(!verifyJwtSignature(*jwt, m_other, &error));
        QCOMPARE(error, "signature does not verify");
    }

    void tamperedPayloadFails()
    {
        const QList<QByteArray> p = parts(signJwt(m_claims, m_key, "k"));
        QJsonObject evil = m_claims;
        evil.insert("sub", "mallory");
        const auto jwt = parseJwt(p[0] + '.' + encodeJson(evil) + '.' + p[2]);
        QVERIFY(jwt);
        QString error;
        QVERIFY(!verifyJwtSignature(*jwt, m_key, &error));
        QCOMPARE(error, "signature does not verify");
    }

    void tamperedHeaderKidFails()
    {
        const QList<QByteArray> p = parts(signJwt(m_claims, m_key, "k"));
        const QByteArray header = encodeJson({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "other"}});
        const auto jwt = parseJwt(header + '.' + p[1] + '.' + p[2]);
        QVERIFY(jwt);
        QVERIFY(!verifyJwtSignature(*jwt, m_key));
    }

    void algSwitchedAwayFromRs256Fails_data()
    {
        QTest::addColumn<QJsonValue>("alg");
        QTest::addColumn<QString>("message");
        QTest::newRow("none") << QJsonValue("none") << "unsigned tokens are never accepted";
        QTest::newRow("None") << QJsonValue("None") << "unsigned tokens are never accepted";
        QTest::newRow("HS256") << QJsonValue("HS256") << "HMAC is not accepted";
        QTest::newRow("HS512") << QJsonValue("HS512") << "HMAC is not accepted";
        QTest::newRow("RS512") << QJsonValue("RS512") << "only RS256 is accepted";
        QTest::newRow("PS256") << QJsonValue("PS256") << "only RS256 is accepted";
        QTest::newRow("ES256") << QJsonValue("ES256") << "only RS256 is accepted";
        QTest::newRow("rs256 lower case") << QJsonValue("rs256") << "only RS256 is accepted";
        QTest::newRow("empty") << QJsonValue("") << "only RS256 is accepted";
        QTest::newRow("number") << QJsonValue(256) << "alg is not a string";
        QTest::newRow("array") << QJsonValue(QJsonArray{"RS256"}) << "alg is not a string";
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << "header has no alg";
    }
    void algSwitchedAwayFromRs256Fails()
    {
        QFETCH(QJsonValue, alg);
        QFETCH(QString, message);
        QJsonObject header{{"typ", "JWT"}};
        if (!alg.isUndefined())
            header.insert("alg", alg);

        // 1. The header swapped on a genuine token (the signature no longer covers it).
        const QList<QByteArray> p = parts(signJwt(m_claims, m_key, QString()));
        auto jwt = parseJwt(encodeJson(header) + '.' + p[1] + '.' + p[2]);
        QVERIFY(jwt);
        QString error;
        QVERIFY(!verifyJwtSignature(*jwt, m_key, &error));
        QVERIFY2(error.contains(message), qPrintable(error));

        // 2. The same header with a signature that is valid RSA over it: still refused, so the
        //    refusal is the alg check itself and not a side effect of a broken signature.
        jwt = parseJwt(signedWithHeader(header, m_key));
        QVERIFY(jwt);
        QVERIFY(m_key.verifyRs256(jwt->signingInput, jwt->signature));
        QVERIFY(!verifyJwtSignature(*jwt, m_key, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void unsecuredJwtWithEmptySignatureFails()
    {
        // The RFC 7519 §6.1 shape of an unsecured JWT: alg none, empty third part.
        const QByteArray token = encodeJson({{"alg", "none"}}) + '.' + encodeJson(m_claims) + '.';
        QString error;
        QVERIFY(!parseJwt(token, &error));
        QCOMPARE(error, "token has an empty signature");
    }

    void hmacWithPublicKeyAsSecretFails()
    {
        // The classic confusion: an attacker HMACs with the server's public key as the secret,
        // hoping a verifier feeds "the key" into whatever alg the header names.
        const QByteArray publicPem = m_key.toPublicPem();
        const QByteArray input = encodeJson({{"alg", "HS256"}, {"typ", "JWT"}, {"kid", m_key.thumbprint()}}) + '.'
            + encodeJson(m_claims);
        const QByteArray mac = QMessageAuthenticationCode::hash(input, publicPem, QCryptographicHash::Sha256);
        QCOMPARE(mac.size(), 32);
        const auto jwt = parseJwt(input + '.' + base64UrlEncode(mac));
        QVERIFY(jwt);
        QString error;
        QVERIFY(!verifyJwtSignature(*jwt, m_key.publicKey(), &error));
        QVERIFY2(error.contains("HMAC is not accepted"), qPrintable(error));
        // Also with the JWK form of the key, and with alg relabelled RS256 (the MAC is then just
        // a 32-byte "signature" of the wrong length).
        QVERIFY(!verifyJwtSignature(*jwt, *RsaKey::fromJwk(m_key.publicJwk("k"))));
        const QByteArray relabelled = encodeJson({{"alg", "RS256"}, {"typ", "JWT"}}) + '.' + encodeJson(m_claims);
        const auto jwt2 = parseJwt(relabelled + '.'
                                   + base64UrlEncode(QMessageAuthenticationCode::hash(
                                       relabelled, publicPem, QCryptographicHash::Sha256)));
        QVERIFY(jwt2);
        QVERIFY(!verifyJwtSignature(*jwt2, m_key, &error));
        QVERIFY2(error.contains("signature has 32 bytes"), qPrintable(error));
    }

    void critHeaderRefused()
    {
        const auto jwt = parseJwt(signedWithHeader({{"alg", "RS256"}, {"crit", QJsonArray{"exp"}}, {"exp", 1}}, m_key));
        QVERIFY(jwt);
        QString error;
        QVERIFY(!verifyJwtSignature(*jwt, m_key, &error));
        QVERIFY2(error.contains("crit"), qPrintable(error));
    }

    void signatureBitFlipsFail()
    {
        const QByteArray token = signJwt(m_claims, m_key, "k");
        auto jwt = parseJwt(token);
        QVERIFY(jwt);
        for (int i = 0; i < jwt->signature.size(); i += 17) {
            ParsedJwt bad = *jwt;
            bad.signature[i] = char(bad.signature[i] ^ 0x80);
            QVERIFY(!verifyJwtSignature(bad, m_key));
        }
    }

    void truncatedTokensFail()
    {
        const QByteArray token = signJwt(m_claims, m_key, "k");
        for (qsizetype len = 0; len < token.size(); ++len) {
            const auto jwt = parseJwt(token.first(len));
            if (jwt)
                QVERIFY2(!verifyJwtSignature(*jwt, m_key), qPrintable(QString::number(len)));
        }
    }

    void nullKeyFails()
    {
        const auto jwt = parseJwt(signJwt(m_claims, m_key, "k"));
        QString error;
        QVERIFY(!verifyJwtSignature(*jwt, RsaKey(), &error));
        QCOMPARE(error, "no key to verify with");
    }

    // ---- JWT: malformed input -----------------------------------------------------------------

    void malformedTokensRefused_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("message");
        const QList<QByteArray> p = parts(signJwt(m_claims, m_key, "k"));
        const QByteArray h = p[0], c = p[1], s = p[2];
        const QString notThree = "token is not three base64url parts separated by dots";
        QTest::newRow("empty") << QByteArray() << "token is empty";
        QTest::newRow("one part") << h << notThree;
        QTest::newRow("two parts") << h + '.' + c << notThree;
        QTest::newRow("four parts") << h + '.' + c + '.' + s + '.' + s << notThree;
        QTest::newRow("trailing dot") << h + '.' + c + '.' + s + '.' << notThree;
        QTest::newRow("only dots") << QByteArray("..") << "token has an empty signature";
        QTest::newRow("three dots") << QByteArray("...") << notThree;
        QTest::newRow("empty header") << '.' + c + '.' + s << "header is not a JSON object";
        QTest::newRow("empty payload") << h + ".." + s << "payload is not a JSON object";
        QTest::newRow("empty signature") << h + '.' + c + '.' << "token has an empty signature";
        QTest::newRow("space inside") << h + '.' + c.left(5) + ' ' + c.mid(5) + '.' + s << "token contains whitespace";
        QTest::newRow("trailing newline") << h + '.' + c + '.' + s + '\n' << "token contains whitespace";
        QTest::newRow("leading space") << ' ' + h + '.' + c + '.' + s << "token contains whitespace";
        QTest::newRow("header bad char") << "eyJ!" + h.mid(4) + '.' + c + '.' + s << "header is not valid base64url";
        QTest::newRow("header padded") << encodeJson({{"alg", "RS256"}, {"a", "b"}}) + "=." + c + '.' + s
                                       << "header is not valid base64url";
        QTest::newRow("payload plain base64") << h + '.' + c.left(4) + '+' + c.mid(5) + '.' + s
                                              << "payload is not valid base64url";
        QTest::newRow("signature bad char") << h + '.' + c + '.' + s.left(10) + '*' << "signature is not valid base64url";
        QTest::newRow("signature 4k+1") << h + '.' + c + ".AAAAA" << "signature is not valid base64url";
        QTest::newRow("header is array") << base64UrlEncode("[\"RS256\"]") + '.' + c + '.' + s << "header is not a JSON object";
        QTest::newRow("header not JSON") << base64UrlEncode("alg=RS256") + '.' + c + '.' + s << "header is not a JSON object";
        QTest::newRow("header JSON + garbage") << base64UrlEncode("{\"alg\":\"RS256\"}x") + '.' + c + '.' + s
                                               << "header is not a JSON object";
        QTest::newRow("payload is string") << h + '.' + base64UrlEncode("\"alice\"") + '.' + s << "payload is not a JSON object";
        QTest::newRow("64 KB") << QByteArray(64 * 1024, 'A') << "token is larger than 16384 bytes";
        QTest::newRow("16385 bytes") << h + '.' + c + '.' + s + QByteArray(16385 - h.size() - c.size() - s.size() - 2, 'A')
                                     << "token is larger than 16384 bytes";
    }
    void malformedTokensRefused()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!parseJwt(token, &error));
        QVERIFY2(error.startsWith(message), qPrintable(error));
    }

    void hugeTokenRefusedBeforeDecoding()
    {
        // A 64 KB token with valid structure: the size check must come first and be quick.
        const QList<QByteArray> p = parts(signJwt(m_claims, m_key, "k"));
        QJsonObject fat = m_claims;
        fat.insert("pad", QString(48 * 1024, 'x'));
        const QByteArray token = p[0] + '.' + encodeJson(fat) + '.' + p[2];
        QVERIFY(token.size() > 64 * 1000);
        QElapsedTimer timer;
        timer.start();
        QString error;
        for (int i = 0; i < 1000; ++i)
            QVERIFY(!parseJwt(token, &error));
        QCOMPARE(error, "token is larger than 16384 bytes");
        QVERIFY2(timer.elapsed() < 200, qPrintable(QString::number(timer.elapsed())));
    }

    void sizeLimitBoundary()
    {
        // Exactly MaxJwtSize bytes is allowed; the claims pad brings the token to the limit.
        const QByteArray probe = signJwt(m_claims, m_key, "k");
        QJsonObject claims = m_claims;
        claims.insert("pad", "");
        const qsizetype base = signJwt(claims, m_key, "k").size();
        // Each 3 pad characters add 4 base64url characters.
        claims.insert("pad", QString((MaxJwtSize - base) / 4 * 3, 'x'));
        const QByteArray token = signJwt(claims, m_key, "k");
        QVERIFY(token.size() <= MaxJwtSize);
        QVERIFY(token.size() > MaxJwtSize - 8);
        QString error;
        const auto jwt = parseJwt(token, &error);
        QVERIFY2(jwt, qPrintable(error));
        QVERIFY(verifyJwtSignature(*jwt, m_key));
        QVERIFY(probe.size() < 1024); // our ordinary tokens are far from the limit
    }

    void nonCanonicalSignatureEncodingRefused()
    {
        // 256 bytes encode to 342 characters with 4 unused bits; setting them gives a second
        // spelling of the same signature, which strict decoding refuses.
        const QByteArray token = signJwt(m_claims, m_key, "k");
        QByteArray last = token.right(1);
        const qsizetype index = QByteArray("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_").indexOf(last);
        QCOMPARE(index % 16, 0);
        const char sibling = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[index + 1];
        QString error;
        QVERIFY(!parseJwt(token.chopped(1) + sibling, &error));
        QVERIFY2(error.contains("non-canonical"), qPrintable(error));
    }
};

QTEST_APPLESS_MAIN(TestJose)
#include "tst_jose.moc"
