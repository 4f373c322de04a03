#include "Logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <QDateTime>

#include <unistd.h>

namespace enclii::observe {

QString jsonEscape(QStringView text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (QChar c : text) {
        switch (c.unicode()) {
        case '"': out += QLatin1String("\\\""); break;
        case '\\': out += QLatin1String("\\\\"); break;
        case '\n': out += QLatin1String("\\n"); break;
        case '\r': out += QLatin1String("\\r"); break;
        case '\t': out += QLatin1String("\\t"); break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out;
}

namespace {

// {"ts":"2026-11-28T16:00:00.123Z","level":"info","logger":"api","msg":"..."}
class JsonFormatter final : public spdlog::formatter
{
public:
    void format(const spdlog::details::log_msg &msg, spdlog::memory_buf_t &dest) override
    {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
        const QString ts = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
        const auto level = spdlog::level::to_string_view(msg.level);
        const QString text = QString::fromUtf8(msg.payload.data(), qsizetype(msg.payload.size()));
        const QString logger = QString::fromUtf8(msg.logger_name.data(), qsizetype(msg.logger_name.size()));
        const QByteArray line = QStringLiteral("{\"ts\":\"%1\",\"level\":\"%2\",\"logger\":\"%3\",\"msg\":\"%4\"}\n")
                                    .arg(ts, QString::fromUtf8(level.data(), qsizetype(level.size())),
                                         jsonEscape(logger), jsonEscape(text))
                                    .toUtf8();
        dest.append(line.constData(), line.constData() + line.size());
    }
    std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

void qtMessageHandler(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    const std::string text = message.toStdString();
    switch (type) {
    case QtDebugMsg: spdlog::debug("{}", text); break;
    case QtInfoMsg: spdlog::info("{}", text); break;
    case QtWarningMsg: spdlog::warn("{}", text); break;
    case QtCriticalMsg:
    case QtFatalMsg: spdlog::error("{}", text); break;
    }
}

} // namespace

bool setupLogging(LogFormat format, const QString &level)
{
    const auto lvl = spdlog::level::from_str(level.toStdString());
    if (lvl == spdlog::level::off && level != QLatin1String("off"))
        return false;
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
        format == LogFormat::Text && isatty(STDERR_FILENO) ? spdlog::color_mode::automatic : spdlog::color_mode::never);
    auto logger = std::make_shared<spdlog::logger>("encliid", sink);
    if (format == LogFormat::Json)
        logger->set_formatter(std::make_unique<JsonFormatter>());
    else
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v");
    logger->set_level(lvl);
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
    qInstallMessageHandler(qtMessageHandler);
    return true;
}

} // namespace enclii::observe
