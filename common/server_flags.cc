#include "common/server_flags.h"

#include <utility>

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, health_listen, "",
          "host:port of a plaintext gRPC port serving only grpc.health.v1.Health (probes); "
          "empty: none");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port to serve Prometheus text on, GET /metrics; empty: none");
ABSL_FLAG(std::string, access_policy_file, "",
          "text AccessPolicy: principals, token digests, roles, departments (reloaded on change); "
          "empty: no authentication, loopback only");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain of the API port; empty: plaintext");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA of required client certificates (mutual TLS); empty: none asked for");
ABSL_FLAG(absl::Duration, tls_reload_interval, absl::Minutes(1),
          "how often the TLS files are read again (rotation)");
ABSL_FLAG(bool, public_health_metrics_without_policy, false,
          "without --access_policy_file, serve --health_listen and --metrics_listen on the hosts "
          "they name (default: loopback only, as the API port)");
ABSL_FLAG(std::string, backup_dir, "",
          "where CreateBackup writes this server's backups (RocksDB BackupEngine, incremental; a "
          "caller may name a folder under it); empty: backups refused");
ABSL_FLAG(int, backup_keep, 7, "backups kept in a backup folder when a request says 0");
ABSL_FLAG(int, max_in_flight, 512,
          "calls served at once; more get RESOURCE_EXHAUSTED with a retry delay (0: no cap)");

namespace juesuan {

namespace {

ServerSecurityOptions ServerSecurityFromFlags() {
  ServerSecurityOptions security;
  security.access_policy_file = absl::GetFlag(FLAGS_access_policy_file);
  security.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  security.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  security.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  security.tls_reload_interval = absl::GetFlag(FLAGS_tls_reload_interval);
  security.max_in_flight = absl::GetFlag(FLAGS_max_in_flight);
  security.public_health_metrics_without_policy =
      absl::GetFlag(FLAGS_public_health_metrics_without_policy);
  return security;
}

}  // namespace

void SetServerBasicsFromFlags(std::string listen, std::string data_dir, ServerBasics& basics) {
  basics.listen = std::move(listen);
  basics.health_listen = absl::GetFlag(FLAGS_health_listen);
  basics.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  basics.security = ServerSecurityFromFlags();
  basics.data_dir = std::move(data_dir);
  basics.backup_dir = absl::GetFlag(FLAGS_backup_dir);
  basics.backup_keep = absl::GetFlag(FLAGS_backup_keep);
}

}  // namespace juesuan
