#include "services/scoring/score_curve.h"

#include "absl/strings/str_cat.h"
#include "common/decimal.h"

namespace juesuan::scoring {

using ::juesuan::scoring::v1::CreditCurve;

std::string FormatRatio(const Ratio& r) {
  if (r.den <= 0) return "—";
  const absl::int128 scaled = r.num * 10000 / r.den;
  if (scaled > absl::int128(1) << 60) return "≫1";  // far beyond any target
  return FormatScaled(DivideRoundHalfUp(r.num * 10000, r.den), kRatioScale);
}

// A decimal string in hundredths; 0 for one that does not parse (the
// ingestion schema check refuses those before they are stored).
int64_t Hundredths(const std::string& text) {
  auto v = ParseScaledDecimal(text, 2);
  return v.ok() ? *v : 0;
}

namespace {

// The floor of a LINEAR_ABOVE_FLOOR curve in ten-thousandths.
int64_t FloorOf(const CreditCurve& curve) {
  auto v = ParseScaledDecimal(curve.floor(), kRatioScale);
  return v.ok() ? *v : 0;
}

}  // namespace

// weight × credit(r), in hundredths, half-up; `capped` says whether the curve
// was cut at full marks or at zero.
int64_t ApplyCurve(int64_t weight, const Ratio& r, const CreditCurve& curve, bool* capped,
                   std::string* formula_credit) {
  const std::string rs = FormatRatio(r);
  if (r.den <= 0 || r.num < 0) {  // callers exclude these; never divide by them
    *capped = true;
    *formula_credit = "0";
    return 0;
  }
  if (curve.kind() == CreditCurve::KIND_LINEAR_ABOVE_FLOOR) {
    const int64_t floor = FloorOf(curve);  // f = floor / 10^4
    const std::string f = FormatScaled(floor, kRatioScale);
    *formula_credit = absl::StrCat("clamp((", rs, " − ", f, ") ÷ (1 − ", f, "), 0, 1)");
    if (r.num >= r.den) {
      *capped = r.num > r.den;
      return weight;
    }
    // r·10^4 ≤ floor: nothing.
    if (r.num * 10000 <= r.den * floor) {
      *capped = true;
      return 0;
    }
    *capped = false;
    return DivideRoundHalfUp(absl::int128(weight) * (r.num * 10000 - r.den * floor),
                             r.den * (10000 - floor));
  }
  *formula_credit = absl::StrCat("min(", rs, ", 1)");
  if (r.num >= r.den) {
    *capped = r.num > r.den;
    return weight;
  }
  *capped = false;
  return DivideRoundHalfUp(absl::int128(weight) * r.num, r.den);
}

absl::Status CheckCurve(const CreditCurve& curve, const char* field) {
  if (curve.kind() == CreditCurve::KIND_PROPORTIONAL) return absl::OkStatus();
  if (curve.kind() != CreditCurve::KIND_LINEAR_ABOVE_FLOOR) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": curve kind not set"));
  }
  auto floor = ParseScaledDecimal(curve.floor(), kRatioScale);
  if (!floor.ok() || *floor < 0 || *floor >= 10000) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".floor: must be a decimal in [0, 1)"));
  }
  return absl::OkStatus();
}

}  // namespace juesuan::scoring
