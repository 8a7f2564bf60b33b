// Figures inside a self-evaluation table's goal and completion texts
// ("资金 89.97 万元", "完成 210 家"), read where they state a quantity the table
// also states: the funds, the sum of the cost rows, an indicator's value. A
// text figure agrees with a table quantity when the quantity, rounded to the
// text's decimals, equals it; it is taken to misstate one when it is near it
// without agreeing (money within 1 %, counts within 10 %: a different
// quantity that happens to share a unit is further off).
#ifndef JUESUAN_SERVICES_SCORING_TEXT_FIGURES_H_
#define JUESUAN_SERVICES_SCORING_TEXT_FIGURES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "juesuan/accounts/v1/accounts.pb.h"

namespace juesuan::scoring {

// A figure as the text writes it.
struct TextFigure {
  std::string text;    // "89.97 万元"
  int64_t scaled = 0;  // the value × 10^6
  int decimals = 0;    // digits after the point, as written
  std::string unit;    // "万元", "家", "%" …
};

// The figures of `text` with a unit, in order.
std::vector<TextFigure> FiguresIn(absl::string_view text);

// A quantity of the table a text figure may state.
struct TableQuantity {
  std::string what;  // "全年执行数", "成本指标实际完成值之和", an indicator's name
  int64_t scaled = 0;  // × 10^6, in `unit`
  std::string unit;
};

// A text figure that states a table quantity and disagrees with it.
struct FigureDisagreement {
  TextFigure figure;
  TableQuantity quantity;
};

// A funds table's budget and execution: its total row, or, where that is
// blank or zero while the source rows carry money, the sum of the source
// rows (`from_parts`).
struct TableFunds {
  bool has_budget = false;
  int64_t annual_budget_fen = 0;
  bool has_executed = false;
  int64_t executed_fen = 0;
  bool from_parts = false;
};
TableFunds FundsOf(const juesuan::accounts::v1::SelfEvaluationFunds& funds);

// What a completion text may state: the funds executed, the sum of the cost
// rows' actual money, the indicators' actual quantities; and a goal text:
// the budget and the indicators' targets.
std::vector<TableQuantity> CompletionQuantities(
    const TableFunds& funds,
    const google::protobuf::RepeatedPtrField<juesuan::accounts::v1::Indicator>& indicators);
std::vector<TableQuantity> GoalQuantities(
    const TableFunds& funds,
    const google::protobuf::RepeatedPtrField<juesuan::accounts::v1::Indicator>& indicators);

// Each figure of `figures` set against the quantities of its unit (money in
// 元, 万元 or 亿元 alike): every quantity it misstates.
std::vector<FigureDisagreement> Disagreements(const std::vector<TextFigure>& figures,
                                              const std::vector<TableQuantity>& quantities);

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_TEXT_FIGURES_H_
