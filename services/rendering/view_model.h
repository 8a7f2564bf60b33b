// The view model of a disclosure: everything a template prints, computed
// from the accounts (and the scorecard, when there is one). Templates are
// logic-less (mustache): every share, growth rate, difference, 预决算差异率,
// structure percentage, wording by sign, and chart coordinate is computed
// here, so no number is typed in a template. How figures the accounts leave
// open are worded is the template's `Wording` (view_common.h has the
// convention); the sections are in view_sections.h.
#ifndef JUESUAN_SERVICES_RENDERING_VIEW_MODEL_H_
#define JUESUAN_SERVICES_RENDERING_VIEW_MODEL_H_

#include <string>

#include "codes/code_tables.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/disclosure/v1/disclosure.pb.h"
#include "juesuan/scoring/v1/scoring.pb.h"
#include "mstch/mstch.hpp"

namespace juesuan::rendering {

// What the view model is built from.
struct ViewInputs {
  const juesuan::accounts::v1::FinalAccounts* accounts = nullptr;
  // The scorecard under the template's profile; null renders the document
  // without scores and (in a review) says so.
  const juesuan::scoring::v1::Scorecard* scorecard = nullptr;
  // Why there is no scorecard, as a review says it (default: 尚无该年度的
  // 评分卡).
  std::string missing_scorecard_reason;
  // 政府收支分类科目 names (类 and 款 of each 项 line).
  const juesuan::codes::CodeTables* code_tables = nullptr;
  // How the template words what the figures leave open.
  juesuan::disclosure::v1::Wording wording;
  // Whether the revision is the published one; if not, the document says at
  // its top that it is a draft for review, and is a review.
  bool accounts_published = true;
  // VIEW_REVIEW adds the score review, the revision's name and the suite
  // version to the text; VIEW_PUBLISHED is the department's text alone.
  juesuan::disclosure::v1::View view = juesuan::disclosure::v1::VIEW_PUBLISHED;
  // Decimals of amounts and percentages: 2, as documents print them. The
  // auditor renders with 6, so that a published figure is compared at the
  // precision it was printed with (and a truncation told from a rounding).
  int decimals = 2;
  // Rendered for the auditor: the text without the self-evaluation tables
  // (laid out as tables in a published document, not as sentences).
  bool for_audit = false;
  // Provenance: in the footer of a review, in the HTML's metadata always.
  std::string accounts_revision;
  std::string template_name;
  std::string template_version;
  std::string suite_version;
};

// The version of what BuildViewModel and the number wording produce. Bump it
// with every change to their output: kept documents carry it in their
// fingerprint, so the next RenderDisclosure renders them again.
inline constexpr char kViewModelVersion[] = "4";

// Builds the view model. Pure: the same inputs give the same map.
mstch::map BuildViewModel(const ViewInputs& inputs);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_VIEW_MODEL_H_
