// Checks written in code, named from the rule catalogue by `builtin.name`
// with string parameters. Each applies to one message (the rule's for_each
// element, or the root). The catalogue loader builds them once.
//
//   code_exists    {table: function|economic, code_field}
//       The code is well formed and listed in the year's table; a code the
//       shipped subset cannot verify is INFO.
//   code_name      {table: function|economic, code_field, name_field}
//       The name printed beside a listed code is its official name.
//   unit_precision {}
//       Every amount is a whole number of the declared unit's last digit
//       (0.01 万元 = 10,000 分 for 万元 submissions).
//   detail_rows    {rows, total | amount}
//       A table whose total row (or total figure) is not zero has detail rows.
//   cells_present  {messages: comma list of scope paths, columns: comma list}
//       Each listed column of each listed message is submitted.
//   reason_required {current, prior, reason}
//       A figure that changed against its comparison has a reason.
//   reported_percent {numerator, denominator, reported}
//       A printed percentage equals numerator ÷ denominator, half-up to 0.01 %.
//   score_shortfall_reason {weight, score, reason}
//       An indicator scored below its weight has a 偏差原因.
//   empty_fund_table {}
//       A fund table with no rows and only zero amounts: INFO, the disclosure
//       must state that the table is empty.
//   basic_expense_classes {}
//       表六: 人员经费 and 公用经费 equal the sums of their economic rows.
#ifndef JUESUAN_SERVICES_INGESTION_RULES_BUILTIN_CHECKS_H_
#define JUESUAN_SERVICES_INGESTION_RULES_BUILTIN_CHECKS_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "services/ingestion/rules/check.h"

namespace juesuan::ingestion {

// Builds the check `name` for elements of type `scope` with `params`;
// INVALID_ARGUMENT for an unknown name, a missing or unknown parameter, or a
// path that does not compile.
absl::StatusOr<std::unique_ptr<Check>> MakeBuiltinCheck(
    const std::string& name, const google::protobuf::Descriptor* scope,
    const std::map<std::string, std::string>& params);

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_BUILTIN_CHECKS_H_
