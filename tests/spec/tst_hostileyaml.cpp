// Malformed and hostile input: each one ends as a clear error, never a crash or a hang.
#include "spec/SpecLoader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii;

namespace {

QString firstError(const QByteArray &text)
{
    spec::LoadResult r;
    spec::SpecLoader().loadText(text, QStringLiteral("hostile.yaml"), r);
    return r.diagnostics.isEmpty() ? QString() : r.diagnostics.first().toString();
}

} // namespace

class TestHostileYaml : public QObject
{
    Q_OBJECT
private slots:
    void aliasBomb()
    {
        QByteArray bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; ++c) {
            bomb += QByteArray(1, c) + ": &" + c + " [*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*"
                    + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n";
            prev = c;
        }
        QCOMPARE(firstError(bomb),
                 QStringLiteral("hostile.yaml:1:4: error: YAML anchors (&name) are not allowed in specs; write the value out in full"));
    }

    void tenMegabyteFile()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("big.yaml")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray line = "# padding padding padding padding padding padding padding padding\n";
        for (int i = 0; i < (10 << 20) / line.size() + 1; ++i)
            f.write(line);
        f.close();
        spec::LoadResult r;
        spec::SpecLoader().loadFile(f.fileName(), r);
        QCOMPARE(r.diagnostics.size(), 1);
        QVERIFY2(r.diagnostics.first().message.contains(QStringLiteral("specs are limited to 1048576 bytes")),
                 qPrintable(r.diagnostics.first().toString()));
    }

    void binaryData()
    {
        QByteArray bin("apiVersion: enclii.dev/v1\nkind: Service\n");
        bin.append('\0');
        bin.append("\x01\x02\xff\xfe", 4);
        QCOMPARE(firstError(bin), QStringLiteral("hostile.yaml:3:1: error: binary data (control byte 0x00); a spec must be UTF-8 text"));
    }

    void invalidUtf8()
    {
        QCOMPARE(firstError("name: caf\xc3\x28\n"), QStringLiteral("hostile.yaml:1:10: error: invalid UTF-8; a spec must be UTF-8 text"));
    }

    void deepFlowNesting()
    {
        const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
        QVERIFY(firstError(deep).contains(QStringLiteral("nested deeper than 32 levels")));
    }

    void deepBlockNesting()
    {
        QByteArray deep;
        for (int i = 0; i < 200; ++i)
            deep += QByteArray(i * 2, ' ') + "k" + QByteArray::number(i) + ":\n";
        QVERIFY(firstError(deep).contains(QStringLiteral("nested deeper than 32 levels")));
    }

    void manyDocuments()
    {
        QByteArray many;
        for (int i = 0; i < 300; ++i)
            many += "---\na: 1\n";
        QVERIFY(firstError(many).contains(QStringLiteral("more than 256 documents")));
    }

    void randomBytesNeverCrash()
    {
        // Deterministic noise: printable junk, brackets, quotes, tabs and colons.
        quint32 seed = 12345;
        const QByteArray alphabet = "abc:-[]{}\"' \n\t&*!|>%@`#,?0123456789";
        for (int round = 0; round < 300; ++round) {
            QByteArray junk;
            for (int i = 0; i < 400; ++i) {
                seed = seed * 1103515245u + 12345u;
                junk += alphabet[int((seed >> 16) % quint32(alphabet.size()))];
            }
            spec::LoadResult r;
            spec::SpecLoader().loadText(junk, QStringLiteral("junk.yaml"), r);
            QVERIFY(!r.ok() || r.specs.services.isEmpty());
        }
    }

    void notAFolder()
    {
        const auto r = spec::SpecLoader().loadDirectory(QStringLiteral("/nonexistent/specs"));
        QVERIFY(r.diagnostics.first().toString().contains(QStringLiteral("not a folder")));
    }
};

QTEST_APPLESS_MAIN(TestHostileYaml)
#include "tst_hostileyaml.moc"
