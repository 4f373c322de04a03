#include "MapLayout.h"

#include "MapStyle.h"

#include <QFontMetricsF>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

// The viewport the console usually has for the map at 1600x1000; the layout picks the band
// width that lets the whole map appear largest in it.
constexpr qreal ReferenceWidth = 1120;
constexpr qreal ReferenceHeight = 780;

// Infrastructure comes in two rows: what the platform runs on and talks to, and — closest
// to the tiers, where most edges come from — the data stores.
bool isDataStore(const QString &kind)
{
    return kind == "database"_L1 || kind == "cache"_L1 || kind == "objectStore"_L1 || kind == "search"_L1;
}

int infraRank(const QString &kind)
{
    static const QStringList order = {u"ingress"_s, u"scm"_s, u"registry"_s, u"cluster"_s, u"payments"_s,
                                      u"mail"_s, u"monitoring"_s, u"logging"_s,
                                      // data stores: the busiest (database, cache) in the middle
                                      u"objectStore"_s, u"database"_s, u"cache"_s, u"search"_s};
    const qsizetype i = order.indexOf(kind);
    if (i >= 0)
        return int(i);
    return isDataStore(kind) ? int(order.size()) + 1 : int(order.indexOf(u"logging"_s)) + 1;
}

QString shortLabel(const MapNode &service, const QString &repo)
{
    if (repo.isEmpty())
        return service.name;
    if (service.name.startsWith(repo + u'-') && service.name.size() > repo.size() + 1)
        return service.name.mid(repo.size() + 1);
    if (service.name == repo && !service.component.isEmpty())
        return service.component;
    return service.name;
}

} // namespace

QString MapLayout::subtitleOf(const MapNode &n)
{
    if (!n.domains.isEmpty())
        return n.domains.constFirst().host;
    switch (n.kind) {
    case MapNode::Kind::Infrastructure: return n.provider;
    case MapNode::Kind::Library: return n.purpose;
    case MapNode::Kind::Service:
        // No domain (a worker): how many run is the next most telling thing.
        if (n.maxReplicas() > n.minReplicas())
            return tr("%1–%2 replicas").arg(n.minReplicas()).arg(n.maxReplicas());
        return tr("%n replica(s)", nullptr, n.replicas);
    default: return n.purpose;
    }
}

// Something placed in a band: a lone node, or a repo frame with its services in a grid.
struct MapLayout::Item
{
    Box box;
    int group = 0; // items of different groups never share a row
    QList<Box> children;
    int columns = 0;
    qreal cellWidth = 0;
};

struct MapLayout::Section
{
    qreal gap() const { return band.tier == 0 ? InfraItemGap : ItemGap; }
    Band band;
    QList<Item> items;
};

const MapLayout::Box *MapLayout::box(const QString &id) const
{
    const auto it = m_boxes.constFind(id);
    return it == m_boxes.cend() ? nullptr : &*it;
}

namespace {

// Reorders a run of nodes so that nodes joined by an edge end up next to each other where
// a simple walk allows (prometheus - grafana - loki chains), keeping the given order otherwise.
QList<const MapNode *> chainOrder(const QList<const MapNode *> &run, const QList<MapEdge> &edges)
{
    QHash<QString, QStringList> links;
    QSet<QString> ids;
    for (const MapNode *n : run)
        ids.insert(n->id);
    for (const MapEdge &e : edges)
        if (ids.contains(e.from) && ids.contains(e.to) && e.from != e.to) {
            links[e.from].append(e.to);
            links[e.to].append(e.from);
        }
    if (links.isEmpty())
        return run;
    QHash<QString, const MapNode *> byId;
    for (const MapNode *n : run)
        byId.insert(n->id, n);

    QList<const MapNode *> out;
    QSet<QString> placed;
    auto walk = [&](const MapNode *start) {
        const MapNode *current = start;
        while (current && !placed.contains(current->id)) {
            placed.insert(current->id);
            out.append(current);
            const MapNode *next = nullptr;
            for (const MapNode *candidate : run) // first unplaced neighbour, in run order
                if (!placed.contains(candidate->id) && links.value(current->id).contains(candidate->id)) {
                    next = candidate;
                    break;
                }
            current = next;
        }
    };
    // Start chains at their ends (one link) so a path is walked end to end, not from the middle.
    for (const MapNode *n : run)
        if (!placed.contains(n->id) && links.value(n->id).size() == 1)
            walk(n);
    for (const MapNode *n : run)
        if (!placed.contains(n->id))
            walk(n);
    return out;
}

} // namespace

