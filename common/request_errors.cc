#include "common/request_errors.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/utf8.h"

namespace juesuan {

absl::Status Malformed(absl::string_view domain, absl::string_view message,
                       std::vector<FieldViolation> violations) {
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
  AttachErrorInfo(status, "MALFORMED_REQUEST", domain, {{"violation_count", absl::StrCat(count)}});
  return status;
}

absl::Status BadField(absl::string_view domain, absl::string_view field,
                      absl::string_view description) {
  return Malformed(domain, "invalid request", {{std::string(field), std::string(description)}});
}

absl::StatusOr<int> PageSize(absl::string_view domain, int requested, int default_size,
                             int max_size) {
  if (requested < 0) {
    return BadField(domain, "page_size", absl::StrCat("must not be negative, got ", requested));
  }
  if (requested == 0) return default_size;
  return requested > max_size ? max_size : requested;
}

}  // namespace juesuan
