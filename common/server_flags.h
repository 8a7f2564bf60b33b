// Flags every juesuan server takes the same way, defined once.
#ifndef JUESUAN_COMMON_SERVER_FLAGS_H_
#define JUESUAN_COMMON_SERVER_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"
#include "absl/time/time.h"
#include "common/grpc_server.h"

// host:port of the plaintext health-only gRPC port; empty: none.
ABSL_DECLARE_FLAG(std::string, health_listen);
// host:port of the Prometheus /metrics endpoint; empty: none.
ABSL_DECLARE_FLAG(std::string, metrics_listen);
// ServerSecurityOptions (grpc_server.h), one flag per field.
ABSL_DECLARE_FLAG(std::string, access_policy_file);
ABSL_DECLARE_FLAG(std::string, tls_cert_file);
ABSL_DECLARE_FLAG(std::string, tls_key_file);
ABSL_DECLARE_FLAG(std::string, tls_client_ca_file);
ABSL_DECLARE_FLAG(absl::Duration, tls_reload_interval);
ABSL_DECLARE_FLAG(int, max_in_flight);
ABSL_DECLARE_FLAG(bool, public_health_metrics_without_policy);
// Online backups (admin/backup_service.h): where, and how many are kept.
ABSL_DECLARE_FLAG(std::string, backup_dir);
ABSL_DECLARE_FLAG(int, backup_keep);

namespace juesuan {

// Sets `basics` from the flags above, with the server's own --listen and
// --data_dir (their defaults and words differ from server to server).
void SetServerBasicsFromFlags(std::string listen, std::string data_dir, ServerBasics& basics);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_SERVER_FLAGS_H_
