#include "services/juesuanctl/scorecard_text.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace juesuan::ctl {

namespace v1 = ::juesuan::scoring::v1;

std::string ScorecardToText(const v1::Scorecard& card) {
  std::string out = absl::StrCat(card.name(), "  ", card.department_display_name(), "\n",
                                 "profile ", card.profile(), " v", card.profile_version(),
                                 "; accounts ", card.accounts_revision(), "\n", "total ",
                                 card.total_score(), "  ", card.grade().grade(), "\n\n");
  if (card.state() == v1::SCORECARD_STATE_NOTHING_TO_SCORE) {
    absl::StrAppend(&out,
                    "未提交绩效自评表: the accounts hold no self-evaluation table to score\n");
    return out;
  }
  auto line = [&out](const v1::TableScore& t) {
    absl::StrAppendFormat(
        &out, "  %7s  %9s  %s    %7s%%  %6s  %s\n", t.total_score(),
        t.reported_total_score().empty() ? "" : absl::StrCat("(", t.reported_total_score(), ")"),
        t.grade().grade(), t.execution_rate_percent(), t.execution_score(), t.title());
  };
  out += "    total  (printed)  grade  执行率  得分    table\n";
  if (card.has_department_wide()) line(card.department_wide());
  for (const auto& t : card.projects()) line(t);
  if (!card.findings().empty()) {
    absl::StrAppend(&out, "\nfindings:\n");
    for (const auto& f : card.findings()) {
      absl::StrAppend(&out, "  ", v1::ScoringFinding::Kind_Name(f.kind()).substr(5), "  ",
                      f.table(),
                      f.indicator_name().empty() ? "" : absl::StrCat(" / ", f.indicator_name()),
                      ": ", f.message(), "\n");
    }
  }
  return out;
}

std::string ScorecardsToTable(const v1::ListScorecardsResponse& page) {
  std::string out = "rank  total   grade  region  department\n";
  int rank = 0;
  for (const auto& c : page.scorecards()) {
    absl::StrAppendFormat(&out, "%4d  %6s  %-4s  %-6s  %s  %s\n", ++rank, c.total_score(),
                          c.grade().grade(), c.region_code(), c.name(),
                          c.department_display_name());
  }
  if (!page.next_page_token().empty()) {
    absl::StrAppend(&out, "(more: --page_token=", page.next_page_token(), ")\n");
  }
  return out;
}

std::string ProgressBar(const v1::ScoringJob& job) {
  const int64_t handled = job.scored() + job.failed();
  const int64_t known = std::max<int64_t>(job.total(), handled);
  constexpr int kWidth = 30;
  const int filled = known == 0 ? 0 : static_cast<int>(kWidth * handled / known);
  return absl::StrFormat("[%s%s] %d scored, %d failed%s", std::string(filled, '#'),
                         std::string(kWidth - filled, '.'), job.scored(), job.failed(),
                         job.state() == v1::JOB_STATE_RUNNING ? " …" : "");
}

std::string JobSummary(const v1::ScoringJob& job) {
  std::string out =
      absl::StrCat(job.name(), ": ", v1::JobState_Name(job.state()), ", ", job.scored(),
                   " scored, ", job.failed(), " failed of ", job.total(), "\n");
  if (!job.error().empty()) absl::StrAppend(&out, "error: ", job.error(), "\n");
  for (const auto& f : job.failures()) {
    absl::StrAppend(&out, "  ", f.accounts(), ": ", f.code(), " ", f.message(), "\n");
  }
  return out;
}

}  // namespace juesuan::ctl
