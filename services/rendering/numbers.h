// How the disclosure prints numbers and changes, as pure functions.
//
// Money is printed in 万元 with two decimals and thousands separators
// ("10,496.80"); percentages with two decimals, half-up ("99.26%",
// "1,922.37%"). A change against a prior figure is worded by its sign:
// 增加 … 增长 …, 减少 … 下降 …; no change is worded as the seed words it,
// "增加 0.00 万元，增长 0.00%". Where the prior figure is 0 a rise is
// "增长 100.00%"; where the current figure is 0 a fall is "下降 100%", as
// the seed prints them.
#ifndef JUESUAN_SERVICES_RENDERING_NUMBERS_H_
#define JUESUAN_SERVICES_RENDERING_NUMBERS_H_

#include <cstdint>
#include <string>

namespace juesuan::rendering {

// 分 as 万元: 10496800000 → "10,496.80" (half-up to 0.01 万元).
std::string Wan(int64_t fen);

// part ÷ whole as a percentage: "99.26%"; "0.00%" when whole is 0.
std::string Share(int64_t part, int64_t whole);

// A figure against the one it is compared with.
struct Change {
  std::string direction;  // 增加 / 减少
  std::string amount;     // in 万元, e.g. "7,571.38"
  std::string trend;      // 增长 / 下降
  std::string rate;       // e.g. "258.81%"
  bool changed = false;   // whether current ≠ prior
};
Change Compare(int64_t current_fen, int64_t prior_fen);

// 预决算差异率: (actual − budget) ÷ budget, e.g. "1,922.37%"; "0.00%" when
// both are 0 (as the seed prints it); "—" when only the budget is 0, where
// the rate has no value (no percentage would be true).
std::string DeviationRate(int64_t actual_fen, int64_t budget_fen);

// 一, 二, … 十, 十一 … 九十九 (section and item ordinals).
std::string ChineseOrdinal(int n);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_NUMBERS_H_
