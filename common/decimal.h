// Exact decimal arithmetic for money, scores and percentages.
//
// Every quantity is an integer count of a fixed minor unit: money in 分
// (1 元 = 100 分, 1 万元 = 1,000,000 分), scores, weights and percentages in
// hundredths. Division rounds half-up (away from zero on .5), as Chinese
// financial statements do: 8.905 → 8.91, where binary floating point gives
// 8.90. Nothing here uses floating point.
#ifndef JUESUAN_COMMON_DECIMAL_H_
#define JUESUAN_COMMON_DECIMAL_H_

#include <cstdint>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace juesuan {

// Parses a plain decimal ("12", "-3.5", "3000.50", "0.05") into an integer
// scaled by 10^scale ("3000.50" at scale 2 → 300050). Refuses exponents,
// signs other than a leading '-', thousands separators, more fractional
// digits than `scale` (unless they are zeros) and values beyond ±9.2e18.
absl::StatusOr<int64_t> ParseScaledDecimal(absl::string_view text, int scale);

// Formats `value` (scaled by 10^scale) with exactly `scale` fractional digits:
// FormatScaled(300050, 2) == "3000.50", FormatScaled(-5, 2) == "-0.05".
std::string FormatScaled(int64_t value, int scale);

// Like FormatScaled, with thousands separators in the integer part, as the
// disclosures print money: FormatScaledGrouped(1049680, 2) == "10,496.80".
std::string FormatScaledGrouped(int64_t value, int scale);

// numerator ÷ denominator rounded half-up to an integer (denominator ≠ 0).
// Uses 128-bit intermediates, so numerator may be a product of two int64s
// up to the 128-bit range of the callers' own arithmetic.
int64_t DivideRoundHalfUp(absl::int128 numerator, absl::int128 denominator);

// 100 × part ÷ whole, as hundredths of a percent rounded half-up:
// PercentHundredths(10179.19, 10255.20) == 9926 (99.26 %). whole ≠ 0. A
// quotient beyond int64 saturates at ±INT64_MAX.
int64_t PercentHundredths(int64_t part, int64_t whole);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_DECIMAL_H_
