#include "services/scoring/score_words.h"

#include "absl/strings/match.h"
#include "common/decimal.h"

namespace juesuan::scoring {

using ::juesuan::accounts::v1::Comparator;

std::string Comparative(Comparator c) {
  switch (c) {
    case juesuan::accounts::v1::COMPARATOR_GE:
      return ">=";
    case juesuan::accounts::v1::COMPARATOR_GT:
      return ">";
    case juesuan::accounts::v1::COMPARATOR_LE:
      return "<=";
    case juesuan::accounts::v1::COMPARATOR_LT:
      return "<";
    case juesuan::accounts::v1::COMPARATOR_EQ:
      return "=";
    default:
      return "";
  }
}

bool IsUpperBound(Comparator c) {
  return c == juesuan::accounts::v1::COMPARATOR_LE || c == juesuan::accounts::v1::COMPARATOR_LT;
}

// An actual that says the target was not reached: 未/没有 + the target, or
// 未完成 / 未达到 / 未实现 / 效果较差. Positive phrases that merely start with
// 无 or 未 (无重大安全事故, 未发生安全事故) are not negative.
bool IsNegativePhrase(absl::string_view phrase, absl::string_view target) {
  for (const char* prefix : {"未", "没有"}) {
    if (absl::StartsWith(phrase, prefix) && absl::StrContains(phrase, target)) return true;
  }
  for (const char* word : {"未完成", "未达到", "未达成", "未实现", "效果较差", "没有完成"}) {
    if (absl::StrContains(phrase, word)) return true;
  }
  return false;
}

// A value × 10^6 as a decimal without trailing zeros ("89.99", "210").
std::string TrimmedDecimal(int64_t scaled) {
  std::string s = FormatScaled(scaled, 6);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace juesuan::scoring
