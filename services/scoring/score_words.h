// The words of an indicator a score reads and writes: its comparator as
// printed, whether it bounds from above, whether an actual says the target
// was missed, and values written without trailing zeros.
#ifndef JUESUAN_SERVICES_SCORING_SCORE_WORDS_H_
#define JUESUAN_SERVICES_SCORING_SCORE_WORDS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "juesuan/accounts/v1/accounts.pb.h"

namespace juesuan::scoring {

// ">=", ">", "<=", "<", "=" ("" for none).
std::string Comparative(juesuan::accounts::v1::Comparator c);

// "<=" or "<".
bool IsUpperBound(juesuan::accounts::v1::Comparator c);

// An actual that says the target was not reached: 未/没有 + the target, or
// 未完成 / 未达到 / 未实现 / 效果较差. Positive phrases that merely start with
// 无 or 未 (无重大安全事故, 未发生安全事故) are not negative.
bool IsNegativePhrase(absl::string_view phrase, absl::string_view target);

// A value × 10^6 as a decimal without trailing zeros ("89.99", "210").
std::string TrimmedDecimal(int64_t scaled);

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_SCORE_WORDS_H_
