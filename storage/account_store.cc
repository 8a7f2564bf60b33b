#include "storage/account_store.h"

#include <array>
#include <optional>
#include <set>
#include <utility>

#include "absl/hash/hash.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "storage/page_token.h"
#include "storage/stored_value.h"

namespace juesuan::storage {
namespace {

using ::juesuan::accounts::v1::Department;
using ::juesuan::storage::v1::StoredDepartment;

class RocksAccountStore final : public AccountStore {
 public:
  explicit RocksAccountStore(std::unique_ptr<KvStore> kv) : kv_(std::move(kv)) {}

  absl::StatusOr<StoredRevision> AppendRevision(const DepartmentYear& dy,
                                                absl::string_view request_id,
                                                absl::string_view request_sha256,
                                                const RevisionBuilder& build) override {
    // Lock order: request-ID stripe, then department-year stripe.
    std::optional<absl::MutexLock> request_lock;
    if (!request_id.empty()) request_lock.emplace(&RequestLock(request_id));
    absl::MutexLock dy_lock(&DepartmentYearLock(dy));
    return AppendLocked(dy, request_id, request_sha256, build);
  }

  absl::StatusOr<StoredRequest> GetRequest(absl::string_view request_id) const override {
    JUESUAN_ASSIGN_OR_RETURN(std::string bytes,
                             kv_->Get(ColumnFamilyId::kRequests, RequestKey(request_id)));
    return ParseStored<StoredRequest>(bytes, "request");
  }

  absl::StatusOr<StoredRevision> GetRevision(const DepartmentYear& dy,
                                             int64_t revision_id) const override {
    return ReadRevision(dy, revision_id, nullptr);
  }

  absl::StatusOr<StoredRevision> GetRevisionSummary(const DepartmentYear& dy,
                                                    int64_t revision_id) const override {
    return ReadRevision(dy, revision_id, &RevisionSummaryFilter());
  }

  absl::StatusOr<RevisionWithAccountsBytes> GetRevisionWithAccountsBytes(
      const DepartmentYear& dy, int64_t revision_id) const override {
    JUESUAN_ASSIGN_OR_RETURN(std::string bytes, ReadRevisionBytes(dy, revision_id));
    RevisionWithAccountsBytes out;
    JUESUAN_ASSIGN_OR_RETURN(
        out.revision, ParseStored<StoredRevision>(bytes, "revision", &RevisionSummaryFilter()));
    JUESUAN_ASSIGN_OR_RETURN(out.accounts_bytes,
                             FieldPayload(bytes, StoredRevision::kAccountsFieldNumber));
    return out;
  }

  absl::StatusOr<StoredAccountsHead> GetHead(const DepartmentYear& dy) const override {
    auto bytes = kv_->Get(ColumnFamilyId::kHeads, HeadKey(dy));
    if (absl::IsNotFound(bytes.status())) {
      return absl::NotFoundError(absl::StrCat("departments/", dy.department_id, "/accounts/",
                                              dy.fiscal_year, " not found"));
    }
    if (!bytes.ok()) return bytes.status();
    return ParseStored<StoredAccountsHead>(*bytes, "head");
  }

  absl::StatusOr<StoredExplanations> GetExplanations(const DepartmentYear& dy,
                                                     int64_t revision_id) const override {
    auto bytes = kv_->Get(ColumnFamilyId::kExplanations, ExplanationsKey(dy, revision_id));
    if (absl::IsNotFound(bytes.status())) {
      StoredExplanations empty;
      empty.set_format_version(kValueFormat);
      return empty;
    }
    if (!bytes.ok()) return bytes.status();
    return ParseStored<StoredExplanations>(*bytes, "explanations");
  }

  absl::StatusOr<RevisionPage> ListRevisions(const DepartmentYear& dy, int page_size,
                                             absl::string_view page_token, bool with_accounts,
                                             size_t max_bytes) const override {
    const std::string prefix = RevisionPrefix(dy);
    const WireFilter* filter = with_accounts ? nullptr : &RevisionSummaryFilter();
    RevisionPage page;
    JUESUAN_ASSIGN_OR_RETURN(page.next_page_token,
                             ScanPage(
                                 *kv_, ColumnFamilyId::kRevisions, prefix,
                                 PageQueryHash("revisions", prefix), page_size, page_token,
                                 [&](absl::string_view, absl::string_view value) -> absl::Status {
                                   JUESUAN_ASSIGN_OR_RETURN(
                                       StoredRevision revision,
                                       ParseStored<StoredRevision>(value, "revision", filter));
                                   page.revisions.push_back(std::move(revision));
                                   return absl::OkStatus();
                                 },
                                 max_bytes));
    return page;
  }

