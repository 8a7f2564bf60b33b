#include "services/scoring/scorer.h"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "services/scoring/indicator_parser.h"
#include "services/scoring/measure_scorer.h"
#include "services/scoring/score_curve.h"
#include "services/scoring/score_words.h"
#include "services/scoring/scoring_findings.h"
#include "services/scoring/text_figures.h"

namespace juesuan::scoring {
namespace {

using ::juesuan::accounts::v1::Comparator;
using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::accounts::v1::Indicator;
using ::juesuan::accounts::v1::Measure;
using ::juesuan::scoring::v1::CreditCurve;
using ::juesuan::scoring::v1::IndicatorKind;
using ::juesuan::scoring::v1::IndicatorScore;
using ::juesuan::scoring::v1::Scorecard;
using ::juesuan::scoring::v1::ScoreTrace;
using ::juesuan::scoring::v1::ScoringFinding;
using ::juesuan::scoring::v1::ScoringProfile;
using ::juesuan::scoring::v1::TableScore;

class TableScorer {
 public:
  TableScorer(const ScoringProfile& profile, Findings& findings)
      : profile_(profile), findings_(findings), measures_(profile, findings) {}

  // Scores the execution-rate line into `table`; returns its hundredths.
  int64_t ScoreExecution(const juesuan::accounts::v1::SelfEvaluationFunds& funds,
                         const juesuan::accounts::v1::ExecutionScore& execution,
                         bool department_wide, TableScore* table) {
    const int64_t weight = std::min<int64_t>(Hundredths(execution.weight()), 10000);
    table->set_execution_weight(FormatScaled(weight, 2));
    table->set_reported_execution_score(execution.reported_score());
    ScoreTrace* trace = table->mutable_execution_trace();
    StampProfile(trace);
    trace->set_rule(department_wide ? "execution/department" : "execution/project");
    const TableFunds total = FundsOf(funds);
    if (!total.has_budget || !total.has_executed) {
      findings_.Add(ScoringFinding::KIND_NO_BUDGET,
                    "资金表缺少全年预算数或全年执行数，执行率得分记为 0");
      table->set_execution_score(FormatScaled(0, 2));
      return 0;
    }
    if (total.from_parts) {
      // Never 0 for want of a total: the source rows carry the money.
      findings_.Add(ScoringFinding::KIND_FUNDS_FROM_PARTS,
                    absl::StrCat("资金表合计行（",
                                 funds.total().label().empty() ? "合计" : funds.total().label(),
                                 "）未填或为 0，执行率按各来源行之和计算：",
                                 FormatScaled(total.executed_fen, 2), " / ",
                                 FormatScaled(total.annual_budget_fen, 2), " 元"));
    }
    const Ratio r{total.executed_fen, total.annual_budget_fen};
    table->set_execution_rate_percent(
        FormatScaled(PercentHundredths(total.executed_fen, total.annual_budget_fen), 2));
    bool capped = false;
    std::string credit;
    const int64_t score = ApplyCurve(
        weight, r, department_wide ? profile_.department_execution() : profile_.project_execution(),
        &capped, &credit);
    AddInput(trace, total.from_parts ? "全年执行数（各来源之和）" : "全年执行数",
             FormatScaled(total.executed_fen, 2), "元");
    AddInput(trace, total.from_parts ? "全年预算数（各来源之和）" : "全年预算数",
             FormatScaled(total.annual_budget_fen, 2), "元");
    AddInput(trace, "r", FormatRatio(r), "");
    trace->set_formula(
        absl::StrCat(FormatScaled(weight, 2), " × ", credit, " = ", FormatScaled(score, 2)));
    trace->set_capped(capped);
    table->set_execution_score(FormatScaled(score, 2));
    CompareReported("执行率", -1, "", score, execution.reported_score());
    return score;
  }

