// The account-ingestion domain: validate, store, revise, explain and publish
// final accounts. No gRPC here: requests and responses are the API protos,
// errors are absl::Status with google.rpc details attached (common/
// error_details.h); the gRPC adapter only translates.
#ifndef JUESUAN_SERVICES_INGESTION_ACCOUNTS_SERVICE_H_
#define JUESUAN_SERVICES_INGESTION_ACCOUNTS_SERVICE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "juesuan/ingestion/v1/ingestion_service.pb.h"
#include "services/ingestion/rules/rule_engine.h"
#include "services/ingestion/schema_check.h"
#include "storage/account_store.h"

namespace juesuan::ingestion {

// The ErrorInfo domain of every error this service raises.
inline constexpr absl::string_view kErrorDomain = "juesuan.ingestion.v1";

// SHA-256 of `request`'s deterministic bytes without its request_id: what
// tells a retry from a reuse of its ID. `accounts_bytes` must be
// DeterministicBytes(request.accounts()); the result equals
// Sha256(DeterministicBytes(copy of request with request_id cleared)), built
// without copying and serializing the accounts a second time.
std::string SubmitFingerprint(const juesuan::ingestion::v1::SubmitAccountsRequest& request,
                              absl::string_view accounts_bytes);

// Options of the domain.
struct AccountsServiceOptions {
  SchemaLimits limits;
  // Stamped on every report's provenance.
  std::string suite_version;
  // Submissions first: a FULL ListAccounts page (a scoring job's read, tens
  // of KB per department-year) waits for a pause in submissions, until none
  // has been in flight for 1 ms, but at most this long. Zero: no wait.
  absl::Duration bulk_read_max_wait = absl::Milliseconds(50);
};

class AccountsService {
 public:
  // Takes ownership of the store and the engine; `clock` must outlive it.
  static absl::StatusOr<std::unique_ptr<AccountsService>> Create(
      std::unique_ptr<storage::AccountStore> store, std::unique_ptr<RuleEngine> engine,
      const Clock* clock, AccountsServiceOptions options);

  // Validates and (unless validate_only) stores the accounts as a new
  // revision. INVALID_ARGUMENT with BadRequest for malformed accounts; with
  // BadRequest, ErrorInfo (reason: the first fatal rule) and the report for
  // FATAL findings. A repeated request_id replays the first response.
  absl::StatusOr<v1::SubmitAccountsResponse> Submit(const v1::SubmitAccountsRequest& request);

  absl::StatusOr<v1::AccountsRevision> Get(const v1::GetAccountsRequest& request) const;
  // A page of ListAccounts as the domain reads it: the answer, with a FULL
  // page's entries apart, each beside its accounts as the store holds them
  // (a page is tens of KB per department-year: whoever sends it need not
  // parse them; list_answer.h splices them in).
  struct AccountsPage {
    struct FullEntry {
      v1::AccountsRevision revision;  // without its accounts
      std::string stored_accounts;    // FinalAccounts, serialized as stored
    };
    v1::ListAccountsResponse response;  // BASIC entries, total size, page token
    std::vector<FullEntry> full;        // FULL entries, in page order
  };
  absl::StatusOr<AccountsPage> ListPage(const v1::ListAccountsRequest& request) const;
  // The same page as one message, FULL entries' accounts parsed.
  absl::StatusOr<v1::ListAccountsResponse> List(const v1::ListAccountsRequest& request) const;
  absl::StatusOr<v1::ListAccountRevisionsResponse> ListRevisions(
      const v1::ListAccountRevisionsRequest& request) const;

  // Attaches explanations to WARNING findings of a revision, as given by
  // `author` (the authenticated caller); the request's own `author` text is
  // kept as the explanations' note.
  absl::StatusOr<v1::AccountsRevision> Explain(const v1::ExplainFindingsRequest& request,
                                               absl::string_view author);

  // Publishes a revision once it has no FATAL finding under the current
  // catalogue and every WARNING is explained; FAILED_PRECONDITION (with a
  // PreconditionFailure listing what is missing) otherwise.
  absl::StatusOr<v1::AccountsRevision> Publish(const v1::PublishAccountsRequest& request);

  absl::StatusOr<juesuan::accounts::v1::Department> GetDepartment(
      const v1::GetDepartmentRequest& request) const;
  // Lists departments; a caller limited to some departments (`visible`,
  // `departments/{d}` names; empty: all) sees only those, as GetDepartment
  // shows it only those.
  absl::StatusOr<v1::ListDepartmentsResponse> ListDepartments(
      const v1::ListDepartmentsRequest& request, const std::vector<std::string>& visible) const;

  absl::StatusOr<v1::ValidationRule> GetRule(const v1::GetValidationRuleRequest& request) const;
  absl::StatusOr<v1::ListValidationRulesResponse> ListRules(
      const v1::ListValidationRulesRequest& request) const;

  // Reads a published PDF's tables into accounts, with the import's report,
  // validated if asked (accounts_service_import.cc). INVALID_ARGUMENT naming
  // `pdf` for a document that cannot be read.
  absl::StatusOr<v1::ImportAccountsResponse> Import(const v1::ImportAccountsRequest& request,
                                                    absl::Time deadline) const;

  const RuleEngine& engine() const { return *engine_; }

 private:
  AccountsService(std::unique_ptr<storage::AccountStore> store, std::unique_ptr<RuleEngine> engine,
                  const Clock* clock, AccountsServiceOptions options);

  // The rules' report on `accounts` (`accounts_bytes`, deterministically
  // serialized), with its provenance, sealed: what Submit and Import give.
  v1::ValidationReport Validated(const juesuan::accounts::v1::FinalAccounts& accounts,
                                 absl::string_view accounts_bytes) const;

  // Builds the API view of a stored revision; with its accounts, moved out
  // of `revision`, if `with_accounts`.
  v1::AccountsRevision ToApi(const storage::DepartmentYear& dy, storage::StoredRevision& revision,
                             const storage::StoredAccountsHead& head,
                             const storage::StoredExplanations& explanations,
                             bool with_accounts) const;

  // Waits (options_.bulk_read_max_wait at most) for a pause in submissions.
  void YieldToSubmissions() const;

  std::unique_ptr<storage::AccountStore> store_;
  std::unique_ptr<RuleEngine> engine_;
  const Clock* clock_;
  AccountsServiceOptions options_;
  // Submissions in flight, and when the last one ended (real time: this is
  // scheduling, not the accounts' business).
  mutable absl::Mutex traffic_mu_;
  int submissions_in_flight_ ABSL_GUARDED_BY(traffic_mu_) = 0;
  absl::Time last_submission_end_ ABSL_GUARDED_BY(traffic_mu_) = absl::InfinitePast();
};

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_ACCOUNTS_SERVICE_H_
