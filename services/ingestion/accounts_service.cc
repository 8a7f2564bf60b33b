#include "services/ingestion/accounts_service.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "common/error_details.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/util/time_util.h"
#include "google/rpc/error_details.pb.h"
#include "services/ingestion/request_errors.h"
#include "storage/page_token.h"
#include "storage/wire_filter.h"

namespace juesuan::ingestion {

using ::google::protobuf::util::TimeUtil;
using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::ingestion::v1::AccountsRevision;
using ::juesuan::ingestion::v1::Finding;
using ::juesuan::ingestion::v1::ValidationReport;
using ::juesuan::storage::DepartmentYear;
using ::juesuan::storage::StoredAccountsHead;
using ::juesuan::storage::StoredExplanations;
using ::juesuan::storage::StoredRevision;

namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;
// FULL views carry whole accounts (tens of KB each): smaller pages keep a
// response well under the clients' 4 MiB default receive limit.
constexpr int kMaxFullPageSize = 50;
// What a FULL page (each revision with its accounts) may hold: a page ends
// before the entry that would take it past this, so no page is built that
// cannot be sent (the reply cap is 64 MiB; one document is at most 4 MiB
// and its report less) and two pages being built stay far from the
// servers' memory limit. A page always holds one entry.
constexpr size_t kMaxFullPageBytes = size_t{16} * 1024 * 1024;
constexpr int kMaxExplanations = 1000;
constexpr size_t kMaxExplanationChars = 2000;

google::protobuf::Timestamp ToTimestamp(int64_t micros) {
  return TimeUtil::MicrosecondsToTimestamp(micros);
}

bool ValidRequestId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

// Recounts a report after explanations change.
void Recount(ValidationReport& report) {
  int fatal = 0, warning = 0, info = 0, unexplained = 0;
  for (const Finding& f : report.findings()) {
    switch (f.severity()) {
      case v1::SEVERITY_FATAL:
        ++fatal;
        break;
      case v1::SEVERITY_WARNING:
        ++warning;
        if (!f.has_explanation() || f.explanation().text().empty()) ++unexplained;
        break;
      default:
        ++info;
    }
  }
  report.set_fatal_count(fatal);
  report.set_warning_count(warning);
  report.set_info_count(info);
  report.set_unexplained_warning_count(unexplained);
}

// Puts the stored explanations on the report's WARNING findings.
void ApplyExplanations(const StoredExplanations& explanations, ValidationReport& report) {
  for (Finding& f : *report.mutable_findings()) {
    if (f.severity() != v1::SEVERITY_WARNING) continue;
    auto it = explanations.by_finding().find(f.finding_id());
    if (it != explanations.by_finding().end()) *f.mutable_explanation() = it->second;
  }
  Recount(report);
}

// Stamps the digest of the report's content into its provenance.
void SealReport(ValidationReport& report) {
  report.mutable_provenance()->clear_content_sha256();
  report.mutable_provenance()->set_content_sha256(Sha256Hex(DeterministicBytes(report)));
}

std::string Etag(const StoredAccountsHead& head, int64_t revision_id,
                 const StoredExplanations& explanations) {
  const std::string state =
      absl::StrCat(revision_id, "|", head.publication().revision_id(), "|",
                   head.publication().publish_time_micros(), "|", DeterministicBytes(explanations));
  return Sha256Hex(state).substr(0, 32);
}

// The fatal part of a report travels in a refusal up to this size.
constexpr size_t kMaxReportDetailBytes = 3000;

// The refusal of accounts with FATAL findings.
absl::Status Refusal(const ValidationReport& report) {
  std::vector<FieldViolation> violations;
  std::vector<std::string> rule_ids;
  for (const Finding& f : report.findings()) {
    if (f.severity() != v1::SEVERITY_FATAL) continue;
    if (std::find(rule_ids.begin(), rule_ids.end(), f.rule_id()) == rule_ids.end()) {
      rule_ids.push_back(f.rule_id());
    }
    std::string description = absl::StrCat("[", f.rule_id(), "] ", f.message());
    if (!f.expected().empty() || !f.difference().empty()) {
      absl::StrAppend(&description, "；填报 ", f.provided(), "，应为 ", f.expected(), "，差额 ",
                      f.difference(), f.unit().empty() ? "" : " ", f.unit());
    } else if (!f.provided().empty()) {
      absl::StrAppend(&description, "；填报 ", f.provided());
    }
    if (static_cast<int>(violations.size()) < kMaxViolations) {
      violations.push_back({f.cells().empty() ? "accounts" : absl::StrCat("accounts.", f.cells(0)),
                            CutUtf8(description, kMaxDescriptionBytes)});
    }
  }
  absl::Status status = InvalidArgumentWithViolations(
      absl::StrCat("accounts refused: ", report.fatal_count(), " fatal finding(s) (",
                   absl::StrJoin(rule_ids, ", "), "); first: ", violations.front().description),
      violations);
  AttachErrorInfo(status, rule_ids.front(), kErrorDomain,
                  {{"rule_ids", CutUtf8(absl::StrJoin(rule_ids, ","), 200)},
                   {"fatal_count", absl::StrCat(report.fatal_count())}});
  // The fatal part of the report, when it is small enough to travel in the
  // error; the full report is what validate_only returns.
  ValidationReport fatal = report;
  fatal.clear_findings();
  for (const Finding& f : report.findings()) {
    if (f.severity() == v1::SEVERITY_FATAL) *fatal.add_findings() = f;
  }
  if (fatal.ByteSizeLong() <= kMaxReportDetailBytes) AttachDetail(status, fatal);
  return status;
}

absl::StatusOr<int> PageSize(int requested, int max) {
  return juesuan::PageSize(kErrorDomain, requested, std::min(kDefaultPageSize, max), max);
}

template <typename T>
absl::StatusOr<T> AsPageTokenError(absl::StatusOr<T> result) {
  return juesuan::AsPageTokenError(kErrorDomain, std::move(result));
}

}  // namespace

