#include "oci/image/ImageConfigBuilder.h"

#include "oci/image/Json_p.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace enclii::oci {

using detail::setError;

namespace {

bool validate(const BuildConfig &build, QString *error)
{
    auto fail = [&](const QString &why) {
        setError(error, QStringLiteral("build config: %1").arg(why));
        return false;
    };
    if (!build.workdir.startsWith(u'/'))
        return fail(QStringLiteral("workdir \"%1\" must be an absolute path").arg(build.workdir));
    for (const QString &entry : build.env) {
        if (entry.indexOf(u'=') <= 0 || entry.contains(QChar(0)))
            return fail(QStringLiteral("env entry \"%1\" must look like KEY=value").arg(entry.section(u'=', 0, 0)));
    }
    static const QRegularExpression numericUser(QStringLiteral("^[0-9]+(:[0-9]+)?$"));
    if (!numericUser.match(build.user).hasMatch())
        return fail(QStringLiteral("user \"%1\" must be numeric (uid or uid:gid): names need an /etc/passwd the "
                                   "image may not have")
                        .arg(build.user));
    if (!build.created.isValid())
        return fail(QStringLiteral("created time is not valid"));
    return true;
}

QJsonArray mergeEnv(const QJsonArray &base, const QStringList &overrides)
{
    QStringList env;
    for (const QJsonValue &v : base)
        env.append(v.toString());
    for (const QString &entry : overrides) {
        const QString key = entry.section(u'=', 0, 0) + u'=';
        auto it = std::find_if(env.begin(), env.end(), [&](const QString &e) { return e.startsWith(key); });
        if (it != env.end())
            *it = entry;
        else
            env.append(entry);
    }
    return QJsonArray::fromStringList(env);
}

} // namespace

QString ImageConfigBuilder::timestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

std::optional<QJsonObject> ImageConfigBuilder::derive(const BaseImage &base, const BuildConfig &build,
                                                      const QString &diffId, QString *error)
{
    if (!validate(build, error))
        return std::nullopt;
    QJsonObject image = base.config();
    const QString created = timestamp(build.created);
    if (base.isScratch()) {
        image.insert(QStringLiteral("architecture"), build.platform.architecture);
        image.insert(QStringLiteral("os"), build.platform.os);
        if (!build.platform.variant.isEmpty())
            image.insert(QStringLiteral("variant"), build.platform.variant);
    }
    image.insert(QStringLiteral("created"), created);

    QJsonObject rootfs = image.value(QLatin1StringView("rootfs")).toObject();
    QJsonArray diffIds = rootfs.value(QLatin1StringView("diff_ids")).toArray();
    diffIds.append(diffId);
    rootfs.insert(QStringLiteral("type"), QStringLiteral("layers"));
    rootfs.insert(QStringLiteral("diff_ids"), diffIds);
    image.insert(QStringLiteral("rootfs"), rootfs);

    QJsonArray history = image.value(QLatin1StringView("history")).toArray();
    history.append(QJsonObject{{QStringLiteral("created"), created},
                               {QStringLiteral("created_by"), build.createdBy},
                               {QStringLiteral("comment"), QStringLiteral("%1 -> %2").arg(diffId, build.workdir)}});
    image.insert(QStringLiteral("history"), history);

    QJsonObject config = image.value(QLatin1StringView("config")).toObject();
    if (!build.entrypoint.isEmpty()) {
        config.insert(QStringLiteral("Entrypoint"), QJsonArray::fromStringList(build.entrypoint));
        if (!build.cmd)
            config.remove(QStringLiteral("Cmd"));
    }
    if (build.cmd) {
        if (build.cmd->isEmpty())
            config.remove(QStringLiteral("Cmd"));
        else
            config.insert(QStringLiteral("Cmd"), QJsonArray::fromStringList(*build.cmd));
    }
    const QJsonArray env = mergeEnv(config.value(QLatin1StringView("Env")).toArray(), build.env);
    if (!env.isEmpty())
        config.insert(QStringLiteral("Env"), env);
    config.insert(QStringLiteral("WorkingDir"), build.workdir);
    if (build.exposedPort) {
        QJsonObject ports = config.value(QLatin1StringView("ExposedPorts")).toObject();
        ports.insert(QStringLiteral("%1/tcp").arg(*build.exposedPort), QJsonObject());
        config.insert(QStringLiteral("ExposedPorts"), ports);
    }
    config.insert(QStringLiteral("User"), build.user);
    QJsonObject labels = config.value(QLatin1StringView("Labels")).toObject();
    for (auto it = build.labels.cbegin(); it != build.labels.cend(); ++it)
        labels.insert(it.key(), it.value());
    if (!labels.isEmpty())
        config.insert(QStringLiteral("Labels"), labels);
    image.insert(QStringLiteral("config"), config);
    return image;
}

} // namespace enclii::oci
