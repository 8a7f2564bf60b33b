#include "common/server_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, health_listen, "",
          "host:port of a plaintext gRPC port serving only grpc.health.v1.Health (probes); "
          "empty: none");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port to serve Prometheus text on, GET /metrics; empty: none");
