// The builtin checks of a row's classification code (builtin_checks.h
// lists them with their parameters): code_exists and code_name.
#ifndef JUESUAN_SERVICES_INGESTION_RULES_CODE_CHECKS_H_
#define JUESUAN_SERVICES_INGESTION_RULES_CODE_CHECKS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "services/ingestion/rules/builtin_params.h"
#include "services/ingestion/rules/check.h"

namespace juesuan::ingestion {

absl::StatusOr<std::unique_ptr<Check>> MakeCodeExists(const google::protobuf::Descriptor* scope,
                                                      ParamReader& p);
absl::StatusOr<std::unique_ptr<Check>> MakeCodeName(const google::protobuf::Descriptor* scope,
                                                    ParamReader& p);

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_CODE_CHECKS_H_
