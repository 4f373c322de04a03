// SBOM: the ecosystem parsers on fixtures, the layer scanner with whiteouts, the CycloneDX
// and SPDX writers, the summary, the OCI 1.1 artifact manifest, and hostile input.
#include "ImageTestSupport.h"

#include "oci/image/CycloneDx.h"
#include "oci/image/Digest.h"
#include "oci/image/ImageAssembler.h"
#include "oci/image/ImageManifest.h"
#include "oci/image/License.h"
#include "oci/image/MediaTypes.h"
#include "oci/image/PackageParsers.h"
#include "oci/image/PackageScanner.h"
#include "oci/image/Purl.h"
#include "oci/image/SbomArtifact.h"
#include "oci/image/SbomSummary.h"
#include "oci/image/Spdx.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii::oci;
using namespace enclii::oci::test;

namespace {

QByteArray fixture(const QString &name)
{
    const QByteArray content = readFile(QStringLiteral(ENCLII_TEST_DATA_DIR "/") + name);
    if (content.isEmpty())
        qFatal("missing fixture %s", qPrintable(name));
    return content;
}

QMap<QString, Package> byName(const QList<Package> &packages)
{
    QMap<QString, Package> map;
    for (const Package &p : packages)
        map.insert(p.name, p);
    return map;
}

// Builds a layer (tar.gz) whose root holds `files` (path -> content).
QString layer(const QString &scratch, const QMap<QString, QByteArray> &files)
{
    QTemporaryDir src;
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        writeFile(src.filePath(it.key()), it.value());
    Descriptor d;
    QString diffId, path, error;
    if (!ImageAssembler::buildLayer(src.path(), QStringLiteral("/"), 0, 0, scratch, &d, &diffId, &path, &error))
        qFatal("cannot build a layer: %s", qPrintable(error));
    return path;
}

QList<Package> samplePackages()
{
    Package deb{QStringLiteral("libc6"), QStringLiteral("2.36-9"), PackageType::Deb,
                Purl::deb(QStringLiteral("debian"), QStringLiteral("libc6"), QStringLiteral("2.36-9"), QStringLiteral("amd64"), {}),
                {QStringLiteral("LGPL-2.1-or-later"), QStringLiteral("GPL-2.0-or-later OR Artistic-1.0")},
                QStringLiteral("var/lib/dpkg/status"), {}};
    Package npm{QStringLiteral("left-pad"), QStringLiteral("1.3.0"), PackageType::Npm, Purl::npm(QStringLiteral("left-pad"), QStringLiteral("1.3.0")),
                {QStringLiteral("MIT OR Apache-2.0")}, QStringLiteral("app/package-lock.json"), {}};
    Package odd{QStringLiteral("weird"), QStringLiteral("1.0.0"), PackageType::Npm, Purl::npm(QStringLiteral("weird"), QStringLiteral("1.0.0")),
                {QStringLiteral("SEE LICENSE IN LICENSE.md")}, QStringLiteral("app/package-lock.json"), {}};
    Package plain{QStringLiteral("react"), QStringLiteral("18.2.0"), PackageType::Npm, Purl::npm(QStringLiteral("react"), QStringLiteral("18.2.0")),
                  {QStringLiteral("MIT")}, QStringLiteral("app/package-lock.json"), {}};
    Package none{QStringLiteral("serde"), QStringLiteral("1.0.193"), PackageType::Cargo, Purl::cargo(QStringLiteral("serde"), QStringLiteral("1.0.193")),
                 {}, QStringLiteral("app/Cargo.lock"), {}};
    return {deb, npm, odd, plain, none};
}

SbomSubject subject()
{
    SbomSubject s;
    s.imageName = QStringLiteral("registry.example/shop/api");
    s.imageDigest = Digest::sha256("image manifest");
    s.timestamp = QDateTime::fromSecsSinceEpoch(1700000000, QTimeZone::utc());
    return s;
}

} // namespace

