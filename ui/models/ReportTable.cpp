#include "ReportTable.h"

#include <QBrush>
#include <QCoreApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

QString alignAttribute(Qt::Alignment alignment)
{
    if (alignment & Qt::AlignRight)
        return u" align='right'"_s;
    if (alignment & Qt::AlignHCenter)
        return u" align='center'"_s;
    return {};
}

bool fail(QString *error, const QString &path, const QString &why)
{
    if (error)
        *error = QCoreApplication::translate("ReportTable", "Cannot write %1: %2").arg(path, why);
    return false;
}

} // namespace

ReportCell ReportCell::number(const QString &exact, const QString &display)
{
    ReportCell cell;
    cell.exact = exact;
    cell.display = display;
    cell.alignment = Qt::AlignRight | Qt::AlignVCenter;
    return cell;
}

QString ReportTable::csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\r') && !text.contains(u'\n'))
        return text;
    QString quoted = text;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

QByteArray ReportTable::toCsv() const
{
    const auto record = [](const QStringList &fields) {
        QStringList out;
        out.reserve(fields.size());
        for (const QString &f : fields)
            out << csvField(f);
        return out.join(u',') + u"\r\n"_s;
    };
    QString text = record(headers);
    for (const QList<ReportCell> &row : rows) {
        QStringList fields;
        for (const ReportCell &cell : row)
            fields << cell.exact;
        text += record(fields);
    }
    return text.toUtf8();
}

QString ReportTable::toHtml(const QList<ReportTable> &reports)
{
    QString html = u"<html><body style='font-family: sans-serif; font-size: 9pt;'>"_s;
    for (const ReportTable &r : reports) {
        html += u"<h2>%1</h2>"_s.arg(r.title.toHtmlEscaped());
        for (const QString &note : r.notes)
            html += u"<p style='color:#56657a; margin:0;'>%1</p>"_s.arg(note.toHtmlEscaped());
        html += u"<br><table border='1' cellspacing='0' cellpadding='4' width='100%' style='border-collapse: collapse;"
                u" border-color:#9aa5b4;'><thead><tr style='background-color:#e4e9f0;'>"_s;
        for (const QString &h : r.headers)
            html += u"<th align='left'>%1</th>"_s.arg(h.toHtmlEscaped());
        html += u"</tr></thead><tbody>"_s;
        for (const QList<ReportCell> &row : r.rows) {
            html += u"<tr>"_s;
            for (const ReportCell &cell : row) {
                const QString text = cell.shown().toHtmlEscaped();
                html += u"<td%1>%2</td>"_s.arg(alignAttribute(cell.alignment),
                                              cell.color.isValid() ? u"<span style='color:%1;'>%2</span>"_s.arg(cell.color.name(), text)
                                                                   : text);
            }
            html += u"</tr>"_s;
        }
        html += u"</tbody></table>"_s;
        for (const QString &line : r.footer)
            html += u"<p align='right' style='margin:2px 0;'><b>%1</b></p>"_s.arg(line.toHtmlEscaped());
    }
    return html + u"</body></html>"_s;
}

namespace reportExport {

bool writeCsv(const ReportTable &report, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, path, file.errorString());
    file.write(report.toCsv());
    if (!file.commit())
        return fail(error, path, file.errorString());
    return true;
}

bool writePdf(const QList<ReportTable> &reports, const QString &documentTitle, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, path, file.errorString());
    {
        QPdfWriter writer(&file);
        writer.setTitle(documentTitle);
        writer.setCreator(QCoreApplication::translate("ReportTable", "Enclii Console"));
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                                         QPageLayout::Millimeter));
        writer.setResolution(300);
        QTextDocument document;
        document.setHtml(ReportTable::toHtml(reports));
        document.print(&writer);
    } // the writer finishes the PDF when it goes
    if (!file.commit())
        return fail(error, path, file.errorString());
    return true;
}

} // namespace reportExport

ReportTableModel::ReportTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ReportTableModel::setReport(const ReportTable &report)
{
    beginResetModel();
    m_report = report;
    endResetModel();
}

int ReportTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_report.rows.size());
}

int ReportTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_report.headers.size());
}

QVariant ReportTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_report.rows.size())
        return {};
    const QList<ReportCell> &row = m_report.rows.at(index.row());
    if (index.column() >= row.size())
        return {};
    const ReportCell &cell = row.at(index.column());
    switch (role) {
    case Qt::DisplayRole: return cell.shown();
    case ExactRole: return cell.exact;
    case ValueRole: return cell.value;
    case Qt::TextAlignmentRole: return QVariant(cell.alignment);
    case Qt::ForegroundRole: return cell.color.isValid() ? QVariant(QBrush(cell.color)) : QVariant();
    case Qt::ToolTipRole: return cell.toolTip.isEmpty() ? QVariant() : QVariant(cell.toolTip);
    }
    return {};
}

QVariant ReportTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return m_report.headers.value(section);
}

} // namespace enclii::ui
