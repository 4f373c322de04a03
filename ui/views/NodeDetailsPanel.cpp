#include "NodeDetailsPanel.h"

#include "MapStyle.h"
#include "models/EcosystemModel.h"
#include "models/Units.h"

#include <QHash>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString row(const QString &label, const QString &valueHtml)
{
    return u"<tr><td style='color:#56657a; padding:2px 10px 2px 0; white-space:nowrap;' valign='top'>%1</td>"
           u"<td style='padding:2px 0;'>%2</td></tr>"_s.arg(esc(label), valueHtml);
}

QString defaultBadge()
{
    return u" <span style='background-color:#fff1c2; color:#7a5600;'>&nbsp;%1&nbsp;</span>"_s
        .arg(esc(NodeDetailsPanel::tr("default")));
}

QString marked(const QString &valueHtml, bool isDefault)
{
    return isDefault ? valueHtml + defaultBadge() : valueHtml;
}

QString amountHtml(const ResourceAmount &a)
{
    return NodeDetailsPanel::tr("%1 CPU · %2").arg(esc(units::cpu(a.cpuMillis)), esc(units::memory(a.memoryBytes)));
}

QString listHtml(const QStringList &items)
{
    if (items.isEmpty())
        return u"<span style='color:#8a96a3;'>—</span>"_s;
    QStringList escaped;
    for (const QString &i : items)
        escaped << esc(i);
    return escaped.join(u"<br>"_s);
}

QString title(const MapNode &node)
{
    const QString kind = MapStyle::nodeStyleTitle(MapStyle::nodeStyle(node));
    return u"<h2 style='margin-bottom:0;'>%1</h2><p style='color:#56657a; margin-top:2px;'>%2</p>"_s
        .arg(esc(node.name), esc(kind));
}

} // namespace

NodeDetailsPanel::NodeDetailsPanel(QWidget *parent)
    : QWidget(parent)
    , m_browser(new QTextBrowser(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_browser->setOpenLinks(false);
    m_browser->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_browser);
    showNothing();
}

QString NodeDetailsPanel::plainText() const
{
    return m_browser->toPlainText();
}

void NodeDetailsPanel::showNothing()
{
    m_browser->setHtml(u"<h3>%1</h3><p style='color:#56657a;'>%2</p><p style='color:#56657a;'>%3</p>"_s.arg(
        esc(tr("Details")), esc(tr("Click a service, an infrastructure node, a library or a repository's title to see its spec here.")),
        esc(tr("Values the seed does not give, and encliid filled in with defaults, are marked “default”."))));
}

void NodeDetailsPanel::showOverview(const EcosystemModel &model)
{
    if (model.isEmpty()) {
        showNothing();
        return;
    }
    QHash<MapNode::Kind, int> kinds;
    QHash<int, int> servicesPerTier;
    int withDefaults = 0;
    for (const MapNode &n : model.nodes()) {
        ++kinds[n.kind];
        if (n.kind == MapNode::Kind::Service) {
            ++servicesPerTier[n.tier];
            withDefaults += !n.defaulted.isEmpty();
        }
    }
    QString html = u"<h2 style='margin-bottom:0;'>%1</h2>"_s.arg(
        esc(model.ecosystemName().isEmpty() ? tr("Ecosystem") : model.ecosystemName()));
    if (!model.principle().isEmpty())
        html += u"<p style='color:#56657a; margin-top:2px;'><i>%1</i></p>"_s.arg(esc(model.principle()));
    html += u"<table cellspacing='0'>"_s;
    html += row(tr("Repositories"), QString::number(kinds.value(MapNode::Kind::Repo)));
    html += row(tr("Services"), QString::number(kinds.value(MapNode::Kind::Service)));
    html += row(tr("Infrastructure"), QString::number(kinds.value(MapNode::Kind::Infrastructure)));
    html += row(tr("Libraries"), QString::number(kinds.value(MapNode::Kind::Library)));
    html += row(tr("Connections"), QString::number(model.edges().size()));
    html += u"</table>"_s;

    html += u"<h4 style='margin-bottom:2px;'>%1</h4><table cellspacing='0'>"_s.arg(esc(tr("Tiers")));
    for (const TierInfo &t : model.tiers()) {
        const int services = servicesPerTier.value(t.id);
        const QString count = t.deployed ? tr("%n service(s)", nullptr, services) : tr("not deployed");
        html += row(tr("Tier %1").arg(t.id), esc(t.name) + u" <span style='color:#56657a;'>· %1</span>"_s.arg(esc(count)));
    }
    html += u"</table>"_s;
    if (withDefaults > 0)
        html += u"<p style='color:#56657a;'>%1</p>"_s.arg(esc(
            tr("%n service(s) use values the seed does not give; select one to see which are defaults.", nullptr,
               withDefaults)));
    html += u"<p style='color:#56657a;'>%1</p>"_s.arg(esc(
        tr("Click a node or a repository's title to see its spec and connections here.")));
    m_browser->setHtml(html);
}

