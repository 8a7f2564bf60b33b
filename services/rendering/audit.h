// Auditing a published disclosure against its accounts (issue 15, the core):
// the template renders, from the accounts, what each sentence should state;
// AuditText (audit_text.h) aligns the published text to it and compares.
#ifndef JUESUAN_SERVICES_RENDERING_AUDIT_H_
#define JUESUAN_SERVICES_RENDERING_AUDIT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "codes/code_tables.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "services/rendering/audit_text.h"
#include "services/rendering/renderer.h"

namespace juesuan::rendering {

// What a document is audited against: the template's text rendered from the
// accounts at 6 decimals, every figure the accounts give, the unit's name.
struct AuditBasis {
  std::string expected;
  std::vector<std::string> known;
  std::string unit_name;
  // How each computed figure was computed (FormulaLog).
  std::map<std::string, std::string> formulas;
};
AuditBasis BasisFor(const juesuan::accounts::v1::FinalAccounts& accounts,
                    const LoadedTemplate& layout, const juesuan::codes::CodeTables* codes);

// The findings on `published` (the document's text, as UTF-8, pages cut by
// form feeds) against a basis.
std::vector<TextFinding> AuditAgainst(const AuditBasis& basis, absl::string_view published);

// BasisFor and AuditAgainst in one: the findings on `published` against
// `accounts` under `layout` (a template with a text layout).
std::vector<TextFinding> AuditPublishedText(const juesuan::accounts::v1::FinalAccounts& accounts,
                                            const LoadedTemplate& layout,
                                            const juesuan::codes::CodeTables* codes,
                                            absl::string_view published);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_AUDIT_H_