MapLayout MapLayout::compute(const QList<MapNode> &nodes, const QList<TierInfo> &tiers, const QList<MapEdge> &edges)
{
    const QFontMetricsF nameMetrics(MapStyle::nodeFont());
    const QFontMetricsF subMetrics(MapStyle::nodeSubFont());
    const QFontMetricsF headerMetrics(MapStyle::headerFont());

    auto nodeBox = [&](const MapNode &n, const QString &label) {
        Box b;
        b.id = n.id;
        b.label = label;
        b.subtitle = subtitleOf(n);
        const qreal w = std::max(nameMetrics.horizontalAdvance(label),
                                 std::min(subMetrics.horizontalAdvance(b.subtitle), NodeMaxWidth - 16));
        b.rect = QRectF(0, 0, std::clamp(w + 18, NodeMinWidth, NodeMaxWidth), NodeHeight);
        return b;
    };

    // Sections: infrastructure first, then one per tier in id order.
    QList<Section> sections;
    Section infra;
    infra.band.tier = 0;
    infra.band.title = tr("Infrastructure");
    infra.band.subtitle = tr("Shared by every tier");
    sections.append(infra);
    QHash<int, qsizetype> sectionOfTier;
    for (const TierInfo &t : tiers) {
        Section s;
        s.band.tier = t.id;
        s.band.title = tr("Tier %1").arg(t.id);
        s.band.subtitle = t.name;
        s.band.note = t.description;
        s.band.deployed = t.deployed;
        sectionOfTier.insert(t.id, sections.size());
        sections.append(s);
    }
    auto sectionFor = [&](const MapNode &n) -> Section & {
        if (n.kind == MapNode::Kind::Infrastructure || !sectionOfTier.contains(n.tier))
            return sections[0];
        return sections[sectionOfTier.value(n.tier)];
    };

    // Services go into their repo's frame when that repo is on the map.
    QHash<QString, const MapNode *> repoByName;
    for (const MapNode &n : nodes)
        if (n.kind == MapNode::Kind::Repo)
            repoByName.insert(n.name, &n);
    QHash<QString, QList<const MapNode *>> servicesOfRepo;
    for (const MapNode &n : nodes)
        if (n.kind == MapNode::Kind::Service && repoByName.contains(n.repo))
            servicesOfRepo[n.repo].append(&n);

    QList<const MapNode *> infraNodes;
    for (const MapNode &n : nodes) {
        if (n.kind == MapNode::Kind::Infrastructure) {
            infraNodes.append(&n);
            continue;
        }
        if (n.kind == MapNode::Kind::Service && repoByName.contains(n.repo))
            continue; // placed with its frame
        Item item;
        if (n.kind == MapNode::Kind::Repo) {
            item.box.id = n.id;
            item.box.label = n.name;
            item.box.subtitle = n.purpose;
            item.box.isFrame = true;
            const QList<const MapNode *> services = servicesOfRepo.value(n.name);
            for (const MapNode *s : services) {
                Box child = nodeBox(*s, shortLabel(*s, n.name));
                child.frameId = n.id;
                item.cellWidth = std::max(item.cellWidth, child.rect.width());
                item.children.append(child);
            }
            const int count = int(item.children.size());
            const int rows = count <= 3 ? 1 : (count <= 8 ? 2 : (count + 3) / 4);
            item.columns = count == 0 ? 0 : (count + rows - 1) / rows;
            const qreal gridWidth = item.columns * item.cellWidth + std::max(0, item.columns - 1) * NodeGap;
            const qreal headerWidth = headerMetrics.horizontalAdvance(n.name) + 2 * FramePadding + 8;
            const qreal width = std::max({gridWidth + 2 * FramePadding, headerWidth, NodeMinWidth + 2 * FramePadding});
            const int usedRows = count == 0 ? 0 : (count + item.columns - 1) / item.columns;
            const qreal height = FrameHeader + usedRows * NodeHeight + std::max(0, usedRows - 1) * NodeGap
                                 + FramePadding + (count == 0 ? 12 : 0);
            item.box.rect = QRectF(0, 0, width, height);
        } else {
            item.box = nodeBox(n, n.name);
        }
        sectionFor(n).items.append(item);
    }
    std::stable_sort(infraNodes.begin(), infraNodes.end(), [](const MapNode *a, const MapNode *b) {
        return infraRank(a->infraKind) < infraRank(b->infraKind);
    });
    QList<const MapNode *> ordered;
    for (qsizetype start = 0; start < infraNodes.size();) {
        qsizetype end = start;
        while (end < infraNodes.size() && infraRank(infraNodes[end]->infraKind) == infraRank(infraNodes[start]->infraKind))
            ++end;
        ordered += chainOrder(infraNodes.mid(start, end - start), edges);
        start = end;
    }
    for (const MapNode *n : std::as_const(ordered)) {
        Item item;
        item.box = nodeBox(*n, n->name);
        item.group = isDataStore(n->infraKind) ? 1 : 0;
        sections[0].items.append(item);
    }
    if (sections[0].items.isEmpty())
        sections.removeFirst();

    // Pick the band width that shows the whole map largest in the reference viewport.
    qreal widest = 0;
    for (const Section &s : std::as_const(sections))
        for (const Item &i : s.items)
            widest = std::max(widest, i.box.rect.width());
    qreal bestWidth = std::max<qreal>(widest, 600);
    double bestScore = -1;
    for (qreal w = std::max<qreal>(widest, 600); w <= 2400; w += 20) {
        const double score = fitScore(sections, w, nullptr);
        if (score > bestScore + 1e-9) {
            bestScore = score;
            bestWidth = w;
        }
    }

    MapLayout layout;
    layout.place(sections, bestWidth);
    return layout;
}

