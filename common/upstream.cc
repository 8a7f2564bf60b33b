#include "common/upstream.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/grpc_status.h"
#include "grpc/grpc.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace juesuan {

std::shared_ptr<grpc::Channel> UpstreamChannel(const std::string& address,
                                               const ClientSecurity& security) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return security.Channel(address, args);
}

absl::Status TranslateUpstreamStatus(const grpc::Status& status, absl::string_view upstream,
                                     absl::string_view address, absl::string_view method,
                                     DeadlineOwner deadline) {
  absl::Status out = FromGrpcStatus(status);
  if (out.ok()) return out;
  if (absl::IsDeadlineExceeded(out) && deadline == DeadlineOwner::kCaller) {
    return absl::DeadlineExceededError(
        absl::StrCat("the call's deadline passed while waiting on ", upstream, " ", method));
  }
  if (absl::IsUnauthenticated(out) || absl::IsPermissionDenied(out)) {
    // Our own credentials were refused: our misconfiguration, not our
    // caller's; its UNAUTHENTICATED would send it to check its token.
    return absl::InternalError(absl::StrCat(upstream, " at ", address, " refused this server's ",
                                            method, " call: ", out.message()));
  }
  if (absl::IsUnavailable(out) || absl::IsDeadlineExceeded(out)) {
    return absl::UnavailableError(
        absl::StrCat(upstream, " at ", address, " ", method, ": ", out.message()));
  }
  return out;
}

DeadlineOwner SetUpstreamDeadline(grpc::ClientContext* context, absl::Time caller_deadline,
                                  absl::Duration timeout) {
  const absl::Time ours = absl::Now() + timeout;
  context->set_deadline(absl::ToChronoTime(std::min(caller_deadline, ours)));
  return caller_deadline < ours ? DeadlineOwner::kCaller : DeadlineOwner::kOurs;
}

}  // namespace juesuan
