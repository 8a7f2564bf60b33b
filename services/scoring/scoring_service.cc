#include "services/scoring/scoring_service.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/error_details.h"
#include "common/json_log.h"
#include "common/metrics.h"
#include "common/request_errors.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "google/protobuf/util/time_util.h"
#include "services/scoring/scorer.h"
#include "services/scoring/scoring_service_internal.h"
#include "storage/page_token.h"

namespace juesuan::scoring {
namespace {

using ::google::protobuf::util::TimeUtil;
using internal::Now;
using ::juesuan::storage::StoredScoringJob;

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;
constexpr int kMaxFullPageSize = 50;
// What a page of scorecards may hold (each is read whole, also for the BASIC
// view): the page ends before the card that would take it past this.
constexpr size_t kMaxPageBytes = size_t{16} * 1024 * 1024;

// A scorecard without its scores (SCORECARD_VIEW_BASIC).
void ToBasicView(v1::Scorecard& card) {
  card.clear_department_wide();
  card.clear_projects();
  card.clear_findings();
}

// Scoring's request errors: common/request_errors.h in scoring's domain.
constexpr absl::string_view kErrorDomain = "juesuan.scoring.v1";

absl::Status BadField(absl::string_view field, absl::string_view description) {
  return juesuan::BadField(kErrorDomain, field, description);
}

absl::StatusOr<int> PageSize(int requested) {
  return juesuan::PageSize(kErrorDomain, requested, kDefaultPageSize, kMaxPageSize);
}

template <typename T>
absl::StatusOr<T> AsPageTokenError(absl::StatusOr<T> result) {
  return juesuan::AsPageTokenError(kErrorDomain, std::move(result));
}

bool IsRegionCode(const std::string& code) {
  return code.empty() || (code.size() == 6 && std::all_of(code.begin(), code.end(), [](char c) {
                            return c >= '0' && c <= '9';
                          }));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ScoringService>> ScoringService::Create(
    std::unique_ptr<storage::ScoringStore> store, std::shared_ptr<const ProfileRegistry> profiles,
    AccountsSource* source, const Clock* clock, ScoringServiceOptions options) {
  if (store == nullptr || profiles == nullptr || source == nullptr || clock == nullptr) {
    return absl::InvalidArgumentError(
        "ScoringService needs a store, profiles, a source and a clock");
  }
  std::unique_ptr<ScoringService> service(
      new ScoringService(std::move(store), std::move(profiles), source, clock, std::move(options)));
  // Resume what a previous process left running.
  JUESUAN_ASSIGN_OR_RETURN(std::vector<StoredScoringJob> running, service->store_->RunningJobs());
  for (StoredScoringJob& job : running) {
    job.mutable_job()->set_resumed(job.job().resumed() + 1);
    JUESUAN_RETURN_IF_ERROR(service->store_->PutJob(job, /*sync=*/true));
    absl::MutexLock lock(&service->mu_);
    service->queue_.push_back(storage::JobIdFromName(job.job().name()));
  }
  service->job_thread_ = std::thread([s = service.get()] {
    LowerThreadPriority(s->options_.job_nice);
    s->JobLoop();
  });
  return service;
}

ScoringService::ScoringService(std::unique_ptr<storage::ScoringStore> store,
                               std::shared_ptr<const ProfileRegistry> profiles,
                               AccountsSource* source, const Clock* clock,
                               ScoringServiceOptions options)
    : store_(std::move(store)),
      profiles_(std::move(profiles)),
      source_(source),
      clock_(clock),
      options_(std::move(options)),
      item_pool_(std::make_unique<ThreadPool>(options_.job_item_threads, options_.job_nice)) {}

ScoringService::~ScoringService() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  stop_items_ = true;  // a page in progress is abandoned, not persisted
  if (job_thread_.joinable()) job_thread_.join();
  item_pool_.reset();
}

absl::StatusOr<v1::Scorecard> ScoringService::ScoreAndStore(const std::string& accounts_name,
                                                            const v1::ScoringProfile& profile,
                                                            bool sync, absl::Time deadline) {
  JUESUAN_ASSIGN_OR_RETURN(juesuan::ingestion::v1::AccountsRevision revision,
                           source_->GetAccounts(accounts_name, deadline));
  return ScoreRevision(revision, profile, sync);
}

absl::StatusOr<v1::Scorecard> ScoringService::ScoreRevision(
    const juesuan::ingestion::v1::AccountsRevision& revision, const v1::ScoringProfile& profile,
    bool sync) {
  const auto& accounts = revision.accounts();
  const std::string department_id = DepartmentIdFromName(accounts.department().name());
  if (department_id.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(revision.name(), " holds no valid department name"));
  }
  v1::Scorecard card = ScoreSelfEvaluations(accounts, profile);
  card.set_name(ScorecardName(department_id, accounts.fiscal_year()));
  card.set_accounts_revision(revision.name());
  card.set_suite_version(options_.suite_version);
  // The digest covers what was scored, not when.
  card.set_content_sha256(Sha256Hex(DeterministicBytes(card)));
  *card.mutable_create_time() = Now(clock_);
  JUESUAN_RETURN_IF_ERROR(
      store_->PutScorecard({department_id, accounts.fiscal_year()}, card, sync));
  return card;
}

absl::StatusOr<v1::Scorecard> ScoringService::Score(const v1::ScoreAccountsRequest& request,
                                                    absl::Time deadline) {
  JUESUAN_ASSIGN_OR_RETURN(DepartmentYearName name,
                           ParseAccountsName(request.accounts(), "accounts", false));
  (void)name;
  absl::StatusOr<const v1::ScoringProfile*> profile = profiles_->Get(request.profile());
  if (!profile.ok()) return profile.status();
  return ScoreAndStore(request.accounts(), **profile, /*sync=*/true, deadline);
}

absl::StatusOr<v1::Scorecard> ScoringService::GetScorecard(
    const v1::GetScorecardRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(DepartmentYearName name, ParseScorecardName(request.name(), "name"));
  absl::StatusOr<const v1::ScoringProfile*> profile = profiles_->Get(request.profile());
  if (!profile.ok()) return profile.status();
  const storage::DepartmentYear dy{name.department_id, name.fiscal_year};
  // BASIC reads the stored scorecard without parsing its scores.
  if (request.view() == v1::SCORECARD_VIEW_BASIC)
    return store_->GetScorecardSummary(dy, request.profile());
  return store_->GetScorecard(dy, request.profile());
}

absl::StatusOr<v1::ListScorecardsResponse> ScoringService::ListScorecards(
    const v1::ListScorecardsRequest& request) const {
  if (request.parent() != "departments/-") {
    return BadField("parent", absl::StrCat("must be \"departments/-\", got \"",
                                           CutUtf8(request.parent(), 80), "\""));
  }
  if (request.fiscal_year() < 1000 || request.fiscal_year() > 9999) {
    return BadField("fiscal_year", "is required (a four-digit year)");
  }
  if (!request.region_code().empty() && request.region_code().size() != 6) {
    return BadField("region_code", "must be a 6-digit 行政区划代码");
  }
  absl::StatusOr<const v1::ScoringProfile*> profile = profiles_->Get(request.profile());
  if (!profile.ok()) return profile.status();
  const bool full = request.view() == v1::SCORECARD_VIEW_FULL;
  JUESUAN_ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size()));
  // A full scorecard is tens of KB: keep a page under clients' 4 MiB limit.
  if (full) page_size = std::min(page_size, kMaxFullPageSize);
  JUESUAN_ASSIGN_OR_RETURN(storage::ScoringStore::ScorecardPage page,
                           AsPageTokenError(store_->ListScorecards(
                               request.profile(), request.fiscal_year(), request.region_code(),
                               page_size, request.page_token(), kMaxPageBytes)));
  v1::ListScorecardsResponse response;
  for (auto& card : page.scorecards) {
    if (!full) ToBasicView(card);
    *response.add_scorecards() = std::move(card);
  }
  response.set_next_page_token(page.next_page_token);
  return response;
}