  // Scores one indicator.
  IndicatorScore ScoreIndicator(const Indicator& indicator, int index) {
    IndicatorScore out;
    out.set_index(index);
    out.set_level1(indicator.level1());
    out.set_level2(indicator.level2());
    out.set_name(indicator.name());
    out.set_target_text(indicator.target_text());
    out.set_actual_text(indicator.actual_text());
    out.set_reported_score(indicator.reported_score());
    // A weight beyond 100 points cannot be right (WEIGHTS_NOT_100 says so);
    // capped here it also keeps every product inside 128 bits.
    const int64_t weight = std::min<int64_t>(Hundredths(indicator.weight()), 10000);
    out.set_weight(FormatScaled(weight, 2));
    ScoreTrace* trace = out.mutable_trace();
    StampProfile(trace);

    if (IsAchievementPhrase(indicator.actual_text(), indicator.target_text(),
                            profile_.achievement_phrases())) {
      // "达成预期指标": met, whatever the target's form.
      out.set_kind(v1::INDICATOR_KIND_ACHIEVED);
      trace->set_rule("achieved/phrase");
      AddInput(trace, "实际完成值", indicator.actual_text(), "");
      trace->set_formula(
          absl::StrCat("达成表述：", FormatScaled(weight, 2), " × 1 = ", FormatScaled(weight, 2)));
      out.set_score(FormatScaled(weight, 2));
      CompareReported("指标", index, indicator.name(), weight, indicator.reported_score());
      return out;
    }
    const std::optional<Measure> target =
        Read(indicator.target_text(), indicator.has_target() ? &indicator.target() : nullptr,
             "指标值", index, indicator.name());
    const std::optional<Measure> actual =
        Read(indicator.actual_text(), indicator.has_actual() ? &indicator.actual() : nullptr,
             "实际完成值", index, indicator.name());
    if (target) *out.mutable_target() = *target;
    if (actual) *out.mutable_actual() = *actual;

    int64_t score = 0;
    if (!target || !actual) {
      out.set_kind(v1::INDICATOR_KIND_UNSCORABLE);
      trace->set_rule("unscorable/unparsed");
      trace->set_formula("0（指标值或实际完成值无法识别）");
    } else {
      score = measures_.ScoreMeasures(indicator, *target, *actual, weight, index, &out);
    }
    out.set_score(FormatScaled(score, 2));
    if (score < weight && indicator.deviation_reason().empty()) {
      findings_.Add(ScoringFinding::KIND_NO_DEVIATION_REASON,
                    absl::StrCat("指标未完全达成（得分 ", FormatScaled(score, 2), "，分值 ",
                                 FormatScaled(weight, 2), "），但未填写偏差原因"),
                    index, indicator.name(), FormatScaled(score, 2), indicator.reported_score());
    }
    CompareReported("指标", index, indicator.name(), score, indicator.reported_score());
    return out;
  }

 private:
  void StampProfile(ScoreTrace* trace) const {
    trace->set_profile(profile_.name());
    trace->set_profile_version(profile_.version());
  }

  // The measure parsed from `text`; the submitter's parsed form when the text
  // does not parse; nullopt (and a finding) when neither is usable.
  std::optional<Measure> Read(const std::string& text, const Measure* submitted, const char* what,
                              int index, const std::string& name) {
    absl::StatusOr<Measure> parsed = ParseMeasure(text);
    if (parsed.ok()) return *std::move(parsed);
    if (submitted != nullptr && submitted->value_case() != Measure::VALUE_NOT_SET)
      return *submitted;
    findings_.Add(ScoringFinding::KIND_UNPARSED,
                  absl::StrCat(what, "无法识别：", parsed.status().message(), "；该指标记 0 分"),
                  index, name);
    return std::nullopt;
  }

  void CompareReported(const char* what, int index, const std::string& name, int64_t computed,
                       const std::string& reported_text) {
    if (reported_text.empty()) return;
    auto reported = ParseScaledDecimal(reported_text, 2);
    if (!reported.ok() || *reported == computed) return;
    findings_.Add(ScoringFinding::KIND_SCORE_DIFFERS,
                  absl::StrCat(what, "得分按规则为 ", FormatScaled(computed, 2), "，填报为 ",
                               FormatScaled(*reported, 2)),
                  index, name, FormatScaled(computed, 2), FormatScaled(*reported, 2));
  }

