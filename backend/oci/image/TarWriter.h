#pragma once

#include <QByteArrayView>
#include <QIODevice>
#include <QString>

namespace enclii::oci {

// What a TarWriter stamps on every entry and how much it lets through. The defaults give
// the layers a reproducible build wants: epoch-0 mtimes, root ownership, no user names.
struct TarWriterOptions
{
    qint64 mtime = 0; // seconds since the epoch, the same for every entry
    qint64 uid = 0;
    qint64 gid = 0;
    qint64 maxEntries = 200000;
    qint64 maxContentBytes = qint64(8) * 1024 * 1024 * 1024; // sum of regular file sizes
};

// Writes a POSIX ustar archive, with pax extended headers ('x') where ustar cannot hold a
// value (paths or link targets over 100 bytes, sizes of 8 GiB and more, large ids).
//
// Every header is normalised so that the archive depends only on names, contents, the
// executable bit and link targets: the mtime, uid and gid come from the options, uname
// and gname are empty, directories are 0755, files 0755 when any execute bit was given and
// 0644 otherwise, symlinks 0777. Callers choose the entry order (TreeArchiver sorts it).
//
// Paths are relative, '/'-separated, without "." or ".." components; a leading "/" or
// "./" is removed. Directory entries get their trailing "/" here.
//
// After the first failure every call returns false; errorString() says what went wrong.
class TarWriter
{
public:
    explicit TarWriter(QIODevice *out, TarWriterOptions options = {});

    bool addDirectory(const QString &path);
    // Streams exactly `size` bytes from `content`; fewer (the file shrank while being read)
    // is an error rather than a silently short entry.
    bool addFile(const QString &path, bool executable, QIODevice *content, qint64 size);
    bool addFile(const QString &path, bool executable, QByteArrayView content);
    bool addSymlink(const QString &path, const QString &target);
    // Writes the two zero blocks that end an archive. Nothing may be added afterwards.
    bool finish();

    qint64 entryCount() const { return m_entries; }
    const TarWriterOptions &options() const { return m_options; }
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

private:
    enum class Kind : char { File = '0', Symlink = '2', Directory = '5', Pax = 'x' };

    bool writeEntryHeader(const QByteArray &name, Kind kind, qint64 size, int mode, const QByteArray &linkName);
    bool writeHeaderBlock(const QByteArray &name, Kind kind, qint64 size, int mode, qint64 uid, qint64 gid,
                          const QByteArray &linkName);
    bool admit(const QString &path, bool directory, QByteArray *name);
    bool writeRaw(QByteArrayView data);
    bool pad(qint64 size);
    bool fail(const QString &message);

    QIODevice *m_out;
    TarWriterOptions m_options;
    qint64 m_entries = 0;
    qint64 m_contentBytes = 0;
    bool m_finished = false;
    QString m_error;
};

} // namespace enclii::oci
