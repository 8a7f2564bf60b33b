// The end of every server's main, written once: a server that did not
// start is logged ("cannot start", exit 1); one that did says where it
// serves and how ("serving": service, address, authentication, TLS, health
// and metrics ports, and what the caller adds), serves until SIGTERM or
// SIGINT, and stops within `grace` ("shutting down", "stopped", exit 0).
// Call BlockTerminationSignals() (grpc_server.h) before starting anything.
#ifndef JUESUAN_COMMON_SERVE_H_
#define JUESUAN_COMMON_SERVE_H_

#include <cstdlib>
#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/grpc_server.h"
#include "common/json_log.h"

namespace juesuan {

template <typename Server>
int ServeUntilSignal(absl::StatusOr<std::unique_ptr<Server>> started,
                     const ServerSecurityOptions& security, absl::string_view service,
                     absl::Duration grace,
                     const std::function<void(LogLine&, Server&)>& describe = nullptr) {
  if (!started.ok()) {
    LogLine("error", "cannot start").Add("error", started.status().ToString()).Emit();
    return EXIT_FAILURE;
  }
  Server& server = **started;
  LogLine serving("info", "serving");
  serving.Add("service", service)
      .Add("address", server.address())
      .Add("authentication", AuthenticationSummary(security))
      .Add("tls", TlsSummary(security))
      .Add("health_port", server.grpc_server().health_port())
      .Add("metrics_port", server.grpc_server().metrics_port());
  if (describe) describe(serving, server);
  serving.Emit();
  const int signal = WaitForTerminationSignal();
  LogLine("info", "shutting down").Add("signal", signal).Emit();
  server.Shutdown(grace);
  LogLine("info", "stopped").Emit();
  return EXIT_SUCCESS;
}

}  // namespace juesuan

#endif  // JUESUAN_COMMON_SERVE_H_
