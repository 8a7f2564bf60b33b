// juesuan-rendering assembled: store, templates, code tables, upstream
// clients, domain, workers and the gRPC server; main.cc and the in-process
// tests start it.
#ifndef JUESUAN_SERVICES_RENDERING_RENDERING_SERVER_H_
#define JUESUAN_SERVICES_RENDERING_RENDERING_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "admin/serving.h"
#include "common/client_security.h"
#include "common/clock.h"
#include "common/grpc_server.h"
#include "common/thread_pool.h"
#include "services/rendering/grpc_upstreams.h"
#include "services/rendering/rendering_service.h"
#include "services/rendering/rendering_service_impl.h"

namespace juesuan::rendering {

// ServerBasics (common/grpc_server.h), and what this server adds.
struct RenderingServerOptions : ServerBasics {
  // How this server proves who it is to its upstreams.
  ClientSecurityOptions upstream_security;
  // juesuan-ingestion's and juesuan-scoring's addresses.
  std::string ingestion_addr = "127.0.0.1:50051";
  std::string scoring_addr = "127.0.0.1:50052";
  // Deadline of each upstream call (a caller's earlier deadline wins).
  absl::Duration upstream_timeout = absl::Seconds(10);
  // A directory of templates (<id>/template.textproto + *.mustache); empty:
  // the built-in templates.
  std::string templates_dir;
  // The code tables (类/款/项 names), laid out as data/codes/; empty: the
  // built-in ones. Ingestion takes the same directory.
  std::string code_tables_dir;
  // Threads serving RenderDisclosure.
  int worker_threads = 4;
  // What the renders running at once may hold (RenderingServiceOptions).
  int64_t memory_budget_bytes = int64_t{512} << 20;
  // An audited PDF is up to 50 MB (AuditDisclosure); every other request is
  // small.
  int max_request_bytes = 56 << 20;
  // The clock; null: the system clock.
  const Clock* clock = nullptr;
};

class RenderingServer {
 public:
  // Everything but the gRPC server: the store, the domain and the service,
  // which juesuan-suite serves with the other two on one port. Start is
  // Prepare, then a server of its own with a backup service of its store.
  static absl::StatusOr<std::unique_ptr<RenderingServer>> Prepare(
      const RenderingServerOptions& options);
  // What Prepare made to serve; its store, for a backup service; marks the
  // service (not) serving on `server` as its store's integrity says.
  ServedService served();
  admin::BackupStore backup_store() const;
  void ReportServing(GrpcServer& server) const;

  static absl::StatusOr<std::unique_ptr<RenderingServer>> Start(
      const RenderingServerOptions& options);
  ~RenderingServer();

  std::string address() const { return serving_.server->address(); }
  // The gRPC server (its health and metrics ports).
  const GrpcServer& grpc_server() const { return *serving_.server; }
  RenderingService& domain() { return *domain_; }
  // Stops taking calls, lets calls finish for up to `grace`, closes the store.
  void Shutdown(absl::Duration grace);

 private:
  RenderingServer() = default;

  SystemClock system_clock_;
  std::unique_ptr<GrpcUpstreams> upstreams_;
  std::unique_ptr<RenderingService> domain_;
  std::unique_ptr<ThreadPool> workers_;
  std::unique_ptr<CallGuard> guard_;
  std::unique_ptr<DisclosureRenderingServiceImpl> service_;
  absl::Status integrity_;
  std::string data_dir_;
  admin::Serving serving_;
};

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_RENDERING_SERVER_H_
