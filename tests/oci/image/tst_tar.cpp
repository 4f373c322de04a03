// TarWriter, TreeArchiver, GzipWriter and TarReader: reproducible layers in, hostile
// archives out. GNU tar and gzip serve as independent readers.
#include "ImageTestSupport.h"

#include "oci/image/Digest.h"
#include "oci/image/GzipWriter.h"
#include "oci/image/TarReader.h"
#include "oci/image/TarWriter.h"
#include "oci/image/TreeArchiver.h"

#include <QBuffer>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

#include <unistd.h>

using namespace enclii::oci;
using namespace enclii::oci::test;

namespace {

struct ReadBack
{
    QList<TarEntry> entries;
    QMap<QString, QByteArray> contents;
    QString error;
};

ReadBack readAll(const QByteArray &archive, TarReaderLimits limits = {})
{
    QByteArray copy = archive;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    TarReader reader(&buffer, limits);
    ReadBack r;
    while (reader.next()) {
        r.entries.append(reader.entry());
        if (auto c = reader.readContent(1 << 20))
            r.contents.insert(reader.entry().path, *c);
    }
    r.error = reader.errorString();
    return r;
}

QByteArray gzip(const QByteArray &data)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    GzipWriter writer(&buffer);
    writer.write(data);
    writer.finish();
    return out;
}

QByteArray withChecksum(QByteArray h)
{
    std::memset(h.data() + 148, ' ', 8);
    unsigned sum = 0;
    for (const char c : h)
        sum += static_cast<unsigned char>(c);
    const QByteArray chk = QByteArray::number(sum, 8).rightJustified(6, '0');
    std::memcpy(h.data() + 148, chk.constData(), 6);
    h[154] = '\0';
    return h;
}

// A ustar header block with a correct checksum, for crafting hostile archives.
QByteArray header(const QByteArray &name, char type, const QByteArray &sizeField, const QByteArray &modeField = "0000644")
{
    QByteArray h(512, '\0');
    std::memcpy(h.data(), name.constData(), size_t(qMin<qsizetype>(name.size(), 100)));
    std::memcpy(h.data() + 100, modeField.constData(), size_t(qMin<qsizetype>(modeField.size(), 8)));
    std::memcpy(h.data() + 108, "0000000", 7);
    std::memcpy(h.data() + 116, "0000000", 7);
    std::memcpy(h.data() + 124, sizeField.constData(), size_t(qMin<qsizetype>(sizeField.size(), 12)));
    std::memcpy(h.data() + 136, "00000000000", 11);
    h[156] = type;
    std::memcpy(h.data() + 257, "ustar\0" "00", 8);
    return withChecksum(h);
}

QByteArray paxArchive(const QByteArray &records)
{
    QByteArray a = header("././@PaxHeader", 'x', QByteArray::number(records.size(), 8).rightJustified(11, '0'));
    a += records + QByteArray((512 - records.size() % 512) % 512, '\0');
    a += header("file", '0', "00000000000");
    return a + QByteArray(1024, '\0');
}

QByteArray writeSample(TarWriterOptions options = {})
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    TarWriter w(&buffer, options);
    w.addDirectory(QStringLiteral("app"));
    w.addFile(QStringLiteral("app/run.sh"), true, QByteArrayView("#!/bin/sh\necho hi\n"));
    w.addFile(QStringLiteral("/app/data.txt"), false, QByteArrayView("data"));
    w.addSymlink(QStringLiteral("app/link"), QStringLiteral("data.txt"));
    w.addFile(QStringLiteral("app/") + QString(150, u'n') + QStringLiteral(".txt"), false, QByteArrayView("long"));
    w.addSymlink(QStringLiteral("app/longlink"), QStringLiteral("/") + QString(200, u't'));
    w.finish();
    return w.hasError() ? QByteArray() : out;
}

