// The checks a catalogue rule writes as a formula over field paths:
//
//   identity    lhs terms = rhs terms (within rounding, unless exact)
//   inequality  lhs terms ≤ or ≥ rhs terms
//   ratio       numerator ÷ denominator within [min_percent, max_percent]
//   hierarchy   each row of a coded table equals the sum of its sub-rows,
//               and the total the sum of the rows with no parent
//
// A term is a field path or a literal number in the kind's natural unit
// (decimals, counts; money in 分). An absent term makes the check silent:
// what was not stated is not checked.
#ifndef JUESUAN_SERVICES_INGESTION_RULES_FORMULA_CHECKS_H_
#define JUESUAN_SERVICES_INGESTION_RULES_FORMULA_CHECKS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "juesuan/config/v1/rule_catalogue.pb.h"
#include "services/ingestion/rules/check.h"

namespace juesuan::ingestion {

// For a spec holding an identity or an inequality.
absl::StatusOr<std::unique_ptr<Check>> MakeComparisonCheck(
    const juesuan::config::v1::RuleSpec& spec, const google::protobuf::Descriptor* scope);
// For a spec holding a ratio.
absl::StatusOr<std::unique_ptr<Check>> MakeRatioCheck(const juesuan::config::v1::RuleSpec& spec,
                                                      const google::protobuf::Descriptor* scope);
// For a spec holding a hierarchy.
absl::StatusOr<std::unique_ptr<Check>> MakeHierarchyCheck(
    const juesuan::config::v1::RuleSpec& spec, const google::protobuf::Descriptor* scope);

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_FORMULA_CHECKS_H_
