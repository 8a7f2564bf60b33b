// The scoring domain: score one department-year, or every department-year of
// a year as a job, under a profile; store and serve the scorecards. No gRPC
// here: accounts come through AccountsSource, errors are absl::Status.
//
// Jobs. A job lists the year's accounts from ingestion a page at a time and
// scores each. After each page it stores its counts and the listing cursor in
// one synced write (which also makes that page's scorecards durable: they
// are written unsynced before it). A job interrupted by a crash or a restart
// is resumed from its cursor when the service starts again; the page it was
// in is scored again, which changes nothing, since a scorecard is keyed by
// department, year and profile. So a job, re-run or resumed, always ends with
// exactly one scorecard per department-year.
#ifndef JUESUAN_SERVICES_SCORING_SCORING_SERVICE_H_
#define JUESUAN_SERVICES_SCORING_SCORING_SERVICE_H_

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "common/thread_pool.h"
#include "juesuan/ingestion/v1/ingestion_service.pb.h"
#include "juesuan/scoring/v1/scoring_service.pb.h"
#include "services/scoring/profiles.h"
#include "storage/scoring_store.h"

namespace juesuan::scoring {

// Where accounts come from: ingestion over gRPC in production.
class AccountsSource {
 public:
  virtual ~AccountsSource() = default;
  // The accounts (FULL view) of `name`, an accounts or revision name; the
  // call gives up at `deadline` (or earlier, by its own timeout).
  virtual absl::StatusOr<juesuan::ingestion::v1::AccountsRevision> GetAccounts(
      const std::string& name, absl::Time deadline) = 0;
  // A page of the latest revisions of a year (and region), with the accounts
  // themselves (FULL view).
  virtual absl::StatusOr<juesuan::ingestion::v1::ListAccountsResponse> ListAccounts(
      int32_t fiscal_year, const std::string& region_code, int page_size,
      const std::string& page_token) = 0;
};

// Told of a job's progress (the gRPC adapter's WatchScoringJob streams).
class JobWatcher {
 public:
  virtual ~JobWatcher() = default;
  // Called with the job's state; never concurrently for one watcher.
  virtual void OnJobUpdate(const v1::ScoringJob& job) = 0;
};

struct ScoringServiceOptions {
  std::string suite_version;
  // Department-years a job lists per page (and persists progress after).
  // Small: each page is one message through the transport that submissions
  // share, and 10 seed-sized department-years (350 KB) doubled the ingest
  // p99 while a job ran; 4 matches the default item threads.
  int job_page_size = 4;
  // Threads scoring a page's department-years in parallel.
  int job_item_threads = 4;
  // How much lower than requests a job's threads run (Linux nice, per
  // thread): a nightly job must not slow submissions and reads.
  int job_nice = 10;
  // Attempts (with backoff) at listing a page before a job fails.
  int job_list_attempts = 4;
  absl::Duration job_retry_backoff = absl::Milliseconds(500);
  // Tests only: a pause before each department-year a job scores, so a test
  // can stop or kill the service in the middle of a job.
  absl::Duration job_item_delay_for_test = absl::ZeroDuration();
};

class ScoringService {
 public:
  // Takes the store; `source`, `clock` must outlive the service. Resumes the
  // jobs the store holds as RUNNING.
  static absl::StatusOr<std::unique_ptr<ScoringService>> Create(
      std::unique_ptr<storage::ScoringStore> store, std::shared_ptr<const ProfileRegistry> profiles,
      AccountsSource* source, const Clock* clock, ScoringServiceOptions options);
  // Stops the job workers (a running job stays RUNNING and resumes later).
  ~ScoringService();

  // Scores one department-year; calls to ingestion end by `deadline` (the
  // caller's, propagated).
  absl::StatusOr<v1::Scorecard> Score(const v1::ScoreAccountsRequest& request,
                                      absl::Time deadline = absl::InfiniteFuture());
  absl::StatusOr<v1::Scorecard> GetScorecard(const v1::GetScorecardRequest& request) const;
  absl::StatusOr<v1::ListScorecardsResponse> ListScorecards(
      const v1::ListScorecardsRequest& request) const;
  absl::StatusOr<v1::ScoringProfile> GetProfile(const v1::GetScoringProfileRequest& request) const;
  absl::StatusOr<v1::ListScoringProfilesResponse> ListProfiles(
      const v1::ListScoringProfilesRequest& request) const;

  absl::StatusOr<v1::ScoringJob> StartJob(const v1::StartScoringJobRequest& request);
  absl::StatusOr<v1::ScoringJob> GetJob(const v1::GetScoringJobRequest& request) const;
  absl::StatusOr<v1::ListScoringJobsResponse> ListJobs(
      const v1::ListScoringJobsRequest& request) const;

  // Registers `watcher` for job `name` and calls it at once with the job's
  // state; NOT_FOUND/INVALID_ARGUMENT for a bad name. Unwatch before the
  // watcher goes away.
  absl::Status Watch(const std::string& name, JobWatcher* watcher);
  void Unwatch(JobWatcher* watcher);

  // Blocks until no job is running or queued (tests).
  void WaitForIdleForTest();

 private:
  ScoringService(std::unique_ptr<storage::ScoringStore> store,
                 std::shared_ptr<const ProfileRegistry> profiles, AccountsSource* source,
                 const Clock* clock, ScoringServiceOptions options);

  // Scores a fetched revision under `profile` and stores its scorecard.
  absl::StatusOr<v1::Scorecard> ScoreRevision(
      const juesuan::ingestion::v1::AccountsRevision& revision, const v1::ScoringProfile& profile,
      bool sync);
  // Fetches `accounts_name`, then ScoreRevision.
  absl::StatusOr<v1::Scorecard> ScoreAndStore(const std::string& accounts_name,
                                              const v1::ScoringProfile& profile, bool sync,
                                              absl::Time deadline);
  void JobLoop();
  // A job's run (scoring_service_job.cc).
  void RunJob(storage::StoredScoringJob job);
  absl::StatusOr<juesuan::ingestion::v1::ListAccountsResponse> ListJobPage(
      int32_t fiscal_year, const std::string& region_code, const std::string& cursor);
  std::vector<absl::Status> ScorePage(const juesuan::ingestion::v1::ListAccountsResponse& page,
                                      const v1::ScoringProfile& profile);
  // Stores the job's progress after a page of `scored`; false when it could
  // not (the job is queued again) and the run must end.
  bool SaveJobProgress(storage::StoredScoringJob& job, int scored, int* unsynced);
  void FinishJob(storage::StoredScoringJob& job, v1::JobState state, std::string error);
  void Publish(const v1::ScoringJob& job);

  std::unique_ptr<storage::ScoringStore> store_;
  std::shared_ptr<const ProfileRegistry> profiles_;
  AccountsSource* source_;
  const Clock* clock_;
  ScoringServiceOptions options_;
  std::unique_ptr<ThreadPool> item_pool_;

  absl::Mutex mu_;
  std::deque<std::string> queue_ ABSL_GUARDED_BY(mu_);  // job IDs to run
  bool running_job_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<bool> stop_items_{false};  // read by item workers without mu_
  std::multimap<std::string, JobWatcher*> watchers_ ABSL_GUARDED_BY(mu_);
  std::thread job_thread_;
};

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_SCORING_SERVICE_H_