// Parses an accounts or revision name into the department-year it names.
struct ParsedName {
  DepartmentYear dy;
  int64_t revision_id = 0;
};
absl::StatusOr<ParsedName> ParseName(absl::string_view name, absl::string_view field,
                                     bool require_revision) {
  JUESUAN_ASSIGN_OR_RETURN(DepartmentYearName parsed,
                           ParseAccountsName(name, field, require_revision));
  return ParsedName{{parsed.department_id, parsed.fiscal_year}, parsed.revision_id};
}

std::string RevisionName(const DepartmentYear& dy, int64_t revision_id) {
  return juesuan::RevisionName(dy.department_id, dy.fiscal_year, revision_id);
}

absl::StatusOr<std::unique_ptr<AccountsService>> AccountsService::Create(
    std::unique_ptr<storage::AccountStore> store, std::unique_ptr<RuleEngine> engine,
    const Clock* clock, AccountsServiceOptions options) {
  if (store == nullptr || engine == nullptr || clock == nullptr) {
    return absl::InvalidArgumentError("AccountsService needs a store, an engine and a clock");
  }
  return std::unique_ptr<AccountsService>(
      new AccountsService(std::move(store), std::move(engine), clock, std::move(options)));
}

AccountsService::AccountsService(std::unique_ptr<storage::AccountStore> store,
                                 std::unique_ptr<RuleEngine> engine, const Clock* clock,
                                 AccountsServiceOptions options)
    : store_(std::move(store)),
      engine_(std::move(engine)),
      clock_(clock),
      options_(std::move(options)) {}

std::string SubmitFingerprint(const v1::SubmitAccountsRequest& request,
                              absl::string_view accounts_bytes) {
  // Deterministic serialization writes fields in number order, and a message
  // field as its tag, its length and the message's own bytes: accounts (1)
  // first, then what follows it but the request ID (2). A field added to the
  // request must be added here: the test compares with the plain definition.
  std::string bytes;
  storage::AppendLengthDelimited(v1::SubmitAccountsRequest::kAccountsFieldNumber, accounts_bytes,
                                 &bytes);
  v1::SubmitAccountsRequest rest;
  rest.set_validate_only(request.validate_only());
  rest.GetReflection()->MutableUnknownFields(&rest)->MergeFrom(
      request.GetReflection()->GetUnknownFields(request));
  bytes += DeterministicBytes(rest);
  return Sha256(bytes);
}

ValidationReport AccountsService::Validated(const FinalAccounts& accounts,
                                            absl::string_view accounts_bytes) const {
  ValidationReport report = engine_->Validate(accounts);
  report.mutable_provenance()->set_suite_version(options_.suite_version);
  report.mutable_provenance()->set_accounts_sha256(Sha256Hex(accounts_bytes));
  SealReport(report);
  return report;
}