namespace {

// Splits item widths into `rows` contiguous runs minimising the widest run (items keep
// their order). Returns the run lengths.
QList<int> balancedRows(const QList<qreal> &widths, int rows, qreal gap)
{
    const int n = int(widths.size());
    rows = std::clamp(rows, 1, std::max(1, n));
    QList<qreal> prefix(n + 1, 0);
    for (int i = 0; i < n; ++i)
        prefix[i + 1] = prefix[i] + widths[i];
    auto span = [&](int from, int to) { return prefix[to] - prefix[from] + std::max(0, to - from - 1) * gap; };
    const qreal inf = std::numeric_limits<qreal>::max();
    // best[k][i]: minimal widest run splitting the first i items into k runs
    QList<QList<qreal>> best(rows + 1, QList<qreal>(n + 1, inf));
    QList<QList<int>> cut(rows + 1, QList<int>(n + 1, 0));
    best[0][0] = 0;
    for (int k = 1; k <= rows; ++k)
        for (int i = 1; i <= n; ++i)
            for (int j = k - 1; j < i; ++j) {
                if (best[k - 1][j] == inf)
                    continue;
                const qreal v = std::max(best[k - 1][j], span(j, i));
                if (v < best[k][i]) {
                    best[k][i] = v;
                    cut[k][i] = j;
                }
            }
    QList<int> lengths;
    for (int k = rows, i = n; k > 0; --k) {
        const int j = cut[k][i];
        lengths.prepend(i - j);
        i = j;
    }
    return lengths;
}

QList<int> rowsWithin(const QList<qreal> &widths, qreal maxWidth, qreal gap)
{
    const int n = int(widths.size());
    for (int rows = 1; rows < n; ++rows) {
        const QList<int> lengths = balancedRows(widths, rows, gap);
        qreal widest = 0;
        int start = 0;
        for (int len : lengths) {
            qreal w = 0;
            for (int i = start; i < start + len; ++i)
                w += widths[i];
            w += std::max(0, len - 1) * gap;
            widest = std::max(widest, w);
            start += len;
        }
        if (widest <= maxWidth)
            return lengths;
    }
    return QList<int>(n, 1);
}

} // namespace

QList<int> MapLayout::sectionRows(const Section &section, qreal maxWidth)
{
    QList<int> rows;
    qsizetype start = 0;
    while (start < section.items.size()) {
        qsizetype end = start;
        QList<qreal> widths;
        while (end < section.items.size() && section.items[end].group == section.items[start].group)
            widths << section.items[end++].box.rect.width();
        rows += rowsWithin(widths, maxWidth, section.gap());
        start = end;
    }
    return rows;
}

