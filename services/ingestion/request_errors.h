// The request errors of ingestion's methods: a malformed request's field
// violations (BadRequest) with an ErrorInfo MALFORMED_REQUEST, bounded to
// fit a client's trailing metadata.
#ifndef JUESUAN_SERVICES_INGESTION_REQUEST_ERRORS_H_
#define JUESUAN_SERVICES_INGESTION_REQUEST_ERRORS_H_

#include <cstddef>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/error_details.h"

namespace juesuan::ingestion {

// Error details must fit a client's trailing-metadata budget (8 KiB by
// default): at most this many field violations, each cut to this length.
inline constexpr int kMaxViolations = 20;
inline constexpr size_t kMaxDescriptionBytes = 240;

// INVALID_ARGUMENT "<message>: <first field> <its description> (and N
// more)", with the violations and ErrorInfo MALFORMED_REQUEST.
absl::Status Malformed(absl::string_view message, std::vector<FieldViolation> violations);

// One field at fault: Malformed("invalid request", …).
absl::Status BadField(absl::string_view field, absl::string_view description);

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_REQUEST_ERRORS_H_
