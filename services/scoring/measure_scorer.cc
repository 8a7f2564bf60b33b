#include "services/scoring/measure_scorer.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "services/scoring/indicator_parser.h"
#include "services/scoring/score_words.h"

namespace juesuan::scoring {

using ::juesuan::scoring::v1::ScoringFinding;

namespace {

constexpr int kValueScale = 6;  // quantities are read to 6 decimals

}  // namespace

std::optional<MeasureScorer::Pair> MeasureScorer::Quantities(const Measure& target,
                                                             const Measure& actual, int index,
                                                             const std::string& name) {
  auto t = ParseScaledDecimal(target.quantity().value(), kValueScale);
  auto a = ParseScaledDecimal(actual.quantity().value(), kValueScale);
  if (!t.ok() || !a.ok() || *t < 0 || *a < 0) return std::nullopt;  // no negative targets
  Pair p{*t, *a, target.quantity().unit()};
  const std::string& tu = target.quantity().unit();
  const std::string& au = actual.quantity().unit();
  if (tu != au) {
    const int64_t tf = FenPerMoneyUnit(tu);
    const int64_t af = FenPerMoneyUnit(au);
    if (tf > 0 && af > 0) {
      p.target *= tf;
      p.actual *= af;
      p.unit = "分";
    } else if (!tu.empty() && !au.empty()) {
      findings_.Add(ScoringFinding::KIND_UNIT_MISMATCH,
                    absl::StrCat("指标值单位“", tu, "”与实际完成值单位“", au, "”不同，按数值比较"),
                    index, name);
    }
  }
  return p;
}

// Scores one indicator's actual against its target, by the target's kind.
int64_t MeasureScorer::ScoreMeasures(const Indicator& indicator, const Measure& target,
                                     const Measure& actual, int64_t weight, int index,
                                     IndicatorScore* out) {
  if (target.value_case() == Measure::kPhrase) {
    return ScoreQualitative(indicator, target, actual, weight, index, out);
  }
  if (target.value_case() == Measure::kDate) {
    return ScoreDate(indicator, target, actual, weight, index, out);
  }
  return ScoreQuantity(indicator, target, actual, weight, index, out);
}

// A phrase target: the profile's tier for what the actual says.
int64_t MeasureScorer::ScoreQualitative(const Indicator& indicator, const Measure& target,
                                        const Measure& actual, int64_t weight, int index,
                                        IndicatorScore* out) {
  ScoreTrace* trace = out->mutable_trace();
  const std::string& name = indicator.name();
  out->set_kind(v1::INDICATOR_KIND_QUALITATIVE);
  const auto& tiers = profile_.qualitative_tiers();
  int tier = 0;
  const std::string actual_phrase = actual.value_case() == Measure::kPhrase
                                        ? actual.phrase()
                                        : NormalizeIndicatorText(out->actual_text());
  const bool same = actual.value_case() == Measure::kPhrase && actual.phrase() == target.phrase();
  if (same) {
    tier = 0;
  } else if (actual_phrase.empty() || IsNegativePhrase(actual_phrase, target.phrase())) {
    tier = tiers.size() - 1;
  } else {
    tier = std::min(1, tiers.size() - 1);
    findings_.Add(
        ScoringFinding::KIND_QUALITATIVE_ASSUMED,
        absl::StrCat("定性指标的实际完成值“", out->actual_text(), "”与指标值“", out->target_text(),
                     "”不同，按“", tiers.Get(tier).name(), "”计分，请复核"),
        index, name);
  }
  const int64_t credit_hundredths = Hundredths(tiers.Get(tier).credit());
  const int64_t score = DivideRoundHalfUp(absl::int128(weight) * credit_hundredths, 100);
  trace->set_rule(absl::StrCat("qualitative/tier-", tier + 1));
  AddInput(trace, "等级", tiers.Get(tier).name(), "");
  trace->set_formula(absl::StrCat(FormatScaled(weight, 2), " × ",
                                  FormatScaled(credit_hundredths, 2), " = ",
                                  FormatScaled(score, 2)));
  return score;
}

// A date target: met by the date, or a completion rate by it.
int64_t MeasureScorer::ScoreDate(const Indicator& indicator, const Measure& target,
                                 const Measure& actual, int64_t weight, int index,
                                 IndicatorScore* out) {
  ScoreTrace* trace = out->mutable_trace();
  const std::string& name = indicator.name();
  bool capped = false;
  std::string credit;
  out->set_kind(v1::INDICATOR_KIND_TIME);
  if (actual.value_case() == Measure::kDate) {
    const auto& t = target.date();
    const auto& a = actual.date();
    // By month when the target names only a month.
    const int64_t tk = t.year() * 10000 + t.month() * 100 + (t.day() == 0 ? 99 : t.day());
    const int64_t ak = a.year() * 10000 + a.month() * 100 + (t.day() == 0 ? 0 : a.day());
    // A "≥ date" target is a start no earlier than the date; any other
    // comparator is a deadline.
    const bool not_before = target.comparator() == juesuan::accounts::v1::COMPARATOR_GE ||
                            target.comparator() == juesuan::accounts::v1::COMPARATOR_GT;
    const int64_t ak_start = a.year() * 10000 + a.month() * 100 + (t.day() == 0 ? 99 : a.day());
    const int64_t tk_start = t.year() * 10000 + t.month() * 100 + (t.day() == 0 ? 0 : t.day());
    const bool met = not_before ? ak_start >= tk_start : ak <= tk;
    trace->set_rule("time/date");
    AddInput(trace, "指标日期", out->target_text(), "");
    AddInput(trace, "实际日期", out->actual_text(), "");
    const int64_t score = met ? weight : 0;
    trace->set_formula(absl::StrCat(met ? "按期完成：" : "逾期：", FormatScaled(weight, 2), " × ",
                                    met ? "1" : "0", " = ", FormatScaled(score, 2)));
    return score;
  }
  if (actual.value_case() == Measure::kQuantity && actual.quantity().unit() == "%") {
    auto pct = ParseScaledDecimal(actual.quantity().value(), kValueScale);
    if (pct.ok()) {
      findings_.Add(ScoringFinding::KIND_KIND_MISMATCH,
                    absl::StrCat("指标值为日期（", out->target_text(), "），实际完成值为百分比（",
                                 out->actual_text(), "）：按截至该日期的完成比例计分"),
                    index, name);
      const Ratio r{*pct, absl::int128(100) * 1000000};
      const int64_t score = ApplyCurve(weight, r, profile_.quantitative(), &capped, &credit);
      trace->set_rule("time/date-as-completion-rate");
      AddInput(trace, "完成比例", FormatRatio(r), "");
      trace->set_formula(
          absl::StrCat(FormatScaled(weight, 2), " × ", credit, " = ", FormatScaled(score, 2)));
      trace->set_capped(capped);
      return score;
    }
  }
  return Unscorable(out, index, name, "指标值为日期，实际完成值不是日期");
}

// A quantity target: the actual against it, by the kind of bound.
int64_t MeasureScorer::ScoreQuantity(const Indicator& indicator, const Measure& target,
                                     const Measure& actual, int64_t weight, int index,
                                     IndicatorScore* out) {
  ScoreTrace* trace = out->mutable_trace();
  const std::string& name = indicator.name();
  if (actual.value_case() == Measure::kPhrase) {
    // A phrase that is not one of the profile's achievement phrases says
    // nothing a quantity can be compared with.
    out->set_kind(v1::INDICATOR_KIND_UNSCORABLE);
    trace->set_rule("unscorable/unparsed");
    trace->set_formula("0（实际完成值为未知的表述）");
    findings_.Add(ScoringFinding::KIND_UNPARSED,
                  absl::StrCat("实际完成值“", out->actual_text(),
                               "”不是评分规则所列的达成表述，也不是数量；该指标记 0 分"),
                  index, name);
    return 0;
  }
  if (actual.value_case() != Measure::kQuantity) {
    return Unscorable(out, index, name, "指标值为数量，实际完成值不是数量");
  }
  const std::optional<Pair> q = Quantities(target, actual, index, name);
  if (!q) return Unscorable(out, index, name, "数值无法读取或为负数");
  AddInput(trace, "指标值", target.quantity().value(), target.quantity().unit());
  AddInput(trace, "实际完成值", actual.quantity().value(), actual.quantity().unit());
  const bool upper = IsUpperBound(target.comparator());
  const bool cost = absl::StrContains(indicator.level1(), "成本") ||
                    absl::StrContains(indicator.level2(), "成本");
  const bool time = IsTimeUnit(q->unit) || indicator.level2() == "时效指标";
  const std::string cmp = Comparative(target.comparator());
  return ScoreBound(*q, {upper, cost, time, cmp}, weight, index, name, out);
}

int64_t MeasureScorer::ScoreBound(const Pair& q, const Bound& bound, int64_t weight, int index,
                                  const std::string& name, IndicatorScore* out) {
  ScoreTrace* trace = out->mutable_trace();
  auto finish = [&](const std::string& rule, const Ratio& r) {
    return ByCurve(rule, r, weight, trace);
  };
  auto full = [&](const std::string& rule, const std::string& why) {
    return FullMarks(rule, why, weight, trace);
  };
  if (bound.upper && bound.cost) {
    out->set_kind(v1::INDICATOR_KIND_COST);
    if (q.actual > q.target) {
      findings_.Add(ScoringFinding::KIND_OVERSPENT,
                    absl::StrCat("成本指标实际完成值 ", out->actual_text(), " 超过指标值 ",
                                 out->target_text()),
                    index, name);
      if (profile_.cost_rule() == v1::COST_RULE_BUDGET_EXECUTION) {
        return full("cost/budget-execution", "超支，按预算执行计满分");
      }
      return finish("cost/inverse", Ratio{q.target, q.actual});
    }
    if (profile_.cost_rule() == v1::COST_RULE_INVERSE)
      return full("cost/inverse", "未超过成本上限");
    if (q.target == 0) return full("cost/budget-execution", "预算为 0 且未支出");
    return finish("cost/budget-execution", Ratio{q.actual, q.target});
  }
  if (bound.upper && bound.time) {
    out->set_kind(v1::INDICATOR_KIND_TIME);
    if (q.actual <= q.target)
      return full("time/bound", absl::StrCat("在时限内（", bound.cmp, out->target_text(), "）"));
    if (profile_.time_rule() == v1::TIME_RULE_INVERSE)
      return finish("time/inverse", Ratio{q.target, q.actual});
    trace->set_rule("time/bound");
    trace->set_formula(absl::StrCat("超出时限：", FormatScaled(weight, 2), " × 0 = 0.00"));
    return 0;
  }
  if (bound.upper) {
    out->set_kind(v1::INDICATOR_KIND_UPPER_BOUND);
    if (q.actual <= q.target) return full("upper-bound", "未超过上限");
    return finish("upper-bound/inverse", Ratio{q.target, q.actual});
  }
  out->set_kind(v1::INDICATOR_KIND_QUANTITY);
  if (IsIntervalUnit(q.unit)) {
    // "=2 月/次": a shorter interval is more often.
    if (q.actual == 0) return full("quantity/interval", "间隔为 0");
    return finish("quantity/interval", Ratio{q.target, q.actual});
  }
  if (q.target == 0) return full("quantity", "指标值为 0");
  return finish("quantity", Ratio{q.actual, q.target});
}

// weight × the quantitative curve's credit of r.
int64_t MeasureScorer::ByCurve(const std::string& rule, const Ratio& r, int64_t weight,
                               ScoreTrace* trace) {
  bool capped = false;
  std::string credit;
  const int64_t score = ApplyCurve(weight, r, profile_.quantitative(), &capped, &credit);
  trace->set_rule(rule);
  AddInput(trace, "r", FormatRatio(r), "");
  trace->set_formula(
      absl::StrCat(FormatScaled(weight, 2), " × ", credit, " = ", FormatScaled(score, 2)));
  trace->set_capped(capped);
  return score;
}

int64_t MeasureScorer::FullMarks(const std::string& rule, const std::string& why, int64_t weight,
                                 ScoreTrace* trace) {
  trace->set_rule(rule);
  trace->set_formula(
      absl::StrCat(why, "：", FormatScaled(weight, 2), " × 1 = ", FormatScaled(weight, 2)));
  return weight;
}

int64_t MeasureScorer::Unscorable(IndicatorScore* out, int index, const std::string& name,
                                  const std::string& why) {
  out->set_kind(v1::INDICATOR_KIND_UNSCORABLE);
  out->mutable_trace()->set_rule("unscorable/kind-mismatch");
  out->mutable_trace()->set_formula(absl::StrCat("0（", why, "）"));
  findings_.Add(ScoringFinding::KIND_KIND_MISMATCH,
                absl::StrCat(why, "（指标值 ", out->target_text(), "，实际完成值 ",
                             out->actual_text(), "），该指标记 0 分"),
                index, name);
  return 0;
}

}  // namespace juesuan::scoring
