#pragma once

#include "oci/image/TarWriter.h"

#include <QString>

namespace enclii::oci {

// Puts a folder into a TarWriter, reproducibly: the entries are sorted byte-wise by path
// (so parents come before children), the folders of the destination prefix are emitted
// first, and nothing about the result depends on the order the file system lists entries,
// on mtimes, owners or umask (TarWriter normalises those).
//
// Symlinks are archived as symlinks and never followed, including a symlink to a folder.
// Entries named ".git" (the clone's metadata folder, or the file a worktree has) are left
// out at every level. FIFOs, sockets and device nodes are refused with an error that names
// the path: a build context has no business holding them. The walk is bounded by the
// writer's entry limit and by a maximum depth, so a hostile tree cannot run it forever.
class TreeArchiver
{
public:
    static constexpr int MaxDepth = 128;

    // Archives the content of `sourceDir` (not the folder itself) under `destination`, an
    // absolute path inside the image such as "/app"; "/" puts the content at the root.
    // Does not call finish() on the writer. Returns false with *error on the first problem.
    static bool archive(const QString &sourceDir, const QString &destination, TarWriter &writer,
                        QString *error = nullptr);
};

} // namespace enclii::oci
