#include "MapStyle.h"

#include "models/MapNode.h"

#include <QApplication>

namespace enclii::ui {

using namespace Qt::StringLiterals;

QStringList MapStyle::edgeKinds()
{
    return {u"auth"_s, u"platform"_s, u"data"_s, u"service"_s, u"component"_s, u"library"_s};
}

QString MapStyle::edgeKindTitle(const QString &kind)
{
    if (kind == "auth"_L1)
        return tr("auth");
    if (kind == "platform"_L1)
        return tr("platform flow");
    if (kind == "data"_L1)
        return tr("data");
    if (kind == "service"_L1)
        return tr("service call");
    if (kind == "component"_L1)
        return tr("component");
    if (kind == "library"_L1)
        return tr("library");
    return kind;
}

QString MapStyle::edgeKindHint(const QString &kind)
{
    if (kind == "auth"_L1)
        return tr("Signs users in through Janua (OIDC)");
    if (kind == "platform"_L1)
        return tr("Switchyard, Roundhouse, registry, Kubernetes and Waybill handing work on");
    if (kind == "data"_L1)
        return tr("Reads and writes PostgreSQL, Redis, the object store or search");
    if (kind == "service"_L1)
        return tr("Calls another service");
    if (kind == "component"_L1)
        return tr("A repository's deployable components, drawn inside its frame");
    if (kind == "library"_L1)
        return tr("A library used by a repository (not deployed)");
    return {};
}

QColor MapStyle::edgeColor(const QString &kind)
{
    if (kind == "auth"_L1)
        return QColor(0xc0, 0x39, 0x2b);
    if (kind == "platform"_L1)
        return QColor(0x1f, 0x5f, 0xbf);
    if (kind == "data"_L1)
        return QColor(0x13, 0x8d, 0x75);
    if (kind == "component"_L1)
        return QColor(0x95, 0xa5, 0xa6);
    if (kind == "library"_L1)
        return QColor(0x8e, 0x44, 0xad);
    return QColor(0x5d, 0x6d, 0x7e); // service and anything new
}

Qt::PenStyle MapStyle::edgePenStyle(const QString &kind)
{
    if (kind == "library"_L1)
        return Qt::DashLine;
    if (kind == "component"_L1)
        return Qt::DotLine;
    return Qt::SolidLine;
}

qreal MapStyle::edgeWidth(const QString &kind)
{
    return kind == "platform"_L1 ? 2.2 : 1.3;
}

bool MapStyle::edgeLabelAlwaysVisible(const QString &kind)
{
    return kind == "platform"_L1;
}

QList<MapStyle::NodeStyle> MapStyle::nodeStyles()
{
    return {NodeStyle::Repo, NodeStyle::Api, NodeStyle::Web, NodeStyle::Worker, NodeStyle::Infrastructure,
            NodeStyle::Library};
}

MapStyle::NodeStyle MapStyle::nodeStyle(const MapNode &node)
{
    switch (node.kind) {
    case MapNode::Kind::Repo: return NodeStyle::Repo;
    case MapNode::Kind::Infrastructure: return NodeStyle::Infrastructure;
    case MapNode::Kind::Library: return NodeStyle::Library;
    case MapNode::Kind::Unknown: return NodeStyle::Other;
    case MapNode::Kind::Service: break;
    }
    const QString c = node.component;
    if (c.contains("web"_L1) || c.contains("ui"_L1) || c == "site"_L1)
        return NodeStyle::Web;
    if (c.contains("worker"_L1) || c.contains("reconciler"_L1) || c.contains("aggregator"_L1))
        return NodeStyle::Worker;
    if (c.isEmpty() && node.port == 0)
        return NodeStyle::Worker;
    return NodeStyle::Api;
}

QString MapStyle::nodeStyleTitle(NodeStyle style)
{
    switch (style) {
    case NodeStyle::Repo: return tr("repository");
    case NodeStyle::Api: return tr("API service");
    case NodeStyle::Web: return tr("web / site");
    case NodeStyle::Worker: return tr("worker");
    case NodeStyle::Infrastructure: return tr("infrastructure");
    case NodeStyle::Library: return tr("library");
    case NodeStyle::Other: break;
    }
    return tr("other");
}

MapStyle::Palette MapStyle::palette(NodeStyle style)
{
    const QColor text(0x1b, 0x26, 0x31);
    const QColor subtext(0x56, 0x65, 0x73);
    switch (style) {
    case NodeStyle::Repo: return {QColor(0xff, 0xff, 0xff), QColor(0x8a, 0x99, 0xa8), text, subtext};
    case NodeStyle::Api: return {QColor(0xdc, 0xea, 0xfb), QColor(0x3d, 0x7c, 0xc9), text, subtext};
    case NodeStyle::Web: return {QColor(0xe1, 0xf3, 0xdf), QColor(0x4c, 0x9a, 0x4a), text, subtext};
    case NodeStyle::Worker: return {QColor(0xfc, 0xeb, 0xd7), QColor(0xc7, 0x7c, 0x2e), text, subtext};
    case NodeStyle::Infrastructure: return {QColor(0xee, 0xe9, 0xdf), QColor(0x8c, 0x7b, 0x62), text, subtext};
    case NodeStyle::Library: return {QColor(0xf0, 0xe4, 0xf7), QColor(0x8e, 0x44, 0xad), text, subtext};
    case NodeStyle::Other: break;
    }
    return {QColor(0xf2, 0xf2, 0xf2), QColor(0x88, 0x88, 0x88), text, subtext};
}

QColor MapStyle::bandColor(int index)
{
    // The infrastructure band (index 0) is warm; tiers alternate two cool tints.
    if (index == 0)
        return QColor(0xf8, 0xf5, 0xef);
    return index % 2 ? QColor(0xf1, 0xf5, 0xfa) : QColor(0xfa, 0xfb, 0xfd);
}

QFont MapStyle::nodeFont()
{
    QFont f = QApplication::font();
    f.setPointSizeF(10.0);
    f.setBold(true);
    return f;
}

QFont MapStyle::nodeSubFont()
{
    QFont f = QApplication::font();
    f.setPointSizeF(8.0);
    return f;
}

QFont MapStyle::headerFont()
{
    QFont f = QApplication::font();
    f.setPointSizeF(10.5);
    f.setBold(true);
    return f;
}

QFont MapStyle::edgeLabelFont()
{
    QFont f = QApplication::font();
    f.setPointSizeF(8.0);
    return f;
}

} // namespace enclii::ui