absl::StatusOr<v1::SubmitAccountsResponse> AccountsService::Submit(
    const v1::SubmitAccountsRequest& request) {
  {
    absl::MutexLock lock(&traffic_mu_);
    ++submissions_in_flight_;
  }
  struct Ended {
    AccountsService* service;
    ~Ended() {
      absl::MutexLock lock(&service->traffic_mu_);
      --service->submissions_in_flight_;
      service->last_submission_end_ = absl::Now();
    }
  } ended{this};
  if (!request.request_id().empty() && !ValidRequestId(request.request_id())) {
    return BadField("request_id", "must be 1–128 printable ASCII characters without spaces");
  }
  if (!request.has_accounts()) return BadField("accounts", "is required");
  const FinalAccounts& accounts = request.accounts();
  const int current_year = absl::ToCivilYear(clock_->Now(), absl::UTCTimeZone()).year();
  std::vector<FieldViolation> violations =
      CheckAccountsShape(accounts, current_year, options_.limits, "accounts");
  if (!violations.empty()) return Malformed("malformed accounts", violations);
  // The request's fingerprint tells a retry from a reuse of its ID.
  const std::string accounts_bytes = DeterministicBytes(accounts);
  const std::string request_sha = SubmitFingerprint(request, accounts_bytes);
  auto replay = [&]() -> absl::StatusOr<v1::SubmitAccountsResponse> {
    JUESUAN_ASSIGN_OR_RETURN(storage::StoredRequest stored,
                             store_->GetRequest(request.request_id()));
    if (stored.request_sha256() != request_sha) {
      return BadField("request_id",
                      absl::StrCat("\"", request.request_id(),
                                   "\" was already used for a different request; use a new ID"));
    }
    return stored.response();
  };
  if (!request.request_id().empty()) {
    absl::StatusOr<v1::SubmitAccountsResponse> earlier = replay();
    if (earlier.ok() || !absl::IsNotFound(earlier.status())) return earlier;
  }

  ValidationReport report = Validated(accounts, accounts_bytes);
  if (report.fatal_count() > 0) return Refusal(report);
  if (request.validate_only()) {
    v1::SubmitAccountsResponse response;
    *response.mutable_validation_report() = std::move(report);
    return response;
  }

  const DepartmentYear dy{DepartmentIdFromName(accounts.department().name()),
                          accounts.fiscal_year()};
  const int64_t now_micros = absl::ToUnixMicros(clock_->Now());
  v1::SubmitAccountsResponse response;
  absl::StatusOr<StoredRevision> stored = store_->AppendRevision(
      dy, request.request_id(), request_sha,
      [&](int64_t revision_id) -> absl::StatusOr<storage::AccountStore::NewRevision> {
        storage::AccountStore::NewRevision fresh;
        fresh.revision.set_revision_id(revision_id);
        // The bytes the digest was taken of, stored as they are.
        fresh.accounts_bytes = accounts_bytes;
        fresh.department = accounts.department();
        ValidationReport sealed = report;
        sealed.mutable_provenance()->set_accounts_revision(RevisionName(dy, revision_id));
        SealReport(sealed);
        *fresh.revision.mutable_validation_report() = sealed;
        fresh.revision.set_create_time_micros(now_micros);
        fresh.revision.set_request_id(request.request_id());
        fresh.response.set_name(RevisionName(dy, revision_id));
        *fresh.response.mutable_validation_report() = std::move(sealed);
        *fresh.response.mutable_create_time() = ToTimestamp(now_micros);
        response = fresh.response;
        return fresh;
      });
  if (absl::IsAlreadyExists(stored.status())) return replay();  // a concurrent retry won
  if (!stored.ok()) return stored.status();
  return response;
}

