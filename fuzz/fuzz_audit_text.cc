// Auditing a published document's text: any bytes as the published text,
// against small accounts rendered by each embedded template once (the path
// AuditDisclosure takes). Invariants: no crash, bounded work (a long
// sentence is prose, not compared; a title is looked for a name's length
// ahead), findings of the known kinds only.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "codes/code_tables.h"
#include "fuzz/fuzz_support.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "services/rendering/audit.h"
#include "services/rendering/renderer.h"

namespace juesuan::fuzz {
namespace {

constexpr size_t kMaxInputBytes = 256 * 1024;
constexpr int64_t kWan = 1000000;

struct Embedded {
  std::shared_ptr<const rendering::TemplateRegistry> templates;
  std::shared_ptr<const codes::CodeTables> code_tables;
  accounts::v1::FinalAccounts accounts;
  // What each template audits against, rendered once (as AuditDisclosure
  // renders it per call).
  std::vector<rendering::AuditBasis> bases;
};

const Embedded& Data() {
  static const Embedded* const kData = [] {
    auto* data = new Embedded();
    data->templates = ValueOrDie(rendering::TemplateRegistry::Embedded(), "embedded templates");
    data->code_tables = ValueOrDie(codes::CodeTables::Embedded(), "embedded code tables");
    auto& a = data->accounts;
    a.mutable_department()->set_display_name("某区某局");
    a.set_fiscal_year(2024);
    auto* t1 = a.mutable_income_expenditure_summary();
    t1->set_general_budget_appropriation_fen(30782 * kWan / 100);
    t1->set_current_income_fen(30782 * kWan / 100);
    t1->set_total_income_fen(30782 * kWan / 100);
    t1->mutable_prior_year()->set_prior_year_fen(0);
    auto* t3 = a.mutable_expenditure()->mutable_total();
    t3->set_total_fen(30782 * kWan / 100);
    t3->set_basic_fen(10558 * kWan / 100);
    t3->set_project_fen(20224 * kWan / 100);
    auto* row = a.mutable_general_budget_expenditure()->add_rows();
    row->set_function_code("2010101");
    row->set_total_fen(5132 * kWan / 100);
    row->mutable_budget()->set_annual_budget_fen(52 * kWan);
    for (const rendering::LoadedTemplate* t : data->templates->List()) {
      data->bases.push_back(rendering::BasisFor(a, *t, data->code_tables.get()));
    }
    return data;
  }();
  return *kData;
}

void FuzzOne(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return;
  const Embedded& embedded = Data();
  static const std::set<std::string> kKinds = {
      "AMOUNT_DIFFERS",    "PERCENT_DIFFERS",   "PERCENT_TRUNCATED", "WRONG_DIRECTION",
      "ZERO_BASE_PERCENT", "SHARES_DO_NOT_SUM", "WRONG_BASE",        "STATEMENT_MISSING",
      "UNMATCHED_FIGURE",  "NAME_MISMATCH"};
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const rendering::AuditBasis& basis : embedded.bases) {
    for (const rendering::TextFinding& f : rendering::AuditAgainst(basis, text)) {
      Require(kKinds.count(f.kind) == 1, "a finding of an unknown kind");
    }
  }
}

}  // namespace
}  // namespace juesuan::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  juesuan::fuzz::FuzzOne(data, size);
  return 0;
}
