// KubeConfig::fromKubeconfig: kubeconfig YAML (clusters, users, contexts, current-context),
// merged across files the way kubectl merges $KUBECONFIG, resolved to one context.

#include "kube/client/KubeConfig.h"

#include "kube/client/ConfigFiles_p.h"
#include "kube/client/Resources.h"

#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace enclii::kube {

namespace {

constexpr qint64 kMaxKubeconfigBytes = 4 << 20; // embedded certificates make real ones tens of KiB
constexpr int kMaxEntries = 1000;               // per list, per file
constexpr int kMaxFiles = 64;

// A named entry's body (the map under cluster:/user:/context:) and where it was defined.
struct Entry
{
    QString file;
    YAML::Node node;
    YAML::Mark mark; // of the list item, for errors about the entry as a whole
};

struct Merged
{
    QString currentContext;
    QMap<QString, Entry> clusters;
    QMap<QString, Entry> users;
    QMap<QString, Entry> contexts;
    QStringList files; // those that existed, in order
};

QString position(const QString &file, const YAML::Mark &mark)
{
    if (mark.is_null() || mark.line < 0)
        return file;
    return QStringLiteral("%1:%2:%3").arg(file).arg(mark.line + 1).arg(mark.column + 1);
}

KubeError configError(const QString &message)
{
    return KubeError::make(KubeError::Kind::Config, QStringLiteral("load kubeconfig"), message);
}

KubeError errorAt(const QString &file, const YAML::Mark &mark, const QString &message)
{
    return configError(position(file, mark) + QLatin1String(": ") + message);
}

QString names(const QMap<QString, Entry> &map)
{
    QStringList keys = map.keys();
    if (keys.size() > 20)
        keys = keys.mid(0, 20) << QStringLiteral("...");
    return keys.isEmpty() ? QStringLiteral("none") : keys.join(QLatin1String(", "));
}

// Reads entry[key] as a scalar string: absent or null -> empty. Not a scalar -> error.
bool scalar(const Entry &entry, const char *key, QString *out, KubeError *error)
{
    out->clear();
    if (!entry.node.IsMap())
        return true;
    const YAML::Node value = entry.node[key];
    if (!value || value.IsNull())
        return true;
    if (!value.IsScalar()) {
        *error = errorAt(entry.file, value.Mark(), QStringLiteral("%1 must be a single value").arg(QLatin1String(key)));
        return false;
    }
    *out = QString::fromStdString(value.Scalar());
    return true;
}

YAML::Mark markOf(const Entry &entry, const char *key)
{
    const YAML::Node value = entry.node.IsMap() ? entry.node[key] : YAML::Node();
    return value ? value.Mark() : entry.mark;
}

// Where `key` itself stands, for errors about the key rather than its value.
YAML::Mark keyMarkOf(const Entry &entry, const char *key)
{
    if (entry.node.IsMap())
        for (auto it = entry.node.begin(); it != entry.node.end(); ++it)
            if (it->first.IsScalar() && it->first.Scalar() == key)
                return it->first.Mark();
    return entry.mark;
}

// clusters:/users:/contexts: -> name -> body, first definition wins.
bool mergeList(const QString &file, const YAML::Node &root, const char *listKey, const char *bodyKey,
               QMap<QString, Entry> *into, KubeError *error)
{
    const YAML::Node list = root[listKey];
    if (!list || list.IsNull())
        return true;
    if (!list.IsSequence()) {
        *error = errorAt(file, list.Mark(), QStringLiteral("%1 must be a list").arg(QLatin1String(listKey)));
        return false;
    }
    if (list.size() > std::size_t(kMaxEntries)) {
        *error = errorAt(file, list.Mark(), QStringLiteral("more than %1 %2").arg(kMaxEntries).arg(QLatin1String(listKey)));
        return false;
    }
    for (const YAML::Node &item : list) {
        const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
        if (!name || !name.IsScalar() || name.Scalar().empty()) {
            *error = errorAt(file, item.Mark(), QStringLiteral("an entry of %1 has no name").arg(QLatin1String(listKey)));
            return false;
        }
        const QString key = QString::fromStdString(name.Scalar());
        const YAML::Node body = item[bodyKey];
        if (body && !body.IsNull() && !body.IsMap()) {
            *error = errorAt(file, body.Mark(), QStringLiteral("%1 of \"%2\" must be a map").arg(QLatin1String(bodyKey), key));
            return false;
        }
        if (!into->contains(key))
            into->insert(key, Entry{file, body, item.Mark()});
    }
    return true;
}

bool mergeFile(const QString &path, Merged *merged, KubeError *error)
{
    QByteArray bytes;
    QString why;
    if (!readBoundedFile(path, kMaxKubeconfigBytes, &bytes, &why)) {
        *error = configError(why);
        return false;
    }
    if (bytes.contains('\0')) {
        *error = configError(QStringLiteral("%1 is not a text file").arg(path));
        return false;
    }
    YAML::Node root;
    try {
        root = YAML::Load(bytes.toStdString());
    } catch (const YAML::Exception &e) {
        *error = errorAt(path, e.mark, QString::fromStdString(e.msg));
        return false;
    }
    merged->files << path;
    if (!root || root.IsNull())
        return true; // an empty kubeconfig is valid and contributes nothing
    if (!root.IsMap()) {
        *error = errorAt(path, root.Mark(), QStringLiteral("a kubeconfig is a map (apiVersion, kind: Config, "
                                                           "clusters, users, contexts, current-context)"));
        return false;
    }
    const Entry top{path, root, root.Mark()};
    QString current;
    if (!scalar(top, "current-context", &current, error))
        return false;
    if (merged->currentContext.isEmpty())
        merged->currentContext = current;
    return mergeList(path, root, "clusters", "cluster", &merged->clusters, error)
        && mergeList(path, root, "users", "user", &merged->users, error)
        && mergeList(path, root, "contexts", "context", &merged->contexts, error);
}

// A *-data value (base64) or a file named by the plain key, relative to the kubeconfig.
bool material(const Entry &entry, const char *fileKey, const char *dataKey, QByteArray *out, KubeError *error)
{
    QString data;
    QString file;
    if (!scalar(entry, dataKey, &data, error) || !scalar(entry, fileKey, &file, error))
        return false;
    if (!data.isEmpty()) {
        data.remove(QRegularExpression(QStringLiteral("\\s")));
        auto decoded = QByteArray::fromBase64Encoding(data.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty()) {
            *error = errorAt(entry.file, markOf(entry, dataKey),
                             QStringLiteral("%1 is not valid base64").arg(QLatin1String(dataKey)));
            return false;
        }
        *out = decoded.decoded;
        return true;
    }
    if (file.isEmpty())
        return true;
    const QString path = QDir(QFileInfo(entry.file).absolutePath()).absoluteFilePath(QDir::fromNativeSeparators(file));
    QString why;
    if (!readBoundedFile(path, kMaxCredentialFileBytes, out, &why)) {
        *error = errorAt(entry.file, markOf(entry, fileKey), QStringLiteral("%1: %2").arg(QLatin1String(fileKey), why));
        return false;
    }
    return true;
}

bool looksLikePem(const QByteArray &pem, const char *what)
{
    return pem.contains(QByteArray("-----BEGIN ") + what);
}

bool readCluster(const Entry &entry, const QString &name, KubeConfig *config, KubeError *error)
{
    QString server;
    if (!scalar(entry, "server", &server, error))
        return false;
    if (server.isEmpty()) {
        *error = errorAt(entry.file, entry.mark, QStringLiteral("cluster \"%1\" has no server").arg(name));
        return false;
    }
    const QUrl url(server, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        || url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment()) {
        *error = errorAt(entry.file, markOf(entry, "server"),
                         QStringLiteral("server of cluster \"%1\" must be an https:// (or http://) URL with a host "
                                        "and no user, query or fragment").arg(name));
        return false;
    }
    config->server = url;
    QString insecure;
    QString proxy;
    if (!scalar(entry, "insecure-skip-tls-verify", &insecure, error) || !scalar(entry, "tls-server-name", &config->tlsServerName, error)
        || !scalar(entry, "proxy-url", &proxy, error)
        || !material(entry, "certificate-authority", "certificate-authority-data", &config->certificateAuthorityPem, error))
        return false;
    if (!insecure.isEmpty() && insecure != QLatin1String("true") && insecure != QLatin1String("false")) {
        *error = errorAt(entry.file, markOf(entry, "insecure-skip-tls-verify"),
                         QStringLiteral("insecure-skip-tls-verify must be true or false"));
        return false;
    }
    config->insecureSkipTlsVerify = insecure == QLatin1String("true");
    if (!proxy.isEmpty()) {
        *error = errorAt(entry.file, markOf(entry, "proxy-url"),
                         QStringLiteral("proxy-url is not supported; reach the API server directly"));
        return false;
    }
    if (config->insecureSkipTlsVerify && !config->certificateAuthorityPem.isEmpty()) {
        *error = errorAt(entry.file, entry.mark, QStringLiteral("cluster \"%1\" sets both a certificate authority and "
                                                                "insecure-skip-tls-verify; keep one").arg(name));
        return false;
    }
    if (!config->certificateAuthorityPem.isEmpty() && !looksLikePem(config->certificateAuthorityPem, "CERTIFICATE")) {
        *error = errorAt(entry.file, entry.mark, QStringLiteral("the certificate authority of cluster \"%1\" holds no "
                                                                "PEM certificate").arg(name));
        return false;
    }
    return true;
}

bool readUser(const Entry &entry, const QString &name, KubeConfig *config, KubeError *error)
{
    QString token;
    if (!scalar(entry, "token", &token, error) || !scalar(entry, "tokenFile", &config->tokenFile, error)
        || !material(entry, "client-certificate", "client-certificate-data", &config->clientCertificatePem, error)
        || !material(entry, "client-key", "client-key-data", &config->clientKeyPem, error))
        return false;
    config->token = token.toUtf8();
    if (!config->token.isEmpty() && !cleanToken(&config->token)) {
        *error = errorAt(entry.file, markOf(entry, "token"), QStringLiteral("the token of user \"%1\" is malformed").arg(name));
        return false;
    }
    if (!config->tokenFile.isEmpty())
        config->tokenFile = QDir(QFileInfo(entry.file).absolutePath()).absoluteFilePath(config->tokenFile);
    if (config->clientCertificatePem.isEmpty() != config->clientKeyPem.isEmpty()) {
        *error = errorAt(entry.file, entry.mark, QStringLiteral("user \"%1\" needs both a client certificate and a "
                                                                "client key, or neither").arg(name));
        return false;
    }
    if (!config->clientCertificatePem.isEmpty()
        && (!looksLikePem(config->clientCertificatePem, "CERTIFICATE") || !config->clientKeyPem.contains("PRIVATE KEY"))) {
        *error = errorAt(entry.file, entry.mark, QStringLiteral("the client certificate or key of user \"%1\" is not "
                                                                "PEM").arg(name));
        return false;
    }
    const bool hasCredential = !config->token.isEmpty() || !config->tokenFile.isEmpty() || !config->clientKeyPem.isEmpty();
    static const char *const unsupported[][2] = {
        {"exec", "an exec credential plugin"},
        {"auth-provider", "an auth-provider plugin"},
        {"username", "basic authentication"},
    };
    for (const auto &[key, what] : unsupported) {
        if (!hasCredential && entry.node.IsMap() && entry.node[key]) {
            *error = errorAt(entry.file, keyMarkOf(entry, key),
                             QStringLiteral("user \"%1\" uses %2, which this client does not support; give it a "
                                            "token, a tokenFile or a client certificate").arg(name, QLatin1String(what)));
            return false;
        }
    }
    return true;
}

} // namespace

