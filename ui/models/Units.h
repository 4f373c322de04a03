#pragma once

#include <QString>

// How the console writes resource amounts: CPU in cores or millicores, memory in GiB or MiB,
// with the user's decimal separator. Kept in one place so the table, the chart and the
// map's side panel always agree.
namespace enclii::ui::units {

// 250 -> "250m", 8400 -> "8.4 cores", 1000 -> "1 core"
QString cpu(qint64 millis);
// 536870912 -> "512 MiB", 18038862643 -> "16.8 GiB"
QString memory(qint64 bytes);
// Up to `decimals` places, without trailing zeros, in the user's locale: 8.40 -> "8.4"
QString number(double value, int decimals);
// 97.94 -> "97.9 %"
QString percent(double value);

} // namespace enclii::ui::units