AccountsRevision AccountsService::ToApi(const DepartmentYear& dy, StoredRevision& revision,
                                        const StoredAccountsHead& head,
                                        const StoredExplanations& explanations,
                                        bool with_accounts) const {
  AccountsRevision out;
  out.set_name(RevisionName(dy, revision.revision_id()));
  const bool published = head.publication().revision_id() == revision.revision_id();
  // A published revision shows the report it was published under.
  *out.mutable_validation_report() =
      published ? head.publication().validation_report() : revision.validation_report();
  // The digest covers the report as returned, explanations included. A
  // stored report was sealed as stored; with no explanation to apply it is
  // returned as it is, and its digest stands (no serializing and hashing of
  // the report on every read).
  if (!explanations.by_finding().empty() ||
      out.validation_report().provenance().content_sha256().empty()) {
    ApplyExplanations(explanations, *out.mutable_validation_report());
    SealReport(*out.mutable_validation_report());
  }
  out.set_state(published ? v1::REVISION_STATE_PUBLISHED : v1::REVISION_STATE_SUBMITTED);
  *out.mutable_create_time() = ToTimestamp(revision.create_time_micros());
  if (published)
    *out.mutable_publish_time() = ToTimestamp(head.publication().publish_time_micros());
  out.set_request_id(revision.request_id());
  out.set_department_display_name(revision.accounts().department().display_name());
  out.set_region_code(revision.accounts().department().region_code());
  out.set_fiscal_year(dy.fiscal_year);
  out.set_revision_id(revision.revision_id());
  out.set_etag(Etag(head, revision.revision_id(), explanations));
  // Moved, not copied: tens of KB of tables. Last, as the fields above read them.
  if (with_accounts) out.mutable_accounts()->Swap(revision.mutable_accounts());
  return out;
}

namespace {

// The DIGEST view of a revision: what tells it from another (see the
// AccountsView comment), and nothing else.
AccountsRevision DigestOf(const AccountsRevision& r) {
  AccountsRevision out;
  out.set_name(r.name());
  out.set_revision_id(r.revision_id());
  out.set_state(r.state());
  if (r.has_create_time()) *out.mutable_create_time() = r.create_time();
  if (r.has_publish_time()) *out.mutable_publish_time() = r.publish_time();
  out.set_etag(r.etag());
  out.set_department_display_name(r.department_display_name());
  out.set_region_code(r.region_code());
  out.set_fiscal_year(r.fiscal_year());
  out.mutable_validation_report()->mutable_provenance()->set_accounts_sha256(
      r.validation_report().provenance().accounts_sha256());
  return out;
}

// The latest revision as its head holds it, no revision read: name,
// number, state, times, department, region and year. (What DIGEST and the
// BASIC listing answer; ToApi builds a revision that was read.)
AccountsRevision LatestFromHead(const storage::DepartmentYear& dy, const StoredAccountsHead& head) {
  const int64_t latest = head.latest_revision_id();
  AccountsRevision out;
  out.set_name(RevisionName(dy, latest));
  out.set_revision_id(latest);
  const bool published = head.publication().revision_id() == latest;
  out.set_state(published ? v1::REVISION_STATE_PUBLISHED : v1::REVISION_STATE_SUBMITTED);
  *out.mutable_create_time() = ToTimestamp(head.latest_create_time_micros());
  if (published)
    *out.mutable_publish_time() = ToTimestamp(head.publication().publish_time_micros());
  out.set_department_display_name(head.department_display_name());
  out.set_region_code(head.region_code());
  out.set_fiscal_year(dy.fiscal_year);
  return out;
}

}  // namespace

absl::StatusOr<AccountsRevision> AccountsService::Get(const v1::GetAccountsRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(ParsedName name, ParseName(request.name(), "name", false));
  if (request.view() == v1::ACCOUNTS_VIEW_DIGEST && name.revision_id == 0) {
    // The latest revision, from the head alone when it holds the digest.
    JUESUAN_ASSIGN_OR_RETURN(StoredAccountsHead head, store_->GetHead(name.dy));
    if (!head.latest_accounts_sha256().empty()) {
      const int64_t latest = head.latest_revision_id();
      JUESUAN_ASSIGN_OR_RETURN(StoredExplanations explanations,
                               store_->GetExplanations(name.dy, latest));
      AccountsRevision out = LatestFromHead(name.dy, head);
      out.set_etag(Etag(head, latest, explanations));
      out.mutable_validation_report()->mutable_provenance()->set_accounts_sha256(
          head.latest_accounts_sha256());
      return out;
    }
  }
  const bool basic =
      request.view() == v1::ACCOUNTS_VIEW_BASIC || request.view() == v1::ACCOUNTS_VIEW_DIGEST;
  // BASIC reads the revision without parsing its tables.
  JUESUAN_ASSIGN_OR_RETURN(StoredRevision revision,
                           basic ? store_->GetRevisionSummary(name.dy, name.revision_id)
                                 : store_->GetRevision(name.dy, name.revision_id));
  JUESUAN_ASSIGN_OR_RETURN(StoredAccountsHead head, store_->GetHead(name.dy));
  JUESUAN_ASSIGN_OR_RETURN(StoredExplanations explanations,
                           store_->GetExplanations(name.dy, revision.revision_id()));
  AccountsRevision out = ToApi(name.dy, revision, head, explanations, !basic);
  if (request.view() == v1::ACCOUNTS_VIEW_DIGEST) return DigestOf(out);
  return out;
}

