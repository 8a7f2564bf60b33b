#include "storage/scoring_store.h"

#include <array>
#include <utility>

#include "absl/hash/hash.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/decimal.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "storage/page_token.h"
#include "storage/stored_value.h"

namespace juesuan::storage {
namespace {

using ::juesuan::scoring::v1::Scorecard;
using ::juesuan::storage::v1::StoredScorecard;

uint64_t RankedTotal(const Scorecard& card) {
  auto total = ParseScaledDecimal(card.total_score(), 2);
  return total.ok() && *total > 0 ? static_cast<uint64_t>(*total) : 0;
}

class RocksScoringStore final : public ScoringStore {
 public:
  explicit RocksScoringStore(std::unique_ptr<KvStore> kv) : kv_(std::move(kv)) {}

  absl::Status PutScorecard(const DepartmentYear& dy, const Scorecard& card, bool sync) override {
    absl::MutexLock lock(
        &locks_[absl::HashOf(dy.department_id, dy.fiscal_year, card.profile()) % kStripes]);
    const std::string key = ScorecardKey(dy, card.profile());
    WriteBatch batch;
    // Remove the ranking entries of the scorecard this one replaces.
    auto old_bytes = kv_->Get(ColumnFamilyId::kScorecards, key);
    if (old_bytes.ok()) {
      JUESUAN_ASSIGN_OR_RETURN(StoredScorecard old,
                               ParseStored<StoredScorecard>(*old_bytes, "scorecard"));
      batch.Delete(
          ColumnFamilyId::kScorecardRanking,
          RankingKey(card.profile(), dy.fiscal_year, old.ranked_total(), dy.department_id));
      batch.Delete(ColumnFamilyId::kScorecardRegionRanking,
                   RegionRankingKey(card.profile(), dy.fiscal_year, old.scorecard().region_code(),
                                    old.ranked_total(), dy.department_id));
    } else if (!absl::IsNotFound(old_bytes.status())) {
      return old_bytes.status();
    }
    StoredScorecard stored;
    stored.set_format_version(kValueFormat);
    // Borrows the card for the serialization instead of copying it (a
    // scorecard carries a trace per score); given back before `stored` dies.
    stored.unsafe_arena_set_allocated_scorecard(const_cast<Scorecard*>(&card));
    stored.set_ranked_total(RankedTotal(card));
    std::string bytes = stored.SerializeAsString();
    stored.unsafe_arena_release_scorecard();
    batch.Put(ColumnFamilyId::kScorecards, key, std::move(bytes));
    // A department-year with nothing to score has no place in the rankings.
    if (card.state() != juesuan::scoring::v1::SCORECARD_STATE_NOTHING_TO_SCORE) {
      batch.Put(ColumnFamilyId::kScorecardRanking,
                RankingKey(card.profile(), dy.fiscal_year, stored.ranked_total(), dy.department_id),
                "");
      batch.Put(ColumnFamilyId::kScorecardRegionRanking,
                RegionRankingKey(card.profile(), dy.fiscal_year, card.region_code(),
                                 stored.ranked_total(), dy.department_id),
                "");
    }
    return kv_->Write(batch, sync, card.name());
  }

  absl::StatusOr<Scorecard> GetScorecard(const DepartmentYear& dy,
                                         absl::string_view profile) const override {
    return ReadScorecard(dy, profile, nullptr);
  }

  absl::StatusOr<Scorecard> GetScorecardSummary(const DepartmentYear& dy,
                                                absl::string_view profile) const override {
    return ReadScorecard(dy, profile, &ScorecardSummaryFilter());
  }

