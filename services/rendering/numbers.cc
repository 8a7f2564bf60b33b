#include "services/rendering/numbers.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "common/decimal.h"

namespace juesuan::rendering {
namespace {
constexpr int64_t kFenPerCentOfWan = 10000;  // 0.01 万元
}  // namespace

std::string Wan(int64_t fen) {
  return FormatScaledGrouped(DivideRoundHalfUp(fen, kFenPerCentOfWan), 2);
}

std::string Wan(int64_t fen, const Wording& wording) {
  if (wording.zero_amount_as_bare_zero() && DivideRoundHalfUp(fen, kFenPerCentOfWan) == 0) {
    return "0";
  }
  return Wan(fen);
}

std::string Share(int64_t part, int64_t whole) {
  if (whole == 0) return "";
  return absl::StrCat(FormatScaledGrouped(PercentHundredths(part, whole), 2), "%");
}

Change Compare(int64_t current_fen, int64_t prior_fen, const Wording& wording) {
  Change c;
  c.changed = current_fen != prior_fen;
  c.flat = !c.changed && wording.unchanged_as_flat();
  const bool fell = current_fen < prior_fen;
  c.direction = fell ? "减少" : "增加";
  c.trend = fell ? "下降" : "增长";
  c.amount = Wan(std::llabs(current_fen - prior_fen));
  if (!c.changed) {
    if (!c.flat) c.rate = "0.00%";
  } else if (prior_fen == 0) {
    if (wording.rise_from_zero_as_hundred_percent()) c.rate = "100.00%";
  } else if (current_fen == 0 && wording.fall_to_zero_without_decimals()) {
    c.rate = "100%";
  } else {
    // Against the size of the base: from −10 to −5 is a rise of 50%.
    c.rate = Share(std::llabs(current_fen - prior_fen), std::llabs(prior_fen));
  }
  return c;
}

std::string DeviationRate(int64_t actual_fen, int64_t budget_fen, const Wording& wording) {
  if (budget_fen == 0) {
    return actual_fen == 0 && wording.zero_over_zero_as_zero_percent() ? "0.00%" : "";
  }
  return Share(actual_fen - budget_fen, std::llabs(budget_fen));
}

std::string CompletionRate(int64_t actual_fen, int64_t budget_fen) {
  return budget_fen <= 0 ? "" : Share(actual_fen, budget_fen);
}

std::string ChineseOrdinal(int n) {
  static const char* const kDigits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n > 99) return absl::StrCat(n);
  if (n < 10) return kDigits[n];
  const int tens = n / 10;
  const int ones = n % 10;
  return absl::StrCat(tens == 1 ? "" : kDigits[tens], "十", kDigits[ones]);
}

}  // namespace juesuan::rendering
