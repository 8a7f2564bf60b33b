// Peak memory per document against its size: the seed scaled 1×, 10× and
// 100× (gen/scaled_accounts.h), each checked as ingestion checks it, scored,
// and rendered as text and HTML, each in a child process of its own whose
// peak resident set (VmHWM, reset before the work) is read after it. Prints
// a table and, with --json=FILE, the figures BENCHMARKS.md's memory table is
// made of.
//
//   build/bench/memory_bench                 # 1×, 10×, 100×
//   build/bench/memory_bench --factors=1,10  # the CI smoke run
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/json_log.h"
#include "common/memory_budget.h"
#include "gen/scaled_accounts.h"
#include "services/ingestion/rules/rule_engine.h"
#include "services/ingestion/schema_check.h"
#include "services/rendering/renderer.h"
#include "services/rendering/view_model.h"
#include "services/scoring/profiles.h"
#include "services/scoring/scorer.h"
#include "tests/support/test_support.h"

ABSL_FLAG(std::string, factors, "1,10,100", "document sizes, as multiples of the seed");
ABSL_FLAG(std::string, json, "", "also write the figures to this file");

namespace {

namespace acc = ::juesuan::accounts::v1;
namespace dv1 = ::juesuan::disclosure::v1;

// A /proc/self/status figure in KiB.
int64_t StatusKiB(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) {
      int64_t kib = 0;
      std::string digits;
      for (char c : line) {
        if (c >= '0' && c <= '9') digits += c;
      }
      return absl::SimpleAtoi(digits, &kib) ? kib : -1;
    }
  }
  return -1;
}

// Runs `work` in a child; how far its resident set rose above where it
// started (KiB), or -1 if the child failed.
int64_t PeakGrowthKiB(const std::function<void()>& work) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    close(pipe_fds[0]);
    std::ofstream("/proc/self/clear_refs") << "5";  // resets VmHWM to VmRSS
    const int64_t before = StatusKiB("VmRSS:");
    work();
    const int64_t growth = StatusKiB("VmHWM:") - before;
    (void)!write(pipe_fds[1], &growth, sizeof(growth));
    _exit(0);
  }
  close(pipe_fds[1]);
  int64_t growth = -1;
  if (read(pipe_fds[0], &growth, sizeof(growth)) != sizeof(growth)) growth = -1;
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? growth : -1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  juesuan::SetLoggingEnabled(false);
  const acc::FinalAccounts seed = juesuan::testing::SeedAccounts();
  const auto profiles = *juesuan::scoring::ProfileRegistry::Embedded();
  const auto& profile = **profiles->Get("scoringProfiles/changji-2023");
  auto codes = *juesuan::codes::CodeTables::Embedded();
  auto engine = *juesuan::ingestion::RuleEngine::Create(
      *juesuan::ingestion::RuleEngine::EmbeddedCatalogue(), codes);
  const auto templates = *juesuan::rendering::TemplateRegistry::Embedded();
  const auto& sources = (*templates->Get("templates/xinjiang-2023"))->sources;

  std::string json = "[";
  std::printf("%-7s %9s %10s %12s %12s %12s %12s\n", "factor", "elements", "bytes", "check MiB",
              "score MiB", "text MiB", "html MiB");
  for (absl::string_view f : absl::StrSplit(absl::GetFlag(FLAGS_factors), ',')) {
    int factor = 1;
    if (!absl::SimpleAtoi(f, &factor) || factor < 1) return 2;
    const acc::FinalAccounts doc = juesuan::gen::ScaleAccounts(seed, factor);
    const int64_t elements = juesuan::CountRepeatedElements(doc);
    const int64_t bytes = static_cast<int64_t>(doc.ByteSizeLong());
    const juesuan::scoring::v1::Scorecard card =
        juesuan::scoring::ScoreSelfEvaluations(doc, profile);
    juesuan::rendering::ViewInputs inputs;
    inputs.accounts = &doc;
    inputs.scorecard = &card;
    inputs.code_tables = codes.get();
    inputs.template_name = "templates/xinjiang-2023";
    const int64_t check = PeakGrowthKiB([&] {
      juesuan::ingestion::CheckAccountsShape(doc, 2024, juesuan::ingestion::SchemaLimits(),
                                             "accounts");
      engine->Validate(doc);
    });
    const int64_t score =
        PeakGrowthKiB([&] { juesuan::scoring::ScoreSelfEvaluations(doc, profile); });
    auto render = [&](dv1::Format format) {
      return PeakGrowthKiB([&] {
        juesuan::rendering::RenderTemplate(sources.at(format),
                                           juesuan::rendering::BuildViewModel(inputs), format);
      });
    };
    const int64_t text = render(dv1::FORMAT_TEXT);
    const int64_t html = render(dv1::FORMAT_HTML);
    std::printf("%-7d %9lld %10lld %12.1f %12.1f %12.1f %12.1f\n", factor,
                static_cast<long long>(elements), static_cast<long long>(bytes), check / 1024.0,
                score / 1024.0, text / 1024.0, html / 1024.0);
    absl::StrAppend(&json, json.size() > 1 ? "," : "", "\n {\"factor\":", factor,
                    ",\"elements\":", elements, ",\"bytes\":", bytes, ",\"check_kib\":", check,
                    ",\"score_kib\":", score, ",\"text_kib\":", text, ",\"html_kib\":", html, "}");
  }
  json += "\n]\n";
  if (const std::string path = absl::GetFlag(FLAGS_json); !path.empty())
    std::ofstream(path) << json;
  return 0;
}
