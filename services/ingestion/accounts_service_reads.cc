// AccountsService's reads: a revision (in the view asked for), the accounts
// listed (FULL pages wait for a pause in submissions), a department-year's
// revisions, the department directory and the rule catalogue.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/ingestion/accounts_service.h"
#include "services/ingestion/accounts_service_internal.h"
#include "services/ingestion/request_errors.h"
#include "storage/page_token.h"
#include "storage/wire_filter.h"

namespace juesuan::ingestion {

using ::juesuan::ingestion::v1::AccountsRevision;
using ::juesuan::storage::StoredAccountsHead;
using ::juesuan::storage::StoredExplanations;
using ::juesuan::storage::StoredRevision;

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
