// Accounts JSON as juesuanctl submits it: the JSON form of FinalAccounts,
// parsed with the options the CLI and the test fixture use, then what
// SubmitAccounts does with parsed accounts before storing them — the shape
// check, and the rule catalogue on accounts that pass it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "fuzz/fuzz_support.h"
#include "google/protobuf/util/json_util.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "codes/code_tables.h"
#include "services/ingestion/rules/rule_engine.h"
#include "services/ingestion/schema_check.h"

namespace juesuan::fuzz {
namespace {

using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::ingestion::RuleEngine;
using ::juesuan::ingestion::v1::ValidationReport;

// Inputs beyond this are not fuzzed: the server's request limit is of this
// order, and larger inputs only slow the search down.
constexpr size_t kMaxInputBytes = 1 << 20;

// The engine the ingestion server builds at start-up from the embedded
// catalogue and code tables. Built once and never freed (it stays
// reachable, so LeakSanitizer does not report it).
const RuleEngine& Engine() {
  static const RuleEngine* const kEngine = [] {
    auto catalogue = ValueOrDie(RuleEngine::EmbeddedCatalogue(), "embedded rule catalogue");
    auto tables = ValueOrDie(codes::CodeTables::Embedded(), "embedded code tables");
    return ValueOrDie(RuleEngine::Create(catalogue, std::move(tables)), "rule engine").release();
  }();
  return *kEngine;
}

// What Validate promises about a report: the counts are the findings'
// counts, findings come FATAL, then WARNING, then INFO, and no more rules
// ran than the catalogue has.
void CheckReport(const ValidationReport& report, const RuleEngine& engine) {
  int fatal = 0, warning = 0, info = 0, unexplained = 0;
  int previous = ingestion::v1::SEVERITY_FATAL;
  for (const auto& finding : report.findings()) {
    Require(finding.severity() <= previous, "findings are not ordered FATAL, WARNING, INFO");
    previous = finding.severity();
    switch (finding.severity()) {
      case ingestion::v1::SEVERITY_FATAL:
        ++fatal;
        break;
      case ingestion::v1::SEVERITY_WARNING:
        ++warning;
        if (!finding.has_explanation()) ++unexplained;
        break;
      default:
        ++info;
    }
  }
  Require(report.fatal_count() == fatal, "fatal_count is not the number of FATAL findings");
  Require(report.warning_count() == warning, "warning_count is not the number of WARNING findings");
  Require(report.info_count() == info, "info_count is not the number of other findings");
  Require(report.unexplained_warning_count() == unexplained,
          "unexplained_warning_count is not the number of warnings without an explanation");
  Require(report.rules_evaluated() >= 0 &&
              static_cast<size_t>(report.rules_evaluated()) <= engine.rules().size(),
          "rules_evaluated exceeds the catalogue");
}

void FuzzOne(const uint8_t* data, size_t size) {
  const RuleEngine& engine = Engine();
  if (size > kMaxInputBytes) return;

  // protobuf's JsonStringToMessage takes its own StringPiece, which is built
  // from a std::string (not from absl::string_view in this Abseil).
  const std::string json(reinterpret_cast<const char*>(data), size);
  FinalAccounts accounts;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  if (!google::protobuf::util::JsonStringToMessage(json, &accounts, options).ok()) return;

  const std::vector<FieldViolation> violations =
      ingestion::CheckAccountsShape(accounts, kCurrentYear, ingestion::SchemaLimits(), "accounts");
  for (const auto& v : violations) {
    Require(absl::StartsWith(v.field, "accounts"), "a violation's path lacks the prefix");
  }
  // Submit refuses malformed accounts before any rule runs: the rules are
  // only ever given accounts of the right shape.
  if (!violations.empty()) return;
  CheckReport(engine.Validate(accounts), engine);
}

}  // namespace
}  // namespace juesuan::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  juesuan::fuzz::FuzzOne(data, size);
  return 0;
}