class TestSbom : public QObject
{
    Q_OBJECT

private slots:
    void purlsFollowTheSpec()
    {
        QCOMPARE(Purl::deb(QStringLiteral("debian"), QStringLiteral("perl-base"), QStringLiteral("1:5.36.0-7+deb12u1"),
                           QStringLiteral("amd64"), QStringLiteral("debian-12")),
                 QStringLiteral("pkg:deb/debian/perl-base@1:5.36.0-7%2Bdeb12u1?arch=amd64&distro=debian-12"));
        QCOMPARE(Purl::npm(QStringLiteral("@types/node"), QStringLiteral("20.8.0")), QStringLiteral("pkg:npm/%40types/node@20.8.0"));
        QCOMPARE(Purl::pypi(QStringLiteral("Typing_Extensions"), QStringLiteral("4.8.0")), QStringLiteral("pkg:pypi/typing-extensions@4.8.0"));
        QCOMPARE(Purl::golang(QStringLiteral("github.com/gorilla/mux"), QStringLiteral("v1.8.1")),
                 QStringLiteral("pkg:golang/github.com/gorilla/mux@v1.8.1"));
        QCOMPARE(Purl::cargo(QStringLiteral("serde"), QStringLiteral("1.0.193")), QStringLiteral("pkg:cargo/serde@1.0.193"));
        QCOMPARE(Purl::apk(QStringLiteral("alpine"), QStringLiteral("musl"), QStringLiteral("1.2.4-r4"), QStringLiteral("x86_64"), {}),
                 QStringLiteral("pkg:apk/alpine/musl@1.2.4-r4?arch=x86_64"));
        QCOMPARE(Purl::build(QStringLiteral("generic"), {}, QStringLiteral("a b"), QStringLiteral("1"), {{QStringLiteral("Z"), QStringLiteral("x/y")}, {QStringLiteral("a"), QString()}}),
                 QStringLiteral("pkg:generic/a%20b@1?z=x%2Fy"));
    }

    void licencesAreNormalised()
    {
        QCOMPARE(License::normalise(QStringLiteral("Expat")), QStringLiteral("MIT"));
        QCOMPARE(License::normalise(QStringLiteral("GPL-2+ or Artistic")), QStringLiteral("GPL-2.0-or-later OR Artistic-1.0"));
        QCOMPARE(License::normalise(QStringLiteral("(mit OR apache-2.0)")), QStringLiteral("(MIT OR Apache-2.0)"));
        QCOMPARE(License::normalise(QStringLiteral("public-domain")), QStringLiteral("public-domain"));
        QVERIFY(License::isSpdxExpression(QStringLiteral("MIT")));
        QVERIFY(License::isSpdxExpression(QStringLiteral("(MIT OR Apache-2.0) AND BSD-3-Clause")));
        QVERIFY(License::isSpdxExpression(QStringLiteral("GPL-2.0-only WITH Classpath-exception-2.0")));
        QVERIFY(!License::isSpdxExpression(QStringLiteral("MIT OR")));
        QVERIFY(!License::isSpdxExpression(QStringLiteral("(MIT")));
        QVERIFY(!License::isSpdxExpression(QStringLiteral("SEE LICENSE IN LICENSE.md")));
        QVERIFY(!License::isCompoundExpression(QStringLiteral("MIT")));
    }

    void dpkgStatusAndCopyright()
    {
        const Parsers::Distro distro = Parsers::parseOsRelease(fixture(QStringLiteral("os-release-debian")));
        QCOMPARE(distro.id, QStringLiteral("debian"));
        QCOMPARE(distro.versionId, QStringLiteral("12"));
        const auto pkgs = byName(Parsers::parseDpkgStatus(fixture(QStringLiteral("dpkg/status")), QStringLiteral("var/lib/dpkg/status"), distro));
        QCOMPARE(pkgs.keys(), (QStringList{QStringLiteral("bash"), QStringLiteral("libc6"), QStringLiteral("perl-base"), QStringLiteral("tzdata")}));
        QCOMPARE(pkgs[QStringLiteral("libc6")].purl, QStringLiteral("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12"));
        QCOMPARE(pkgs[QStringLiteral("libc6")].properties.value(QStringLiteral("source")), QStringLiteral("glibc"));
        QCOMPARE(pkgs[QStringLiteral("perl-base")].version, QStringLiteral("1:5.36.0-7+deb12u1"));
        QCOMPARE(Parsers::parseDebianCopyright(fixture(QStringLiteral("dpkg/copyright-libc6"))),
                 (QStringList{QStringLiteral("LGPL-2.1-or-later"), QStringLiteral("GPL-2.0-or-later OR Artistic-1.0")}));
        QCOMPARE(Parsers::parseDebianCopyright(fixture(QStringLiteral("dpkg/copyright-bash"))), QStringList());
        const auto distroless = Parsers::parseDpkgStatus(fixture(QStringLiteral("dpkg/status.d/base-files")), QStringLiteral("x"), {});
        QCOMPARE(distroless.size(), 1);
        QCOMPARE(distroless[0].purl, QStringLiteral("pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64"));
    }

