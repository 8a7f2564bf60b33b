// The commands of juesuan-scoring (--scoring_addr): scorecards, profiles and
// the scoring jobs, which score-all starts and follows to their end.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "juesuan/scoring/v1/scoring_service.grpc.pb.h"
#include "services/juesuanctl/cli.h"
#include "services/juesuanctl/command.h"
#include "services/juesuanctl/flags.h"
#include "services/juesuanctl/scorecard_text.h"

namespace juesuan::ctl {
namespace {

namespace sv1 = ::juesuan::scoring::v1;
using Stub = sv1::PerformanceScoringService::Stub;

std::unique_ptr<Stub> Scoring() {
  return sv1::PerformanceScoringService::NewStub(Dial(absl::GetFlag(FLAGS_scoring_addr)));
}

std::string ProfileName() {
  const std::string p = absl::GetFlag(FLAGS_profile);
  return p.rfind("scoringProfiles/", 0) == 0 ? p : "scoringProfiles/" + p;
}

int Score(const Invocation& in) {
  sv1::ScoreAccountsRequest request;
  request.set_accounts(in.Arg(0));
  request.set_profile(ProfileName());
  return CallAndPrint(*Scoring(), &Stub::ScoreAccounts, request, [](const sv1::Scorecard& card) {
    return Print(card, [&] { return ScorecardToText(card); });
  });
}

int GetScorecard(const Invocation& in) {
  sv1::GetScorecardRequest request;
  request.set_name(in.Arg(0));
  request.set_profile(ProfileName());
  return CallAndPrint(*Scoring(), &Stub::GetScorecard, request, PrintJson);
}

int Scorecards(const Invocation&) {
  sv1::ListScorecardsRequest request;
  request.set_parent("departments/-");
  request.set_profile(ProfileName());
  request.set_fiscal_year(FiscalYear());
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  return CallAndPrint(*Scoring(), &Stub::ListScorecards, request,
                      [](const sv1::ListScorecardsResponse& page) {
                        return Print(page, [&] { return ScorecardsToTable(page); });
                      });
}

int Profiles(const Invocation&) {
  return CallAndPrint(*Scoring(), &Stub::ListScoringProfiles, sv1::ListScoringProfilesRequest(),
                      [](const sv1::ListScoringProfilesResponse& profiles) {
                        return Print(profiles, [&] {
                          std::string text;
                          for (const auto& p : profiles.scoring_profiles()) {
                            absl::StrAppend(&text, p.name(), "\tv", p.version(), "\t",
                                            p.display_name(), "\n");
                          }
                          return text;
                        });
                      });
}

int Jobs(const Invocation&) {
  sv1::ListScoringJobsRequest request;
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  return CallAndPrint(*Scoring(), &Stub::ListScoringJobs, request, PrintJson);
}

int Job(const Invocation& in) {
  sv1::GetScoringJobRequest request;
  request.set_name(in.Arg(0));
  return CallAndPrint(*Scoring(), &Stub::GetScoringJob, request, PrintJson);
}

// Follows `job` until it ends; if the server restarts (the job resumes
// there), watches again for up to a minute before giving up. The progress
// bar redraws itself: on a terminal only (a CronJob's log gets the summary
// at the end, not a line of carriage returns).
grpc::Status Follow(Stub& stub, sv1::ScoringJob& job) {
  sv1::WatchScoringJobRequest watch;
  watch.set_name(job.name());
  const absl::Time give_up_after = absl::Now() + absl::Minutes(1);
  const bool progress = isatty(STDERR_FILENO) == 1;
  grpc::Status end;
  while (true) {
    grpc::ClientContext watch_context;
    auto reader = stub.WatchScoringJob(&watch_context, watch);
    sv1::ScoringJob update;
    while (reader->Read(&update)) {
      job = update;
      if (progress) std::cerr << "\r" << ProgressBar(job) << std::flush;
    }
    end = reader->Finish();
    const bool terminal = job.state() != sv1::JOB_STATE_RUNNING;
    if (end.ok() && terminal) break;
    if (end.error_code() != grpc::StatusCode::UNAVAILABLE && !(end.ok() && !terminal)) break;
    if (absl::Now() > give_up_after) break;
    absl::SleepFor(absl::Seconds(1));
  }
  if (progress) std::cerr << "\n";
  return end;
}

// Starts a job and follows it: 0 all scored, 2 some failed, 1 the job did.
int ScoreAll(const Invocation&) {
  sv1::StartScoringJobRequest start;
  start.set_fiscal_year(FiscalYear());
  start.set_region_code(absl::GetFlag(FLAGS_region));
  start.set_profile(ProfileName());
  start.set_request_id(absl::GetFlag(FLAGS_request_id));
  const std::unique_ptr<Stub> stub = Scoring();
  sv1::ScoringJob job;
  grpc::ClientContext start_context;
  SetDeadline(start_context);
  if (const grpc::Status s = stub->StartScoringJob(&start_context, start, &job); !s.ok()) {
    return PrintError(s);
  }
  std::cerr << "job " << job.name() << " (" << job.profile() << ", " << job.fiscal_year()
            << (job.region_code().empty() ? "" : ", region " + job.region_code()) << ")\n";
  if (const grpc::Status end = Follow(*stub, job); !end.ok()) return PrintError(end);
  Print(job, [&] { return JobSummary(job); });
  switch (job.state()) {
    case sv1::JOB_STATE_SUCCEEDED:
      return kExitOk;
    case sv1::JOB_STATE_SUCCEEDED_WITH_FAILURES:
      return 2;
    default:
      return kExitFailed;
  }
}

}  // namespace

std::vector<Command> ScoringCommands() {
  return {
      {"score",
       "scoring",
       "ACCOUNTS",
       "score one department-year's self-evaluations under a profile; the scorecard",
       {"ACCOUNTS"},
       {"profile"},
       "juesuanctl score departments/changji-kejiju/accounts/2023 --profile=changji-2023",
       Score},
      {"scorecard",
       "scoring",
       "NAME",
       "a stored scorecard, as JSON",
       {"NAME"},
       {"profile"},
       "juesuanctl scorecard departments/changji-kejiju/scorecards/2023 --profile=changji-2023",
       GetScorecard},
      {"scorecards",
       "scoring",
       "",
       "the scorecards of a fiscal year, ranked",
       {},
       {"fiscal_year", "year", "profile", "region", "page_size", "page_token"},
       "juesuanctl scorecards --fiscal_year=2023 --profile=changji-2023",
       Scorecards},
      {"profiles",
       "scoring",
       "",
       "the scoring profiles: name, version, title",
       {},
       {},
       "juesuanctl profiles",
       Profiles},
      {"score-all",
       "scoring",
       "",
       "start a scoring job over a fiscal year (and region) and follow it to its end; exit 0 "
       "all scored, 2 some failed, 1 the job failed",
       {},
       {"fiscal_year", "year", "profile", "region", "request_id"},
       "juesuanctl score-all --year=previous --profile=changji-2023",
       ScoreAll},
      {"jobs",
       "scoring",
       "",
       "the scoring jobs, as JSON",
       {},
       {"page_size", "page_token"},
       "juesuanctl jobs",
       Jobs},
      {"job",
       "scoring",
       "NAME",
       "one scoring job, as JSON",
       {"NAME"},
       {},
       "juesuanctl job scoringJobs/ID (from jobs)",
       Job},
  };
}

}  // namespace juesuan::ctl