KubeResult<KubeConfig> KubeConfig::fromKubeconfig(const QStringList &files, const QString &context)
{
    if (files.isEmpty())
        return configError(QStringLiteral("no kubeconfig file given"));
    if (files.size() > kMaxFiles)
        return configError(QStringLiteral("more than %1 kubeconfig files").arg(kMaxFiles));
    Merged merged;
    KubeError error;
    for (const QString &file : files) {
        // kubectl skips missing files of a list; a single file must exist.
        if (files.size() > 1 && !QFileInfo::exists(file))
            continue;
        if (!mergeFile(file, &merged, &error))
            return error;
    }
    if (merged.files.isEmpty())
        return configError(QStringLiteral("none of the kubeconfig files exists: %1").arg(files.join(QLatin1String(", "))));
    const QString origin = QStringLiteral("kubeconfig %1").arg(merged.files.join(QDir::listSeparator()));

    const QString contextName = context.isEmpty() ? merged.currentContext : context;
    if (contextName.isEmpty())
        return configError(QStringLiteral("%1 sets no current-context; name a context (defined: %2)")
                               .arg(origin, names(merged.contexts)));
    const auto ctx = merged.contexts.constFind(contextName);
    if (ctx == merged.contexts.cend())
        return configError(QStringLiteral("context \"%1\" is not defined in %2 (defined: %3)")
                               .arg(contextName, origin, names(merged.contexts)));

    KubeConfig config;
    config.contextName = contextName;
    config.origin = origin;
    QString clusterName;
    QString userName;
    QString ns;
    if (!scalar(*ctx, "cluster", &clusterName, &error) || !scalar(*ctx, "user", &userName, &error)
        || !scalar(*ctx, "namespace", &ns, &error))
        return error;
    if (!ns.isEmpty()) {
        if (const QString why = checkNamespace(ns); !why.isEmpty())
            return errorAt(ctx->file, markOf(*ctx, "namespace"), why);
        config.defaultNamespace = ns;
    }
    const auto cluster = merged.clusters.constFind(clusterName);
    if (clusterName.isEmpty() || cluster == merged.clusters.cend())
        return errorAt(ctx->file, clusterName.isEmpty() ? ctx->mark : markOf(*ctx, "cluster"),
                       QStringLiteral("context \"%1\" names cluster \"%2\", which is not defined (defined: %3)")
                           .arg(contextName, clusterName, names(merged.clusters)));
    if (!readCluster(*cluster, clusterName, &config, &error))
        return error;
    if (!userName.isEmpty()) {
        const auto user = merged.users.constFind(userName);
        if (user == merged.users.cend())
            return errorAt(ctx->file, markOf(*ctx, "user"),
                           QStringLiteral("context \"%1\" names user \"%2\", which is not defined (defined: %3)")
                               .arg(contextName, userName, names(merged.users)));
        if (!readUser(*user, userName, &config, &error))
            return error;
    }
    return config;
}

} // namespace enclii::kube