    void apkInstalled()
    {
        const auto pkgs = byName(Parsers::parseApkInstalled(fixture(QStringLiteral("apk/installed")), QStringLiteral("lib/apk/db/installed"),
                                                            {QStringLiteral("alpine"), QStringLiteral("3.19.1")}));
        QCOMPARE(pkgs.size(), 3);
        QCOMPARE(pkgs[QStringLiteral("musl")].purl, QStringLiteral("pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1"));
        QCOMPARE(pkgs[QStringLiteral("musl")].licenses, QStringList{QStringLiteral("MIT")});
        QCOMPARE(pkgs[QStringLiteral("ca-certificates-bundle")].licenses, QStringList{QStringLiteral("MPL-2.0 AND MIT")});
        QCOMPARE(pkgs[QStringLiteral("busybox")].properties.value(QStringLiteral("origin")), QStringLiteral("busybox"));
    }

    void npmLockfiles()
    {
        QStringList warnings;
        const auto v1 = byName(Parsers::parseNpmLock(fixture(QStringLiteral("npm/package-lock-v1.json")), QStringLiteral("a"), &warnings));
        QCOMPARE(v1.keys(), (QStringList{QStringLiteral("@babel/core"), QStringLiteral("debug"), QStringLiteral("express")}));
        QCOMPARE(v1[QStringLiteral("@babel/core")].purl, QStringLiteral("pkg:npm/%40babel/core@7.23.0"));
        QCOMPARE(v1[QStringLiteral("@babel/core")].properties.value(QStringLiteral("dev")), QStringLiteral("true"));

        const auto v2 = byName(Parsers::parseNpmLock(fixture(QStringLiteral("npm/package-lock-v2.json")), QStringLiteral("a"), &warnings));
        QCOMPARE(v2.keys(), (QStringList{QStringLiteral("@types/node"), QStringLiteral("lodash")}));
        QCOMPARE(v2[QStringLiteral("lodash")].licenses, QStringList{QStringLiteral("MIT")});

        const auto v3 = byName(Parsers::parseNpmLock(fixture(QStringLiteral("npm/package-lock-v3.json")), QStringLiteral("a"), &warnings));
        QCOMPARE(v3.keys(), (QStringList{QStringLiteral("b"), QStringLiteral("left-pad"), QStringLiteral("old-style"),
                                         QStringLiteral("react"), QStringLiteral("weird")}));
        QCOMPARE(v3[QStringLiteral("b")].licenses, QStringList{QStringLiteral("(MIT OR Apache-2.0)")});
        QCOMPARE(v3[QStringLiteral("old-style")].licenses, QStringList{QStringLiteral("BSD-3-Clause")});
        QCOMPARE(warnings, QStringList());
    }

