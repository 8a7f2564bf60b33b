#include "services/ingestion/request_errors.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/utf8.h"
#include "services/ingestion/accounts_service.h"

namespace juesuan::ingestion {

absl::Status Malformed(absl::string_view message, std::vector<FieldViolation> violations) {
  const size_t count = violations.size();
  if (violations.size() > kMaxViolations) violations.resize(kMaxViolations);
  for (FieldViolation& v : violations) {
    v.field = CutUtf8(v.field, kMaxDescriptionBytes);
    v.description = CutUtf8(v.description, kMaxDescriptionBytes);
  }
  absl::Status status = InvalidArgumentWithViolations(
      absl::StrCat(message, ": ", violations.front().field, " ", violations.front().description,
                   count > 1 ? absl::StrCat(" (and ", count - 1, " more)") : ""),
      violations);
  AttachErrorInfo(status, "MALFORMED_REQUEST", kErrorDomain,
                  {{"violation_count", absl::StrCat(count)}});
  return status;
}

absl::Status BadField(absl::string_view field, absl::string_view description) {
  return Malformed("invalid request", {{std::string(field), std::string(description)}});
}

}  // namespace juesuan::ingestion
