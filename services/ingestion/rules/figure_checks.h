// The builtin checks of two figures of a row and a third cell beside them
// (builtin_checks.h lists them with their parameters): reason_required,
// reported_percent and score_shortfall_reason.
#ifndef JUESUAN_SERVICES_INGESTION_RULES_FIGURE_CHECKS_H_
#define JUESUAN_SERVICES_INGESTION_RULES_FIGURE_CHECKS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "services/ingestion/rules/builtin_params.h"
#include "services/ingestion/rules/check.h"

namespace juesuan::ingestion {

absl::StatusOr<std::unique_ptr<Check>> MakeReasonRequired(const google::protobuf::Descriptor* scope,
                                                          ParamReader& p);
absl::StatusOr<std::unique_ptr<Check>> MakeReportedPercent(
    const google::protobuf::Descriptor* scope, ParamReader& p);
absl::StatusOr<std::unique_ptr<Check>> MakeScoreShortfallReason(
    const google::protobuf::Descriptor* scope, ParamReader& p);

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_FIGURE_CHECKS_H_
