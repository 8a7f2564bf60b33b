// juesuan-rendering: the disclosure rendering server.
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
#include "services/rendering/rendering_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50053",
          "host:port to serve gRPC on (port 0: any free port)");
ABSL_FLAG(std::string, data_dir, "", "RocksDB data directory (required; one server per directory)");
ABSL_FLAG(std::string, ingestion_addr, "127.0.0.1:50051", "juesuan-ingestion's host:port");
ABSL_FLAG(std::string, scoring_addr, "127.0.0.1:50052", "juesuan-scoring's host:port");
ABSL_FLAG(absl::Duration, upstream_timeout, absl::Seconds(10),
          "deadline of each call to ingestion and scoring (a caller's earlier deadline wins)");
ABSL_FLAG(std::string, templates_dir, "",
          "directory of templates (<id>/template.textproto and *.mustache); default: built in");
ABSL_FLAG(std::string, code_tables_dir, "",
          "code-table directory (<year>/function.tsv, economic.tsv), as juesuan-ingestion's; "
          "default: built in");
ABSL_FLAG(int, worker_threads, 4, "threads serving RenderDisclosure");
ABSL_FLAG(int, memory_budget_mb, 512,
          "MiB the renders running at once may hold; a render that does not fit now gets "
          "RESOURCE_EXHAUSTED with a retry delay");
ABSL_FLAG(int, max_request_bytes, 56 << 20,
          "largest request accepted, in bytes (an audited PDF is up to 50 MB)");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "how long calls in flight may finish on SIGTERM");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "juesuan-rendering --data_dir=DIR [--listen=HOST:PORT] [--ingestion_addr=HOST:PORT] "
      "[--scoring_addr=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);
  juesuan::BlockTerminationSignals();

  juesuan::rendering::RenderingServerOptions options;
  juesuan::SetServerBasicsFromFlags(absl::GetFlag(FLAGS_listen), absl::GetFlag(FLAGS_data_dir),
                                    options);
  options.upstream_security = juesuan::UpstreamSecurityFromFlags();
  options.ingestion_addr = absl::GetFlag(FLAGS_ingestion_addr);
  options.scoring_addr = absl::GetFlag(FLAGS_scoring_addr);
  options.upstream_timeout = absl::GetFlag(FLAGS_upstream_timeout);
  options.templates_dir = absl::GetFlag(FLAGS_templates_dir);
  options.code_tables_dir = absl::GetFlag(FLAGS_code_tables_dir);
  options.worker_threads = absl::GetFlag(FLAGS_worker_threads);
  options.memory_budget_bytes = int64_t{absl::GetFlag(FLAGS_memory_budget_mb)} << 20;
  options.max_request_bytes = absl::GetFlag(FLAGS_max_request_bytes);

  return juesuan::ServeUntilSignal<juesuan::rendering::RenderingServer>(
      juesuan::rendering::RenderingServer::Start(options), options.security,
      "juesuan.disclosure.v1.DisclosureRenderingService", absl::GetFlag(FLAGS_shutdown_grace),
      [&](juesuan::LogLine& line, juesuan::rendering::RenderingServer&) {
        line.Add("data_dir", options.data_dir)
            .Add("ingestion_addr", options.ingestion_addr)
            .Add("scoring_addr", options.scoring_addr)
            .Add("version", juesuan::kVersion);
      });
}
