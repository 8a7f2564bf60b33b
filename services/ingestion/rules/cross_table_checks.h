// Builtin checks across tables (see builtin_checks.h for the catalogue's
// view of every builtin):
//
//   row_match {rows, code, column, other_rows, other_code, other_column,
//              relation: eq|le, levels: e.g. "3" or "3,5,7" (default all)}
//       A figure the forms print twice, matched by its row's code: 表一's 类
//       against 表三's, 表四's 一般公共预算 column against 表五, … With `eq`
//       the two printings agree exactly: each is the same rounded figure, so
//       even 0.01 apart is a finding naming both cells. With `le` the first
//       is at most the second (fiscal money is part of all money; rounding
//       keeps that order, so no tolerance either). A code of one level
//       printed with a non-zero figure in one table and missing from the
//       other, where the other prints rows of that level, is a finding too.
//   code_table_year {}
//       INFO when the accounts' year has no code table of its own and the
//       nearest year's was used.
#ifndef JUESUAN_SERVICES_INGESTION_RULES_CROSS_TABLE_CHECKS_H_
#define JUESUAN_SERVICES_INGESTION_RULES_CROSS_TABLE_CHECKS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "services/ingestion/rules/builtin_checks.h"
#include "services/ingestion/rules/builtin_params.h"

namespace juesuan::ingestion {

absl::StatusOr<std::unique_ptr<Check>> MakeRowMatch(const google::protobuf::Descriptor* scope,
                                                    ParamReader& params);

std::unique_ptr<Check> MakeCodeTableYear();

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_CROSS_TABLE_CHECKS_H_