void AccountsService::YieldToSubmissions() const {
  if (options_.bulk_read_max_wait <= absl::ZeroDuration()) return;
  constexpr absl::Duration kPause = absl::Milliseconds(1);
  const absl::Time deadline = absl::Now() + options_.bulk_read_max_wait;
  absl::MutexLock lock(&traffic_mu_);
  while (true) {
    const absl::Time now = absl::Now();
    if (now >= deadline) return;
    if (submissions_in_flight_ > 0) {
      traffic_mu_.AwaitWithDeadline(
          absl::Condition(
              +[](const int* n) { return *n == 0; }, &submissions_in_flight_),
          deadline);
      continue;
    }
    const absl::Time pause_ends = last_submission_end_ + kPause;
    if (now >= pause_ends) return;
    // Until the pause is long enough, or a submission starts.
    traffic_mu_.AwaitWithDeadline(
        absl::Condition(
            +[](const int* n) { return *n > 0; }, &submissions_in_flight_),
        std::min(pause_ends, deadline));
  }
}

absl::StatusOr<v1::ListAccountsResponse> AccountsService::List(
    const v1::ListAccountsRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(AccountsPage page, ListPage(request));
  v1::ListAccountsResponse response = std::move(page.response);
  for (AccountsPage::FullEntry& entry : page.full) {
    if (!entry.revision.mutable_accounts()->ParseFromString(entry.stored_accounts)) {
      return absl::DataLossError(
          absl::StrCat("stored accounts of ", entry.revision.name(), " do not parse"));
    }
    *response.add_accounts() = std::move(entry.revision);
  }
  return response;
}

absl::StatusOr<AccountsService::AccountsPage> AccountsService::ListPage(
    const v1::ListAccountsRequest& request) const {
  if (request.parent() != "departments/-") {
    return BadField("parent",
                    absl::StrCat("must be \"departments/-\", got \"", request.parent(), "\""));
  }
  if (request.fiscal_year() != 0 &&
      (request.fiscal_year() < 1000 || request.fiscal_year() > 9999)) {
    return BadField("fiscal_year", absl::StrCat("not a year: ", request.fiscal_year()));
  }
  if (!request.region_code().empty() && request.fiscal_year() == 0) {
    return BadField("region_code", "needs fiscal_year (accounts are listed by year, then region)");
  }
  JUESUAN_ASSIGN_OR_RETURN(
      int page_size,
      PageSize(request.page_size(),
               request.view() == v1::ACCOUNTS_VIEW_FULL ? kMaxFullPageSize : kMaxPageSize));
  JUESUAN_ASSIGN_OR_RETURN(
      storage::AccountStore::HeadPage page,
      AsPageTokenError(store_->ListHeads(request.fiscal_year(), request.region_code(), page_size,
                                         request.page_token())));
  v1::ListAccountsResponse response;
  if (request.page_token().empty()) {
    JUESUAN_ASSIGN_OR_RETURN(const int64_t total,
                             store_->CountHeads(request.fiscal_year(), request.region_code()));
    response.set_total_size(static_cast<int32_t>(std::min<int64_t>(total, INT32_MAX)));
  }
  if (request.view() == v1::ACCOUNTS_VIEW_FULL) YieldToSubmissions();
  // FULL: each revision's accounts stay as stored; parsing them is the
  // caller's choice (List parses them, the handler sends them unparsed).
  AccountsPage answer;
  size_t full_bytes = 0;
  for (size_t i = 0; i < page.heads.size(); ++i) {
    const auto& entry = page.heads[i];
    if (request.view() != v1::ACCOUNTS_VIEW_FULL) {
      // BASIC: from the head alone, no revision read.
      *response.add_accounts() = LatestFromHead(entry.dy, entry.head);
      continue;
    }
    JUESUAN_ASSIGN_OR_RETURN(storage::AccountStore::RevisionWithAccountsBytes stored,
                             store_->GetRevisionWithAccountsBytes(entry.dy, 0));
    JUESUAN_ASSIGN_OR_RETURN(StoredExplanations explanations,
                             store_->GetExplanations(entry.dy, stored.revision.revision_id()));
    AccountsPage::FullEntry full{ToApi(entry.dy, stored.revision, entry.head, explanations, false),
                                 std::move(stored.accounts_bytes)};
    const size_t revision_bytes =
        full.revision.ByteSizeLong() +
        storage::LengthDelimitedSize(AccountsRevision::kAccountsFieldNumber,
                                     full.stored_accounts.size());
    const size_t entry_bytes = storage::LengthDelimitedSize(
        v1::ListAccountsResponse::kAccountsFieldNumber, revision_bytes);
    if (i > 0 && full_bytes + entry_bytes > kMaxFullPageBytes) {
      // Full: the next page resumes at this entry.
      page.next_page_token = page.heads[i - 1].resume_token;
      break;
    }
    full_bytes += entry_bytes;
    answer.full.push_back(std::move(full));
  }
  response.set_next_page_token(page.next_page_token);
  answer.response = std::move(response);
  return answer;
}

