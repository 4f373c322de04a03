#include "oci/image/TreeArchiver.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace enclii::oci {

namespace {

struct Item
{
    QByteArray relative; // UTF-8, '/'-separated, sorted on these bytes
    mode_t type = 0;
    bool executable = false;
    qint64 size = 0;
};

class Walker
{
public:
    Walker(const QString &root, qint64 maxEntries) : m_root(root), m_maxEntries(maxEntries) {}

    bool walk(const QString &relativeDir, int depth)
    {
        if (depth > TreeArchiver::MaxDepth)
            return fail(QStringLiteral("%1: folders nest deeper than %2 levels").arg(relativeDir).arg(TreeArchiver::MaxDepth));
        QDir dir(relativeDir.isEmpty() ? m_root : m_root + u'/' + relativeDir);
        const QStringList names = dir.entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                                                QDir::NoSort);
        for (const QString &name : names) {
            if (name == QLatin1StringView(".git"))
                continue;
            const QString rel = relativeDir.isEmpty() ? name : relativeDir + u'/' + name;
            struct stat st = {};
            if (::lstat(QFile::encodeName(m_root + u'/' + rel).constData(), &st) != 0)
                return fail(QStringLiteral("%1: cannot stat: %2").arg(rel, QString::fromLocal8Bit(strerror(errno))));
            if (qint64(m_items.size()) >= m_maxEntries)
                return fail(QStringLiteral("the folder holds more than %1 entries").arg(m_maxEntries));
            const mode_t type = st.st_mode & S_IFMT;
            if (type != S_IFDIR && type != S_IFREG && type != S_IFLNK)
                return fail(QStringLiteral("%1: is a %2; a layer holds only files, folders and symlinks, remove it from "
                                           "the source folder")
                                .arg(rel, describe(type)));
            m_items.push_back({rel.toUtf8(), type, (st.st_mode & 0111) != 0, qint64(st.st_size)});
            if (type == S_IFDIR && !walk(rel, depth + 1))
                return false;
        }
        return true;
    }

    std::vector<Item> &items() { return m_items; }
    QString error() const { return m_error; }

private:
    static QString describe(mode_t type)
    {
        switch (type) {
        case S_IFIFO: return QStringLiteral("FIFO");
        case S_IFSOCK: return QStringLiteral("socket");
        case S_IFCHR: return QStringLiteral("character device");
        case S_IFBLK: return QStringLiteral("block device");
        default: return QStringLiteral("special file");
        }
    }
    bool fail(const QString &message)
    {
        m_error = message;
        return false;
    }

    QString m_root;
    qint64 m_maxEntries;
    std::vector<Item> m_items;
    QString m_error;
};

QString readLink(const QString &path, QString *error)
{
    QByteArray buf(4096, Qt::Uninitialized);
    const ssize_t n = ::readlink(QFile::encodeName(path).constData(), buf.data(), size_t(buf.size()));
    if (n < 0 || n >= buf.size()) {
        *error = QStringLiteral("%1: cannot read the symlink").arg(path);
        return {};
    }
    return QFile::decodeName(buf.left(n));
}

bool addItem(const QString &root, const QString &prefix, const Item &item, TarWriter &writer, QString *error)
{
    const QString rel = QString::fromUtf8(item.relative);
    const QString target = prefix.isEmpty() ? rel : prefix + u'/' + rel;
    const QString source = root + u'/' + rel;
    switch (item.type) {
    case S_IFDIR:
        return writer.addDirectory(target);
    case S_IFLNK: {
        const QString link = readLink(source, error);
        return !link.isEmpty() && writer.addSymlink(target, link);
    }
    default: {
        QFile file(source);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("%1: cannot read: %2").arg(rel, file.errorString());
            return false;
        }
        return writer.addFile(target, item.executable, &file, item.size);
    }
    }
}

} // namespace

bool TreeArchiver::archive(const QString &sourceDir, const QString &destination, TarWriter &writer, QString *error)
{
    QString localError;
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    struct stat st = {};
    if (::lstat(QFile::encodeName(sourceDir).constData(), &st) != 0 || !S_ISDIR(st.st_mode))
        return fail(QStringLiteral("%1: not a folder (symlinks are not followed)").arg(sourceDir));
    if (!destination.startsWith(u'/'))
        return fail(QStringLiteral("the destination \"%1\" must be an absolute path such as /app").arg(destination));
    const QString prefix = QDir::cleanPath(destination).mid(1);
    if (prefix.split(u'/').contains(QLatin1StringView("..")))
        return fail(QStringLiteral("the destination \"%1\" must not contain \"..\"").arg(destination));

    // The prefix's own folders come first, each once, parents before children.
    QString parent;
    for (const QString &part : prefix.split(u'/', Qt::SkipEmptyParts)) {
        parent = parent.isEmpty() ? part : parent + u'/' + part;
        if (!writer.addDirectory(parent))
            return fail(writer.errorString());
    }

    // Counting what the writer has already taken keeps the walk inside the writer's limit.
    Walker walker(sourceDir, writer.options().maxEntries - writer.entryCount());
    if (!walker.walk(QString(), 0))
        return fail(walker.error());
    auto &items = walker.items();
    std::sort(items.begin(), items.end(), [](const Item &a, const Item &b) { return a.relative < b.relative; });
    for (const Item &item : items) {
        if (!addItem(sourceDir, prefix, item, writer, &localError))
            return fail(localError.isEmpty() ? writer.errorString() : localError);
    }
    return true;
}

} // namespace enclii::oci
