#pragma once

#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace enclii::roundhouse {

class BuildLog;
struct StopFlag;

// The clone step: the repository at exactly one commit, shallow, submodules included, in a
// folder the caller owns (and removes). No credential prompt ever waits for a person; URLs
// with credentials never reach the log. Local repositories (a path or file://, as tests and
// mirrors use) are allowed for the top-level remote; a submodule may use the file protocol
// only when the requested remote is itself local, so a hostile .gitmodules cannot copy the
// build host's files into an image.
struct CheckoutResult
{
    bool ok = false;
    bool permanent = false;  // retrying cannot help (no such commit, bad repository)
    QString error;
    QDateTime commitTime;    // the commit's committer time, the image's "created"
    int files = 0;
};

struct CheckoutOptions
{
    int timeoutSeconds = 600;
    QString gitProgram = QStringLiteral("git");
    // URL prefix rewrites, as git's url.<base>.insteadOf: a mirror for an offline site or a
    // test ("https://github.com/madfam-org/" -> "file:///srv/mirrors/"). The first match wins.
    QList<QPair<QString, QString>> urlRewrites;
};

// The URL after the first matching rewrite.
QString rewriteUrl(const QString &url, const QList<QPair<QString, QString>> &rewrites);

CheckoutResult checkoutCommit(const QString &repoUrl, const QString &commit, const QString &directory, BuildLog &log,
                              const StopFlag &stop, const CheckoutOptions &options = {});

// The build folder inside a checkout: "path" resolved with symlinks, refused unless it stays
// inside the checkout. Empty with *error otherwise.
QString resolveBuildPath(const QString &checkout, const QString &path, QString *error);

} // namespace enclii::roundhouse