  const ScoringProfile& profile_;
  Findings& findings_;
  MeasureScorer measures_;
};

template <typename Table>
TableScore ScoreTable(const Table& table, const std::string& title, bool department_wide,
                      const ScoringProfile& profile, Scorecard* card) {
  TableScore out;
  out.set_title(title);
  out.set_department_wide(department_wide);
  out.set_reported_total_score(table.reported_total_score());
  Findings findings(card, title);
  TableScorer scorer(profile, findings);
  int64_t total = scorer.ScoreExecution(table.funds(), table.execution(), department_wide, &out);
  int64_t weights = Hundredths(table.execution().weight());
  for (int i = 0; i < table.indicators_size(); ++i) {
    IndicatorScore s = scorer.ScoreIndicator(table.indicators(i), i);
    total += Hundredths(s.score());
    weights += Hundredths(table.indicators(i).weight());
    *out.add_indicators() = std::move(s);
  }
  // Figures the goal and completion texts state that the table also states.
  const TableFunds funds = FundsOf(table.funds());
  for (const auto& [text, part, quantities] :
       {std::tuple{&table.completion(), "实际完成情况",
                   CompletionQuantities(funds, table.indicators())},
        std::tuple{&table.goal(), "预期目标", GoalQuantities(funds, table.indicators())}}) {
    for (const FigureDisagreement& d : Disagreements(FiguresIn(*text), quantities)) {
      findings.Add(ScoringFinding::KIND_TEXT_FIGURE_DIFFERS,
                   absl::StrCat(part, "写“", d.figure.text, "”，表中", d.quantity.what, "为 ",
                                TrimmedDecimal(d.quantity.scaled), " ", d.figure.unit),
                   -1, "", TrimmedDecimal(d.quantity.scaled), d.figure.text);
    }
  }
  if (weights != 10000) {
    findings.Add(
        ScoringFinding::KIND_WEIGHTS_NOT_100,
        absl::StrCat("执行率分值与各指标分值之和为 ", FormatScaled(weights, 2), "，不是 100"), -1,
        "", FormatScaled(weights, 2), "100.00");
  }
  out.set_total_score(FormatScaled(total, 2));
  out.mutable_grade()->set_grade(GradeOf(total, profile));
  if (!table.reported_total_score().empty()) {
    auto reported = ParseScaledDecimal(table.reported_total_score(), 2);
    if (reported.ok() && *reported != total) {
      findings.Add(ScoringFinding::KIND_TOTAL_DIFFERS,
                   absl::StrCat("总分按规则为 ", FormatScaled(total, 2), "，填报为 ",
                                FormatScaled(*reported, 2)),
                   -1, "", FormatScaled(total, 2), FormatScaled(*reported, 2));
    }
  }
  return out;
}

}  // namespace

Scorecard ScoreSelfEvaluations(const FinalAccounts& accounts, const ScoringProfile& profile) {
  Scorecard card;
  card.set_profile(profile.name());
  card.set_profile_version(profile.version());
  card.set_department_display_name(accounts.department().display_name());
  card.set_region_code(accounts.department().region_code());
  card.set_fiscal_year(accounts.fiscal_year());
  const auto& performance = accounts.performance();
  if (performance.has_department_wide()) {
    *card.mutable_department_wide() =
        ScoreTable(performance.department_wide(), "部门整体", true, profile, &card);
  }
  absl::int128 weighted = 0;
  absl::int128 budgets = 0;
  int64_t plain_sum = 0;
  for (const auto& project : performance.projects()) {
    TableScore t = ScoreTable(project, project.project_name(), false, profile, &card);
    const int64_t total = Hundredths(t.total_score());
    const int64_t budget = FundsOf(project.funds()).annual_budget_fen;
    weighted += absl::int128(total) * budget;
    budgets += budget;
    plain_sum += total;
    *card.add_projects() = std::move(t);
  }
  std::optional<int64_t> total;
  if (card.has_department_wide()) {
    total = Hundredths(card.department_wide().total_score());
  } else if (budgets > 0) {
    total = DivideRoundHalfUp(weighted, budgets);
  } else if (card.projects_size() > 0) {
    total = DivideRoundHalfUp(plain_sum, card.projects_size());
  }
  if (total) {
    card.set_total_score(FormatScaled(*total, 2));
    card.mutable_grade()->set_grade(GradeOf(*total, profile));
  }
  // Nothing to score is said, not ranked with a blank total.
  card.set_state(card.has_department_wide() || card.projects_size() > 0
                     ? v1::SCORECARD_STATE_SCORED
                     : v1::SCORECARD_STATE_NOTHING_TO_SCORE);
  return card;
}

}  // namespace juesuan::scoring
