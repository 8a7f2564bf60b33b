#include "services/rendering/numbers.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "absl/strings/str_cat.h"
#include "common/decimal.h"

namespace juesuan::rendering {
namespace {
constexpr int64_t kFenPerCentOfWan = 10000;  // 0.01 万元
constexpr int kFenDecimalsOfWan = 6;         // 1 分 = 0.000001 万元

int64_t Pow10(int n) {
  int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}
}  // namespace

std::string Wan(int64_t fen) {
  return FormatScaledGrouped(DivideRoundHalfUp(fen, kFenPerCentOfWan), 2);
}

std::string Wan(int64_t fen, const Wording& wording, int decimals) {
  if (wording.zero_amount_as_bare_zero() && DivideRoundHalfUp(fen, kFenPerCentOfWan) == 0) {
    return "0";
  }
  if (decimals == 2) return Wan(fen);
  decimals = std::clamp(decimals, 0, kFenDecimalsOfWan);
  return FormatScaledGrouped(DivideRoundHalfUp(fen, Pow10(kFenDecimalsOfWan - decimals)), decimals);
}

namespace {

thread_local FormulaLog* active_log = nullptr;

// An input of a formula in 万元: two decimals where exact, else six.
std::string Input(int64_t fen) {
  return fen % 10000 == 0 ? FormatScaledGrouped(fen / 10000, 2) : FormatScaledGrouped(fen, 6);
}

std::string ShareOf(int64_t part, int64_t whole, int decimals);

}  // namespace

FormulaLog::FormulaLog() : outer_(active_log) { active_log = this; }
FormulaLog::~FormulaLog() { active_log = outer_; }

void FormulaLog::Record(const std::string& figure, const std::string& formula) {
  if (active_log == nullptr) return;
  std::string key;
  for (char c : figure) {
    if (c != ',') key.push_back(c);
  }
  active_log->formulas_.emplace(std::move(key), formula);
}

std::string Share(int64_t part, int64_t whole, int decimals) {
  std::string share = ShareOf(part, whole, decimals);
  // Share(x, 1) is how the wording writes a literal rate (0.00%, 100.00%).
  if (!share.empty() && whole != 1)
    FormulaLog::Record(share, absl::StrCat(Input(part), " ÷ ", Input(whole), " × 100%"));
  return share;
}

namespace {

std::string ShareOf(int64_t part, int64_t whole, int decimals) {
  if (whole == 0) return "";
  if (decimals == 2)
    return absl::StrCat(FormatScaledGrouped(PercentHundredths(part, whole), 2), "%");
  decimals = std::clamp(decimals, 0, 6);
  const absl::int128 numerator = absl::int128(part) * 100 * Pow10(decimals);
  // As PercentHundredths: a quotient beyond int64 saturates.
  const absl::int128 limit = std::numeric_limits<int64_t>::max();
  const absl::int128 quotient = numerator / whole;
  const int64_t scaled = quotient > limit    ? std::numeric_limits<int64_t>::max()
                         : quotient < -limit ? -std::numeric_limits<int64_t>::max()
                                             : DivideRoundHalfUp(numerator, whole);
  return absl::StrCat(FormatScaledGrouped(scaled, decimals), "%");
}

}  // namespace

Change Compare(int64_t current_fen, int64_t prior_fen, const Wording& wording, int decimals) {
  Change c;
  c.changed = current_fen != prior_fen;
  c.flat = !c.changed && wording.unchanged_as_flat();
  const bool fell = current_fen < prior_fen;
  c.direction = fell ? "减少" : "增加";
  c.trend = fell ? "下降" : "增长";
  c.amount = Wan(std::llabs(current_fen - prior_fen), Wording(), decimals);
  FormulaLog::Record(c.amount, fell ? absl::StrCat(Input(prior_fen), " − ", Input(current_fen))
                                    : absl::StrCat(Input(current_fen), " − ", Input(prior_fen)));
  if (!c.changed) {
    if (!c.flat) c.rate = Share(0, 1, decimals);
  } else if (prior_fen == 0) {
    if (wording.rise_from_zero_as_hundred_percent()) c.rate = Share(1, 1, decimals);
  } else if (current_fen == 0 && wording.fall_to_zero_without_decimals()) {
    c.rate = "100%";
  } else {
    // Against the size of the base: from −10 to −5 is a rise of 50%.
    c.rate = Share(std::llabs(current_fen - prior_fen), std::llabs(prior_fen), decimals);
  }
  return c;
}

std::string DeviationRate(int64_t actual_fen, int64_t budget_fen, const Wording& wording,
                          int decimals) {
  if (budget_fen == 0) {
    return actual_fen == 0 && wording.zero_over_zero_as_zero_percent() ? Share(0, 1, decimals) : "";
  }
  return Share(actual_fen - budget_fen, std::llabs(budget_fen), decimals);
}

std::string CompletionRate(int64_t actual_fen, int64_t budget_fen, int decimals) {
  return budget_fen <= 0 ? "" : Share(actual_fen, budget_fen, decimals);
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
