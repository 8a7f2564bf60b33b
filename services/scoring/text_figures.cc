#include "services/scoring/text_figures.h"

#include <cstdlib>
#include <limits>
#include <map>
#include <optional>

#include "absl/numeric/int128.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/scoring/indicator_parser.h"

namespace juesuan::scoring {
namespace {

constexpr int kScale = 6;

// Units a figure may carry, longest first where one is the start of another.
constexpr const char* kUnits[] = {
    "平方米", "万元", "亿元", "人次", "场次", "批次", "公里", "千米", "元", "家", "个", "项", "户",
    "人",     "次",   "米",   "亩",   "台",   "套",   "册",   "件",   "所", "间", "天", "%"};

// 元 per money unit (元: 1, 万元: 10^4, 亿元: 10^8); none for other units.
std::optional<int64_t> YuanPerUnit(const std::string& unit) {
  if (unit == "元") return 1;
  if (unit == "万元") return 10000;
  if (unit == "亿元") return 100000000;
  return std::nullopt;
}

// `q` (× 10^6, not negative) rounded half-up to `decimals` digits.
absl::int128 RoundTo(absl::int128 q, int decimals) {
  int64_t factor = 1;
  for (int i = decimals; i < kScale; ++i) factor *= 10;
  return (q + factor / 2) / factor * factor;
}

// `v` if an int64 holds it. Text figures stay below 10^18 × 10^-6; sums of
// them and money converted between units need not.
std::optional<int64_t> Fits(absl::int128 v) {
  if (v > std::numeric_limits<int64_t>::max() || v < std::numeric_limits<int64_t>::min()) {
    return std::nullopt;
  }
  return static_cast<int64_t>(v);
}

}  // namespace

std::vector<TextFigure> FiguresIn(absl::string_view raw) {
  // Full-width digits and points as half-width, spaces out: what
  // NormalizeIndicatorText does for indicator values.
  const std::string text = NormalizeIndicatorText(raw);
  std::vector<TextFigure> out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9' ||
        (i > 0 && (text[i - 1] == '.' || (text[i - 1] >= '0' && text[i - 1] <= '9')))) {
      ++i;
      continue;
    }
    size_t end = i;
    int64_t whole = 0;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9' &&
           whole < int64_t{100000000000}) {
      whole = whole * 10 + (text[end++] - '0');
    }
    int64_t fraction = 0;
    int decimals = 0;
    if (end + 1 < text.size() && text[end] == '.' && text[end + 1] >= '0' && text[end + 1] <= '9') {
      ++end;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
        if (decimals < kScale) {
          fraction = fraction * 10 + (text[end] - '0');
          ++decimals;
        }
        ++end;
      }
    }
    const absl::string_view rest = absl::string_view(text).substr(end);
    for (const char* unit : kUnits) {
      if (!absl::StartsWith(rest, unit)) continue;
      int64_t scaled = whole;
      for (int k = 0; k < kScale; ++k) scaled *= 10;
      int64_t f = fraction;
      for (int k = decimals; k < kScale; ++k) f *= 10;
      out.push_back({absl::StrCat(text.substr(i, end - i), " ", unit), scaled + f, decimals, unit});
      end += std::string(unit).size();
      break;
    }
    i = end;
  }
  return out;
}

std::vector<FigureDisagreement> Disagreements(const std::vector<TextFigure>& figures,
                                              const std::vector<TableQuantity>& quantities) {
  std::vector<FigureDisagreement> out;
  for (const TextFigure& figure : figures) {
    const std::optional<int64_t> figure_yuan = YuanPerUnit(figure.unit);
    for (const TableQuantity& q : quantities) {
      const std::optional<int64_t> q_yuan = YuanPerUnit(q.unit);
      if (figure_yuan.has_value() != q_yuan.has_value()) continue;
      if (!figure_yuan.has_value() && q.unit != figure.unit) continue;
      // The table's quantity in the figure's unit; a negative one (money
      // refunded) is no quantity a text states.
      absl::int128 value = q.scaled;
      if (figure_yuan.has_value() && *q_yuan != *figure_yuan) {
        value = value * *q_yuan / *figure_yuan;
      }
      if (value < 0 || RoundTo(value, figure.decimals) == figure.scaled) continue;
      // Near enough to be the same quantity misstated: money within 1 %
      // (a slip of a digit or two), counts within 10 %.
      const absl::int128 gap =
          value > figure.scaled ? value - figure.scaled : figure.scaled - value;
      if (gap > value / (figure_yuan.has_value() ? 100 : 10)) continue;
      const std::optional<int64_t> fits = Fits(value);
      if (fits.has_value()) out.push_back({figure, {q.what, *fits, figure.unit}});
    }
  }
  return out;
}

