// scorer.h's functions of a profile alone: whether it can be applied, and
// the grade it gives a score.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "services/scoring/score_curve.h"
#include "services/scoring/scorer.h"

namespace juesuan::scoring {

using ::juesuan::scoring::v1::ScoringProfile;

std::string GradeOf(int64_t score_hundredths, const ScoringProfile& profile) {
  std::string grade;
  int64_t best = -1;
  for (const auto& band : profile.grade_bands()) {
    const int64_t min = Hundredths(band.min_score());
    if (score_hundredths >= min && min > best) {
      best = min;
      grade = band.grade();
    }
  }
  return grade;
}

absl::Status ValidateProfile(const ScoringProfile& profile) {
  static const std::string kPrefix = "scoringProfiles/";
  if (profile.name().rfind(kPrefix, 0) != 0 || profile.name().size() == kPrefix.size()) {
    return absl::InvalidArgumentError("name: must be scoringProfiles/{profile}");
  }
  if (profile.version().empty()) return absl::InvalidArgumentError("version: required");
  for (const auto& [curve, field] :
       {std::pair{&profile.project_execution(), "project_execution"},
        std::pair{&profile.department_execution(), "department_execution"},
        std::pair{&profile.quantitative(), "quantitative"}}) {
    if (absl::Status s = CheckCurve(*curve, field); !s.ok()) return s;
  }
  if (profile.cost_rule() == v1::COST_RULE_UNSPECIFIED)
    return absl::InvalidArgumentError("cost_rule: required");
  if (profile.time_rule() == v1::TIME_RULE_UNSPECIFIED)
    return absl::InvalidArgumentError("time_rule: required");
  if (profile.qualitative_tiers().empty())
    return absl::InvalidArgumentError("qualitative_tiers: at least one");
  for (const auto& tier : profile.qualitative_tiers()) {
    auto credit = ParseScaledDecimal(tier.credit(), 2);
    if (!credit.ok() || *credit < 0 || *credit > 100) {
      return absl::InvalidArgumentError(
          absl::StrCat("qualitative_tiers.credit: \"", tier.credit(), "\" not in [0, 1]"));
    }
  }
  if (profile.grade_bands().empty()) return absl::InvalidArgumentError("grade_bands: at least one");
  for (const auto& band : profile.grade_bands()) {
    if (band.grade().empty() || !ParseScaledDecimal(band.min_score(), 2).ok()) {
      return absl::InvalidArgumentError("grade_bands: each needs a grade and a decimal min_score");
    }
  }
  return absl::OkStatus();
}

}  // namespace juesuan::scoring
