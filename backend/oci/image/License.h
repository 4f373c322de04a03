#pragma once

#include <QString>
#include <QStringList>

// Licence strings as packages declare them, mapped onto SPDX where we can tell.
namespace enclii::oci::License {

// The canonical SPDX spelling of a licence id we know ("mit" -> "MIT"); empty when the
// text is not one. The table covers the licences common in Linux distributions and
// language registries, not the whole SPDX list; what it does not know stays a name.
QString spdxId(const QString &text);

// Makes a declared licence comparable: known SPDX ids in canonical case, Debian short
// names mapped to SPDX ("Expat" -> "MIT", "GPL-2+" -> "GPL-2.0-or-later"), deprecated
// "+"-ids to "-or-later", and in compound expressions the operators in upper case
// ("GPL-2+ or Artistic" -> "GPL-2.0-or-later OR Artistic-1.0"). Text we cannot map is
// returned trimmed, unchanged.
QString normalise(const QString &text);

// True when `text` is an SPDX license expression made only of ids we know (a single id
// included), with AND / OR / WITH and parentheses.
bool isSpdxExpression(const QString &text);
// True for an expression with at least one operator (a single id is not compound).
bool isCompoundExpression(const QString &text);

// Joins terms with AND, parenthesising compound terms when there is more than one:
// {"MIT", "GPL-2.0-only OR BSD-3-Clause"} -> "MIT AND (GPL-2.0-only OR BSD-3-Clause)".
QString conjunction(const QStringList &terms);

} // namespace enclii::oci::License