    void pythonFiles()
    {
        const auto req = byName(Parsers::parseRequirements(fixture(QStringLiteral("python/requirements.txt")), QStringLiteral("r")));
        QCOMPARE(req.keys(), (QStringList{QStringLiteral("Django"), QStringLiteral("numpy"), QStringLiteral("requests"),
                                          QStringLiteral("typing_extensions"), QStringLiteral("zope.interface")}));
        QCOMPARE(req[QStringLiteral("requests")].version, QStringLiteral("2.31.0"));
        QCOMPARE(req[QStringLiteral("typing_extensions")].purl, QStringLiteral("pkg:pypi/typing-extensions@4.8.0"));
        QCOMPARE(req[QStringLiteral("zope.interface")].purl, QStringLiteral("pkg:pypi/zope-interface@6.1"));
        QCOMPARE(req[QStringLiteral("Django")].purl, QStringLiteral("pkg:pypi/django@4.2.7"));

        QStringList warnings;
        const auto poetry = byName(Parsers::parsePoetryLock(fixture(QStringLiteral("python/poetry.lock")), QStringLiteral("p"), &warnings));
        QCOMPARE(poetry.keys(), (QStringList{QStringLiteral("Pillow"), QStringLiteral("certifi")}));
        QCOMPARE(poetry[QStringLiteral("Pillow")].licenses, QStringList{QStringLiteral("HPND")});
        QCOMPARE(poetry[QStringLiteral("Pillow")].purl, QStringLiteral("pkg:pypi/pillow@10.1.0"));
        QCOMPARE(poetry[QStringLiteral("certifi")].version, QStringLiteral("2023.11.17"));
    }

    void goMod()
    {
        const auto pkgs = byName(Parsers::parseGoMod(fixture(QStringLiteral("go/go.mod")), QStringLiteral("go.mod")));
        QCOMPARE(pkgs.keys(), (QStringList{QStringLiteral("github.com/Azure/azure-sdk-for-go"), QStringLiteral("github.com/google/uuid"),
                                           QStringLiteral("github.com/gorilla/mux"), QStringLiteral("golang.org/x/net")}));
        QCOMPARE(pkgs[QStringLiteral("golang.org/x/net")].properties.value(QStringLiteral("indirect")), QStringLiteral("true"));
        QVERIFY(!pkgs[QStringLiteral("github.com/gorilla/mux")].properties.contains(QStringLiteral("indirect")));
        QCOMPARE(pkgs[QStringLiteral("github.com/Azure/azure-sdk-for-go")].purl,
                 QStringLiteral("pkg:golang/github.com/Azure/azure-sdk-for-go@v68.0.0%2Bincompatible"));
    }

    void cargoLock()
    {
        QStringList warnings;
        const auto pkgs = byName(Parsers::parseCargoLock(fixture(QStringLiteral("cargo/Cargo.lock")), QStringLiteral("c"), &warnings));
        QCOMPARE(pkgs.keys(), (QStringList{QStringLiteral("forked"), QStringLiteral("serde"), QStringLiteral("tokio")}));
        QCOMPARE(pkgs[QStringLiteral("serde")].licenses, QStringList{QStringLiteral("MIT OR Apache-2.0")});
        QVERIFY(pkgs[QStringLiteral("forked")].properties.value(QStringLiteral("source")).startsWith(QStringLiteral("git+")));
    }