absl::StatusOr<v1::ScoringProfile> ScoringService::GetProfile(
    const v1::GetScoringProfileRequest& request) const {
  absl::StatusOr<const v1::ScoringProfile*> profile = profiles_->Get(request.name());
  if (!profile.ok()) return profile.status();
  return **profile;
}

absl::StatusOr<v1::ListScoringProfilesResponse> ScoringService::ListProfiles(
    const v1::ListScoringProfilesRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size()));
  // A handful of profiles: the token is the last name returned.
  v1::ListScoringProfilesResponse response;
  for (const v1::ScoringProfile* profile : profiles_->List()) {
    if (!request.page_token().empty() && profile->name() <= request.page_token()) continue;
    if (response.scoring_profiles_size() == page_size) {
      response.set_next_page_token(response.scoring_profiles(page_size - 1).name());
      break;
    }
    *response.add_scoring_profiles() = *profile;
  }
  return response;
}

absl::StatusOr<v1::ScoringJob> ScoringService::StartJob(const v1::StartScoringJobRequest& request) {
  if (request.fiscal_year() < 1000 || request.fiscal_year() > 9999) {
    return BadField("fiscal_year", "is required (a four-digit year)");
  }
  if (!IsRegionCode(request.region_code())) {
    return BadField("region_code", "must be a 6-digit 行政区划代码");
  }
  if (request.request_id().size() > 128) return BadField("request_id", "at most 128 characters");
  absl::StatusOr<const v1::ScoringProfile*> profile = profiles_->Get(request.profile());
  if (!profile.ok()) return profile.status();

  // IDs embed the inverted creation time, so the store lists newest first.
  static absl::Mutex id_mu;
  static absl::BitGen* const bitgen = new absl::BitGen();
  uint32_t salt = 0;
  {
    absl::MutexLock lock(&id_mu);
    salt = absl::Uniform<uint32_t>(*bitgen, 0, 1u << 16);
  }
  const uint64_t micros = static_cast<uint64_t>(absl::ToUnixMicros(clock_->Now()));
  StoredScoringJob job;
  v1::ScoringJob* j = job.mutable_job();
  j->set_name(absl::StrFormat("scoringJobs/j%016x-%04x", ~micros, salt));
  j->set_fiscal_year(request.fiscal_year());
  j->set_region_code(request.region_code());
  j->set_profile(request.profile());
  j->set_state(v1::JOB_STATE_RUNNING);
  *j->mutable_create_time() = Now(clock_);
  *j->mutable_update_time() = j->create_time();
  JUESUAN_ASSIGN_OR_RETURN(auto created, store_->CreateJob(job, request.request_id()));
  const v1::ScoringJob& existing = created.first.job();
  if (!created.second && (existing.fiscal_year() != request.fiscal_year() ||
                          existing.region_code() != request.region_code() ||
                          existing.profile() != request.profile())) {
    return BadField("request_id", absl::StrCat("was used for ", existing.name(),
                                               ", a job with other parameters; use a new ID"));
  }
  if (created.second) {
    absl::MutexLock lock(&mu_);
    queue_.push_back(storage::JobIdFromName(created.first.job().name()));
  }
  return created.first.job();
}

