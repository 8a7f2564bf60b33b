// juesuan-suite: ingestion, scoring and rendering in one process on one port
// (the embedded default; suite_server.h).
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
#include "services/suite/suite_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to serve the three services on (port 0: any free port)");
ABSL_FLAG(std::string, data_dir, "",
          "data directory (required): the stores go in ingestion/, scoring/ and rendering/");
ABSL_FLAG(std::string, rule_catalogue, "", "rule catalogue file; default: built in");
ABSL_FLAG(std::string, code_tables_dir, "", "code tables directory; default: built in");
ABSL_FLAG(std::string, profiles_dir, "", "scoring profiles directory; default: built in");
ABSL_FLAG(std::string, templates_dir, "", "disclosure templates directory; default: built in");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "how long calls in flight may finish on SIGTERM");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("juesuan-suite --data_dir=DIR [--listen=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);
  juesuan::BlockTerminationSignals();

  juesuan::suite::SuiteOptions options;
  juesuan::SetServerBasicsFromFlags(absl::GetFlag(FLAGS_listen), absl::GetFlag(FLAGS_data_dir),
                                    options);
  options.upstream_security = juesuan::UpstreamSecurityFromFlags();
  options.rule_catalogue_path = absl::GetFlag(FLAGS_rule_catalogue);
  options.code_tables_dir = absl::GetFlag(FLAGS_code_tables_dir);
  options.profiles_dir = absl::GetFlag(FLAGS_profiles_dir);
  options.templates_dir = absl::GetFlag(FLAGS_templates_dir);

  return juesuan::ServeUntilSignal<juesuan::suite::SuiteServer>(
      juesuan::suite::SuiteServer::Start(options), options.security,
      "juesuan-suite: ingestion, scoring, rendering", absl::GetFlag(FLAGS_shutdown_grace),
      [&](juesuan::LogLine& line, juesuan::suite::SuiteServer&) {
        line.Add("data_dir", options.data_dir).Add("version", juesuan::kVersion);
      });
}
