// The arithmetic of a score: exact ratios, the profile's credit curves
// applied to them, and decimals read in hundredths.
#ifndef JUESUAN_SERVICES_SCORING_SCORE_CURVE_H_
#define JUESUAN_SERVICES_SCORING_SCORE_CURVE_H_

#include <cstdint>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "juesuan/scoring/v1/scoring.pb.h"

namespace juesuan::scoring {

inline constexpr int kRatioScale = 4;  // ratios and credits are shown to 4 decimals

// r = num ÷ den, exact (den > 0).
struct Ratio {
  absl::int128 num;
  absl::int128 den;
};

// The ratio to 4 decimals, half-up; "—" without a denominator, "≫1" far
// beyond any target.
std::string FormatRatio(const Ratio& r);

// A decimal string in hundredths; 0 for one that does not parse (the
// ingestion schema check refuses those before they are stored).
int64_t Hundredths(const std::string& text);

// weight × credit(r), in hundredths, half-up; `capped` says whether the curve
// was cut at full marks or at zero; `formula_credit` is the credit written
// as a formula of r, for the trace.
int64_t ApplyCurve(int64_t weight, const Ratio& r, const juesuan::scoring::v1::CreditCurve& curve,
                   bool* capped, std::string* formula_credit);

// A curve a profile may hold: a kind, and a floor in [0, 1) where it has
// one; INVALID_ARGUMENT naming `field` otherwise.
absl::Status CheckCurve(const juesuan::scoring::v1::CreditCurve& curve, const char* field);

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_SCORE_CURVE_H_
