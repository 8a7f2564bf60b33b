// Serving unary methods registered as raw (ByteBuffer) callbacks.
//
// gRPC 1.51's typed callback handlers answer a request that does not parse
// with UNIMPLEMENTED and an empty message, which tells the caller nothing.
// Services register their methods raw instead and parse here, so malformed
// bytes get INVALID_ARGUMENT naming the expected message type. Every call is
// logged as one JSON line, counted in the metrics (metrics.h) and finished
// through ToGrpcStatus.
#ifndef JUESUAN_COMMON_RAW_UNARY_H_
#define JUESUAN_COMMON_RAW_UNARY_H_

#include <chrono>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/access_control.h"
#include "common/error_details.h"
#include "common/grpc_status.h"
#include "common/json_log.h"
#include "common/thread_pool.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"

namespace juesuan {

// Parses `buffer` as a T; INVALID_ARGUMENT if it is not one.
template <typename T>
absl::StatusOr<T> ParseRequest(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  T message;
  if (!buffer.Dump(&slices).ok()) return absl::InvalidArgumentError("unreadable request");
  std::string bytes;
  bytes.reserve(buffer.Length());
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  if (!message.ParseFromString(bytes)) {
    return absl::InvalidArgumentError(
        absl::StrCat("request is not a valid ", T::descriptor()->full_name(),
                     " (malformed protobuf wire format, or a string that is not UTF-8)"));
  }
  return message;
}

// What a call is about, for its log line and its authorization.
struct CallInfo {
  explicit CallInfo(const char* m) : method(m) {}
  const char* method;
  absl::string_view service;  // its full name, for the metrics (the guard's)
  const char* type = "unary";
  std::string request_id;
  std::string resource;
  // The name whose department the call acts on, for department scope
  // (access_control.h); empty: every department.
  std::string scope;
  // Who called, once authenticated (never the credential).
  Caller caller;
};

// Counts a call as started in the metrics (in flight until FinishCall).
void StartCall(const CallInfo& info);
// Logs one finished call and records it in the metrics (code, latency).
void FinishCall(const CallInfo& info, absl::Time start, const absl::Status& status);

// Calls a pool may hold waiting before new ones are refused with
// RESOURCE_EXHAUSTED (each holds a parsed request of up to the message limit).
inline constexpr size_t kMaxQueuedCalls = 256;
// What a call shed from a full queue is asked to wait before retrying.
inline constexpr absl::Duration kQueueRetryDelay = absl::Milliseconds(200);

// A response a handler has already serialized (one that splices stored bytes
// into its answer rather than parsing and serializing them again): ServeUnary
// sends `bytes` as they are.
struct SerializedResponse {
  std::string bytes;
};

// Serves one unary call: admits it under `guard`'s in-flight cap, parses the
// request, checks the caller may make it (before anything validates the
// request), runs fn(request) -> StatusOr<Resp> (or fn(request, caller), for
// a method whose answer depends on who asks), on `pool` if given, else
// inline, serializes the response, logs, finishes. `describe(request)` fills
// the log's request ID and resource and the authorization's scope.
template <typename Req, typename Resp, typename Describe, typename Fn>
grpc::ServerUnaryReactor* ServeUnary(grpc::CallbackServerContext* context,
                                     const grpc::ByteBuffer* request_bytes,
                                     grpc::ByteBuffer* response_bytes, CallGuard* guard,
                                     const char* method, ThreadPool* pool, Describe describe,
                                     Fn fn) {
  const absl::Time start = absl::Now();
  CallInfo call{method};
  call.service = guard->service();
  StartCall(call);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (absl::Status admitted = guard->Admit(); !admitted.ok()) {
    // Shed before parsing: refusing must cost next to nothing.
    FinishCall(call, start, admitted);
    reactor->Finish(ToGrpcStatus(admitted));
    return reactor;
  }
  auto run = [=](absl::StatusOr<Req> request, CallInfo info) {
    absl::Status status = request.status();
    if (request.ok()) {
      // A call cancelled or out of time while queued is not started: its
      // client has stopped waiting, so nothing must be done for it. The
      // deadline is checked directly: IsCancelled() may not yet reflect it.
      if (context->deadline() <= std::chrono::system_clock::now()) {
        status = absl::DeadlineExceededError("deadline passed before the call started");
      } else if (context->IsCancelled()) {
        status = absl::CancelledError("cancelled before it started");
      } else {
        absl::StatusOr<Resp> response = [&] {
          if constexpr (std::is_invocable_v<Fn, const Req&, const Caller&>) {
            return fn(*request, info.caller);
          } else {
            return fn(*request);
          }
        }();
        status = response.status();
        if (response.ok()) {
          std::string bytes;
          if constexpr (std::is_same_v<Resp, SerializedResponse>) {
            bytes = std::move(response->bytes);
          } else {
            bytes = response->SerializeAsString();
          }
          grpc::Slice slice(bytes);
          *response_bytes = grpc::ByteBuffer(&slice, 1);
        }
      }
    }
    FinishCall(info, start, status);
    guard->Release();
    reactor->Finish(ToGrpcStatus(status));
  };
  absl::StatusOr<Req> request = ParseRequest<Req>(*request_bytes);
  CallInfo info = std::move(call);
  if (request.ok()) {
    describe(*request, info);
    absl::Status allowed = guard->Check(*context, method, info.scope, &info.caller);
    if (!allowed.ok()) request = std::move(allowed);
  }
  if (pool == nullptr || !request.ok()) {
    run(std::move(request), std::move(info));
    return reactor;
  }
  auto shared = std::make_shared<std::pair<absl::StatusOr<Req>, CallInfo>>(std::move(request),
                                                                           std::move(info));
  if (!pool->TrySchedule(
          [run, shared]() { run(std::move(shared->first), std::move(shared->second)); },
          kMaxQueuedCalls)) {
    // Shed as the in-flight cap sheds: with the reason and when to retry.
    run(absl::StatusOr<Req>(OverloadedError(
            absl::StrCat("overloaded: ", kMaxQueuedCalls, " calls are already waiting"),
            kQueueRetryDelay, {{"max_queued", absl::StrCat(kMaxQueuedCalls)}})),
        std::move(shared->second));
  }
  return reactor;
}

}  // namespace juesuan

#endif  // JUESUAN_COMMON_RAW_UNARY_H_
