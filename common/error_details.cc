#include "common/error_details.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace juesuan {

void AttachDetail(absl::Status& status, const google::protobuf::Message& detail) {
  status.SetPayload(absl::StrCat(kTypeUrlPrefix, detail.GetDescriptor()->full_name()),
                    absl::Cord(detail.SerializeAsString()));
}

absl::Status InvalidArgumentWithViolations(absl::string_view message,
                                           const std::vector<FieldViolation>& violations) {
  absl::Status status = absl::InvalidArgumentError(message);
  google::rpc::BadRequest bad_request;
  for (const FieldViolation& v : violations) {
    auto* fv = bad_request.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
  }
  AttachDetail(status, bad_request);
  return status;
}

void AttachErrorInfo(absl::Status& status, absl::string_view reason, absl::string_view domain,
                     const std::map<std::string, std::string>& metadata) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(domain));
  for (const auto& [key, value] : metadata) (*info.mutable_metadata())[key] = value;
  AttachDetail(status, info);
}

absl::Status OverloadedError(std::string message, absl::Duration retry_delay,
                             std::map<std::string, std::string> metadata) {
  absl::Status status = absl::ResourceExhaustedError(
      absl::StrCat(message, "; retry after ", absl::FormatDuration(retry_delay)));
  AttachErrorInfo(status, "OVERLOADED", "juesuan.access", metadata);
  google::rpc::RetryInfo retry;
  const int64_t ms = absl::ToInt64Milliseconds(retry_delay);
  retry.mutable_retry_delay()->set_seconds(ms / 1000);
  retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>(ms % 1000) * 1000000);
  AttachDetail(status, retry);
  return status;
}

}  // namespace juesuan