void NodeDetailsPanel::showNode(const EcosystemModel &model, const QString &id)
{
    const MapNode *node = model.node(id);
    if (!node) {
        showOverview(model);
        return;
    }
    QString html = title(*node);
    switch (node->kind) {
    case MapNode::Kind::Service: html += serviceHtml(*node); break;
    case MapNode::Kind::Infrastructure: html += infrastructureHtml(*node); break;
    default: html += repoHtml(*node); break;
    }
    html += connectionsHtml(model, *node);
    m_browser->setHtml(html);
}

QString NodeDetailsPanel::serviceHtml(const MapNode &n) const
{
    QString html;
    if (!n.description.isEmpty())
        html += u"<p>%1</p>"_s.arg(esc(n.description));
    html += u"<table cellspacing='0'>"_s;
    html += row(tr("Repository"), esc(n.repo.isEmpty() ? tr("(none)") : n.repo)
                                      + (n.component.isEmpty() ? QString() : u" · "_s + esc(n.component)));
    html += row(tr("Tier"), n.tier > 0 ? QString::number(n.tier) : u"—"_s);
    html += row(tr("Namespace"), marked(esc(n.namespaceName), n.isDefaulted(u"metadata.namespace"_s)));

    QStringList domains;
    for (const NodeDomain &d : n.domains)
        domains << (d.tls ? tr("%1 (TLS)").arg(d.host) : d.host);
    html += row(tr("Domains"), marked(domains.isEmpty() ? esc(tr("none (not exposed)")) : listHtml(domains),
                                      n.isDefaulted(u"spec.domains"_s)));
    if (n.port > 0)
        html += row(tr("Port"), marked(QString::number(n.port), n.isDefaulted(u"spec.runtime.port"_s)));

    html += row(tr("Replicas"), marked(QString::number(n.replicas), n.isDefaulted(u"spec.replicas"_s)));
    if (n.autoscaling) {
        const NodeAutoscaling &a = *n.autoscaling;
        QString scaling = marked(esc(tr("%1 to %2 replicas").arg(a.minReplicas).arg(a.maxReplicas)),
                                 n.isDefaulted(u"spec.autoscaling"_s));
        QStringList targets;
        if (a.targetCpuPercent > 0)
            targets << tr("CPU %1 %").arg(a.targetCpuPercent);
        if (a.targetMemoryPercent > 0)
            targets << tr("memory %1 %").arg(a.targetMemoryPercent);
        if (!targets.isEmpty()) {
            const bool targetsDefault = n.isDefaulted(u"spec.autoscaling.targetCPUUtilizationPercent"_s)
                                        || n.isDefaulted(u"spec.autoscaling.targetMemoryUtilizationPercent"_s);
            scaling += u"<br>"_s + marked(esc(tr("target %1").arg(targets.join(u", "_s))), targetsDefault);
        }
        html += row(tr("Autoscaling"), scaling);
    } else {
        html += row(tr("Autoscaling"), marked(esc(tr("off (fixed replicas)")), n.isDefaulted(u"spec.autoscaling"_s)));
    }

    if (n.resources) {
        html += row(tr("Requests"), marked(amountHtml(n.resources->requests), n.isDefaulted(u"spec.resources.requests"_s)));
        html += row(tr("Limits"), marked(amountHtml(n.resources->limits), n.isDefaulted(u"spec.resources.limits"_s)));
        html += row(tr("At min–max"),
                    esc(tr("%1 – %2 CPU requested")
                            .arg(units::cpu(n.resources->requests.cpuMillis * n.minReplicas()),
                                 units::cpu(n.resources->requests.cpuMillis * n.maxReplicas()))));
    } else {
        html += row(tr("Resources"), esc(tr("not given")));
    }
    if (!n.strategy.isEmpty())
        html += row(tr("Rollout"), marked(esc(n.strategy), n.isDefaulted(u"spec.deploy"_s)));
    if (n.wave) {
        html += row(tr("Wave"), esc(n.wave->name.isEmpty() ? QString::number(n.wave->order)
                                                           : tr("%1 (%2)").arg(n.wave->order).arg(n.wave->name)));
        if (!n.wave->step.isEmpty())
            html += row(tr("Step"), esc(n.wave->step));
    }

    QStringList deps;
    for (const NodeDependency &d : n.dependencies) {
        QString target = d.service.isEmpty() ? d.engine : d.service;
        if (!d.name.isEmpty())
            target += u" / "_s + d.name;
        deps << tr("%1: %2").arg(d.kind, target);
    }
    html += row(tr("Dependencies"), marked(listHtml(deps), n.isDefaulted(u"spec.dependencies"_s)));
    if (n.revision > 0)
        html += row(tr("Revision"), QString::number(n.revision));
    html += u"</table>"_s;

    if (!n.defaulted.isEmpty())
        html += u"<p style='color:#56657a; margin-top:10px;'>%1<br>%2</p>"_s.arg(
            esc(tr("Defaults filled in by encliid (not in the seed):")), listHtml(n.defaulted));
    else
        html += u"<p style='color:#56657a; margin-top:10px;'>%1</p>"_s.arg(esc(tr("Every value comes from the seed.")));
    return html;
}

