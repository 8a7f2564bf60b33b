#include "common/upstream.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/grpc_status.h"
#include "grpc/grpc.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace juesuan {

std::shared_ptr<grpc::Channel> UpstreamChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

absl::Status TranslateUpstreamStatus(const grpc::Status& status, absl::string_view upstream,
                                     absl::string_view address, absl::string_view method) {
  absl::Status out = FromGrpcStatus(status);
  if (out.ok()) return out;
  if (absl::IsUnavailable(out) || absl::IsDeadlineExceeded(out)) {
    return absl::UnavailableError(
        absl::StrCat(upstream, " at ", address, " ", method, ": ", out.message()));
  }
  return out;
}

void SetUpstreamDeadline(grpc::ClientContext* context, absl::Time caller_deadline,
                         absl::Duration timeout) {
  context->set_deadline(absl::ToChronoTime(std::min(caller_deadline, absl::Now() + timeout)));
}

}  // namespace juesuan