  absl::StatusOr<HeadPage> ListHeads(int32_t fiscal_year, absl::string_view region_code,
                                     int page_size, absl::string_view page_token) const override {
    const std::string prefix =
        fiscal_year == 0 ? std::string() : AccountsIndexPrefix(fiscal_year, region_code);
    HeadPage page;
    const uint64_t query_hash = PageQueryHash("heads", prefix);
    JUESUAN_ASSIGN_OR_RETURN(
        page.next_page_token,
        ScanPage(*kv_, ColumnFamilyId::kAccountsIndex, prefix, query_hash, page_size, page_token,
                 [&](absl::string_view key, absl::string_view value) -> absl::Status {
                   JUESUAN_ASSIGN_OR_RETURN(AccountsIndexParts parts, DecodeAccountsIndexKey(key));
                   JUESUAN_ASSIGN_OR_RETURN(StoredAccountsHead head,
                                            ParseStored<StoredAccountsHead>(value, "head"));
                   page.heads.push_back({{parts.department_id, parts.fiscal_year},
                                         std::move(head),
                                         EncodePageToken(key, query_hash)});
                   return absl::OkStatus();
                 }));
    return page;
  }

  absl::StatusOr<int64_t> CountHeads(int32_t fiscal_year,
                                     absl::string_view region_code) const override {
    const std::string prefix =
        fiscal_year == 0 ? std::string() : AccountsIndexPrefix(fiscal_year, region_code);
    int64_t count = 0;
    JUESUAN_RETURN_IF_ERROR(kv_->Scan(ColumnFamilyId::kAccountsIndex, prefix,
                                      PrefixSuccessor(prefix), ScanOrder::kForward,
                                      [&count](absl::string_view, absl::string_view) {
                                        ++count;
                                        return true;
                                      }));
    return count;
  }

  absl::StatusOr<RevisionState> UpdateRevisionState(const DepartmentYear& dy, int64_t revision_id,
                                                    const StateMutator& mutate) override {
    absl::MutexLock lock(&DepartmentYearLock(dy));
    JUESUAN_ASSIGN_OR_RETURN(StoredRevision revision, GetRevision(dy, revision_id));
    RevisionState state;
    JUESUAN_ASSIGN_OR_RETURN(state.head, GetHead(dy));
    JUESUAN_ASSIGN_OR_RETURN(state.explanations, GetExplanations(dy, revision_id));
    const StoredAccountsHead old_head = state.head;
    JUESUAN_RETURN_IF_ERROR(mutate(revision, state));
    // The head's identity fields belong to the latest revision, not the caller.
    state.head.set_format_version(kValueFormat);
    state.head.set_latest_revision_id(old_head.latest_revision_id());
    state.head.set_region_code(old_head.region_code());
    state.explanations.set_format_version(kValueFormat);
    WriteBatch batch;
    PutHead(dy, state.head, &old_head, batch);
    batch.Put(ColumnFamilyId::kExplanations, ExplanationsKey(dy, revision_id),
              state.explanations.SerializeAsString());
    JUESUAN_RETURN_IF_ERROR(
        kv_->Write(batch, /*sync=*/true,
                   absl::StrCat("departments/", dy.department_id, "/accounts/", dy.fiscal_year,
                                "/revisions/", revision_id, " state")));
    return state;
  }

  absl::StatusOr<Department> GetDepartment(absl::string_view department_id) const override {
    auto bytes = kv_->Get(ColumnFamilyId::kDepartments, DepartmentKey(department_id));
    if (absl::IsNotFound(bytes.status())) {
      return absl::NotFoundError(absl::StrCat("departments/", department_id, " not found"));
    }
    if (!bytes.ok()) return bytes.status();
    JUESUAN_ASSIGN_OR_RETURN(StoredDepartment stored,
                             ParseStored<StoredDepartment>(*bytes, "department"));
    return std::move(*stored.mutable_department());
  }

