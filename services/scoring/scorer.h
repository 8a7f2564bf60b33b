// Scoring the self-evaluation tables of one department-year under a profile.
// Pure: no I/O, no clock. Every number is an exact rational until the score
// itself, which is rounded half-up to 0.01.
//
// How a row is read (IndicatorKind) and scored:
//   quantity  ("≥", "=", ">")  r = actual ÷ target (target ÷ actual for an
//                              interval such as "月/次"), credit on the
//                              profile's quantitative curve.
//   cost      ("≤" in a 成本指标 row) by the profile's cost rule.
//   time      ("≤ 15 天", a date) by the profile's time rule; a date is met
//                              when the actual is not later (by month when
//                              the target names only a month).
//   upper     (other "≤")      within: full; over: r = target ÷ actual.
//   qualitative (a phrase)     the first tier when the actual repeats or
//                              affirms the target, the second when it says
//                              something else (a finding), the last when it
//                              is missing or negative.
// A date target whose actual is a percentage (the seed's 培训完成及时性:
// "=2023年5月" against "=100%") is read as the share of the work done by the
// date, on the quantitative curve, and reported as a kind-mismatch finding.
// Anything else that cannot be compared scores 0 with a finding.
#ifndef JUESUAN_SERVICES_SCORING_SCORER_H_
#define JUESUAN_SERVICES_SCORING_SCORER_H_

#include "absl/status/status.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/scoring/v1/scoring.pb.h"

namespace juesuan::scoring {

// Checks that a profile can be applied (curves, floors, tiers and bands are
// well formed); INVALID_ARGUMENT naming the field otherwise.
absl::Status ValidateProfile(const juesuan::scoring::v1::ScoringProfile& profile);

// Scores every self-evaluation table of `accounts` under `profile` (which
// must be valid). Fills the tables, totals, grades and findings; the caller
// fills name, revision, times and digests.
juesuan::scoring::v1::Scorecard ScoreSelfEvaluations(
    const juesuan::accounts::v1::FinalAccounts& accounts,
    const juesuan::scoring::v1::ScoringProfile& profile);

// The grade of `score_hundredths` under the profile's bands ("" if none).
std::string GradeOf(int64_t score_hundredths, const juesuan::scoring::v1::ScoringProfile& profile);

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_SCORER_H_
