// The errors of a request every service answers alike (AIP-193): a field at
// fault, a page size, a page token. INVALID_ARGUMENT with a
// google.rpc.BadRequest naming the fields and an ErrorInfo MALFORMED_REQUEST
// in the service's domain ("juesuan.scoring.v1"), bounded to fit a client's
// trailing metadata. Each service binds its domain (request_errors.h,
// service_errors.h beside it); the wording and details are these.
#ifndef JUESUAN_COMMON_REQUEST_ERRORS_H_
#define JUESUAN_COMMON_REQUEST_ERRORS_H_

#include <cstddef>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/error_details.h"

namespace juesuan {

// Error details must fit a client's trailing-metadata budget (8 KiB by
// default): at most this many field violations, each cut to this length.
inline constexpr int kMaxViolations = 20;
inline constexpr size_t kMaxDescriptionBytes = 240;

// INVALID_ARGUMENT "<message>: <first field> <its description> (and N
// more)", with the violations and ErrorInfo MALFORMED_REQUEST
// {violation_count} in `domain`.
absl::Status Malformed(absl::string_view domain, absl::string_view message,
                       std::vector<FieldViolation> violations);

// One field at fault: Malformed(domain, "invalid request", …).
absl::Status BadField(absl::string_view domain, absl::string_view field,
                      absl::string_view description);

// The page size a list returns: `default_size` when unset (0), at most
// `max_size`; a negative one is BadField page_size.
absl::StatusOr<int> PageSize(absl::string_view domain, int requested, int default_size,
                             int max_size);

// A store's refusal of a page token (INVALID_ARGUMENT "page_token …") as
// BadField page_token; any other result as it is.
template <typename T>
absl::StatusOr<T> AsPageTokenError(absl::string_view domain, absl::StatusOr<T> result) {
  if (!result.ok() && absl::IsInvalidArgument(result.status()) &&
      absl::StartsWith(result.status().message(), "page_token")) {
    return BadField(domain, "page_token", result.status().message());
  }
  return result;
}

}  // namespace juesuan

#endif  // JUESUAN_COMMON_REQUEST_ERRORS_H_
