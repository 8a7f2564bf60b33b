// Flags every juesuan server takes the same way, defined once.
#ifndef JUESUAN_COMMON_SERVER_FLAGS_H_
#define JUESUAN_COMMON_SERVER_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"

// host:port of the plaintext health-only gRPC port; empty: none.
ABSL_DECLARE_FLAG(std::string, health_listen);
// host:port of the Prometheus /metrics endpoint; empty: none.
ABSL_DECLARE_FLAG(std::string, metrics_listen);

#endif  // JUESUAN_COMMON_SERVER_FLAGS_H_