  absl::StatusOr<ScorecardPage> ListScorecards(absl::string_view profile, int32_t fiscal_year,
                                               absl::string_view region_code, int page_size,
                                               absl::string_view page_token,
                                               size_t max_bytes) const override {
    const bool by_region = !region_code.empty();
    const ColumnFamilyId cf =
        by_region ? ColumnFamilyId::kScorecardRegionRanking : ColumnFamilyId::kScorecardRanking;
    const std::string prefix = by_region ? RegionRankingPrefix(profile, fiscal_year, region_code)
                                         : RankingPrefix(profile, fiscal_year);
    ScorecardPage page;
    const uint64_t query_hash = PageQueryHash(by_region ? "region-ranking" : "ranking", prefix);
    std::vector<std::pair<std::string, std::string>> departments;  // and the token after each
    JUESUAN_ASSIGN_OR_RETURN(
        page.next_page_token,
        ScanPage(*kv_, cf, prefix, query_hash, page_size, page_token,
                 [&](absl::string_view key, absl::string_view) -> absl::Status {
                   JUESUAN_ASSIGN_OR_RETURN(std::string department,
                                            RankingKeyDepartment(key, prefix.size()));
                   departments.emplace_back(std::move(department),
                                            EncodePageToken(key, query_hash));
                   return absl::OkStatus();
                 }));
    size_t bytes = 0;
    for (size_t i = 0; i < departments.size(); ++i) {
      JUESUAN_ASSIGN_OR_RETURN(Scorecard card,
                               GetScorecard({departments[i].first, fiscal_year}, profile));
      // Kept before scorecards had a state: ranked with nothing scored.
      if (card.state() != juesuan::scoring::v1::SCORECARD_STATE_SCORED &&
          !card.has_department_wide() && card.projects_size() == 0) {
        continue;
      }
      bytes += card.ByteSizeLong();
      if (i > 0 && bytes > max_bytes) {
        page.next_page_token = departments[i - 1].second;  // the next page starts here
        break;
      }
      page.scorecards.push_back(std::move(card));
    }
    return page;
  }

  absl::StatusOr<std::pair<StoredScoringJob, bool>> CreateJob(
      const StoredScoringJob& job, absl::string_view request_id) override {
    absl::MutexLock lock(&job_create_lock_);
    if (!request_id.empty()) {
      auto existing = kv_->Get(ColumnFamilyId::kScoringJobRequests, std::string(request_id));
      if (existing.ok()) {
        JUESUAN_ASSIGN_OR_RETURN(StoredScoringJob found, GetJob(*existing));
        return std::make_pair(std::move(found), false);
      }
      if (!absl::IsNotFound(existing.status())) return existing.status();
    }
    StoredScoringJob stored = job;
    stored.set_format_version(kValueFormat);
    const std::string id = JobIdFromName(stored.job().name());
    if (id.empty()) return absl::InternalError("job without a valid name");
    WriteBatch batch;
    batch.Put(ColumnFamilyId::kScoringJobs, id, stored.SerializeAsString());
    if (!request_id.empty())
      batch.Put(ColumnFamilyId::kScoringJobRequests, std::string(request_id), id);
    JUESUAN_RETURN_IF_ERROR(kv_->Write(batch, /*sync=*/true, stored.job().name()));
    return std::make_pair(std::move(stored), true);
  }

  absl::Status PutJob(const StoredScoringJob& job, bool sync) override {
    StoredScoringJob stored = job;
    stored.set_format_version(kValueFormat);
    const std::string id = JobIdFromName(stored.job().name());
    if (id.empty()) return absl::InternalError("job without a valid name");
    WriteBatch batch;
    batch.Put(ColumnFamilyId::kScoringJobs, id, stored.SerializeAsString());
    return kv_->Write(batch, sync, stored.job().name());
  }

  absl::StatusOr<StoredScoringJob> GetJob(absl::string_view job_id) const override {
    auto bytes = kv_->Get(ColumnFamilyId::kScoringJobs, job_id);
    if (absl::IsNotFound(bytes.status())) {
      return absl::NotFoundError(absl::StrCat("scoringJobs/", job_id, " not found"));
    }
    if (!bytes.ok()) return bytes.status();
    return ParseStored<StoredScoringJob>(*bytes, "scoring job");
  }

