// Plain-text views of scorecards and scoring jobs for operators' terminals.
#ifndef JUESUAN_SERVICES_JUESUANCTL_SCORECARD_TEXT_H_
#define JUESUAN_SERVICES_JUESUANCTL_SCORECARD_TEXT_H_

#include <string>

#include "juesuan/scoring/v1/scoring_service.pb.h"

namespace juesuan::ctl {

// The scorecard: one line per table (execution, total, grade, printed
// total), then the findings.
std::string ScorecardToText(const juesuan::scoring::v1::Scorecard& card);

// A ranked table: rank, department, region, total, grade, revision.
std::string ScorecardsToTable(const juesuan::scoring::v1::ListScorecardsResponse& page);

// "[#########.........] 450/1000 scored, 2 failed" for a running job.
std::string ProgressBar(const juesuan::scoring::v1::ScoringJob& job);

// The job's end: state, counts, first failures.
std::string JobSummary(const juesuan::scoring::v1::ScoringJob& job);

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_SCORECARD_TEXT_H_
