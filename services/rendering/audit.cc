#include "services/rendering/audit.h"

#include <string>

#include "services/rendering/numbers.h"
#include "services/rendering/view_model.h"

namespace juesuan::rendering {
namespace {

namespace dv1 = ::juesuan::disclosure::v1;

// Every string in the view model: the figures the accounts give, printed or
// not by the template (a rate per 项, a share of a kind not listed).
void CollectStrings(const mstch::node& node, std::vector<std::string>* out) {
  if (const auto* s = boost::get<std::string>(&node)) {
    out->push_back(*s);
  } else if (const auto* m = boost::get<mstch::map>(&node)) {
    for (const auto& [key, value] : *m) CollectStrings(value, out);
  } else if (const auto* a = boost::get<mstch::array>(&node)) {
    for (const auto& value : *a) CollectStrings(value, out);
  }
}

}  // namespace

AuditBasis BasisFor(const juesuan::accounts::v1::FinalAccounts& accounts,
                    const LoadedTemplate& layout, const juesuan::codes::CodeTables* codes) {
  ViewInputs inputs;
  inputs.accounts = &accounts;
  inputs.code_tables = codes;
  inputs.wording = layout.info.wording();
  inputs.view = dv1::VIEW_PUBLISHED;
  inputs.decimals = 6;
  inputs.for_audit = true;
  AuditBasis basis;
  FormulaLog log;
  const mstch::map view = BuildViewModel(inputs);
  basis.formulas = log.formulas();
  basis.expected = RenderTemplate(layout.sources.at(dv1::FORMAT_TEXT), view, dv1::FORMAT_TEXT);
  CollectStrings(view, &basis.known);
  basis.unit_name = accounts.department().display_name();
  return basis;
}

std::vector<TextFinding> AuditAgainst(const AuditBasis& basis, absl::string_view published) {
  return AuditText(published, basis.expected, basis.known, basis.unit_name, &basis.formulas);
}

std::vector<TextFinding> AuditPublishedText(const juesuan::accounts::v1::FinalAccounts& accounts,
                                            const LoadedTemplate& layout,
                                            const juesuan::codes::CodeTables* codes,
                                            absl::string_view published) {
  return AuditAgainst(BasisFor(accounts, layout, codes), published);
}

}  // namespace juesuan::rendering
