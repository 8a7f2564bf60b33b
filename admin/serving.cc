#include "admin/serving.h"

#include <utility>

#include "common/metrics.h"
#include "common/status_macros.h"
#include "juesuan/version.h"

namespace juesuan::admin {

absl::StatusOr<Serving> ServeWithBackups(const ServerBasics& basics, int max_request_bytes,
                                         std::vector<ServedService> services,
                                         std::vector<BackupStore> stores) {
  Serving serving;
  JUESUAN_ASSIGN_OR_RETURN(
      serving.backup,
      BackupService::Create({std::move(stores), basics.backup_dir, basics.backup_keep},
                            basics.security));
  services.push_back(serving.backup->served());
  GrpcServerOptions grpc_options;
  grpc_options.security = basics.security;
  grpc_options.listen = basics.listen;
  grpc_options.health_listen = basics.health_listen;
  grpc_options.metrics_listen = basics.metrics_listen;
  grpc_options.max_receive_message_bytes = max_request_bytes;
  Metrics::Global().SetBuildInfo(juesuan::kVersion);
  JUESUAN_ASSIGN_OR_RETURN(serving.server, GrpcServer::Start(grpc_options, services));
  return serving;
}

void Serving::Shutdown(absl::Duration grace) {
  if (server != nullptr) {
    server->Shutdown(grace);
    server.reset();
  }
  backup.reset();
}

}  // namespace juesuan::admin
