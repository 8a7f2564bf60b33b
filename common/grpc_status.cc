#include "common/grpc_status.h"

#include <string>

#include "absl/strings/cord.h"
#include "common/utf8.h"
#include "google/rpc/status.pb.h"

namespace juesuan {
namespace {
constexpr size_t kMaxMessageBytes = 4096;
}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const std::string message = CutUtf8(status.message(), kMaxMessageBytes);
  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(message);
  status.ForEachPayload([&details](absl::string_view type_url, const absl::Cord& payload) {
    auto* any = details.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message,
                      details.details_size() > 0 ? details.SerializeAsString() : std::string());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details())
      out.SetPayload(any.type_url(), absl::Cord(any.value()));
  }
  return out;
}

}  // namespace juesuan
