// Auditing a published disclosure's text against its accounts, by the
// template: the template renders what every sentence should say (with
// figures at full precision), the published text is aligned to it section by
// section and sentence by sentence, and each stated figure is compared with
// the quantity the template puts in its place, at the precision it was
// printed with.
//
// What real PDFs do to text is undone first: line breaks anywhere (inside
// words and numbers), spaces between characters, full-width digits and
// punctuation, page-number lines. Sentences the template does not write
// (functions, reasons, the 自评表 laid out as tables) are the department's
// prose and are not audited, except that a sentence close to a template
// sentence is compared with it.
#ifndef JUESUAN_SERVICES_RENDERING_AUDIT_TEXT_H_
#define JUESUAN_SERVICES_RENDERING_AUDIT_TEXT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace juesuan::rendering {

struct TextFinding {
  // AMOUNT_DIFFERS, PERCENT_DIFFERS, PERCENT_TRUNCATED, WRONG_DIRECTION,
  // ZERO_BASE_PERCENT, SHARES_DO_NOT_SUM, WRONG_BASE, STATEMENT_MISSING,
  // UNMATCHED_FIGURE, NAME_MISMATCH (stated: the name printed; computed: the
  // accounts'; section empty for a title: the cover or a heading).
  std::string kind;
  // The heading the sentence is under, as the template prints it.
  std::string section;
  // The published sentence (whitespace removed), or for STATEMENT_MISSING
  // the template's.
  std::string sentence;
  // What the text states ("9.55%", "增加") and what the accounts give at the
  // same precision ("9.56%", "减少"); either may be empty.
  std::string stated;
  std::string computed;
  // The template's sentence it was compared with (2 decimals), if any.
  std::string expected;
  // The page the published sentence starts on, counting form feeds in the
  // text (a PDF's pages); 0 if the text has none, or for STATEMENT_MISSING.
  int page = 0;
  // How the accounts give `computed`: "264.87 ÷ 307.82 × 100%" for a share,
  // "10.23 − 0.00" for a change; empty for a figure the accounts state.
  std::string formula;
};

// The text as the auditor reads it: page-number lines and running headers
// and footers dropped, full-width
// digits and ASCII punctuation made one form, thousands separators and all
// whitespace removed.
std::string NormalizeForAudit(absl::string_view text);

// Audits `published` against `expected`: the same template rendered as text
// from the accounts with 6 decimals (ViewInputs.decimals). `known` are the
// figures the accounts give that the template may not print (every number
// in the view model): a stated figure equal to one of them is not a finding.
// `unit_name` is the unit's name as the accounts give it (NAME_MISMATCH).
// `formulas` (if not null) says how the template's figures were computed
// (numbers.h FormulaLog): a finding on one names it.
std::vector<TextFinding> AuditText(absl::string_view published, absl::string_view expected,
                                   const std::vector<std::string>& known,
                                   absl::string_view unit_name,
                                   const std::map<std::string, std::string>* formulas = nullptr);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_AUDIT_TEXT_H_
