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
#include "fuzz/ingestion_support.h"
#include "google/protobuf/util/json_util.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "services/ingestion/schema_check.h"

namespace juesuan::fuzz {
namespace {

using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::ingestion::RuleEngine;

// Inputs beyond this are not fuzzed: the server's request limit is of this
// order, and larger inputs only slow the search down.
constexpr size_t kMaxInputBytes = 1 << 20;

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