absl::StatusOr<v1::ListAccountRevisionsResponse> AccountsService::ListRevisions(
    const v1::ListAccountRevisionsRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(ParsedName name, ParseName(request.parent(), "parent", false));
  if (name.revision_id != 0) {
    return BadField("parent", "must be departments/{department}/accounts/{fiscal_year}");
  }
  JUESUAN_ASSIGN_OR_RETURN(
      int page_size,
      PageSize(request.page_size(),
               request.view() == v1::ACCOUNTS_VIEW_FULL ? kMaxFullPageSize : kMaxPageSize));
  JUESUAN_ASSIGN_OR_RETURN(StoredAccountsHead head, store_->GetHead(name.dy));
  const bool full = request.view() == v1::ACCOUNTS_VIEW_FULL;
  JUESUAN_ASSIGN_OR_RETURN(
      storage::AccountStore::RevisionPage page,
      AsPageTokenError(store_->ListRevisions(name.dy, page_size, request.page_token(), full,
                                             full ? kMaxFullPageBytes : SIZE_MAX)));
  v1::ListAccountRevisionsResponse response;
  for (StoredRevision& revision : page.revisions) {
    JUESUAN_ASSIGN_OR_RETURN(StoredExplanations explanations,
                             store_->GetExplanations(name.dy, revision.revision_id()));
    *response.add_revisions() = ToApi(name.dy, revision, head, explanations, full);
  }
  response.set_next_page_token(page.next_page_token);
  return response;
}

absl::StatusOr<AccountsRevision> AccountsService::Explain(const v1::ExplainFindingsRequest& request,
                                                          absl::string_view author) {
  JUESUAN_ASSIGN_OR_RETURN(ParsedName name, ParseName(request.name(), "name", true));
  if (request.explanations().empty()) return BadField("explanations", "at least one is required");
  if (request.explanations_size() > kMaxExplanations) {
    return BadField("explanations", absl::StrCat("at most ", kMaxExplanations, " per call"));
  }
  if (Utf8Length(request.author()) > 200) return BadField("author", "at most 200 characters");
  std::vector<FieldViolation> violations;
  for (int i = 0; i < request.explanations_size(); ++i) {
    const auto& e = request.explanations(i);
    const size_t length = Utf8Length(e.text());
    if (e.finding_id().empty()) {
      violations.push_back({absl::StrCat("explanations[", i, "].finding_id"), "is required"});
    }
    if (length == 0 || length > kMaxExplanationChars) {
      violations.push_back({absl::StrCat("explanations[", i, "].text"),
                            absl::StrCat("must be 1–", kMaxExplanationChars, " characters")});
    }
  }
  if (!violations.empty()) return Malformed("invalid explanations", violations);

  const int64_t now_micros = absl::ToUnixMicros(clock_->Now());
  StoredRevision revision_seen;
  JUESUAN_ASSIGN_OR_RETURN(
      storage::AccountStore::RevisionState state,
      store_->UpdateRevisionState(
          name.dy, name.revision_id,
          [&](const StoredRevision& revision,
              storage::AccountStore::RevisionState& s) -> absl::Status {
            if (!request.etag().empty() &&
                request.etag() != Etag(s.head, revision.revision_id(), s.explanations)) {
              return absl::AbortedError("etag mismatch: the revision changed; read it again");
            }
            if (s.head.publication().revision_id() == revision.revision_id()) {
              return absl::FailedPreconditionError(
                  "the revision is published: what it shows can no longer change; submit a new "
                  "revision to explain further");
            }
            // Explanations answer WARNING findings, of the stored report or of
            // the current catalogue (what publication will check).
            std::map<std::string, v1::Severity> severities;
            for (const Finding& f : revision.validation_report().findings()) {
              severities[f.finding_id()] = f.severity();
            }
            const ValidationReport current = engine_->Validate(revision.accounts());
            for (const Finding& f : current.findings()) {
              severities.emplace(f.finding_id(), f.severity());
            }
            std::vector<FieldViolation> unknown;
            for (int i = 0; i < request.explanations_size(); ++i) {
              const auto& e = request.explanations(i);
              auto it = severities.find(e.finding_id());
              if (it == severities.end() || it->second != v1::SEVERITY_WARNING) {
                unknown.push_back({absl::StrCat("explanations[", i, "].finding_id"),
                                   absl::StrCat("\"", e.finding_id(),
                                                "\" is not a WARNING finding of this revision")});
                continue;
              }
              v1::Explanation& stored = (*s.explanations.mutable_by_finding())[e.finding_id()];
              stored.set_text(e.text());
              stored.set_author(std::string(author));
              stored.set_note(request.author());
              *stored.mutable_create_time() = ToTimestamp(now_micros);
            }
            if (!unknown.empty()) return Malformed("invalid explanations", unknown);
            revision_seen = revision;
            return absl::OkStatus();
          }));
  return ToApi(name.dy, revision_seen, state.head, state.explanations, /*with_accounts=*/false);
}

