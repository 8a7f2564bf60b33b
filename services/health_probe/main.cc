// juesuan-health-probe: asks a server's grpc.health.v1.Health/Check and exits
// 0 if the answer is SERVING, 1 otherwise. Container health checks run it
// (Debian has no grpc_health_probe); Kubernetes uses its native gRPC probes
// on the same port instead.
//
//   juesuan-health-probe --addr=127.0.0.1:8081 [--service=NAME] [--timeout=2s]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

ABSL_FLAG(std::string, addr, "127.0.0.1:8081", "host:port of the server's health port");
ABSL_FLAG(std::string, service, "", "service to ask about; empty: the whole server");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(2), "deadline of the check");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "juesuan-health-probe [--addr=HOST:PORT] [--service=NAME] [--timeout=2s]: exit 0 iff "
      "SERVING");
  absl::ParseCommandLine(argc, argv);
  const std::string addr = absl::GetFlag(FLAGS_addr);
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(addr, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_timeout)));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(absl::GetFlag(FLAGS_service));
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s: %s\n", addr.c_str(),
                 status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ? "no answer in time"
                                                                            : "check failed",
                 status.error_message().c_str());
    return EXIT_FAILURE;
  }
  const std::string name =
      grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
  std::printf("%s\n", name.c_str());
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING ? EXIT_SUCCESS
                                                                             : EXIT_FAILURE;
}
