// A cell of the accounts named as the printed disclosure names it: the table
// (表一 … 表九, or the narrative's section), the row by its printed code and
// name, and the column by its printed header, e.g.
//   general_budget_expenditure.rows[8].basic_fen
//     → 表五 2080505 机关事业单位基本养老保险缴费支出 · 基本支出
// Findings carry it beside the field path. The words come from the fields'
// comments in accounts.proto (cell_labels_gen.py writes the table).
#ifndef JUESUAN_SERVICES_INGESTION_RULES_CELL_LABELS_H_
#define JUESUAN_SERVICES_INGESTION_RULES_CELL_LABELS_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "juesuan/accounts/v1/accounts.pb.h"

namespace juesuan::ingestion {

// The printed words of `path` (a field path as findings give it: `a.b[3].c`,
// `rows[*].total_fen`) in `accounts`. A path that does not resolve is
// returned as it is.
std::string CellLabel(const juesuan::accounts::v1::FinalAccounts& accounts, absl::string_view path);

namespace internal {
// "juesuan.accounts.v1.GeneralBudgetRow.basic_fen" → "基本支出" (generated).
const absl::flat_hash_map<std::string, std::string>& FieldLabels();
}  // namespace internal

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_CELL_LABELS_H_
