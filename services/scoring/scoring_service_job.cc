// ScoringService's job runner: a job lists its year's department-years a
// page at a time (the next page fetched while this one is scored), scores
// each page's in parallel, counts the results and stores its progress, and
// ends with its outcome counted for /metrics.
#include <algorithm>
#include <cctype>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/blocking_counter.h"
#include "common/json_log.h"
#include "common/metrics.h"
#include "common/thread_pool.h"
#include "common/utf8.h"
#include "services/scoring/scoring_service.h"
#include "services/scoring/scoring_service_internal.h"
#include "storage/page_token.h"

namespace juesuan::scoring {

using internal::kMaxFullListPage;
using internal::kMaxRecordedFailures;
using internal::Now;
using internal::Retryable;
using ::juesuan::ingestion::v1::ListAccountsResponse;
using ::juesuan::storage::StoredScoringJob;

namespace {

// Scoring jobs by how they ended, and when one last completed (succeeded,
// with or without failures): what an alert on the nightly job watches. One
// per process, as the metrics registry is.
class JobOutcomes {
 public:
  static JobOutcomes& Global() {
    static JobOutcomes* outcomes = new JobOutcomes();
    return *outcomes;
  }

  void Ended(v1::JobState state, absl::Time at) {
    std::string outcome = v1::JobState_Name(state);
    absl::string_view bare = absl::StripPrefix(outcome, "JOB_STATE_");
    std::string label(bare);
    for (char& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    absl::MutexLock lock(&mu_);
    ++by_outcome_[label];
    if (state == v1::JOB_STATE_SUCCEEDED || state == v1::JOB_STATE_SUCCEEDED_WITH_FAILURES) {
      last_success_ = at;
    }
  }

 private:
  JobOutcomes() {
    Metrics::Global().AddCollector([this](MetricsWriter& w) { Collect(w); });
  }

  void Collect(MetricsWriter& w) {
    absl::MutexLock lock(&mu_);
    w.Family("juesuan_scoring_jobs_total", "counter", "Scoring jobs ended, by outcome.");
    for (const auto& [outcome, n] : by_outcome_) {
      w.Sample("juesuan_scoring_jobs_total", Label("outcome", outcome), static_cast<double>(n));
    }
    if (last_success_) {
      w.Family("juesuan_scoring_job_last_success_timestamp_seconds", "gauge",
               "When a scoring job last completed, seconds since the epoch.");
      w.Sample("juesuan_scoring_job_last_success_timestamp_seconds", "",
               absl::ToDoubleSeconds(*last_success_ - absl::UnixEpoch()));
    }
  }

  absl::Mutex mu_;
  std::map<std::string, int64_t> by_outcome_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Time> last_success_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

void ScoringService::FinishJob(StoredScoringJob& job, v1::JobState state, std::string error) {
  v1::ScoringJob* j = job.mutable_job();
  j->set_state(state);
  j->set_error(std::move(error));
  *j->mutable_update_time() = Now(clock_);
  *j->mutable_end_time() = j->update_time();
  if (absl::Status s = store_->PutJob(job, /*sync=*/true); !s.ok()) {
    LogLine("error", "cannot store scoring job")
        .Add("job", j->name())
        .Add("error", s.ToString())
        .Emit();
  }
  JobOutcomes::Global().Ended(state, clock_->Now());
  LogLine(state == v1::JOB_STATE_FAILED ? "warning" : "info", "scoring job ended")
      .Add("job", j->name())
      .Add("state", v1::JobState_Name(state))
      .Add("scored", static_cast<int64_t>(j->scored()))
      .Add("failed", static_cast<int64_t>(j->failed()))
      .Emit();
  Publish(*j);
}

absl::StatusOr<ListAccountsResponse> ScoringService::ListJobPage(int32_t fiscal_year,
                                                                 const std::string& region_code,
                                                                 const std::string& cursor) {
  LowerThreadPriority(options_.job_nice);  // runs on a thread of its own
  absl::StatusOr<ListAccountsResponse> page;
  absl::Duration backoff = options_.job_retry_backoff;
  for (int attempt = 1; attempt <= options_.job_list_attempts; ++attempt) {
    // The page comes with its accounts (one call per page, not one per
    // department-year); ingestion serves at most kMaxFullListPage of them.
    page = source_->ListAccounts(fiscal_year, region_code,
                                 std::min(options_.job_page_size, kMaxFullListPage), cursor);
    if (page.ok() || !Retryable(page.status()) || attempt == options_.job_list_attempts) break;
    absl::MutexLock lock(&mu_);
    if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), backoff)) break;
    backoff *= 2;
  }
  return page;
}

std::vector<absl::Status> ScoringService::ScorePage(const ListAccountsResponse& page,
                                                    const v1::ScoringProfile& profile) {
  // The page's department-years in parallel; results in page order.
  const int n = page.accounts_size();
  std::vector<absl::Status> results(n);
  absl::BlockingCounter done(n);
  for (int i = 0; i < n; ++i) {
    item_pool_->Schedule([&, i] {
      if (options_.job_item_delay_for_test > absl::ZeroDuration()) {
        absl::SleepFor(options_.job_item_delay_for_test);
      }
      results[i] = stop_items_ ? absl::CancelledError("stopping")
                               : ScoreRevision(page.accounts(i), profile, /*sync=*/false).status();
      done.DecrementCount();
    });
  }
  done.Wait();
  return results;
}

namespace {

// The page's results counted into the job, the first failures kept.
void CountResults(const ListAccountsResponse& page, const std::vector<absl::Status>& results,
                  v1::ScoringJob* j) {
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].ok()) {
      j->set_scored(j->scored() + 1);
      continue;
    }
    j->set_failed(j->failed() + 1);
    if (j->failures_size() < kMaxRecordedFailures) {
      auto* failure = j->add_failures();
      failure->set_accounts(page.accounts(static_cast<int>(i)).name());
      failure->set_code(absl::StatusCodeToString(results[i].code()));
      failure->set_message(CutUtf8(results[i].message(), 200));
    }
  }
  j->set_total(std::max<int64_t>(j->total(), j->scored() + j->failed()));
}

}  // namespace

