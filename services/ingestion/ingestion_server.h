// juesuan-ingestion assembled: the store on its data directory, the rule
// engine, the domain, the writer pool and the gRPC server. main.cc and the
// in-process tests start the very same thing.
#ifndef JUESUAN_SERVICES_INGESTION_INGESTION_SERVER_H_
#define JUESUAN_SERVICES_INGESTION_INGESTION_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "admin/serving.h"
#include "common/clock.h"
#include "common/grpc_server.h"
#include "common/thread_pool.h"
#include "services/ingestion/accounts_service.h"
#include "services/ingestion/ingestion_service_impl.h"

namespace juesuan::ingestion {

// Everything juesuan-ingestion can be told; main.cc fills it from flags.
// ServerBasics (common/grpc_server.h), and what this server adds.
struct IngestionServerOptions : ServerBasics {
  // A rule catalogue file (text RuleCatalogue); empty: the built-in one.
  std::string rule_catalogue_path;
  // A code-table directory (<year>/function.tsv …); empty: the built-in ones.
  std::string code_tables_dir;
  // Threads that run durable writes (they sleep in fsync; RocksDB groups
  // their commits).
  int writer_threads = 8;
  // Largest request accepted.
  int max_request_bytes = 8 * 1024 * 1024;
  // Caps on one submission.
  SchemaLimits limits;
  // How long a scoring job's page may wait for a pause in submissions
  // (AccountsServiceOptions::bulk_read_max_wait).
  absl::Duration bulk_read_max_wait = absl::Milliseconds(50);
  // The clock; null: the system clock.
  const Clock* clock = nullptr;
};

class IngestionServer {
 public:
  // Everything but the gRPC server: the store, the domain and the service,
  // which juesuan-suite serves with the other two on one port. Start is
  // Prepare, then a server of its own with a backup service of its store.
  static absl::StatusOr<std::unique_ptr<IngestionServer>> Prepare(
      const IngestionServerOptions& options);
  // What Prepare made to serve; its store, for a backup service; marks the
  // service (not) serving on `server` as its store's integrity says.
  ServedService served();
  admin::BackupStore backup_store() const;
  void ReportServing(GrpcServer& server) const;

  static absl::StatusOr<std::unique_ptr<IngestionServer>> Start(
      const IngestionServerOptions& options);
  ~IngestionServer();

  std::string address() const { return serving_.server->address(); }
  // The gRPC server (its health and metrics ports).
  const GrpcServer& grpc_server() const { return *serving_.server; }
  AccountsService& domain() { return *domain_; }
  // The pool durable writes run on (tests hold it to queue calls).
  ThreadPool& writer_pool_for_test() { return *writers_; }
  // Stops taking calls, lets calls in flight finish for up to `grace`,
  // drains the writer pool and closes the store.
  void Shutdown(absl::Duration grace);

 private:
  IngestionServer() = default;

  SystemClock system_clock_;
  std::unique_ptr<AccountsService> domain_;
  std::unique_ptr<ThreadPool> writers_;
  std::unique_ptr<ThreadPool> bulk_readers_;
  std::unique_ptr<CallGuard> guard_;
  std::unique_ptr<AccountIngestionServiceImpl> service_;
  absl::Status integrity_;
  std::string data_dir_;
  admin::Serving serving_;
};

// The suite's version, stamped on outputs.
const char* SuiteVersion();

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_INGESTION_SERVER_H_
