// Reading targets and actuals as departments write them in 绩效自评表:
//
//   ">=200 家"  "≥ 95%"  "=100%"  "＝2023年 5月"  "<=2023 年 10 月 30 日"
//   "<=3000.50 万元"  "=2 月/次"  "有效提升"  "“两区”建设显著提升"
//
// Comparators in ASCII and full width (>=, ≥, ≧, <=, ≤, ≦, =, ＝, >, ＞, <, ＜),
// full-width digits and punctuation, and any spacing are accepted. A value is
// a date (year-month[-day]), a number with its unit, or — when it has no
// digit at all — a qualitative phrase.
#ifndef JUESUAN_SERVICES_SCORING_INDICATOR_PARSER_H_
#define JUESUAN_SERVICES_SCORING_INDICATOR_PARSER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "juesuan/accounts/v1/accounts.pb.h"

namespace juesuan::scoring {

// Parses `text`. INVALID_ARGUMENT, with the reason, for text that is none of
// the forms above (e.g. "超 5医院", "=", an impossible date).
absl::StatusOr<juesuan::accounts::v1::Measure> ParseMeasure(absl::string_view text);

// `text` with every space removed and full-width digits, letters and signs
// turned into ASCII (the form ParseMeasure reads).
std::string NormalizeIndicatorText(absl::string_view text);

// The amount of a money unit in 分 per 1 of the unit (元 100, 万元 1,000,000,
// 亿元 10,000,000,000); 0 if `unit` is not money.
int64_t FenPerMoneyUnit(absl::string_view unit);

// Whether the actual value `actual` is one of `phrases` ("达成预期指标",
// "已完成"), saying the target was met: compared normalized, after a leading
// comparator and without final punctuation. "是" is not met against a
// `target` of "否" or "无".
bool IsAchievementPhrase(absl::string_view actual, absl::string_view target,
                         const google::protobuf::RepeatedPtrField<std::string>& phrases);

// Whether `unit` measures time (天, 日, 个工作日, 小时, 月, 周, 年 …).
bool IsTimeUnit(absl::string_view unit);

// Whether `unit` is an interval per occurrence ("月/次"): smaller is more often.
bool IsIntervalUnit(absl::string_view unit);

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_INDICATOR_PARSER_H_
