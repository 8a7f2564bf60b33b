// google.rpc error details (AIP-193) carried on absl::Status payloads, so the
// domain can say which field or rule is at fault without depending on gRPC.
// ToGrpcStatus (grpc_status.h) turns the payloads into the grpc-status-details.
#ifndef JUESUAN_COMMON_ERROR_DETAILS_H_
#define JUESUAN_COMMON_ERROR_DETAILS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "google/rpc/error_details.pb.h"

namespace juesuan {

// One bad field: its path in the request and what is wrong with it.
struct FieldViolation {
  std::string field;
  std::string description;
};

// Type URL prefix of detail payloads.
inline constexpr absl::string_view kTypeUrlPrefix = "type.googleapis.com/";

// Attaches `detail` to `status` as a payload keyed by its type URL. A second
// detail of the same type replaces the first.
void AttachDetail(absl::Status& status, const google::protobuf::Message& detail);

// INVALID_ARGUMENT with a google.rpc.BadRequest listing `violations`.
absl::Status InvalidArgumentWithViolations(absl::string_view message,
                                           const std::vector<FieldViolation>& violations);

// An absl::Status whose ErrorInfo names `reason` (e.g. a rule ID) in `domain`.
void AttachErrorInfo(absl::Status& status, absl::string_view reason, absl::string_view domain,
                     const std::map<std::string, std::string>& metadata);

// RESOURCE_EXHAUSTED with ErrorInfo OVERLOADED (domain juesuan.access,
// `metadata` as given) and a RetryInfo asking the caller to wait
// `retry_delay`: every way a server sheds load (the in-flight cap, a full
// queue, a spent memory budget) answers the same.
absl::Status OverloadedError(std::string message, absl::Duration retry_delay,
                             std::map<std::string, std::string> metadata);

// Reads back a detail of type T attached to `status`; false if none.
template <typename T>
bool GetDetail(const absl::Status& status, T* out) {
  const auto payload =
      status.GetPayload(std::string(kTypeUrlPrefix) + T::descriptor()->full_name());
  if (!payload.has_value()) return false;
  return out->ParseFromString(std::string(*payload));
}

}  // namespace juesuan

#endif  // JUESUAN_COMMON_ERROR_DETAILS_H_
