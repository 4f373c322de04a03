#pragma once

#include <QString>

namespace enclii::oci {

// One member of a tar archive as TarReader reports it, after pax and GNU long-name
// headers have been applied.
struct TarEntry
{
    enum class Type { File, Directory, Symlink, HardLink, Other };

    // As stored, minus a leading "./" or "/" and a trailing "/": "usr/bin/env". Not
    // otherwise cleaned; a consumer that maps it onto a file system must refuse "..".
    QString path;
    Type type = Type::File;
    char typeFlag = '0'; // the raw ustar type flag, for callers that care about 'Other'
    qint64 size = 0;     // content bytes; 0 for everything but files (and 'Other' with data)
    int mode = 0;        // permission bits only (07777)
    QString linkName;    // symlink target or hard-link source
    qint64 uid = 0;
    qint64 gid = 0;
    qint64 mtime = 0;
};

} // namespace enclii::oci