namespace {

// A quantity of an indicator's value (target or actual text), if it is one.
std::optional<TableQuantity> QuantityOf(const std::string& what, const std::string& text) {
  const std::vector<TextFigure> figures = FiguresIn(text);
  if (figures.size() != 1) return std::nullopt;
  return TableQuantity{what, figures[0].scaled, figures[0].unit};
}

bool IsCostRow(const juesuan::accounts::v1::Indicator& indicator) {
  return absl::StrContains(indicator.level1(), "成本") ||
         absl::StrContains(indicator.level2(), "成本");
}

// The indicators' quantities (their actual or target values) of a count
// unit only one indicator uses: a text figure of that unit can only state
// that indicator's. Percentages and money are left out (many indicators
// share them; the funds speak for money).
std::vector<TableQuantity> UniqueCounts(
    const google::protobuf::RepeatedPtrField<juesuan::accounts::v1::Indicator>& indicators,
    bool actual) {
  std::vector<TableQuantity> all;
  std::map<std::string, int> uses;
  for (const auto& indicator : indicators) {
    std::optional<TableQuantity> q =
        QuantityOf(indicator.name(), actual ? indicator.actual_text() : indicator.target_text());
    if (!q.has_value() || q->unit == "%" || YuanPerUnit(q->unit).has_value()) continue;
    ++uses[q->unit];
    all.push_back(*std::move(q));
  }
  std::vector<TableQuantity> out;
  for (TableQuantity& q : all) {
    if (uses[q.unit] == 1) out.push_back(std::move(q));
  }
  return out;
}

}  // namespace

TableFunds FundsOf(const juesuan::accounts::v1::SelfEvaluationFunds& funds) {
  TableFunds out;
  const auto& total = funds.total();
  out.has_budget = total.has_annual_budget_fen() && total.annual_budget_fen() > 0;
  out.annual_budget_fen = total.annual_budget_fen();
  out.has_executed = total.has_executed_fen();
  out.executed_fen = total.executed_fen();
  if (out.has_budget || (total.has_executed_fen() && total.executed_fen() > 0)) return out;
  absl::int128 budget = 0, executed = 0;
  bool any_executed = false;
  for (const auto& source : funds.sources()) {
    budget += source.annual_budget_fen();
    executed += source.executed_fen();
    any_executed = any_executed || source.has_executed_fen();
  }
  const std::optional<int64_t> budget_fen = Fits(budget), executed_fen = Fits(executed);
  if (budget <= 0 || !budget_fen || !executed_fen) return out;
  return TableFunds{true, *budget_fen, any_executed, *executed_fen, /*from_parts=*/true};
}

std::vector<TableQuantity> CompletionQuantities(
    const TableFunds& funds,
    const google::protobuf::RepeatedPtrField<juesuan::accounts::v1::Indicator>& indicators) {
  std::vector<TableQuantity> out = UniqueCounts(indicators, /*actual=*/true);
  // Money in 元 × 10^6 (分 × 10^4).
  const std::optional<int64_t> executed = Fits(absl::int128(funds.executed_fen) * 10000);
  if (funds.has_executed && executed) out.push_back({"全年执行数", *executed, "元"});
  absl::int128 cost_sum = 0;
  int cost_rows = 0;
  for (const auto& indicator : indicators) {
    std::optional<TableQuantity> actual = QuantityOf(indicator.name(), indicator.actual_text());
    if (!actual.has_value() || !IsCostRow(indicator) || !YuanPerUnit(actual->unit)) continue;
    cost_sum += absl::int128(actual->scaled) * *YuanPerUnit(actual->unit);
    ++cost_rows;
  }
  const std::optional<int64_t> costs = Fits(cost_sum);
  if (cost_rows >= 2 && costs) out.push_back({"成本指标实际完成值之和", *costs, "元"});
  return out;
}

std::vector<TableQuantity> GoalQuantities(
    const TableFunds& funds,
    const google::protobuf::RepeatedPtrField<juesuan::accounts::v1::Indicator>& indicators) {
  std::vector<TableQuantity> out = UniqueCounts(indicators, /*actual=*/false);
  const std::optional<int64_t> budget = Fits(absl::int128(funds.annual_budget_fen) * 10000);
  if (funds.has_budget && budget) out.push_back({"全年预算数", *budget, "元"});
  return out;
}

}  // namespace juesuan::scoring
