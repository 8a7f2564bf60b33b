// The view model of a disclosure: everything a template prints, computed
// from the accounts (and the scorecard, when there is one). Templates are
// logic-less (mustache): every share, growth rate, difference, 预决算差异率,
// structure percentage, wording by sign, and chart coordinate is computed
// here, so no number is typed in a template.
#ifndef JUESUAN_SERVICES_RENDERING_VIEW_MODEL_H_
#define JUESUAN_SERVICES_RENDERING_VIEW_MODEL_H_

#include <string>

#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/scoring/v1/scoring.pb.h"
#include "mstch/mstch.hpp"
#include "codes/code_tables.h"

namespace juesuan::rendering {

// What the view model is built from.
struct ViewInputs {
  const juesuan::accounts::v1::FinalAccounts* accounts = nullptr;
  // The scorecard under the template's profile; null renders the document
  // without scores and says so.
  const juesuan::scoring::v1::Scorecard* scorecard = nullptr;
  // Why there is no scorecard, as the document says it (default: 尚无该年度的
  // 评分卡).
  std::string missing_scorecard_reason;
  // 政府收支分类科目 names (类 and 款 of each 项 line).
  const juesuan::codes::CodeTables* code_tables = nullptr;
  // Whether the revision is the published one; if not, the document says at
  // its top that it is a draft for review.
  bool accounts_published = true;
  // Provenance printed in the document's footer.
  std::string accounts_revision;
  std::string template_name;
  std::string template_version;
  std::string suite_version;
};

// The version of what BuildViewModel and the number wording produce. Bump it
// with every change to their output: kept documents carry it in their
// fingerprint, so the next RenderDisclosure renders them again.
inline constexpr char kViewModelVersion[] = "3";

// Builds the view model. Pure: the same inputs give the same map.
mstch::map BuildViewModel(const ViewInputs& inputs);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_VIEW_MODEL_H_
