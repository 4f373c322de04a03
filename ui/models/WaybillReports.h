#pragma once

#include "ReportTable.h"
#include "WaybillData.h"

// Waybill's answers laid out as reports: what the Waybill screen shows in its tables and what
// it exports, from one place so that the screen, the CSV and the PDF always agree.
namespace enclii::ui::waybillReports {

// The running month per metric: used to date and its forecast (GET .../usage), priced by the
// preview (GET .../preview). Either may be missing; the report shows what there is.
ReportTable usage(const QString &project, const WaybillMonthUsage *usage, const WaybillInvoice *preview);
ReportTable invoices(const QList<WaybillInvoice> &invoices);
// One invoice with its lines and totals.
ReportTable invoice(const WaybillInvoice &invoice);
ReportTable budgets(const QList<WaybillBudget> &budgets);
ReportTable platformCost(const WaybillPlatformCost &cost);

// "GB-minutes" for compute.gb_minutes: the unit a metered quantity is in.
QString meteredUnit(const QString &metric);

} // namespace enclii::ui::waybillReports