absl::StatusOr<v1::ScoringJob> ScoringService::GetJob(
    const v1::GetScoringJobRequest& request) const {
  const std::string id = storage::JobIdFromName(request.name());
  if (id.empty()) return BadField("name", "must be scoringJobs/{job}");
  JUESUAN_ASSIGN_OR_RETURN(StoredScoringJob job, store_->GetJob(id));
  return job.job();
}

absl::StatusOr<v1::ListScoringJobsResponse> ScoringService::ListJobs(
    const v1::ListScoringJobsRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size()));
  JUESUAN_ASSIGN_OR_RETURN(storage::ScoringStore::JobPage page,
                           AsPageTokenError(store_->ListJobs(page_size, request.page_token())));
  v1::ListScoringJobsResponse response;
  for (const auto& job : page.jobs) *response.add_scoring_jobs() = job.job();
  response.set_next_page_token(page.next_page_token);
  return response;
}

absl::Status ScoringService::Watch(const std::string& name, JobWatcher* watcher) {
  const std::string id = storage::JobIdFromName(name);
  if (id.empty()) return BadField("name", "must be scoringJobs/{job}");
  // Read and register under the lock Publish takes, so no update falls
  // between the two.
  absl::MutexLock lock(&mu_);
  JUESUAN_ASSIGN_OR_RETURN(StoredScoringJob job, store_->GetJob(id));
  watchers_.emplace(job.job().name(), watcher);
  watcher->OnJobUpdate(job.job());
  return absl::OkStatus();
}

void ScoringService::Unwatch(JobWatcher* watcher) {
  absl::MutexLock lock(&mu_);
  for (auto it = watchers_.begin(); it != watchers_.end();) {
    it = it->second == watcher ? watchers_.erase(it) : std::next(it);
  }
}

void ScoringService::Publish(const v1::ScoringJob& job) {
  absl::MutexLock lock(&mu_);
  auto [begin, end] = watchers_.equal_range(job.name());
  for (auto it = begin; it != end; ++it) it->second->OnJobUpdate(job);
}

void ScoringService::WaitForIdleForTest() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](ScoringService* s)
           ABSL_NO_THREAD_SAFETY_ANALYSIS { return s->queue_.empty() && !s->running_job_; },
      this));
}

void ScoringService::JobLoop() {
  while (true) {
    std::string id;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](ScoringService* s)
               ABSL_NO_THREAD_SAFETY_ANALYSIS { return s->stopping_ || !s->queue_.empty(); },
          this));
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
      running_job_ = true;
    }
    absl::StatusOr<StoredScoringJob> job = store_->GetJob(id);
    if (job.ok() && job->job().state() == v1::JOB_STATE_RUNNING) {
      RunJob(*std::move(job));
    } else if (!job.ok()) {
      LogLine("error", "scoring job vanished")
          .Add("job", id)
          .Add("error", job.status().ToString())
          .Emit();
    }
    absl::MutexLock lock(&mu_);
    running_job_ = false;
  }
}

}  // namespace juesuan::scoring
