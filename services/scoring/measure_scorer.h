// Scoring one indicator's actual against its target, by the target's kind
// (scorer.h says how each is read and scored): the score in hundredths, the
// indicator's kind and trace, and the findings it gives.
#ifndef JUESUAN_SERVICES_SCORING_MEASURE_SCORER_H_
#define JUESUAN_SERVICES_SCORING_MEASURE_SCORER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/numeric/int128.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/scoring/v1/scoring.pb.h"
#include "services/scoring/score_curve.h"
#include "services/scoring/scoring_findings.h"

namespace juesuan::scoring {

class MeasureScorer {
 public:
  using Indicator = juesuan::accounts::v1::Indicator;
  using IndicatorScore = juesuan::scoring::v1::IndicatorScore;
  using Measure = juesuan::accounts::v1::Measure;
  using ScoreTrace = juesuan::scoring::v1::ScoreTrace;
  using ScoringProfile = juesuan::scoring::v1::ScoringProfile;

  MeasureScorer(const ScoringProfile& profile, Findings& findings)
      : profile_(profile), findings_(findings) {}

  // Scores one indicator's actual against its target, by the target's kind.
  int64_t ScoreMeasures(const Indicator& indicator, const Measure& target, const Measure& actual,
                        int64_t weight, int index, IndicatorScore* out);

 private:
  // Quantities of one indicator in one unit: both scaled by 10^6, money
  // converted to 分 when both are money units.
  struct Pair {
    absl::int128 target;
    absl::int128 actual;
    std::string unit;
  };

  std::optional<Pair> Quantities(const Measure& target, const Measure& actual, int index,
                                 const std::string& name);

  // A phrase target: the profile's tier for what the actual says.
  int64_t ScoreQualitative(const Indicator& indicator, const Measure& target, const Measure& actual,
                           int64_t weight, int index, IndicatorScore* out);

  // A date target: met by the date, or a completion rate by it.
  int64_t ScoreDate(const Indicator& indicator, const Measure& target, const Measure& actual,
                    int64_t weight, int index, IndicatorScore* out);

  // A quantity target: the actual against it, by the kind of bound.
  int64_t ScoreQuantity(const Indicator& indicator, const Measure& target, const Measure& actual,
                        int64_t weight, int index, IndicatorScore* out);

  // What kind of bound a quantity target is.
  struct Bound {
    bool upper;  // "≤", "<"
    bool cost;   // a 成本指标 row
    bool time;   // a time unit or a 时效指标 row
    std::string cmp;
  };

  int64_t ScoreBound(const Pair& q, const Bound& bound, int64_t weight, int index,
                     const std::string& name, IndicatorScore* out);

  // weight × the quantitative curve's credit of r.
  int64_t ByCurve(const std::string& rule, const Ratio& r, int64_t weight, ScoreTrace* trace);

  static int64_t FullMarks(const std::string& rule, const std::string& why, int64_t weight,
                           ScoreTrace* trace);

  int64_t Unscorable(IndicatorScore* out, int index, const std::string& name,
                     const std::string& why);

  const ScoringProfile& profile_;
  Findings& findings_;
};

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_MEASURE_SCORER_H_