bool ScoringService::SaveJobProgress(StoredScoringJob& job, int scored, int* unsynced) {
  v1::ScoringJob* j = job.mutable_job();
  *j->mutable_update_time() = Now(clock_);
  // The counts and cursor, after the page's scorecards (written unsynced).
  // Synced once at least kSyncEvery department-years have been scored since
  // the last synced write: that makes them and everything before durable.
  // Pages are small (for P6), and a sync per page of 4 made the job's fsyncs
  // its critical path. A crash loses at most the unsynced pages, which are
  // scored again from the last durable cursor.
  constexpr int kSyncEvery = 10;
  *unsynced += scored;
  const bool sync = *unsynced >= kSyncEvery;
  if (sync) *unsynced = 0;
  if (absl::Status s = store_->PutJob(job, sync); !s.ok()) {
    // The page is scored again from the stored cursor: try again later.
    LogLine("error", "cannot store scoring job progress")
        .Add("job", j->name())
        .Add("error", s.ToString())
        .Emit();
    absl::MutexLock lock(&mu_);
    if (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Seconds(1))) {
      queue_.push_back(storage::JobIdFromName(j->name()));
    }
    return false;
  }
  Publish(*j);
  return true;
}

void ScoringService::RunJob(StoredScoringJob job) {
  v1::ScoringJob* j = job.mutable_job();
  absl::StatusOr<const v1::ScoringProfile*> profile = profiles_->Get(j->profile());
  if (!profile.ok())
    return FinishJob(job, v1::JOB_STATE_FAILED, std::string(profile.status().message()));
  // The next page is fetched while this one is scored, so ingestion's
  // reading and scoring's scoring overlap.
  auto list = [this, year = j->fiscal_year(), region = j->region_code()](
                  const std::string& cursor) { return ListJobPage(year, region, cursor); };
  std::future<absl::StatusOr<ListAccountsResponse>> next_page;
  int unsynced = 0;  // scored since the last synced progress write
  if (!job.listing_done()) next_page = std::async(std::launch::async, list, job.cursor());
  while (!job.listing_done()) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;  // stays RUNNING; resumed at the next start
    }
    absl::StatusOr<ListAccountsResponse> page = next_page.get();
    if (page.ok() && !page->next_page_token().empty()) {
      next_page = std::async(std::launch::async, list, page->next_page_token());
    }
    if (!page.ok()) {
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) return;
      }
      return FinishJob(job, v1::JOB_STATE_FAILED,
                       absl::StrCat("listing the accounts failed: ", page.status().ToString()));
    }
    // The first page says how many department-years there are.
    if (job.cursor().empty() && page->total_size() > 0) j->set_total(page->total_size());
    const std::vector<absl::Status> results = ScorePage(*page, **profile);
    if (stop_items_) return;  // a partial page is not persisted; resumed at the next start
    CountResults(*page, results, j);
    job.set_cursor(page->next_page_token());
    job.set_listing_done(page->next_page_token().empty());
    if (!SaveJobProgress(job, static_cast<int>(results.size()), &unsynced)) return;
  }
  FinishJob(job, j->failed() == 0 ? v1::JOB_STATE_SUCCEEDED : v1::JOB_STATE_SUCCEEDED_WITH_FAILURES,
            "");
}

}  // namespace juesuan::scoring
