// juesuan-ingestion: the account ingestion server.
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
#include "services/ingestion/ingestion_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to serve gRPC on (port 0: any free port)");
ABSL_FLAG(std::string, data_dir, "", "RocksDB data directory (required; one server per directory)");
ABSL_FLAG(std::string, rule_catalogue, "",
          "rule catalogue file (text RuleCatalogue); default: built in");
ABSL_FLAG(std::string, code_tables_dir, "",
          "code-table directory (<year>/function.tsv, economic.tsv); default: built in");
ABSL_FLAG(int, writer_threads, 8, "threads running durable writes");
ABSL_FLAG(int, max_request_bytes, 8 * 1024 * 1024, "largest request accepted, in bytes");
ABSL_FLAG(absl::Duration, bulk_read_max_wait, absl::Milliseconds(50),
          "how long a scoring job's page waits for a pause in submissions (0: never)");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "how long calls in flight may finish on SIGTERM");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("juesuan-ingestion --data_dir=DIR [--listen=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);
  juesuan::BlockTerminationSignals();

  juesuan::ingestion::IngestionServerOptions options;
  juesuan::SetServerBasicsFromFlags(absl::GetFlag(FLAGS_listen), absl::GetFlag(FLAGS_data_dir),
                                    options);
  options.rule_catalogue_path = absl::GetFlag(FLAGS_rule_catalogue);
  options.code_tables_dir = absl::GetFlag(FLAGS_code_tables_dir);
  options.writer_threads = absl::GetFlag(FLAGS_writer_threads);
  options.max_request_bytes = absl::GetFlag(FLAGS_max_request_bytes);
  options.bulk_read_max_wait = absl::GetFlag(FLAGS_bulk_read_max_wait);

  return juesuan::ServeUntilSignal<juesuan::ingestion::IngestionServer>(
      juesuan::ingestion::IngestionServer::Start(options), options.security,
      "juesuan.ingestion.v1.AccountIngestionService", absl::GetFlag(FLAGS_shutdown_grace),
      [&](juesuan::LogLine& line, juesuan::ingestion::IngestionServer& server) {
        line.Add("data_dir", options.data_dir)
            .Add("rule_catalogue", server.domain().engine().catalogue_version())
            .Add("version", juesuan::ingestion::SuiteVersion());
      });
}
