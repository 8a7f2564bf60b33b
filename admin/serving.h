// A server's API services served on one port with a backup service of
// their stores beside them: what each separate server's Start does, and
// juesuan-suite's for its three.
#ifndef JUESUAN_ADMIN_SERVING_H_
#define JUESUAN_ADMIN_SERVING_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "admin/backup_service.h"
#include "common/grpc_server.h"

namespace juesuan::admin {

struct Serving {
  // Stops taking calls and lets those in flight finish for up to `grace`,
  // then closes the backup service. Again: nothing.
  void Shutdown(absl::Duration grace);

  std::unique_ptr<BackupService> backup;
  std::unique_ptr<GrpcServer> server;
};

// Serves `services` and a backup service of `stores` as `basics` say, taking
// requests of up to `max_request_bytes`, and stamps the build on /metrics.
absl::StatusOr<Serving> ServeWithBackups(const ServerBasics& basics, int max_request_bytes,
                                         std::vector<ServedService> services,
                                         std::vector<BackupStore> stores);

}  // namespace juesuan::admin

#endif  // JUESUAN_ADMIN_SERVING_H_
