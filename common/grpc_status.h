// The one status boundary between the domain (absl::Status) and gRPC.
#ifndef JUESUAN_COMMON_GRPC_STATUS_H_
#define JUESUAN_COMMON_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace juesuan {

// Converts `status` for the wire: the code maps one to one (Abseil's and
// gRPC's codes are the same numbers), the message is cut at 4 KiB, and every
// payload attached with AttachDetail becomes a google.rpc.Status detail
// (`grpc-status-details-bin`). Every handler returns through this.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients: code, message and details back as payloads.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_GRPC_STATUS_H_