  absl::StatusOr<DepartmentPage> ListDepartments(absl::string_view region_code, int page_size,
                                                 absl::string_view page_token) const override {
    const uint64_t query_hash = PageQueryHash("departments", region_code);
    JUESUAN_ASSIGN_OR_RETURN(std::string after, ResumeKey(page_token, query_hash, ""));
    DepartmentPage page;
    absl::Status parse_status;
    std::string last_key;
    bool more = false;
    // Departments are few (thousands per region); a region filter scans them.
    JUESUAN_RETURN_IF_ERROR(
        kv_->Scan(ColumnFamilyId::kDepartments, after, "", ScanOrder::kForward,
                  [&](absl::string_view key, absl::string_view value) {
                    if (key == after) return true;
                    auto stored = ParseStored<StoredDepartment>(value, "department");
                    if (!stored.ok()) {
                      parse_status = stored.status();
                      return false;
                    }
                    if (!region_code.empty() && stored->department().region_code() != region_code) {
                      return true;
                    }
                    if (static_cast<int>(page.departments.size()) == page_size) {
                      more = true;
                      return false;
                    }
                    page.departments.push_back(std::move(*stored->mutable_department()));
                    last_key = std::string(key);
                    return true;
                  }));
    JUESUAN_RETURN_IF_ERROR(parse_status);
    if (more) page.next_page_token = EncodePageToken(last_key, query_hash);
    return page;
  }

  absl::Status Integrity() const override { return kv_->Integrity(); }

 private:
  // AppendRevision under its locks.
  absl::StatusOr<StoredRevision> AppendLocked(const DepartmentYear& dy,
                                              absl::string_view request_id,
                                              absl::string_view request_sha256,
                                              const RevisionBuilder& build) {
    if (!request_id.empty()) {
      auto existing = kv_->Get(ColumnFamilyId::kRequests, RequestKey(request_id));
      if (existing.ok()) {
        return absl::AlreadyExistsError(absl::StrCat("request_id ", request_id, " already used"));
      }
      if (!absl::IsNotFound(existing.status())) {
        return existing.status();
      }
    }

    StoredAccountsHead old_head;
    bool had_head = false;
    if (auto head = GetHead(dy); head.ok()) {
      old_head = *std::move(head);
      had_head = true;
    } else if (!absl::IsNotFound(head.status())) {
      return head.status();
    }
    const int64_t revision_id = old_head.latest_revision_id() + 1;

    absl::StatusOr<NewRevision> built = build(revision_id);
    if (!built.ok()) {
      return built.status();
    }
    StoredRevision& revision = built->revision;
    revision.set_format_version(kValueFormat);
    revision.set_revision_id(revision_id);
    const bool as_bytes = !built->accounts_bytes.empty();
    if (as_bytes && revision.has_accounts()) {
      return absl::InternalError("a new revision has accounts both as bytes and as a message");
    }
    const Department& department = as_bytes ? built->department : revision.accounts().department();

    StoredAccountsHead head = old_head;
    head.set_format_version(kValueFormat);
    head.set_latest_revision_id(revision_id);
    head.set_latest_create_time_micros(revision.create_time_micros());
    head.set_department_display_name(department.display_name());
    head.set_region_code(department.region_code());
    head.set_latest_accounts_sha256(revision.validation_report().provenance().accounts_sha256());

    std::string value = revision.SerializeAsString();
    if (as_bytes) {
      // The accounts field after the others: a parser takes fields in any order.
      AppendLengthDelimited(StoredRevision::kAccountsFieldNumber, built->accounts_bytes, &value);
    }
    WriteBatch batch;
    batch.Put(ColumnFamilyId::kRevisions, RevisionKey(dy, revision_id), std::move(value));
    PutHead(dy, head, had_head ? &old_head : nullptr, batch);
    StoredDepartment stored_department;
    stored_department.set_format_version(kValueFormat);
    *stored_department.mutable_department() = department;
    batch.Put(ColumnFamilyId::kDepartments, DepartmentKey(dy.department_id),
              stored_department.SerializeAsString());
    if (!request_id.empty()) {
      StoredRequest request;
      request.set_format_version(kValueFormat);
      request.set_request_sha256(std::string(request_sha256));
      *request.mutable_response() = built->response;
      batch.Put(ColumnFamilyId::kRequests, RequestKey(request_id), request.SerializeAsString());
    }
    absl::Status written = kv_->Write(
        batch, /*sync=*/true,
        absl::StrCat("departments/", dy.department_id, "/accounts/", dy.fiscal_year, "/revisions/",
                     revision_id, request_id.empty() ? "" : " request_id=", request_id));
    if (!written.ok()) return written;
    return std::move(revision);
  }

