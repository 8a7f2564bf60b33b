// juesuan-suite: the embedded default, one process serving ingestion,
// scoring and rendering on one port, each with its own store under one data
// directory (ingestion/, scoring/, rendering/), and one backup service over
// the three. Scoring and rendering call ingestion (and rendering scoring)
// over real gRPC on that same port, exactly as across machines, so
// authentication, deadlines and errors are the cluster's. Not a service: an
// assembly of the three (the one place that includes all of them); the
// separate binaries stay for the cluster.
#ifndef JUESUAN_SERVICES_SUITE_SUITE_SERVER_H_
#define JUESUAN_SERVICES_SUITE_SUITE_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "admin/serving.h"
#include "common/grpc_server.h"
#include "services/ingestion/ingestion_server.h"
#include "services/rendering/rendering_server.h"
#include "services/scoring/scoring_server.h"

namespace juesuan::suite {

// ServerBasics (common/grpc_server.h): data_dir holds the three stores, in
// data_dir/ingestion, data_dir/scoring and data_dir/rendering; backups go in
// backup_dir/{ingestion,scoring,rendering}.
struct SuiteOptions : ServerBasics {
  // What the services send each other (a token of the reader role when an
  // access policy is set), as the separate servers' --upstream_* flags.
  ClientSecurityOptions upstream_security;
  // Built in when empty, as the separate servers' flags.
  std::string rule_catalogue_path;
  std::string code_tables_dir;
  std::string profiles_dir;
  std::string templates_dir;
};

class SuiteServer {
 public:
  static absl::StatusOr<std::unique_ptr<SuiteServer>> Start(const SuiteOptions& options);
  ~SuiteServer();

  std::string address() const { return serving_.server->address(); }
  const GrpcServer& grpc_server() const { return *serving_.server; }
  // Stops taking calls, lets calls in flight finish for up to `grace`, then
  // closes the three stores.
  void Shutdown(absl::Duration grace);

 private:
  SuiteServer() = default;

  std::unique_ptr<ingestion::IngestionServer> ingestion_;
  std::unique_ptr<scoring::ScoringServer> scoring_;
  std::unique_ptr<rendering::RenderingServer> rendering_;
  admin::Serving serving_;
};

// `listen` with a free port in place of port 0 (the services must know the
// address they call before the server starts).
absl::StatusOr<std::string> ListenWithPort(const std::string& listen);

// The address the services call each other on: `listen`'s, with a
// wildcard host (0.0.0.0, [::]) as loopback.
std::string SelfAddress(const std::string& listen);

}  // namespace juesuan::suite

#endif  // JUESUAN_SERVICES_SUITE_SUITE_SERVER_H_
