// Starting and stopping a juesuan gRPC server the same way in every binary and
// test: the callback API, our health service, server reflection, message
// size limits, a graceful shutdown, and optionally a health-only port and the
// /metrics endpoint.
#ifndef JUESUAN_COMMON_GRPC_SERVER_H_
#define JUESUAN_COMMON_GRPC_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/access_control.h"
#include "common/health_service.h"
#include "common/metrics.h"
#include "common/reflection_service.h"
#include "grpcpp/server.h"

namespace juesuan {

// Who may reach the API port, and how much it takes at once. Flags of every
// server (server_flags.h).
struct ServerSecurityOptions {
  // A text AccessPolicy (access_control.h): the principals, their tokens or
  // certificate names, roles and departments; reloaded when it changes.
  // Empty: no authentication, and the API port listens on loopback only.
  std::string access_policy_file;
  // TLS on the API port: PEM certificate chain and private key, both or
  // neither; read again every tls_reload_interval (rotation).
  std::string tls_cert_file;
  std::string tls_key_file;
  // PEM CA whose client certificates the API port requires and verifies
  // (mutual TLS); empty: none asked for. Needs tls_cert_file.
  std::string tls_client_ca_file;
  absl::Duration tls_reload_interval = absl::Minutes(1);
  // Calls served at once before new ones are refused with
  // RESOURCE_EXHAUSTED and a RetryInfo; 0: no cap.
  int max_in_flight = 512;
  // Without an access policy the health and metrics ports, too, listen on
  // loopback only, unless this asks for the hosts they name.
  bool public_health_metrics_without_policy = false;
};

// What every juesuan server is told the same way (server_flags.h): where it
// listens, who may call, and where its store and its backups are. Each
// server's options extend it with their own.
struct ServerBasics {
  // host:port to serve on; port 0 picks one.
  std::string listen = "127.0.0.1:0";
  // host:port of the plaintext health-only port and of /metrics; empty: none.
  std::string health_listen;
  std::string metrics_listen;
  // Who may call, over what transport, and how many calls at once.
  ServerSecurityOptions security;
  // The RocksDB data directory (one server per directory).
  std::string data_dir;
  // Where CreateBackup writes (admin/backup_service.h): this folder or one
  // under it; empty: backups refused. And how many it keeps by default.
  std::string backup_dir;
  int backup_keep = 7;
};

// For a server's "serving" log line: the access policy file, or "none:
// loopback only"; and "off", "on" or "mutual" for TLS.
std::string AuthenticationSummary(const ServerSecurityOptions& security);
std::string TlsSummary(const ServerSecurityOptions& security);

// The guard of a server's API service under `security` (opens the access
// policy; INVALID_ARGUMENT or NOT_FOUND if it does not load).
absl::StatusOr<std::unique_ptr<CallGuard>> MakeCallGuard(const ServiceAccess& access,
                                                         const ServerSecurityOptions& security);

// How to serve.
struct GrpcServerOptions {
  ServerSecurityOptions security;
  // host:port; port 0 picks a free port (tests). Without an access policy
  // a host other than loopback is replaced by 127.0.0.1, and the server
  // says so in its log.
  std::string listen = "127.0.0.1:0";
  // Largest request accepted; larger ones fail with RESOURCE_EXHAUSTED
  // before any handler runs.
  int max_receive_message_bytes = 8 * 1024 * 1024;
  // Largest response sent.
  int max_send_message_bytes = 64 * 1024 * 1024;
  // What gRPC's own buffers (calls being received and sent) may hold before
  // it stops reading from its connections (grpc::ResourceQuota).
  int64_t transport_memory_bytes = int64_t{256} << 20;
  // host:port of a second, plaintext server that serves only
  // grpc.health.v1.Health (Kubernetes gRPC probes, juesuan-health-probe);
  // empty: none. It stays open whatever the API port requires.
  std::string health_listen;
  // host:port to serve Prometheus text on (GET /metrics); empty: none.
  std::string metrics_listen;
};

// A service to serve, with its full name (what reflection lists).
struct ServedService {
  std::string name;  // e.g. "juesuan.ingestion.v1.AccountIngestionService"
  grpc::Service* service;
};

// A running server.
class GrpcServer {
 public:
  // Starts serving `services` (not owned; they must outlive the server) plus
  // health and reflection on `options.listen`.
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(
      const GrpcServerOptions& options, const std::vector<ServedService>& services);

  ~GrpcServer();

  // The ports actually bound (0 when not asked for).
  int port() const { return port_; }
  int health_port() const { return health_port_; }
  int metrics_port() const;
  // "127.0.0.1:<port>" style address clients can dial.
  std::string address() const { return address_; }
  // The health service, to mark services (not) serving.
  // Marks `service` SERVING when its store is whole (`integrity` OK);
  // otherwise the service and the whole server NOT_SERVING (a store that
  // lost acknowledged writes refuses writes until it is restored).
  void ReportServing(const std::string& service, const absl::Status& integrity);

  // Stops taking calls, waits up to `grace` for calls in flight, then cancels
  // the rest.
  void Shutdown(absl::Duration grace);

 private:
  GrpcServer() = default;

  std::unique_ptr<HealthService> health_;
  std::unique_ptr<ReflectionService> reflection_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;
  std::unique_ptr<MetricsHttpServer> metrics_server_;
  int port_ = 0;
  int health_port_ = 0;
  std::string address_;
  bool shut_down_ = false;
};

// Blocks SIGTERM and SIGINT in the calling thread (call before starting any
// thread, so every thread inherits the mask), then returns; WaitForSignal()
// later waits for one of them and returns its number. Also ignores SIGXFSZ:
// a write past the file-size limit fails (EFBIG) and is reported instead.
void BlockTerminationSignals();
int WaitForTerminationSignal();

}  // namespace juesuan

#endif  // JUESUAN_COMMON_GRPC_SERVER_H_