  absl::StatusOr<JobPage> ListJobs(int page_size, absl::string_view page_token) const override {
    JobPage page;
    JUESUAN_ASSIGN_OR_RETURN(
        page.next_page_token,
        ScanPage(*kv_, ColumnFamilyId::kScoringJobs, "", PageQueryHash("jobs", ""), page_size,
                 page_token, [&](absl::string_view, absl::string_view value) -> absl::Status {
                   JUESUAN_ASSIGN_OR_RETURN(StoredScoringJob job,
                                            ParseStored<StoredScoringJob>(value, "scoring job"));
                   page.jobs.push_back(std::move(job));
                   return absl::OkStatus();
                 }));
    return page;
  }

  absl::StatusOr<std::vector<StoredScoringJob>> RunningJobs() const override {
    std::vector<StoredScoringJob> running;
    absl::Status parse_status;
    JUESUAN_RETURN_IF_ERROR(
        kv_->Scan(ColumnFamilyId::kScoringJobs, "", "", ScanOrder::kForward,
                  [&](absl::string_view, absl::string_view value) {
                    auto job = ParseStored<StoredScoringJob>(value, "scoring job");
                    if (!job.ok()) {
                      parse_status = job.status();
                      return false;
                    }
                    if (job->job().state() == juesuan::scoring::v1::JOB_STATE_RUNNING) {
                      running.push_back(*std::move(job));
                    }
                    return true;
                  }));
    JUESUAN_RETURN_IF_ERROR(parse_status);
    return running;
  }

  absl::Status Integrity() const override { return kv_->Integrity(); }

 private:
  // GetScorecard with only the fields `filter` keeps (all if null).
  absl::StatusOr<Scorecard> ReadScorecard(const DepartmentYear& dy, absl::string_view profile,
                                          const WireFilter* filter) const {
    auto bytes = kv_->Get(ColumnFamilyId::kScorecards, ScorecardKey(dy, profile));
    if (absl::IsNotFound(bytes.status())) {
      return absl::NotFoundError(absl::StrCat(ScorecardName(dy.department_id, dy.fiscal_year),
                                              " has no scorecard under ", profile));
    }
    if (!bytes.ok()) return bytes.status();
    JUESUAN_ASSIGN_OR_RETURN(StoredScorecard stored,
                             ParseStored<StoredScorecard>(*bytes, "scorecard", filter));
    return std::move(*stored.mutable_scorecard());
  }

  static constexpr size_t kStripes = 64;
  std::unique_ptr<KvStore> kv_;
  std::array<absl::Mutex, kStripes> locks_;
  absl::Mutex job_create_lock_;
};

}  // namespace

std::string JobIdFromName(absl::string_view name) {
  constexpr absl::string_view kPrefix = "scoringJobs/";
  if (!absl::StartsWith(name, kPrefix)) return "";
  const absl::string_view id = name.substr(kPrefix.size());
  if (id.empty() || id.size() > 63 || id[0] < 'a' || id[0] > 'z') return "";
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return "";
  }
  return std::string(id);
}

const WireFilter& ScorecardSummaryFilter() {
  static const WireFilter* const kSummary = new WireFilter{
      {},
      std::nullopt,
      {{StoredScorecard::kScorecardFieldNumber,
        WireFilter{{Scorecard::kDepartmentWideFieldNumber, Scorecard::kProjectsFieldNumber,
                    Scorecard::kFindingsFieldNumber},
                   std::nullopt,
                   {}}}}};
  return *kSummary;
}

absl::StatusOr<std::unique_ptr<ScoringStore>> OpenScoringStore(const KvStoreOptions& options) {
  // Its own column families only (store_format.h).
  KvStoreOptions own = options;
  own.column_families = {ColumnFamilyId::kScorecards, ColumnFamilyId::kScorecardRanking,
                         ColumnFamilyId::kScorecardRegionRanking, ColumnFamilyId::kScoringJobs,
                         ColumnFamilyId::kScoringJobRequests};
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<KvStore> kv, KvStore::Open(own));
  return std::make_unique<RocksScoringStore>(std::move(kv));
}

}  // namespace juesuan::storage