QString buildTree(const QString &root, bool reversed, mode_t umaskValue)
{
    const mode_t old = ::umask(umaskValue);
    QStringList names{QStringLiteral("b.txt"), QStringLiteral("a/z.txt"), QStringLiteral("a/y/x.txt"),
                      QStringLiteral("a-b/c.txt"), QStringLiteral("bin/tool")};
    if (reversed)
        std::reverse(names.begin(), names.end());
    for (const QString &n : names) {
        QDir().mkpath(QFileInfo(root + u'/' + n).absolutePath());
        QFile f(root + u'/' + n);
        f.open(QIODevice::WriteOnly);
        f.write(n.toUtf8());
        f.close();
    }
    ::chmod(QFile::encodeName(root + QStringLiteral("/bin/tool")).constData(), reversed ? 0700 : 0755);
    ::symlink("../b.txt", QFile::encodeName(root + QStringLiteral("/a/link")).constData());
    QDir().mkpath(root + QStringLiteral("/.git/objects"));
    writeFile(root + QStringLiteral("/.git/HEAD"), "ref: refs/heads/main\n");
    writeFile(root + QStringLiteral("/a/.git"), "gitdir: ../.git/worktrees/a\n");
    ::umask(old);
    return root;
}

QByteArray archiveTree(const QString &root, QString *error = nullptr, TarWriterOptions options = {})
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    TarWriter w(&buffer, options);
    QString why;
    if (!TreeArchiver::archive(root, QStringLiteral("/srv/app"), w, &why) || !w.finish()) {
        if (error)
            *error = why.isEmpty() ? w.errorString() : why;
        return {};
    }
    return out;
}

} // namespace

