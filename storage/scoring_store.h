// ScoringStore: durable storage of juesuan-scoring — scorecards with their
// ranking by total, and batch scoring jobs with their progress. RocksDB types
// stay inside (kv_store.h).
#ifndef JUESUAN_STORAGE_SCORING_STORE_H_
#define JUESUAN_STORAGE_SCORING_STORE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "juesuan/scoring/v1/scoring.pb.h"
#include "juesuan/storage/v1/scoring_store.pb.h"
#include "storage/key_codec.h"
#include "storage/kv_store.h"
#include "storage/wire_filter.h"

namespace juesuan::storage {

using ::juesuan::storage::v1::StoredScoringJob;

class ScoringStore {
 public:
  virtual ~ScoringStore() = default;

  // OK, or DATA_LOSS when the store found at open that acknowledged writes
  // are missing (KvStore::Integrity): writes are then refused.
  virtual absl::Status Integrity() const = 0;

  // Stores the scorecard of (dy, its profile), replacing an earlier one, and
  // moves its ranking entries in the same batch. `sync` for a write
  // acknowledged to a client; a batch job syncs once per page instead.
  virtual absl::Status PutScorecard(const DepartmentYear& dy,
                                    const juesuan::scoring::v1::Scorecard& scorecard,
                                    bool sync) = 0;

  // The scorecard of (dy, profile), or NOT_FOUND.
  virtual absl::StatusOr<juesuan::scoring::v1::Scorecard> GetScorecard(
      const DepartmentYear& dy, absl::string_view profile) const = 0;
  // The same without its scores (department_wide, projects, findings), read
  // without parsing them.
  virtual absl::StatusOr<juesuan::scoring::v1::Scorecard> GetScorecardSummary(
      const DepartmentYear& dy, absl::string_view profile) const = 0;

  // A page of the scorecards of `profile` and `fiscal_year` (and `region_code`
  // if not empty), highest total first, without those that had nothing to
  // score (SCORECARD_STATE_NOTHING_TO_SCORE); it ends before the card that would
  // take its bytes past `max_bytes` (it always holds one).
  struct ScorecardPage {
    std::vector<juesuan::scoring::v1::Scorecard> scorecards;
    std::string next_page_token;
  };
  virtual absl::StatusOr<ScorecardPage> ListScorecards(absl::string_view profile,
                                                       int32_t fiscal_year,
                                                       absl::string_view region_code, int page_size,
                                                       absl::string_view page_token,
                                                       size_t max_bytes = SIZE_MAX) const = 0;

  // Creates `job` unless `request_id` (if not empty) already names one, in
  // which case that job is returned; `.second` says whether it was created.
  // Synced.
  virtual absl::StatusOr<std::pair<StoredScoringJob, bool>> CreateJob(
      const StoredScoringJob& job, absl::string_view request_id) = 0;

  // Replaces a job's record (its progress). `sync` as for scorecards: a
  // synced write also makes every earlier unsynced write durable.
  virtual absl::Status PutJob(const StoredScoringJob& job, bool sync) = 0;

  // The job `scoringJobs/{job_id}`, or NOT_FOUND.
  virtual absl::StatusOr<StoredScoringJob> GetJob(absl::string_view job_id) const = 0;

  // A page of jobs, newest first.
  struct JobPage {
    std::vector<StoredScoringJob> jobs;
    std::string next_page_token;
  };
  virtual absl::StatusOr<JobPage> ListJobs(int page_size, absl::string_view page_token) const = 0;

  // Every job still RUNNING (to resume after a restart).
  virtual absl::StatusOr<std::vector<StoredScoringJob>> RunningJobs() const = 0;
};

// Opens the RocksDB-backed ScoringStore in `options.path`.
absl::StatusOr<std::unique_ptr<ScoringStore>> OpenScoringStore(const KvStoreOptions& options);

// What GetScorecardSummary reads of a stored scorecard: all but its tables
// and findings. (Shared with the stored-value fuzz target.)
const WireFilter& ScorecardSummaryFilter();

// The ID of a job name `scoringJobs/{id}`, or "" if malformed.
std::string JobIdFromName(absl::string_view name);

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_SCORING_STORE_H_
