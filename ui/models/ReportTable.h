#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace enclii::ui {

// One cell of a finance report: the exact text the API gave (what a CSV holds), what the
// screen and the PDF show (grouped, with the currency), and how to show it.
struct ReportCell
{
    QString exact;
    QString display; // empty: the exact text
    Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter;
    QColor color;    // invalid: the palette's
    QVariant value;  // for delegates and sorting: a number, a state
    QString toolTip;

    QString shown() const { return display.isEmpty() ? exact : display; }
    // A right-aligned amount or quantity.
    static ReportCell number(const QString &exact, const QString &display = {});
};

// A report as shown, exported to CSV and printed to PDF: a title, lines of context under it,
// a header row, the rows, and lines of totals.
struct ReportTable
{
    QString title;
    QStringList notes;
    QStringList headers;
    QList<QList<ReportCell>> rows;
    QStringList footer;

    bool isEmpty() const { return rows.isEmpty(); }
    // The header row and every row's exact texts, RFC 4180: fields with a comma, a quote, CR
    // or LF are quoted with inner quotes doubled; records end with CRLF.
    QByteArray toCsv() const;
    // One HTML document of the reports: each a heading, its notes, a bordered table and its
    // footer. Shown texts, escaped.
    static QString toHtml(const QList<ReportTable> &reports);

    static QString csvField(const QString &text);
};

namespace reportExport {
// Writes the file whole or not at all (QSaveFile); false with *error saying why.
bool writeCsv(const ReportTable &report, const QString &path, QString *error);
// A4 PDF of the reports, one after the other, with `documentTitle` in its metadata.
bool writePdf(const QList<ReportTable> &reports, const QString &documentTitle, const QString &path, QString *error);
} // namespace reportExport

// A ReportTable for a view. DisplayRole is the shown text, ExactRole the exact one, ValueRole
// the cell's value.
class ReportTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role { ExactRole = Qt::UserRole + 1, ValueRole };
    Q_ENUM(Role)

    explicit ReportTableModel(QObject *parent = nullptr);

    void setReport(const ReportTable &report);
    const ReportTable &report() const { return m_report; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ReportTable m_report;
};

} // namespace enclii::ui
