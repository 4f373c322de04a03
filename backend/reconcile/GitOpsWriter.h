#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace enclii::reconcile {

// The second target of the reconcilers: the rendered manifests written into a git repository
// for Argo CD or Flux to apply. One folder per namespace (cluster-scoped objects under
// "cluster/"), one file per object named by kind and name, so a change shows as a diff of one
// file; one commit per change with a message that says what changed, and none when nothing
// did. Files the writer did not write are never touched: it keeps the list of its own in
// ".enclii/managed" and removes only those that are no longer desired.
class GitOpsWriter
{
public:
    struct Options
    {
        QString repoDir;   // the working tree; created (git init, or a clone of remote) when missing
        QString remote;    // optional: cloned from and pushed to
        QString branch = QStringLiteral("main");
        QString authorName = QStringLiteral("Enclii");
        QString authorEmail = QStringLiteral("enclii@localhost");
        QString gitProgram = QStringLiteral("git");
    };

    struct Result
    {
        bool ok = false;
        bool committed = false;
        QString commit;      // the new commit, or the current head when nothing changed
        QString message;     // the commit message
        QStringList added;   // paths, relative to the repository
        QStringList changed;
        QStringList removed;
        QString error;
    };

    explicit GitOpsWriter(Options options);

    // `objects` is the whole desired state. `reason` heads the commit message's body (say
    // "release 12 of switchyard-api").
    Result write(const QList<QJsonObject> &objects, const QString &reason);

    // "<namespace>/<kind>-<name>.yaml" in lower case, "cluster/<kind>-<name>.yaml" without a
    // namespace. Empty for an object without kind or name.
    static QString pathFor(const QJsonObject &object);

private:
    bool git(const QStringList &args, QString *output, QString *error, const QString &dir = {}) const;
    bool ensureRepository(QString *error);

    Options m_options;
};

} // namespace enclii::reconcile