absl::StatusOr<AccountsRevision> AccountsService::Publish(
    const v1::PublishAccountsRequest& request) {
  JUESUAN_ASSIGN_OR_RETURN(ParsedName name, ParseName(request.name(), "name", true));
  const int64_t now_micros = absl::ToUnixMicros(clock_->Now());
  StoredRevision revision_seen;
  JUESUAN_ASSIGN_OR_RETURN(
      storage::AccountStore::RevisionState state,
      store_->UpdateRevisionState(
          name.dy, name.revision_id,
          [&](const StoredRevision& revision,
              storage::AccountStore::RevisionState& s) -> absl::Status {
            revision_seen = revision;
            if (!request.etag().empty() &&
                request.etag() != Etag(s.head, revision.revision_id(), s.explanations)) {
              return absl::AbortedError("etag mismatch: the revision changed; read it again");
            }
            if (s.head.publication().revision_id() == revision.revision_id()) {
              return absl::OkStatus();  // already published: publishing again changes nothing
            }
            // Re-validate under the current catalogue: it may have changed.
            ValidationReport report = engine_->Validate(revision.accounts());
            report.mutable_provenance()->set_accounts_revision(
                RevisionName(name.dy, revision.revision_id()));
            report.mutable_provenance()->set_suite_version(options_.suite_version);
            report.mutable_provenance()->set_accounts_sha256(
                Sha256Hex(DeterministicBytes(revision.accounts())));
            ApplyExplanations(s.explanations, report);
            if (report.fatal_count() > 0 || report.unexplained_warning_count() > 0) {
              google::rpc::PreconditionFailure failure;
              for (const Finding& f : report.findings()) {
                const bool fatal = f.severity() == v1::SEVERITY_FATAL;
                const bool unexplained = f.severity() == v1::SEVERITY_WARNING &&
                                         (!f.has_explanation() || f.explanation().text().empty());
                if (!fatal && !unexplained) continue;
                auto* v = failure.add_violations();
                v->set_type(fatal ? "FATAL_FINDING" : "UNEXPLAINED_WARNING");
                v->set_subject(f.finding_id());
                v->set_description(f.message());
              }
              absl::Status status = absl::FailedPreconditionError(absl::StrCat(
                  "cannot publish ", RevisionName(name.dy, revision.revision_id()), ": ",
                  report.fatal_count(), " fatal finding(s) and ",
                  report.unexplained_warning_count(),
                  " warning(s) without an explanation (attach them with ExplainFindings)"));
              AttachDetail(status, failure);
              AttachErrorInfo(status,
                              report.fatal_count() > 0 ? "FATAL_FINDINGS" : "UNEXPLAINED_WARNINGS",
                              kErrorDomain,
                              {{"fatal_count", absl::StrCat(report.fatal_count())},
                               {"unexplained_warning_count",
                                absl::StrCat(report.unexplained_warning_count())}});
              return status;
            }
            // The stored report keeps explanations apart (ToApi applies them).
            for (Finding& f : *report.mutable_findings()) {
              if (s.explanations.by_finding().count(f.finding_id()) > 0) f.clear_explanation();
            }
            Recount(report);
            SealReport(report);
            auto* publication = s.head.mutable_publication();
            publication->set_revision_id(revision.revision_id());
            publication->set_publish_time_micros(now_micros);
            *publication->mutable_validation_report() = std::move(report);
            return absl::OkStatus();
          }));
  return ToApi(name.dy, revision_seen, state.head, state.explanations, /*with_accounts=*/false);
}