QString NodeDetailsPanel::repoHtml(const MapNode &n) const
{
    QString html;
    if (!n.purpose.isEmpty())
        html += u"<p>%1</p>"_s.arg(esc(n.purpose));
    html += u"<table cellspacing='0'>"_s;
    html += row(tr("Tier"), n.tier > 0 ? QString::number(n.tier) : u"—"_s);
    html += row(tr("Deployed"), esc(n.deployed ? tr("yes") : tr("no")));
    if (!n.namespaceName.isEmpty())
        html += row(tr("Namespace"), esc(n.namespaceName));
    if (n.kind == MapNode::Kind::Repo)
        html += row(tr("Components"), listHtml(n.components));
    if (!n.auth.isEmpty())
        html += row(tr("Auth"), esc(n.auth));
    if (!n.dependsOn.isEmpty())
        html += row(tr("Depends on"), listHtml(n.dependsOn));
    if (!n.type.isEmpty())
        html += row(tr("Type"), esc(n.type));
    if (!n.hosting.isEmpty())
        html += row(tr("Hosting"), esc(n.hosting));
    if (!n.usedBy.isEmpty())
        html += row(tr("Used by"), listHtml(n.usedBy));
    html += u"</table>"_s;
    return html;
}

QString NodeDetailsPanel::infrastructureHtml(const MapNode &n) const
{
    QString html;
    if (!n.description.isEmpty())
        html += u"<p>%1</p>"_s.arg(esc(n.description));
    html += u"<table cellspacing='0'>"_s;
    html += row(tr("Kind"), esc(n.infraKind));
    html += row(tr("Provider"), esc(n.provider));
    if (!n.holds.isEmpty())
        html += row(tr("Holds"), listHtml(n.holds));
    html += u"</table>"_s;
    return html;
}

QString NodeDetailsPanel::connectionsHtml(const EcosystemModel &model, const MapNode &node) const
{
    QStringList out;
    QStringList in;
    auto describe = [&](const QString &otherId, const MapEdge &e) {
        const MapNode *other = model.node(otherId);
        const QString name = other ? other->name : otherId;
        QString text = u"<span style='color:%1;'>■</span> %2 <span style='color:#56657a;'>(%3%4)</span>"_s.arg(
            MapStyle::edgeColor(e.kind).name(), esc(name), esc(MapStyle::edgeKindTitle(e.kind)),
            e.label.isEmpty() ? QString() : u", "_s + esc(e.label));
        return text;
    };
    for (const MapEdge &e : model.edges()) {
        if (e.from == node.id)
            out << describe(e.to, e);
        else if (e.to == node.id)
            in << describe(e.from, e);
    }
    if (out.isEmpty() && in.isEmpty())
        return {};
    QString html = u"<h4 style='margin-bottom:2px;'>%1</h4>"_s.arg(esc(tr("Connections")));
    if (!out.isEmpty())
        html += u"<p style='margin-top:2px;'><b>%1</b><br>%2</p>"_s.arg(esc(tr("Uses")), out.join(u"<br>"_s));
    if (!in.isEmpty())
        html += u"<p style='margin-top:2px;'><b>%1</b><br>%2</p>"_s.arg(esc(tr("Used by")), in.join(u"<br>"_s));
    return html;
}

} // namespace enclii::ui