  // GetRevision with only the fields `filter` keeps (all if null).
  absl::StatusOr<StoredRevision> ReadRevision(const DepartmentYear& dy, int64_t revision_id,
                                              const WireFilter* filter) const {
    JUESUAN_ASSIGN_OR_RETURN(std::string bytes, ReadRevisionBytes(dy, revision_id));
    return ParseStored<StoredRevision>(bytes, "revision", filter);
  }

  absl::StatusOr<std::string> ReadRevisionBytes(const DepartmentYear& dy,
                                                int64_t revision_id) const {
    if (revision_id == 0) {
      JUESUAN_ASSIGN_OR_RETURN(StoredAccountsHead head, GetHead(dy));
      revision_id = head.latest_revision_id();
    }
    auto bytes = kv_->Get(ColumnFamilyId::kRevisions, RevisionKey(dy, revision_id));
    if (absl::IsNotFound(bytes.status())) {
      return absl::NotFoundError(absl::StrCat("departments/", dy.department_id, "/accounts/",
                                              dy.fiscal_year, "/revisions/", revision_id,
                                              " not found"));
    }
    return bytes;
  }

  static constexpr size_t kStripes = 64;

  absl::Mutex& DepartmentYearLock(const DepartmentYear& dy) {
    return dy_locks_[absl::HashOf(dy.department_id, dy.fiscal_year) % kStripes];
  }
  absl::Mutex& RequestLock(absl::string_view request_id) {
    return request_locks_[absl::HashOf(request_id) % kStripes];
  }

  // Writes `head` under both of its keys, removing the index entry of
  // `old_head` if the region moved.
  void PutHead(const DepartmentYear& dy, const StoredAccountsHead& head,
               const StoredAccountsHead* old_head, WriteBatch& batch) {
    const std::string bytes = head.SerializeAsString();
    batch.Put(ColumnFamilyId::kHeads, HeadKey(dy), bytes);
    if (old_head != nullptr && old_head->region_code() != head.region_code()) {
      batch.Delete(ColumnFamilyId::kAccountsIndex,
                   AccountsIndexKey(dy.fiscal_year, old_head->region_code(), dy.department_id));
    }
    batch.Put(ColumnFamilyId::kAccountsIndex,
              AccountsIndexKey(dy.fiscal_year, head.region_code(), dy.department_id), bytes);
  }

  std::unique_ptr<KvStore> kv_;
  std::array<absl::Mutex, kStripes> dy_locks_;
  std::array<absl::Mutex, kStripes> request_locks_;
};

}  // namespace

const WireFilter& RevisionSummaryFilter() {
  // StoredRevision.accounts (3) keeps only FinalAccounts.department (1).
  static const WireFilter* const kSummary = new WireFilter{
      {},
      std::nullopt,
      {{StoredRevision::kAccountsFieldNumber,
        WireFilter{
            {}, std::set<int>{juesuan::accounts::v1::FinalAccounts::kDepartmentFieldNumber}, {}}}}};
  return *kSummary;
}

absl::StatusOr<std::unique_ptr<AccountStore>> OpenAccountStore(const KvStoreOptions& options) {
  // Its own column families only (store_format.h).
  KvStoreOptions own = options;
  own.column_families = {ColumnFamilyId::kRevisions, ColumnFamilyId::kAccountsIndex,
                         ColumnFamilyId::kHeads,     ColumnFamilyId::kExplanations,
                         ColumnFamilyId::kRequests,  ColumnFamilyId::kDepartments};
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<KvStore> kv, KvStore::Open(own));
  return std::make_unique<RocksAccountStore>(std::move(kv));
}

}  // namespace juesuan::storage
