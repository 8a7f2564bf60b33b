// AccountStore: durable storage of accounts revisions for juesuan-ingestion.
//
// Every logical change is one atomic, synced write: a new revision together
// with its department-year head, its listing index entry, the department and
// the request-ID record; or an explanation/publication together with the head.
// Changes to one department-year are serialized by a lock, so revisions are
// numbered 1, 2, 3 … with no gap or duplicate; different department-years
// write concurrently (their fsyncs are grouped by RocksDB).
#ifndef JUESUAN_STORAGE_ACCOUNT_STORE_H_
#define JUESUAN_STORAGE_ACCOUNT_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/storage/v1/ingestion_store.pb.h"
#include "storage/key_codec.h"
#include "storage/kv_store.h"
#include "storage/wire_filter.h"

namespace juesuan::storage {

using ::juesuan::storage::v1::StoredAccountsHead;
using ::juesuan::storage::v1::StoredExplanations;
using ::juesuan::storage::v1::StoredRequest;
using ::juesuan::storage::v1::StoredRevision;

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // OK, or DATA_LOSS when the store found at open that acknowledged writes
  // are missing (KvStore::Integrity): writes are then refused.
  virtual absl::Status Integrity() const = 0;

  // A new revision, built once its number is known.
  struct NewRevision {
    // The revision (revision_id must be the number given to the builder).
    StoredRevision revision;
    // Instead of revision.accounts, which is then left unset: the accounts
    // already serialized, stored as the revision's `accounts` field as they
    // are, and their department (for the head and the department record).
    // Saves copying and serializing tens of KB the caller has as bytes
    // already. The revision AppendRevision returns then has no accounts.
    std::string accounts_bytes;
    juesuan::accounts::v1::Department department;
    // The response to record under the request ID, if there is one.
    juesuan::ingestion::v1::SubmitAccountsResponse response;
  };
  using RevisionBuilder = std::function<absl::StatusOr<NewRevision>(int64_t revision_id)>;

  // Under the department-year's lock: takes the next revision number, calls
  // `build`, and writes the revision, the head, the index entry, the
  // department and (for a non-empty `request_id`) the request record in one
  // synced batch. ALREADY_EXISTS if `request_id` is already recorded (the
  // caller replays the recorded response); a builder error is returned as is
  // and nothing is written.
  virtual absl::StatusOr<StoredRevision> AppendRevision(const DepartmentYear& dy,
                                                        absl::string_view request_id,
                                                        absl::string_view request_sha256,
                                                        const RevisionBuilder& build) = 0;

  // The record of `request_id`, or NOT_FOUND.
  virtual absl::StatusOr<StoredRequest> GetRequest(absl::string_view request_id) const = 0;

  // Revision `revision_id` of `dy` (0: the latest), or NOT_FOUND.
  virtual absl::StatusOr<StoredRevision> GetRevision(const DepartmentYear& dy,
                                                     int64_t revision_id) const = 0;
  // The same without its accounts' tables: `accounts` holds only the
  // department (what a BASIC view shows). Read without parsing the tables.
  virtual absl::StatusOr<StoredRevision> GetRevisionSummary(const DepartmentYear& dy,
                                                            int64_t revision_id) const = 0;

  // The same with its accounts as stored, unparsed: `revision` is the
  // summary above, `accounts_bytes` the serialized accounts (for an answer
  // that splices them in rather than parsing and serializing them again).
  struct RevisionWithAccountsBytes {
    StoredRevision revision;
    std::string accounts_bytes;
  };
  virtual absl::StatusOr<RevisionWithAccountsBytes> GetRevisionWithAccountsBytes(
      const DepartmentYear& dy, int64_t revision_id) const = 0;

  // The head of `dy`, or NOT_FOUND if it has no revision.
  virtual absl::StatusOr<StoredAccountsHead> GetHead(const DepartmentYear& dy) const = 0;

  // The explanations attached to a revision (empty if none).
  virtual absl::StatusOr<StoredExplanations> GetExplanations(const DepartmentYear& dy,
                                                             int64_t revision_id) const = 0;

  // A page of revisions of `dy`, oldest first.
  struct RevisionPage {
    std::vector<StoredRevision> revisions;
    std::string next_page_token;
  };
  // With `with_accounts` false each revision is read as GetRevisionSummary
  // reads it; the page ends before the revision whose stored bytes would
  // take it past `max_bytes` (it always holds one).
  virtual absl::StatusOr<RevisionPage> ListRevisions(const DepartmentYear& dy, int page_size,
                                                     absl::string_view page_token,
                                                     bool with_accounts = true,
                                                     size_t max_bytes = SIZE_MAX) const = 0;

  // A page of department-year heads, in (year, region, department) order,
  // optionally only of one year (fiscal_year ≠ 0) and region.
  struct HeadEntry {
    DepartmentYear dy;
    StoredAccountsHead head;
    // The page token that resumes after this entry (a caller that ends its
    // page early, at a byte budget, continues from it).
    std::string resume_token;
  };
  struct HeadPage {
    std::vector<HeadEntry> heads;
    std::string next_page_token;
  };
  virtual absl::StatusOr<HeadPage> ListHeads(int32_t fiscal_year, absl::string_view region_code,
                                             int page_size, absl::string_view page_token) const = 0;

  // How many department-years ListHeads would list for (fiscal_year, region).
  virtual absl::StatusOr<int64_t> CountHeads(int32_t fiscal_year,
                                             absl::string_view region_code) const = 0;

  // The state `UpdateRevisionState` lets a caller change.
  struct RevisionState {
    StoredAccountsHead head;
    StoredExplanations explanations;  // of the revision being updated
  };
  using StateMutator =
      std::function<absl::Status(const StoredRevision& revision, RevisionState& state)>;

  // Under the department-year's lock: reads revision `revision_id` and the
  // state, calls `mutate`, and writes the state back (head, index entry,
  // explanations) in one synced batch. NOT_FOUND if the revision does not
  // exist; a mutator error is returned as is and nothing is written.
  virtual absl::StatusOr<RevisionState> UpdateRevisionState(const DepartmentYear& dy,
                                                            int64_t revision_id,
                                                            const StateMutator& mutate) = 0;

  // The department as its latest submission describes it, or NOT_FOUND.
  virtual absl::StatusOr<juesuan::accounts::v1::Department> GetDepartment(
      absl::string_view department_id) const = 0;

  // A page of departments in ID order, optionally of one region.
  struct DepartmentPage {
    std::vector<juesuan::accounts::v1::Department> departments;
    std::string next_page_token;
  };
  virtual absl::StatusOr<DepartmentPage> ListDepartments(absl::string_view region_code,
                                                         int page_size,
                                                         absl::string_view page_token) const = 0;
};

// Opens the RocksDB-backed AccountStore in `options.path`.
absl::StatusOr<std::unique_ptr<AccountStore>> OpenAccountStore(const KvStoreOptions& options);

// What GetRevisionSummary reads of a stored revision: the accounts keep only
// their department. (Shared with the stored-value fuzz target.)
const WireFilter& RevisionSummaryFilter();

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_ACCOUNT_STORE_H_
