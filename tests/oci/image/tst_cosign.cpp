// Cosign-compatible signatures: payload bytes, signature manifest, and verification, cross-
// checked with the openssl CLI in both directions.
#include "ImageTestSupport.h"

#include "oci/image/Cosign.h"
#include "oci/image/Digest.h"
#include "oci/image/ImageManifest.h"
#include "oci/image/MediaTypes.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii::oci;
using namespace enclii::oci::test;
using Status = Cosign::Verification::Status;

namespace {

const QString kDigest = Digest::sha256("an image manifest");
const QString kRepo = QStringLiteral("registry.example:5000/shop/api");

SigningKey newKey()
{
    auto key = SigningKey::generate();
    if (!key)
        qFatal("cannot generate a key");
    return *key;
}

ProcessResult openssl(const QStringList &args)
{
    return run(QStringLiteral("openssl"), args);
}

// A private key made by the openssl CLI, e.g. algorithm "EC", option "ec_paramgen_curve:P-256".
QString opensslKey(const QTemporaryDir &dir, const QString &algorithm, const QString &option)
{
    const QString path = dir.filePath(algorithm + option.section(u':', 1) + QStringLiteral(".pem"));
    const ProcessResult r = openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), algorithm,
                                     QStringLiteral("-pkeyopt"), option, QStringLiteral("-out"), path});
    return r.exitCode == 0 ? path : QString();
}

QByteArray opensslPublicPem(const QString &privateKeyFile)
{
    return openssl({QStringLiteral("pkey"), QStringLiteral("-in"), privateKeyFile, QStringLiteral("-pubout")}).out;
}

QByteArray payloadFor(const QString &digest, const QString &repo = kRepo)
{
    return Cosign::simpleSigningPayload(repo, digest).value_or(QByteArray());
}

} // namespace

class TestCosign : public QObject
{
    Q_OBJECT

private slots:
    void payloadIsExactlyCosigns()
    {
        QCOMPARE(payloadFor(kDigest),
                 QByteArray("{\"critical\":{\"identity\":{\"docker-reference\":\"registry.example:5000/shop/api\"},"
                            "\"image\":{\"docker-manifest-digest\":\"")
                     + kDigest.toLatin1() + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}");
        QString error;
        QVERIFY(!Cosign::simpleSigningPayload(kRepo, QStringLiteral("sha256:abc"), &error));
        QVERIFY(!Cosign::simpleSigningPayload(QStringLiteral("repo\",\"x"), kDigest, &error));
        QVERIFY(!Cosign::simpleSigningPayload(QString(), kDigest, &error));
        QVERIFY(!Cosign::simpleSigningPayload(QStringLiteral("a b"), kDigest, &error));
    }

    void signatureTagFollowsTheSpec()
    {
        QCOMPARE(Cosign::signatureTag(kDigest), QStringLiteral("sha256-%1.sig").arg(Digest::hex(kDigest)));
        QCOMPARE(Cosign::signatureTag(QStringLiteral("sha256:nothex")), QString());
    }