double MapLayout::fitScore(const QList<Section> &sections, qreal maxWidth, QRectF *bounds)
{
    qreal contentWidth = 0;
    qreal height = Margin;
    for (const Section &s : sections) {
        const QList<int> rows = sectionRows(s, maxWidth);
        qreal bandHeight = 2 * BandPadding;
        int start = 0;
        for (int r = 0; r < rows.size(); ++r) {
            qreal rowWidth = 0;
            qreal rowHeight = 0;
            for (int i = start; i < start + rows[r]; ++i) {
                rowWidth += s.items[i].box.rect.width();
                rowHeight = std::max(rowHeight, s.items[i].box.rect.height());
            }
            rowWidth += std::max(0, rows[r] - 1) * s.gap();
            contentWidth = std::max(contentWidth, rowWidth);
            bandHeight += rowHeight + (r ? RowGap : 0);
            start += rows[r];
        }
        height += std::max(bandHeight, BandMinHeight);
    }
    height += Margin;
    const qreal width = Margin + LabelColumnWidth + contentWidth + 2 * BandPadding + Margin;
    if (bounds)
        *bounds = QRectF(0, 0, width, height);
    return std::min(ReferenceWidth / width, ReferenceHeight / height);
}

void MapLayout::place(QList<Section> &sections, qreal maxWidth)
{
    QRectF bounds;
    fitScore(sections, maxWidth, &bounds);
    const qreal contentLeft = Margin + LabelColumnWidth + BandPadding;
    const qreal contentWidth = bounds.width() - contentLeft - BandPadding - Margin;

    qreal y = Margin;
    for (Section &s : sections) {
        QList<qreal> widths;
        for (const Item &i : std::as_const(s.items))
            widths << i.box.rect.width();
        const QList<int> rows = sectionRows(s, maxWidth);

        // Measure the band first so short bands can centre their single row vertically.
        qreal contentHeight = 0;
        {
            int start = 0;
            for (int r = 0; r < rows.size(); ++r) {
                qreal rowHeight = 0;
                for (int i = start; i < start + rows[r]; ++i)
                    rowHeight = std::max(rowHeight, s.items[i].box.rect.height());
                contentHeight += rowHeight + (r ? RowGap : 0);
                start += rows[r];
            }
        }
        const qreal bandHeight = std::max(contentHeight + 2 * BandPadding, BandMinHeight);
        qreal rowY = y + (bandHeight - contentHeight) / 2;

        int start = 0;
        for (int r = 0; r < rows.size(); ++r) {
            qreal rowWidth = 0;
            qreal rowHeight = 0;
            for (int i = start; i < start + rows[r]; ++i) {
                rowWidth += widths[i];
                rowHeight = std::max(rowHeight, s.items[i].box.rect.height());
            }
            rowWidth += std::max(0, rows[r] - 1) * s.gap();
            qreal x = contentLeft + (contentWidth - rowWidth) / 2;
            for (int i = start; i < start + rows[r]; ++i) {
                Item &item = s.items[i];
                // Lone nodes sit level with the first service row of neighbouring frames.
                const qreal top = item.box.isFrame ? rowY : rowY + (rowHeight > NodeHeight ? FrameHeader : (rowHeight - NodeHeight) / 2);
                item.box.rect.moveTo(x, top);
                m_boxes.insert(item.box.id, item.box);
                for (int c = 0; c < item.children.size(); ++c) {
                    Box child = item.children[c];
                    const int col = item.columns ? c % item.columns : 0;
                    const int row = item.columns ? c / item.columns : 0;
                    child.rect = QRectF(x + FramePadding + col * (item.cellWidth + NodeGap),
                                        top + FrameHeader + row * (NodeHeight + NodeGap), item.cellWidth, NodeHeight);
                    m_boxes.insert(child.id, child);
                }
                x += widths[i] + s.gap();
            }
            rowY += rowHeight + RowGap;
            start += rows[r];
        }
        s.band.rect = QRectF(Margin, y, bounds.width() - 2 * Margin, bandHeight);
        m_bands.append(s.band);
        y += bandHeight;
    }
    m_bounds = bounds;
}

} // namespace enclii::ui
