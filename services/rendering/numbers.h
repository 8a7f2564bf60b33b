// How the disclosure prints numbers and changes, as pure functions.
//
// Money is printed in 万元 with two decimals and thousands separators
// ("10,496.80"); percentages with two decimals, half-up ("99.26%",
// "1,922.37%"). A change against a prior figure is worded by its sign:
// 增加 … 增长 …, 减少 … 下降 ….
//
// What the figures leave open is worded by the template's `Wording`: the
// defaults never state a percentage on a zero base and word no change as
// "增加 0.00 万元，增长 0.00%" only where a template asks for it (the seed's
// layout does); see disclosure.proto.
#ifndef JUESUAN_SERVICES_RENDERING_NUMBERS_H_
#define JUESUAN_SERVICES_RENDERING_NUMBERS_H_

#include <cstdint>
#include <map>
#include <string>

#include "juesuan/disclosure/v1/disclosure.pb.h"

namespace juesuan::rendering {

using Wording = ::juesuan::disclosure::v1::Wording;

// 分 as 万元: 10496800000 → "10,496.80" (half-up to 0.01 万元).
std::string Wan(int64_t fen);

// As Wan, but a zero is "0" where the template prints it so, and with
// `decimals` decimals (2 in documents; the auditor asks for 6, exact).
std::string Wan(int64_t fen, const Wording& wording, int decimals = 2);

// part ÷ whole as a percentage: "99.26%" (half-up to `decimals`); empty when
// whole is 0 (there is no share of nothing).
std::string Share(int64_t part, int64_t whole, int decimals = 2);

// A figure against the one it is compared with.
struct Change {
  std::string direction;  // 增加 / 减少
  std::string amount;     // in 万元, e.g. "7,571.38"
  std::string trend;      // 增长 / 下降
  std::string rate;       // e.g. "258.81%"; empty where none is stated
  bool changed = false;   // whether current ≠ prior
  bool flat = false;      // worded 持平 (unchanged, and the template says so)
};
Change Compare(int64_t current_fen, int64_t prior_fen, const Wording& wording, int decimals = 2);

// 预决算差异率: (actual − budget) ÷ budget, e.g. "1,922.37%". Against a
// budget of 0 it is empty (no percentage would be true), except "0.00%" for
// 0 spent of 0 where the template words it so.
std::string DeviationRate(int64_t actual_fen, int64_t budget_fen, const Wording& wording,
                          int decimals = 2);

// 完成预算的 X%: actual ÷ budget, e.g. "95.89%"; empty against a budget of 0.
std::string CompletionRate(int64_t actual_fen, int64_t budget_fen, int decimals = 2);

// What an auditor asks the numbers to keep while it renders: each computed
// figure (as returned, separators removed) and how it was computed from
// the accounts ("264.87 ÷ 307.82 × 100%", "10.23 − 0.00"). Active on its
// thread while it lives; without one, nothing is kept.
class FormulaLog {
 public:
  FormulaLog();
  ~FormulaLog();
  FormulaLog(const FormulaLog&) = delete;
  FormulaLog& operator=(const FormulaLog&) = delete;
  // Figure → formula; a figure computed twice keeps its first formula.
  const std::map<std::string, std::string>& formulas() const { return formulas_; }
  // Keeps `formula` for `figure` in this thread's active log, if any.
  static void Record(const std::string& figure, const std::string& formula);

 private:
  std::map<std::string, std::string> formulas_;
  FormulaLog* outer_;
};

// 一, 二, … 十, 十一 … 九十九 (section and item ordinals).
std::string ChineseOrdinal(int n);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_NUMBERS_H_