class TestTar : public QObject
{
    Q_OBJECT

private slots:
    void writerRoundTripsThroughOurReader()
    {
        TarWriterOptions options;
        options.mtime = 1700000000;
        options.uid = 1000;
        options.gid = 3000000; // beyond ustar's 7 octal digits: goes through pax
        const ReadBack r = readAll(writeSample(options));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.entries.size(), 6);
        QCOMPARE(r.entries[0].path, QStringLiteral("app"));
        QCOMPARE(r.entries[0].type, TarEntry::Type::Directory);
        QCOMPARE(r.entries[0].mode, 0755);
        QCOMPARE(r.entries[1].mode, 0755);
        QCOMPARE(r.entries[2].path, QStringLiteral("app/data.txt"));
        QCOMPARE(r.entries[2].mode, 0644);
        QCOMPARE(r.entries[3].type, TarEntry::Type::Symlink);
        QCOMPARE(r.entries[3].linkName, QStringLiteral("data.txt"));
        QCOMPARE(r.entries[4].path, QStringLiteral("app/") + QString(150, u'n') + QStringLiteral(".txt"));
        QCOMPARE(r.entries[5].linkName, QStringLiteral("/") + QString(200, u't'));
        for (const TarEntry &e : r.entries) {
            QCOMPARE(e.mtime, 1700000000);
            QCOMPARE(e.uid, 1000);
            QCOMPARE(e.gid, 3000000);
        }
        QCOMPARE(r.contents.value(QStringLiteral("app/run.sh")), QByteArray("#!/bin/sh\necho hi\n"));
    }

    void gnuTarReadsWhatWeWrite()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("a.tar")), writeSample()));
        const ProcessResult r = run(QStringLiteral("tar"), {QStringLiteral("--numeric-owner"), QStringLiteral("-tvf"),
                                                            dir.filePath(QStringLiteral("a.tar"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        const QString listing = QString::fromUtf8(r.out);
        QVERIFY(listing.contains(QStringLiteral("drwxr-xr-x 0/0")));
        QVERIFY(listing.contains(QStringLiteral("-rwxr-xr-x 0/0")));
        QVERIFY(listing.contains(QStringLiteral("1970-01-01 00:00")));
        QVERIFY(listing.contains(QString(150, u'n')));
        QVERIFY(listing.contains(QStringLiteral("app/link -> data.txt")));
    }

    void writerRefusesBadPaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("dot-dot") << QStringLiteral("app/../etc/passwd");
        QTest::newRow("empty") << QString();
        QTest::newRow("only slash") << QStringLiteral("/");
        QTest::newRow("empty component") << QStringLiteral("a//b");
    }
    void writerRefusesBadPaths()
    {
        QFETCH(QString, path);
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        TarWriter w(&buffer);
        QVERIFY(!w.addFile(path, false, QByteArrayView("x")));
        QVERIFY(w.hasError());
        QVERIFY(!w.finish());
    }

    void writerEnforcesLimits()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        TarWriterOptions options;
        options.maxEntries = 2;
        options.maxContentBytes = 10;
        TarWriter w(&buffer, options);
        QVERIFY(w.addFile(QStringLiteral("a"), false, QByteArrayView("0123456789")));
        QVERIFY(!w.addFile(QStringLiteral("b"), false, QByteArrayView("x")));
        QVERIFY(w.errorString().contains(QStringLiteral("limit")));
    }

    void treeIsReproducible()
    {
        QTemporaryDir one, two;
        buildTree(one.path(), false, 022);
        buildTree(two.path(), true, 077);
        // Different mtimes and an owner-only file on one side.
        QFile::setPermissions(two.filePath(QStringLiteral("b.txt")), QFile::ReadOwner);
        QVERIFY(run(QStringLiteral("touch"), {QStringLiteral("-d"), QStringLiteral("2001-02-03"), two.filePath(QStringLiteral("a/z.txt"))}).exitCode == 0);
        const QByteArray a = archiveTree(one.path());
        const QByteArray b = archiveTree(two.path());
        QVERIFY(!a.isEmpty());
        QCOMPARE(a, b);
    }

    void treeSortsEmitsParentsAndSkipsGit()
    {
        QTemporaryDir dir;
        buildTree(dir.path(), false, 022);
        const ReadBack r = readAll(archiveTree(dir.path()));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QStringList paths;
        for (const TarEntry &e : r.entries)
            paths.append(e.path);
        const QStringList expected{QStringLiteral("srv"), QStringLiteral("srv/app"), QStringLiteral("srv/app/a"),
                                   QStringLiteral("srv/app/a-b"), QStringLiteral("srv/app/a-b/c.txt"),
                                   QStringLiteral("srv/app/a/link"), QStringLiteral("srv/app/a/y"),
                                   QStringLiteral("srv/app/a/y/x.txt"), QStringLiteral("srv/app/a/z.txt"),
                                   QStringLiteral("srv/app/b.txt"), QStringLiteral("srv/app/bin"),
                                   QStringLiteral("srv/app/bin/tool")};
        QCOMPARE(paths, expected);
        QCOMPARE(r.entries[5].type, TarEntry::Type::Symlink);
        QCOMPARE(r.entries[5].linkName, QStringLiteral("../b.txt"));
        QCOMPARE(r.entries.last().mode, 0755);
        QCOMPARE(r.entries[9].mode, 0644);
    }

    void treeNeverFollowsSymlinks()
    {
        QTemporaryDir dir, outside;
        QVERIFY(writeFile(outside.filePath(QStringLiteral("secret")), "do not archive"));
        QVERIFY(::symlink(QFile::encodeName(outside.path()).constData(),
                          QFile::encodeName(dir.filePath(QStringLiteral("escape"))).constData())
                == 0);
        const ReadBack r = readAll(archiveTree(dir.path()));
        QCOMPARE(r.entries.size(), 3);
        QCOMPARE(r.entries[2].type, TarEntry::Type::Symlink);
        QCOMPARE(r.entries[2].linkName, outside.path());
        // The source root itself must not be a symlink either.
        QString error;
        QVERIFY(archiveTree(dir.filePath(QStringLiteral("escape")), &error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("not a folder")));
    }

    void treeRefusesSpecialFiles()
    {
        QTemporaryDir dir;
        QVERIFY(::mkfifo(QFile::encodeName(dir.filePath(QStringLiteral("pipe"))).constData(), 0644) == 0);
        QString error;
        QVERIFY(archiveTree(dir.path(), &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("pipe")) && error.contains(QStringLiteral("FIFO")), qPrintable(error));
    }

    void treeStopsAtTheEntryLimit()
    {
        QTemporaryDir dir;
        for (int i = 0; i < 20; ++i)
            writeFile(dir.filePath(QStringLiteral("f%1").arg(i)), "x");
        TarWriterOptions options;
        options.maxEntries = 10;
        QString error;
        QVERIFY(archiveTree(dir.path(), &error, options).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("entries")), qPrintable(error));
    }

    void gzipIsDeterministicAndHashesBothSides()
    {
        const QByteArray tar = writeSample();
        const QByteArray a = gzip(tar);
        QCOMPARE(gzip(tar), a);
        QCOMPARE(quint8(a[0]), 0x1f);
        QCOMPARE(quint8(a[1]), 0x8b);
        QCOMPARE(a.mid(4, 4), QByteArray(4, '\0')); // mtime
        QCOMPARE(quint8(a[3]), 0);                  // no name, comment or extra
        QCOMPARE(quint8(a[9]), 255);                // OS byte

        QByteArray sink;
        QBuffer buffer(&sink);
        buffer.open(QIODevice::WriteOnly);
        GzipWriter writer(&buffer);
        writer.write(tar);
        QVERIFY(writer.finish());
        QCOMPARE(writer.compressedDigest(), Digest::sha256(sink));
        QCOMPARE(writer.compressedSize(), sink.size());
        QCOMPARE(writer.uncompressedDigest(), Digest::sha256(tar));
        QCOMPARE(writer.uncompressedSize(), tar.size());

        const ProcessResult gunzip = run(QStringLiteral("gzip"), {QStringLiteral("-dc")}, a);
        QCOMPARE(gunzip.exitCode, 0);
        QCOMPARE(gunzip.out, tar);
    }

    void readerReadsGzipAndGnuTar()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("src/") + QString(120, u'x')), "long gnu name");
        writeFile(dir.filePath(QStringLiteral("src/small")), "s");
        const ProcessResult r = run(QStringLiteral("tar"), {QStringLiteral("--format=gnu"), QStringLiteral("-czf"),
                                                            dir.filePath(QStringLiteral("gnu.tgz")), QStringLiteral("-C"),
                                                            dir.path(), QStringLiteral("src")});
        QCOMPARE(r.exitCode, 0);
        QFile file(dir.filePath(QStringLiteral("gnu.tgz")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        TarReader reader(&file);
        QMap<QString, QByteArray> contents;
        while (reader.next()) {
            if (auto c = reader.readContent(100))
                contents.insert(reader.entry().path, *c);
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QVERIFY(reader.isCompressed());
        QCOMPARE(contents.value(QStringLiteral("src/") + QString(120, u'x')), QByteArray("long gnu name"));
        QCOMPARE(contents.value(QStringLiteral("src/small")), QByteArray("s"));
    }

    void readerSkipsUnreadContentAndRefusesOversizedReads()
    {
        const QByteArray tar = writeSample();
        QByteArray copy = tar;
        QBuffer buffer(&copy);
        buffer.open(QIODevice::ReadOnly);
        TarReader reader(&buffer);
        QVERIFY(reader.next());
        QVERIFY(reader.next());
        QVERIFY(!reader.readContent(3).has_value()); // 19 bytes > 3
        QVERIFY(!reader.hasError());
        QVERIFY(reader.next());
        QCOMPARE(reader.entry().path, QStringLiteral("app/data.txt"));
        QCOMPARE(reader.readContent(10).value_or(QByteArray()), QByteArray("data"));
        QVERIFY(!reader.readContent(10).has_value()); // only once
    }

    void hostileArchivesFailCleanly_data()
    {
        QTest::addColumn<QByteArray>("archive");
        QTest::addColumn<QString>("expected");
        const QByteArray good = writeSample();
        QTest::newRow("truncated in content") << good.left(512 + 512 + 10) << QStringLiteral("truncated");
        QTest::newRow("truncated in header") << good.left(700) << QStringLiteral("truncated");
        QByteArray badSum = good;
        badSum[10] = 'X';
        QTest::newRow("bad checksum") << badSum << QStringLiteral("checksum");
        QTest::newRow("huge size, no data")
            << header("big", '0', "77777777777") + QByteArray(1024, '\0') << QStringLiteral("truncated");
        QByteArray negative = header("neg", '0', "00000000000");
        std::memset(negative.data() + 124, 0xff, 12);
        QTest::newRow("negative base-256 size") << withChecksum(negative) + QByteArray(1024, '\0')
                                                << QStringLiteral("numeric");
        QByteArray overflow = header("big", '0', "00000000000");
        overflow[124] = char(0x80);
        std::memset(overflow.data() + 125, 0xff, 11);
        QTest::newRow("overflowing base-256 size") << withChecksum(overflow) + QByteArray(1024, '\0')
                                                   << QStringLiteral("numeric");
        QTest::newRow("non-octal size") << header("x", '0', "00000009999") << QStringLiteral("numeric");
        QTest::newRow("digits after the terminator") << header("x", '0', "0000000 0001") << QStringLiteral("numeric");
        QTest::newRow("empty member name") << header("", '0', "00000000000") << QStringLiteral("name");
        QTest::newRow("pax length too long") << paxArchive("99 path=x\n") << QStringLiteral("pax");
        QTest::newRow("pax length zero") << paxArchive("0 path=x\n") << QStringLiteral("pax");
        QTest::newRow("pax length not a number") << paxArchive("ab path=x\n") << QStringLiteral("pax");
        QTest::newRow("pax record without newline") << paxArchive("10 path=xy") << QStringLiteral("pax");
        QTest::newRow("pax size not a number") << paxArchive("12 size=-12\n") << QStringLiteral("pax");
        QTest::newRow("pax claims a huge size") << paxArchive("23 size=99999999999999\n") << QStringLiteral("limit");
        QByteArray loop;
        for (int i = 0; i < 20; ++i)
            loop += header("././@LongLink", 'L', "00000000002") + QByteArray("a") + QByteArray(511, '\0');
        QTest::newRow("endless long-name headers") << loop << QStringLiteral("extended headers");
        QTest::newRow("random bytes") << QByteArray(4096, 'Z') << QStringLiteral("checksum");
        QTest::newRow("truncated gzip") << gzip(good).left(100) << QStringLiteral("truncated");
        QByteArray corrupt = gzip(good);
        corrupt[corrupt.size() / 2] = char(corrupt[corrupt.size() / 2] ^ 0x5a);
        corrupt[corrupt.size() / 2 + 1] = char(corrupt[corrupt.size() / 2 + 1] ^ 0x5a);
        QTest::newRow("corrupt gzip") << corrupt << QString();
    }
    void hostileArchivesFailCleanly()
    {
        QFETCH(QByteArray, archive);
        QFETCH(QString, expected);
        const ReadBack r = readAll(archive);
        QVERIFY2(!r.error.isEmpty(), "a hostile archive was accepted");
        QVERIFY2(r.error.contains(expected), qPrintable(r.error));
    }

    void readerLimitsBoundTheWork()
    {
        // A gzip bomb: 64 MiB of zeros in a file entry compress to almost nothing.
        QByteArray bomb = header("zeros", '0', QByteArray::number(64 * 1024 * 1024, 8).rightJustified(11, '0'));
        bomb += QByteArray(64 * 1024 * 1024, '\0');
        const QByteArray compressed = gzip(bomb);
        QVERIFY(compressed.size() < 1024 * 1024);
        TarReaderLimits limits;
        limits.maxTotalBytes = 8 * 1024 * 1024;
        QVERIFY(readAll(compressed, limits).error.contains(QStringLiteral("limit")));

        limits = {};
        limits.maxEntries = 3;
        QVERIFY(readAll(writeSample(), limits).error.contains(QStringLiteral("more than 3")));
    }
};

QTEST_GUILESS_MAIN(TestTar)
#include "tst_tar.moc"