    void scannerMergesLayersAndHonoursWhiteouts()
    {
        QTemporaryDir scratch;
        const QString base = layer(scratch.path(), {{QStringLiteral("var/lib/dpkg/status"), fixture(QStringLiteral("dpkg/status"))},
                                                    {QStringLiteral("usr/share/doc/libc6/copyright"), fixture(QStringLiteral("dpkg/copyright-libc6"))},
                                                    {QStringLiteral("usr/lib/os-release"), fixture(QStringLiteral("os-release-debian"))},
                                                    {QStringLiteral("opt/tools/go.mod"), fixture(QStringLiteral("go/go.mod"))},
                                                    {QStringLiteral("srv/old/Cargo.lock"), fixture(QStringLiteral("cargo/Cargo.lock"))}});
        const QString app = layer(scratch.path(), {{QStringLiteral("app/package-lock.json"), fixture(QStringLiteral("npm/package-lock-v3.json"))},
                                                   {QStringLiteral("app/requirements.txt"), fixture(QStringLiteral("python/requirements.txt"))},
                                                   {QStringLiteral("app/node_modules/x/package-lock.json"), fixture(QStringLiteral("npm/package-lock-v2.json"))}});
        // The top layer deletes the app's requirements.txt, empties /srv and replaces /opt/tools.
        const QString top = layer(scratch.path(), {{QStringLiteral("app/.wh.requirements.txt"), QByteArray()},
                                                   {QStringLiteral("srv/.wh..wh..opq"), QByteArray()},
                                                   {QStringLiteral("srv/new/poetry.lock"), fixture(QStringLiteral("python/poetry.lock"))},
                                                   {QStringLiteral(".wh.opt"), QByteArray()}});
        QString error;
        const auto result = PackageScanner::scanLayers({base, app, top}, &error);
        QVERIFY2(result, qPrintable(error));
        QCOMPARE(result->distro.id, QStringLiteral("debian"));
        QHash<QString, int> perType;
        QSet<QString> places;
        for (const Package &p : result->packages) {
            ++perType[packageTypeName(p.type)];
            places.insert(p.foundIn);
        }
        QCOMPARE(perType.value(QStringLiteral("deb")), 4);
        QCOMPARE(perType.value(QStringLiteral("npm")), 7); // 5 from v3 + 2 from v2
        QCOMPARE(perType.value(QStringLiteral("pypi")), 2); // poetry only: requirements.txt was whited out
        QCOMPARE(perType.value(QStringLiteral("golang")), 0);
        QCOMPARE(perType.value(QStringLiteral("cargo")), 0);
        QVERIFY(places.contains(QStringLiteral("srv/new/poetry.lock")));
        const auto pkgs = byName(result->packages);
        QCOMPARE(pkgs[QStringLiteral("libc6")].licenses,
                 (QStringList{QStringLiteral("LGPL-2.1-or-later"), QStringLiteral("GPL-2.0-or-later OR Artistic-1.0")}));
        QVERIFY(pkgs[QStringLiteral("libc6")].purl.endsWith(QStringLiteral("distro=debian-12")));

        // Sorted and stable.
        const auto again = PackageScanner::scanLayers({base, app, top}, &error);
        QCOMPARE(again->packages, result->packages);
        for (qsizetype i = 1; i < result->packages.size(); ++i)
            QVERIFY(result->packages[i - 1].type <= result->packages[i].type);

        // Without the top layer the whited-out files count again.
        const auto lower = PackageScanner::scanLayers({base, app}, &error);
        QVERIFY(lower);
        int golang = 0;
        for (const Package &p : lower->packages)
            golang += p.type == PackageType::Golang;
        QCOMPARE(golang, 4);
    }

    void distrolessAndAlpineLayouts()
    {
        QTemporaryDir scratch;
        const QString distroless = layer(scratch.path(), {{QStringLiteral("var/lib/dpkg/status.d/base-files"), fixture(QStringLiteral("dpkg/status.d/base-files"))},
                                                          {QStringLiteral("var/lib/dpkg/status.d/base-files.md5sums"), fixture(QStringLiteral("dpkg/status.d/base-files.md5sums"))}});
        QString error;
        auto result = PackageScanner::scanLayers({distroless}, &error);
        QVERIFY2(result, qPrintable(error));
        QCOMPARE(result->packages.size(), 1);
        QCOMPARE(result->packages[0].foundIn, QStringLiteral("var/lib/dpkg/status.d/base-files"));

        const QString alpine = layer(scratch.path(), {{QStringLiteral("lib/apk/db/installed"), fixture(QStringLiteral("apk/installed"))},
                                                      {QStringLiteral("etc/os-release"), "ID=alpine\nVERSION_ID=3.19.1\n"}});
        result = PackageScanner::scanLayers({alpine}, &error);
        QVERIFY2(result, qPrintable(error));
        QCOMPARE(result->packages.size(), 3);
        QVERIFY(result->packages[0].purl.startsWith(QStringLiteral("pkg:apk/alpine/")));
    }

