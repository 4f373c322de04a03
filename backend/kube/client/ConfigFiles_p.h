#pragma once

// Internal to enclii_kube: reading the small files a configuration points at (kubeconfig,
// certificates, keys, tokens) with a size bound, so a wrong path (a device, a huge log)
// ends as an error instead of a hang or unbounded memory.

#include <QByteArray>
#include <QString>

namespace enclii::kube {

constexpr qint64 kMaxCredentialFileBytes = 1 << 20;

// False with *error set ("cannot read <path>: <reason>"); the content is never part of it.
bool readBoundedFile(const QString &path, qint64 maxBytes, QByteArray *content, QString *error);

// A bearer token as read from a file or a kubeconfig: surrounding white space removed.
// False when what is left could not travel in an Authorization header (control characters,
// spaces inside, non-ASCII) or is empty.
bool cleanToken(QByteArray *token);

} // namespace enclii::kube
