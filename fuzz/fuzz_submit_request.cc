// A whole SubmitAccountsRequest as it arrives on the wire (what the raw
// handler parses), through everything Submit does before storing it: the
// shape check with the document's cost budget, then the rule catalogue.
// What an attacker controls is the nesting and the counts, so the target
// also holds Submit to its budget: accounts it lets through stay within the
// element and byte budget, and the rules' findings stay in proportion to
// them (no input may make the checks cost more than the budget allows:
// libFuzzer's -timeout and -rss_limit_mb catch the rest).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "common/memory_budget.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/ingestion_support.h"
#include "juesuan/ingestion/v1/ingestion_service.pb.h"
#include "services/ingestion/schema_check.h"

namespace juesuan::fuzz {
namespace {

// The server's request limit.
constexpr size_t kMaxRequestBytes = 8 << 20;

void FuzzOne(const uint8_t* data, size_t size) {
  if (size > kMaxRequestBytes) return;
  ingestion::v1::SubmitAccountsRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return;
  const ingestion::SchemaLimits limits;
  const std::vector<FieldViolation> violations =
      ingestion::CheckAccountsShape(request.accounts(), kCurrentYear, limits, "accounts");
  for (const auto& v : violations) {
    Require(absl::StartsWith(v.field, "accounts"), "a violation's path lacks the prefix");
  }
  if (!violations.empty()) return;
  // Let through: within the budget.
  Require(CountRepeatedElements(request.accounts()) <= limits.max_total_elements,
          "accounts past the element budget were let through");
  Require(request.accounts().ByteSizeLong() <= limits.max_total_bytes,
          "accounts past the byte budget were let through");
  const ValidationReport report = Engine().Validate(request.accounts());
  CheckReport(report, Engine());
  // Each rule reports at most one finding per row it reads.
  Require(report.findings_size() <= static_cast<int64_t>(Engine().rules().size()) *
                                        (CountRepeatedElements(request.accounts()) + 1),
          "more findings than rules × rows");
}

}  // namespace
}  // namespace juesuan::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  juesuan::fuzz::FuzzOne(data, size);
  return 0;
}