    void cycloneDxDocument()
    {
        const QByteArray json = CycloneDx::write(subject(), samplePackages());
        QCOMPARE(CycloneDx::write(subject(), samplePackages()), json);
        const QJsonObject bom = QJsonDocument::fromJson(json).object();
        QCOMPARE(bom[QStringLiteral("bomFormat")].toString(), QStringLiteral("CycloneDX"));
        QCOMPARE(bom[QStringLiteral("specVersion")].toString(), QStringLiteral("1.5"));
        QCOMPARE(bom[QStringLiteral("version")].toInt(), 1);
        const QString serial = bom[QStringLiteral("serialNumber")].toString();
        QVERIFY(QRegularExpression(QStringLiteral("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")).match(serial).hasMatch());
        SbomSubject other = subject();
        other.imageDigest = Digest::sha256("other");
        QVERIFY(CycloneDx::serialNumber(other.imageDigest) != serial);

        const QJsonObject metadata = bom[QStringLiteral("metadata")].toObject();
        QCOMPARE(metadata[QStringLiteral("timestamp")].toString(), QStringLiteral("2023-11-14T22:13:20Z"));
        QCOMPARE(metadata[QStringLiteral("component")][QStringLiteral("type")].toString(), QStringLiteral("container"));
        QCOMPARE(metadata[QStringLiteral("component")][QStringLiteral("version")].toString(), subject().imageDigest);
        QCOMPARE(metadata[QStringLiteral("tools")][QStringLiteral("components")][0][QStringLiteral("name")].toString(), QStringLiteral("enclii"));

        const QJsonArray components = bom[QStringLiteral("components")].toArray();
        QCOMPARE(components.size(), 5);
        const QJsonObject libc = components[0].toObject();
        QCOMPARE(libc[QStringLiteral("type")].toString(), QStringLiteral("library"));
        QCOMPARE(libc[QStringLiteral("bom-ref")].toString(), libc[QStringLiteral("purl")].toString());
        QCOMPARE(libc[QStringLiteral("licenses")].toArray().size(), 1);
        QCOMPARE(libc[QStringLiteral("licenses")][0][QStringLiteral("expression")].toString(),
                 QStringLiteral("LGPL-2.1-or-later AND (GPL-2.0-or-later OR Artistic-1.0)"));
        const QJsonArray expression{QJsonObject{{QStringLiteral("expression"), QStringLiteral("MIT OR Apache-2.0")}}};
        QCOMPARE(components[1][QStringLiteral("licenses")].toArray(), expression);
        QCOMPARE(components[2][QStringLiteral("licenses")][0][QStringLiteral("license")][QStringLiteral("name")].toString(),
                 QStringLiteral("SEE LICENSE IN LICENSE.md"));
        QCOMPARE(components[3][QStringLiteral("licenses")][0][QStringLiteral("license")][QStringLiteral("id")].toString(), QStringLiteral("MIT"));
        QVERIFY(!components[4].toObject().contains(QStringLiteral("licenses")));
        QCOMPARE(libc[QStringLiteral("properties")][0][QStringLiteral("name")].toString(), QStringLiteral("enclii:found-in"));
        QCOMPARE(libc[QStringLiteral("properties")][0][QStringLiteral("value")].toString(), QStringLiteral("var/lib/dpkg/status"));
    }

