// juesuan-scoring assembled: store, profiles, ingestion client, domain,
// workers and the gRPC server; main.cc and the in-process tests start it.
#ifndef JUESUAN_SERVICES_SCORING_SCORING_SERVER_H_
#define JUESUAN_SERVICES_SCORING_SCORING_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "admin/serving.h"
#include "common/client_security.h"
#include "common/clock.h"
#include "common/grpc_server.h"
#include "common/thread_pool.h"
#include "services/scoring/ingestion_client.h"
#include "services/scoring/scoring_service.h"
#include "services/scoring/scoring_service_impl.h"

namespace juesuan::scoring {

// ServerBasics (common/grpc_server.h), and what this server adds.
struct ScoringServerOptions : ServerBasics {
  // How this server proves who it is to its upstreams.
  ClientSecurityOptions upstream_security;
  // juesuan-ingestion's address.
  std::string ingestion_addr = "127.0.0.1:50051";
  // Deadline of each call to ingestion.
  absl::Duration ingestion_timeout = absl::Seconds(10);
  // A directory of profile *.textproto files; empty: the built-in profiles.
  std::string profiles_dir;
  // Threads serving ScoreAccounts and StartScoringJob.
  int worker_threads = 8;
  int max_request_bytes = 1024 * 1024;
  ScoringServiceOptions service;
  // The clock; null: the system clock.
  const Clock* clock = nullptr;
};

class ScoringServer {
 public:
  // Everything but the gRPC server: the store, the domain and the service,
  // which juesuan-suite serves with the other two on one port. Start is
  // Prepare, then a server of its own with a backup service of its store.
  static absl::StatusOr<std::unique_ptr<ScoringServer>> Prepare(
      const ScoringServerOptions& options);
  // What Prepare made to serve; its store, for a backup service; marks the
  // service (not) serving on `server` as its store's integrity says.
  ServedService served();
  admin::BackupStore backup_store() const;
  void ReportServing(GrpcServer& server) const;

  static absl::StatusOr<std::unique_ptr<ScoringServer>> Start(const ScoringServerOptions& options);
  ~ScoringServer();

  std::string address() const { return serving_.server->address(); }
  // The gRPC server (its health and metrics ports).
  const GrpcServer& grpc_server() const { return *serving_.server; }
  ScoringService& domain() { return *domain_; }
  // Stops taking calls, lets calls finish for up to `grace`, stops the job
  // worker (a running job resumes at the next start) and closes the store.
  void Shutdown(absl::Duration grace);

 private:
  ScoringServer() = default;

  SystemClock system_clock_;
  std::unique_ptr<IngestionClient> ingestion_;
  std::unique_ptr<ScoringService> domain_;
  std::unique_ptr<ThreadPool> workers_;
  std::unique_ptr<CallGuard> guard_;
  std::unique_ptr<PerformanceScoringServiceImpl> service_;
  absl::Status integrity_;
  std::string data_dir_;
  admin::Serving serving_;
};

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_SCORING_SERVER_H_
