#include "services/rendering/view_model.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/rendering/view_sections.h"

namespace juesuan::rendering {
namespace {

namespace sv1 = ::juesuan::scoring::v1;

void Merge(mstch::map& into, mstch::map section) {
  for (auto& [key, value] : section) into[key] = std::move(value);
}

// The score review: the scorecard, the statement that there was nothing to
// score, or that there is none.
mstch::map ScoreReview(const ViewInputs& in) {
  const sv1::Scorecard* card = in.scorecard;
  const bool nothing_to_score =
      card != nullptr && card->state() == sv1::SCORECARD_STATE_NOTHING_TO_SCORE;
  if (nothing_to_score) card = nullptr;
  mstch::map out{{"nothing_to_score", nothing_to_score},
                 {"no_scorecard", card == nullptr && !nothing_to_score},
                 {"has_scorecard", card != nullptr},
                 {"missing_scorecard_reason", in.missing_scorecard_reason.empty()
                                                  ? std::string("尚无该年度的评分卡")
                                                  : in.missing_scorecard_reason}};
  if (card == nullptr) return out;
  mstch::array findings;
  for (const auto& f : card->findings()) {
    findings.push_back(mstch::map{
        {"table", f.table()}, {"indicator", f.indicator_name()}, {"message", f.message()}});
  }
  out["scorecard"] = mstch::map{
      {"name", card->name()},
      {"profile", card->profile()},
      {"profile_version", card->profile_version()},
      {"total", card->total_score().empty() ? std::string("—") : card->total_score()},
      {"grade", card->grade().grade().empty() ? std::string("—") : card->grade().grade()},
      {"findings", findings},
      {"has_findings", !card->findings().empty()}};
  return out;
}

}  // namespace

mstch::map BuildViewModel(const ViewInputs& in) {
  SectionContext ctx(*in.accounts, in.wording, in.code_tables);
  ctx.decimals = in.decimals;
  const bool review = !in.accounts_published || in.view == disclosure::v1::VIEW_REVIEW;
  const int year = in.accounts->fiscal_year();
  mstch::map vm{{"year", absl::StrCat(year)},
                {"prior_year", absl::StrCat(year - 1)},
                {"department", in.accounts->department().display_name()},
                {"draft", !in.accounts_published},
                {"review", review},
                {"for_audit", in.for_audit}};
  Merge(vm, OverviewSection(ctx));
  Merge(vm, TotalsSection(ctx));
  Merge(vm, GeneralBudgetSection(ctx));
  Merge(vm, BasicSection(ctx));
  Merge(vm, ThreePublicSection(ctx));
  Merge(vm, FundsSection(ctx));
  Merge(vm, OtherMattersSection(ctx));
  // The computed scores beside the reported ones are the reviewer's, not the
  // department's: only a review shows them.
  Merge(vm, PerformanceSection(ctx, review ? in.scorecard : nullptr));
  if (review) Merge(vm, ScoreReview(in));
  Merge(vm, ReportTablesSection(ctx));
  Merge(vm, ChartsSection(ctx));
  vm["provenance"] = mstch::map{{"accounts_revision", in.accounts_revision},
                                {"template", in.template_name},
                                {"template_version", in.template_version},
                                {"suite_version", in.suite_version},
                                {"view", std::string(review ? "review" : "published")}};
  return vm;
}

}  // namespace juesuan::rendering