    void spdxDocument()
    {
        const QByteArray json = Spdx::write(subject(), samplePackages());
        QCOMPARE(Spdx::write(subject(), samplePackages()), json);
        const QJsonObject doc = QJsonDocument::fromJson(json).object();
        QCOMPARE(doc[QStringLiteral("spdxVersion")].toString(), QStringLiteral("SPDX-2.3"));
        QCOMPARE(doc[QStringLiteral("dataLicense")].toString(), QStringLiteral("CC0-1.0"));
        QCOMPARE(doc[QStringLiteral("SPDXID")].toString(), QStringLiteral("SPDXRef-DOCUMENT"));
        QVERIFY(doc[QStringLiteral("documentNamespace")].toString().startsWith(QStringLiteral("https://enclii.dev/spdxdocs/registry.example-shop-api-")));
        QCOMPARE(doc[QStringLiteral("creationInfo")][QStringLiteral("created")].toString(), QStringLiteral("2023-11-14T22:13:20Z"));
        QVERIFY(doc[QStringLiteral("creationInfo")][QStringLiteral("creators")][0].toString().startsWith(QStringLiteral("Tool: enclii-")));

        const QJsonArray packages = doc[QStringLiteral("packages")].toArray();
        QCOMPARE(packages.size(), 6);
        QCOMPARE(packages[0][QStringLiteral("primaryPackagePurpose")].toString(), QStringLiteral("CONTAINER"));
        static const QRegularExpression validId(QStringLiteral("^SPDXRef-[A-Za-z0-9.-]+$"));
        QSet<QString> ids;
        for (const QJsonValue &p : packages) {
            QVERIFY(validId.match(p[QStringLiteral("SPDXID")].toString()).hasMatch());
            ids.insert(p[QStringLiteral("SPDXID")].toString());
            QCOMPARE(p[QStringLiteral("downloadLocation")].toString(), QStringLiteral("NOASSERTION"));
        }
        QCOMPARE(ids.size(), 6);
        const QJsonObject libc = packages[1].toObject();
        QCOMPARE(libc[QStringLiteral("licenseDeclared")].toString(),
                 QStringLiteral("LGPL-2.1-or-later AND (GPL-2.0-or-later OR Artistic-1.0)"));
        QCOMPARE(libc[QStringLiteral("externalRefs")][0][QStringLiteral("referenceCategory")].toString(), QStringLiteral("PACKAGE-MANAGER"));
        QCOMPARE(libc[QStringLiteral("externalRefs")][0][QStringLiteral("referenceLocator")].toString(), samplePackages()[0].purl);
        const QString weirdLicense = packages[3][QStringLiteral("licenseDeclared")].toString();
        QVERIFY(weirdLicense.startsWith(QStringLiteral("LicenseRef-SEE-LICENSE-IN-LICENSE.md-")));
        QCOMPARE(doc[QStringLiteral("hasExtractedLicensingInfos")][0][QStringLiteral("licenseId")].toString(), weirdLicense);
        QCOMPARE(packages[4][QStringLiteral("licenseDeclared")].toString(), QStringLiteral("MIT"));
        QCOMPARE(packages[5][QStringLiteral("licenseDeclared")].toString(), QStringLiteral("NOASSERTION"));

        const QJsonArray relationships = doc[QStringLiteral("relationships")].toArray();
        QCOMPARE(relationships.size(), 6);
        QCOMPARE(relationships[0][QStringLiteral("relationshipType")].toString(), QStringLiteral("DESCRIBES"));
        QCOMPARE(relationships[0][QStringLiteral("relatedSpdxElement")].toString(), QStringLiteral("SPDXRef-Image"));
        for (qsizetype i = 1; i < relationships.size(); ++i) {
            QCOMPARE(relationships[i][QStringLiteral("relationshipType")].toString(), QStringLiteral("CONTAINS"));
            QVERIFY(ids.contains(relationships[i][QStringLiteral("relatedSpdxElement")].toString()));
        }
    }

    void summaryCounts()
    {
        const SbomSummary s = SbomSummary::of(samplePackages());
        QCOMPARE(s.packages, 5);
        QCOMPARE(s.byType.value(QStringLiteral("npm")), 3);
        QCOMPARE(s.byType.value(QStringLiteral("deb")), 1);
        QCOMPARE(s.licenses.value(QStringLiteral("MIT OR Apache-2.0")), 1);
        QCOMPARE(s.licenses.size(), 5);
        QCOMPARE(s.licenses.value(QStringLiteral("MIT")), 1);
        QCOMPARE(s.withoutLicense, 1);
        QCOMPARE(s.toJson()[QStringLiteral("byType")][QStringLiteral("cargo")].toInt(), 1);
    }

