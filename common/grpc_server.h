// Starting and stopping a juesuan gRPC server the same way in every binary and
// test: the callback API, our health service, server reflection, message
// size limits, and a graceful shutdown.
#ifndef JUESUAN_COMMON_GRPC_SERVER_H_
#define JUESUAN_COMMON_GRPC_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/health_service.h"
#include "grpcpp/server.h"

namespace juesuan {

// How to serve.
struct GrpcServerOptions {
  // host:port; port 0 picks a free port (tests).
  std::string listen = "127.0.0.1:0";
  // Largest request accepted; larger ones fail with RESOURCE_EXHAUSTED
  // before any handler runs.
  int max_receive_message_bytes = 8 * 1024 * 1024;
  // Largest response sent.
  int max_send_message_bytes = 64 * 1024 * 1024;
};

// A running server.
class GrpcServer {
 public:
  // Starts serving `services` (not owned; they must outlive the server) plus
  // health and reflection on `options.listen`.
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(
      const GrpcServerOptions& options, const std::vector<grpc::Service*>& services);

  ~GrpcServer();

  // The port actually bound.
  int port() const { return port_; }
  // "127.0.0.1:<port>" style address clients can dial.
  std::string address() const { return address_; }
  // The health service, to mark services (not) serving.
  HealthService& health() { return *health_; }

  // Stops taking calls, waits up to `grace` for calls in flight, then cancels
  // the rest.
  void Shutdown(absl::Duration grace);

 private:
  GrpcServer() = default;

  std::unique_ptr<HealthService> health_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::string address_;
  bool shut_down_ = false;
};

// Blocks SIGTERM and SIGINT in the calling thread (call before starting any
// thread, so every thread inherits the mask), then returns; WaitForSignal()
// later waits for one of them and returns its number.
void BlockTerminationSignals();
int WaitForTerminationSignal();

}  // namespace juesuan

#endif  // JUESUAN_COMMON_GRPC_SERVER_H_
