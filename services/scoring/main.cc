// juesuan-scoring: the performance scoring server.
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/time.h"
#include "common/grpc_server.h"
#include "common/json_log.h"
#include "common/serve.h"
#include "common/server_flags.h"
#include "common/upstream_flags.h"
#include "juesuan/version.h"
#include "services/scoring/scoring_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052",
          "host:port to serve gRPC on (port 0: any free port)");
ABSL_FLAG(std::string, data_dir, "", "RocksDB data directory (required; one server per directory)");
ABSL_FLAG(std::string, ingestion_addr, "127.0.0.1:50051", "juesuan-ingestion's host:port");
ABSL_FLAG(absl::Duration, ingestion_timeout, absl::Seconds(10),
          "deadline of each call to ingestion");
ABSL_FLAG(std::string, profiles_dir, "",
          "directory of scoring profile *.textproto files; default: built in");
ABSL_FLAG(int, worker_threads, 8, "threads serving ScoreAccounts and StartScoringJob");
ABSL_FLAG(int, job_page_size, 4,
          "department-years a job lists per page, with their accounts (at most 10; progress is "
          "stored per page; small pages keep submissions fast while a job runs)");
ABSL_FLAG(int, job_item_threads, 4, "department-years a job scores in parallel");
ABSL_FLAG(absl::Duration, job_item_delay_for_test, absl::ZeroDuration(),
          "tests only: pause before each department-year a job scores");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "how long calls in flight may finish on SIGTERM");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "juesuan-scoring --data_dir=DIR [--listen=HOST:PORT] [--ingestion_addr=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);
  juesuan::BlockTerminationSignals();

  juesuan::scoring::ScoringServerOptions options;
  juesuan::SetServerBasicsFromFlags(absl::GetFlag(FLAGS_listen), absl::GetFlag(FLAGS_data_dir),
                                    options);
  options.upstream_security = juesuan::UpstreamSecurityFromFlags();
  options.ingestion_addr = absl::GetFlag(FLAGS_ingestion_addr);
  options.ingestion_timeout = absl::GetFlag(FLAGS_ingestion_timeout);
  options.profiles_dir = absl::GetFlag(FLAGS_profiles_dir);
  options.worker_threads = absl::GetFlag(FLAGS_worker_threads);
  options.service.job_page_size = absl::GetFlag(FLAGS_job_page_size);
  options.service.job_item_threads = absl::GetFlag(FLAGS_job_item_threads);
  options.service.job_item_delay_for_test = absl::GetFlag(FLAGS_job_item_delay_for_test);

  return juesuan::ServeUntilSignal<juesuan::scoring::ScoringServer>(
      juesuan::scoring::ScoringServer::Start(options), options.security,
      "juesuan.scoring.v1.PerformanceScoringService", absl::GetFlag(FLAGS_shutdown_grace),
      [&](juesuan::LogLine& line, juesuan::scoring::ScoringServer&) {
        line.Add("data_dir", options.data_dir)
            .Add("ingestion_addr", options.ingestion_addr)
            .Add("version", juesuan::kVersion);
      });
}