    void sbomArtifactManifest()
    {
        const QByteArray sbom = CycloneDx::write(subject(), samplePackages());
        const Descriptor image{QString(MediaType::OciManifest), subject().imageDigest, 1234, {}, {}, {}, {}};
        const ArtifactManifest artifact = SbomArtifact::build(sbom, MediaType::CycloneDxJson, image);
        const QJsonObject m = QJsonDocument::fromJson(artifact.manifestJson).object();
        QCOMPARE(m[QStringLiteral("artifactType")].toString(), QStringLiteral("application/vnd.cyclonedx+json"));
        QCOMPARE(m[QStringLiteral("mediaType")].toString(), QString(MediaType::OciManifest));
        const QJsonObject config = m[QStringLiteral("config")].toObject();
        QCOMPARE(config[QStringLiteral("mediaType")].toString(), QStringLiteral("application/vnd.oci.empty.v1+json"));
        QCOMPARE(config[QStringLiteral("digest")].toString(), QStringLiteral("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"));
        QCOMPARE(config[QStringLiteral("size")].toInt(), 2);
        QCOMPARE(m[QStringLiteral("layers")][0][QStringLiteral("digest")].toString(), Digest::sha256(sbom));
        QCOMPARE(m[QStringLiteral("subject")][QStringLiteral("digest")].toString(), image.digest);
        QCOMPARE(m[QStringLiteral("subject")][QStringLiteral("size")].toInt(), 1234);
        QCOMPARE(artifact.manifest.digest, Digest::sha256(artifact.manifestJson));
        QCOMPARE(artifact.manifest.artifactType, QStringLiteral("application/vnd.cyclonedx+json"));
        QCOMPARE(artifact.blobs.size(), 2);
        QCOMPARE(artifact.blobs[0].bytes, QByteArray("{}"));
        QString error;
        const auto parsed = ImageManifest::fromJson(artifact.manifestJson, &error);
        QVERIFY2(parsed && parsed->subject, qPrintable(error));
    }

    void hostileInputs()
    {
        QTemporaryDir scratch;
        // A layer that is not a tar: the scan fails and names it.
        const QString junk = scratch.filePath(QStringLiteral("junk.tar.gz"));
        writeFile(junk, QByteArray(5000, 'j'));
        QString error;
        QVERIFY(!PackageScanner::scanLayers({junk}, &error));
        QVERIFY2(error.contains(QStringLiteral("junk.tar.gz")), qPrintable(error));
        QVERIFY(!PackageScanner::scanLayers({scratch.filePath(QStringLiteral("missing"))}, &error));

        // Broken or huge manifests are skipped with a warning, the rest is still scanned.
        QByteArray deep = "{\"lockfileVersion\":1,\"dependencies\":";
        for (int i = 0; i < 100; ++i)
            deep += "{\"p" + QByteArray::number(i) + "\":{\"version\":\"1.0.0\",\"dependencies\":";
        deep += "{}";
        for (int i = 0; i < 100; ++i)
            deep += "}}";
        deep += "}";
        const QString l = layer(scratch.path(), {{QStringLiteral("a/package-lock.json"), "{\"packages\": [1, 2"},
                                                 {QStringLiteral("b/package-lock.json"), deep},
                                                 {QStringLiteral("c/requirements.txt"), QByteArray(3000, '\xff') + "\nok==1.0\n"},
                                                 {QStringLiteral("d/go.mod"), "require (\nrequire (\n)))\nrequire x\n"},
                                                 {QStringLiteral("e/Cargo.lock"), "[[package]]\nname = \"unterminated\nversion = [[[[\n"},
                                                 {QStringLiteral("f/poetry.lock"), QByteArray(100000, '[')},
                                                 {QStringLiteral("var/lib/dpkg/status"), QByteArray(20000, ':') + "\nPackage\n\n:\n"},
                                                 {QStringLiteral("lib/apk/db/installed"), "P:\nV:\n\nP:x\n"},
                                                 {QStringLiteral("g/requirements.txt"), QByteArray(2 * 1024 * 1024, 'a')}});
        ScanLimits limits;
        limits.maxFileBytes = 1024 * 1024;
        const auto result = PackageScanner::scanLayers({l}, &error, limits);
        QVERIFY2(result, qPrintable(error));
        const QString warnings = result->warnings.join(u'\n');
        QVERIFY2(warnings.contains(QStringLiteral("a/package-lock.json")), qPrintable(warnings));
        QVERIFY2(warnings.contains(QStringLiteral("b/package-lock.json")), qPrintable(warnings));
        QVERIFY2(warnings.contains(QStringLiteral("g/requirements.txt")), qPrintable(warnings));
        const auto pkgs = byName(result->packages);
        QVERIFY(pkgs.contains(QStringLiteral("ok")));
        QVERIFY(pkgs.contains(QStringLiteral("p0")));
        QVERIFY(!pkgs.contains(QStringLiteral("p90")));
    }
};

QTEST_GUILESS_MAIN(TestSbom)
#include "tst_sbom.moc"
