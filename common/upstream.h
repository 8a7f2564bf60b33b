// Calling another juesuan service: one channel setup and one way of saying
// which upstream failed, shared by every service that calls another.
#ifndef JUESUAN_COMMON_UPSTREAM_H_
#define JUESUAN_COMMON_UPSTREAM_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/client_security.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace juesuan {

// A channel to `address` (host:port) with `security`'s credentials that
// takes whole accounts (64 MiB answers) and reconnects within two seconds
// after the upstream restarts, not gRPC's default of up to two minutes of
// backoff.
std::shared_ptr<grpc::Channel> UpstreamChannel(const std::string& address,
                                               const ClientSecurity& security = ClientSecurity());

// Which deadline an upstream call runs under.
enum class DeadlineOwner { kOurs, kCaller };

// Sets on `context` the earlier of `caller_deadline` and now + `timeout`,
// and says whose it is.
DeadlineOwner SetUpstreamDeadline(grpc::ClientContext* context, absl::Time caller_deadline,
                                  absl::Duration timeout);

// `status` from `upstream` (e.g. "juesuan-ingestion") at `address` answering
// `method`, for our caller: an upstream that is down, or does not answer
// within our timeout, is UNAVAILABLE with a message naming it (our caller
// cannot see it); when the caller's own deadline ran out first it is
// DEADLINE_EXCEEDED, saying what we were waiting on. Other codes pass
// through as the upstream gave them.
absl::Status TranslateUpstreamStatus(const grpc::Status& status, absl::string_view upstream,
                                     absl::string_view address, absl::string_view method,
                                     DeadlineOwner deadline = DeadlineOwner::kOurs);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_UPSTREAM_H_