    void keysRoundTripThroughPem()
    {
        const SigningKey key = newKey();
        QVERIFY(key.toPrivatePem().startsWith("-----BEGIN PRIVATE KEY-----"));
        QVERIFY(key.toPublicPem().startsWith("-----BEGIN PUBLIC KEY-----"));
        const auto priv = SigningKey::fromPrivatePem(key.toPrivatePem());
        const auto pub = SigningKey::fromPublicPem(key.toPublicPem());
        QVERIFY(priv && priv->hasPrivateKey());
        QVERIFY(pub && !pub->hasPrivateKey());
        QCOMPARE(priv->keyId(), key.keyId());
        QCOMPARE(pub->keyId(), key.keyId());
        QVERIFY(pub->toPrivatePem().isEmpty());
        QVERIFY(pub->sign("x").isEmpty());
        QVERIFY(pub->verify("message", priv->sign("message")));

        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("pub.pem")), key.toPublicPem());
        const ProcessResult der = openssl({QStringLiteral("pkey"), QStringLiteral("-pubin"),
                                                                  QStringLiteral("-in"), dir.filePath(QStringLiteral("pub.pem")),
                                                                  QStringLiteral("-outform"), QStringLiteral("DER")});
        QCOMPARE(der.exitCode, 0);
        QCOMPARE(key.keyId(), QString::fromLatin1(QCryptographicHash::hash(der.out, QCryptographicHash::Sha256).toHex()));
    }

    void otherKeyTypesAreRefused()
    {
        QTemporaryDir dir;
        const QString rsa = opensslKey(dir, QStringLiteral("RSA"), QStringLiteral("rsa_keygen_bits:2048"));
        const QString p384 = opensslKey(dir, QStringLiteral("EC"), QStringLiteral("ec_paramgen_curve:P-384"));
        QVERIFY(!rsa.isEmpty() && !p384.isEmpty());
        QString error;
        QVERIFY(!SigningKey::fromPrivatePem(readFile(rsa), &error));
        QVERIFY(error.contains(QStringLiteral("P-256")));
        QVERIFY(!SigningKey::fromPrivatePem(readFile(p384), &error));
        QVERIFY(!SigningKey::fromPublicPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", &error));
        const Cosign::Verification v = Cosign::verifySignature(opensslPublicPem(rsa), payloadFor(kDigest), QStringLiteral("MEUCIQ=="), kDigest);
        QCOMPARE(v.status, Status::BadKey);
    }

    void opensslVerifiesOurSignatures()
    {
        const SigningKey key = newKey();
        const QByteArray payload = payloadFor(kDigest);
        const QString signature = Cosign::sign(key, payload);
        QVERIFY(!signature.isEmpty());
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("pub.pem")), key.toPublicPem());
        writeFile(dir.filePath(QStringLiteral("sig.der")), QByteArray::fromBase64(signature.toLatin1()));
        writeFile(dir.filePath(QStringLiteral("payload")), payload);
        const QStringList args{QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"),
                               dir.filePath(QStringLiteral("pub.pem")), QStringLiteral("-signature"),
                               dir.filePath(QStringLiteral("sig.der")), dir.filePath(QStringLiteral("payload"))};
        const ProcessResult ok = openssl(args);
        QCOMPARE(ok.exitCode, 0);
        QVERIFY(ok.out.contains("Verified OK"));
        writeFile(dir.filePath(QStringLiteral("payload")), payload + ' ');
        QVERIFY(openssl(args).exitCode != 0);
    }

    void weVerifyOpensslSignatures()
    {
        QTemporaryDir dir;
        const QString priv = opensslKey(dir, QStringLiteral("EC"), QStringLiteral("ec_paramgen_curve:P-256"));
        QVERIFY(!priv.isEmpty());
        const QByteArray payload = payloadFor(kDigest);
        writeFile(dir.filePath(QStringLiteral("payload")), payload);
        const ProcessResult sig = openssl({QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-sign"), priv,
                                           dir.filePath(QStringLiteral("payload"))});
        QCOMPARE(sig.exitCode, 0);
        const QByteArray pub = opensslPublicPem(priv);
        const Cosign::Verification v = Cosign::verifySignature(pub, payload, QString::fromLatin1(sig.out.toBase64()), kDigest, kRepo);
        QVERIFY2(v.ok(), qPrintable(v.reason));

        // And the openssl-made private key signs for us.
        const auto key = SigningKey::fromPrivatePem(readFile(priv));
        QVERIFY(key);
        QVERIFY(Cosign::verifySignature(pub, payload, Cosign::sign(*key, payload), kDigest).ok());
    }

    void tamperingIsReportedPrecisely()
    {
        const SigningKey key = newKey();
        const QByteArray pub = key.toPublicPem();
        const QByteArray payload = payloadFor(kDigest);
        const QString signature = Cosign::sign(key, payload);
        QVERIFY(Cosign::verifySignature(pub, payload, signature, kDigest, kRepo + QStringLiteral(":v1")).ok());

        QByteArray tampered = payload;
        tampered.replace("shop", "shoq");
        QCOMPARE(Cosign::verifySignature(pub, tampered, signature, kDigest).status, Status::BadSignature);
        QByteArray der = QByteArray::fromBase64(signature.toLatin1());
        der[der.size() - 1] = char(der[der.size() - 1] ^ 1);
        QCOMPARE(Cosign::verifySignature(pub, payload, QString::fromLatin1(der.toBase64()), kDigest).status, Status::BadSignature);
        QCOMPARE(Cosign::verifySignature(newKey().toPublicPem(), payload, signature, kDigest).status, Status::BadSignature);
        QCOMPARE(Cosign::verifySignature(pub, payload, QStringLiteral("not base64!"), kDigest).status, Status::MalformedSignature);
        QCOMPARE(Cosign::verifySignature(pub, payload, QString(), kDigest).status, Status::MalformedSignature);

        const QString other = Digest::sha256("another manifest");
        const Cosign::Verification mismatch = Cosign::verifySignature(pub, payload, signature, other);
        QCOMPARE(mismatch.status, Status::DigestMismatch);
        QVERIFY(mismatch.reason.contains(kDigest));
        QCOMPARE(Cosign::verifySignature(pub, payload, signature, kDigest, QStringLiteral("registry.example:5000/shop/web")).status,
                 Status::ReferenceMismatch);

        // Correctly signed, but not a cosign image signature.
        auto signedPayload = [&](const QByteArray &p) { return Cosign::verifySignature(pub, p, Cosign::sign(key, p), kDigest); };
        QByteArray wrongType = payload;
        wrongType.replace("cosign container image signature", "atomic container signature");
        QCOMPARE(signedPayload(wrongType).status, Status::WrongType);
        QCOMPARE(signedPayload("not json").status, Status::MalformedPayload);
        QCOMPARE(signedPayload("{\"critical\":{\"type\":\"cosign container image signature\"}}").status,
                 Status::MalformedPayload);
        QCOMPARE(signedPayload("[]").status, Status::MalformedPayload);

        // The spec's own example spells "Docker-manifest-digest"; Go decodes it all the same.
        QByteArray capitalised = payload;
        capitalised.replace("docker-manifest-digest", "Docker-manifest-digest");
        QVERIFY(signedPayload(capitalised).ok());
    }

    void signatureManifestHasCosignsLayout()
    {
        const SigningKey a = newKey(), b = newKey();
        const QByteArray payload = payloadFor(kDigest);
        const ArtifactManifest sig = Cosign::signatureManifest({{payload, Cosign::sign(a, payload)}, {payload, Cosign::sign(b, payload)}});
        QString error;
        const auto manifest = ImageManifest::fromJson(sig.manifestJson, &error);
        QVERIFY2(manifest, qPrintable(error));
        QCOMPARE(sig.manifest.digest, Digest::sha256(sig.manifestJson));
        QCOMPARE(sig.manifest.mediaType, QString(MediaType::OciManifest));
        QCOMPARE(manifest->config.mediaType, QString(MediaType::OciConfig));
        QCOMPARE(manifest->layers.size(), 2);
        for (const Descriptor &layer : manifest->layers) {
            QCOMPARE(layer.mediaType, QStringLiteral("application/vnd.dev.cosign.simplesigning.v1+json"));
            QCOMPARE(layer.digest, Digest::sha256(payload));
            QCOMPARE(layer.size, payload.size());
        }
        const QString sigA = manifest->layers[0].annotations.value(QStringLiteral("dev.cosignproject.cosign/signature"));
        QVERIFY(Cosign::verifySignature(a.toPublicPem(), payload, sigA, kDigest).ok());
        QCOMPARE(sig.blobs.size(), 3);
        const QByteArray config = sig.blobs.last().bytes;
        QCOMPARE(Digest::sha256(config), manifest->config.digest);
        const QJsonObject c = QJsonDocument::fromJson(config).object();
        QCOMPARE(c[QStringLiteral("rootfs")][QStringLiteral("diff_ids")].toArray(),
                 (QJsonArray{Digest::sha256(payload), Digest::sha256(payload)}));
    }
};

QTEST_GUILESS_MAIN(TestCosign)
#include "tst_cosign.moc"