absl::StatusOr<juesuan::accounts::v1::Department> AccountsService::GetDepartment(
    const v1::GetDepartmentRequest& request) const {
  const std::string id = DepartmentIdFromName(request.name());
  if (id.empty()) {
    return BadField("name",
                    absl::StrCat("must be departments/{department}, got \"", request.name(), "\""));
  }
  return store_->GetDepartment(id);
}

absl::StatusOr<v1::ListDepartmentsResponse> AccountsService::ListDepartments(
    const v1::ListDepartmentsRequest& request, const std::vector<std::string>& visible) const {
  JUESUAN_ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size(), kMaxPageSize));
  v1::ListDepartmentsResponse response;
  if (!visible.empty()) {
    // A caller of few departments: those of them the directory holds, in
    // ID order, on one page (a principal lists a handful).
    std::vector<std::string> ids;
    for (const std::string& name : visible) ids.push_back(DepartmentIdFromName(name));
    std::sort(ids.begin(), ids.end());
    for (const std::string& id : ids) {
      absl::StatusOr<juesuan::accounts::v1::Department> d = store_->GetDepartment(id);
      if (absl::IsNotFound(d.status())) continue;
      JUESUAN_RETURN_IF_ERROR(d.status());
      if (!request.region_code().empty() && d->region_code() != request.region_code()) continue;
      *response.add_departments() = *std::move(d);
    }
    return response;
  }
  JUESUAN_ASSIGN_OR_RETURN(storage::AccountStore::DepartmentPage page,
                           AsPageTokenError(store_->ListDepartments(
                               request.region_code(), page_size, request.page_token())));
  for (auto& d : page.departments) *response.add_departments() = std::move(d);
  response.set_next_page_token(page.next_page_token);
  return response;
}

absl::StatusOr<v1::ValidationRule> AccountsService::GetRule(
    const v1::GetValidationRuleRequest& request) const {
  for (const v1::ValidationRule& rule : engine_->rules()) {
    if (rule.name() == request.name()) return rule;
  }
  if (request.name().rfind("validationRules/", 0) != 0) {
    return BadField("name",
                    absl::StrCat("must be validationRules/{rule}, got \"", request.name(), "\""));
  }
  return absl::NotFoundError(
      absl::StrCat(request.name(), " not found in catalogue ", engine_->catalogue_version()));
}

absl::StatusOr<v1::ListValidationRulesResponse> AccountsService::ListRules(
    const v1::ListValidationRulesRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(
      int page_size, PageSize(request.page_size() == 0 ? 100 : request.page_size(), kMaxPageSize));
  const uint64_t query_hash = static_cast<uint64_t>(request.fiscal_year()) * 2654435761u + 17;
  JUESUAN_ASSIGN_OR_RETURN(std::string after, AsPageTokenError(storage::DecodePageToken(
                                                  request.page_token(), query_hash)));
  const auto& rules = engine_->rules();
  size_t start = 0;
  if (!after.empty()) {
    while (start < rules.size() && rules[start].rule_id() != after) ++start;
    if (start == rules.size())
      return BadField("page_token", "names a rule no longer in the catalogue");
    ++start;
  }
  v1::ListValidationRulesResponse response;
  const int year = request.fiscal_year();
  for (size_t i = start; i < rules.size(); ++i) {
    const auto& rule = rules[i];
    if (year != 0 && ((rule.first_fiscal_year() != 0 && year < rule.first_fiscal_year()) ||
                      (rule.last_fiscal_year() != 0 && year > rule.last_fiscal_year()))) {
      continue;
    }
    if (response.validation_rules_size() == page_size) {
      response.set_next_page_token(
          storage::EncodePageToken(response.validation_rules(page_size - 1).rule_id(), query_hash));
      break;
    }
    *response.add_validation_rules() = rule;
  }
  return response;
}

}  // namespace juesuan::ingestion
