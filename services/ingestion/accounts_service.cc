#include "services/ingestion/accounts_service.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/error_details.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/util/time_util.h"
#include "google/rpc/error_details.pb.h"
#include "services/ingestion/accounts_service_internal.h"
#include "services/ingestion/request_errors.h"
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

// ABORTED if `etag` is given and is not the revision's now.
absl::Status CheckEtag(const std::string& etag, const StoredRevision& revision,
                       const storage::AccountStore::RevisionState& state) {
  if (etag.empty() || etag == Etag(state.head, revision.revision_id(), state.explanations)) {
    return absl::OkStatus();
  }
  return absl::AbortedError("etag mismatch: the revision changed; read it again");
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

}  // namespace

absl::StatusOr<ParsedName> ParseName(absl::string_view name, absl::string_view field,
                                     bool require_revision) {
  JUESUAN_ASSIGN_OR_RETURN(DepartmentYearName parsed,
                           ParseAccountsName(name, field, require_revision));
  return ParsedName{{parsed.department_id, parsed.fiscal_year}, parsed.revision_id};
}

std::string RevisionName(const DepartmentYear& dy, int64_t revision_id) {
  return juesuan::RevisionName(dy.department_id, dy.fiscal_year, revision_id);
}

std::string Etag(const StoredAccountsHead& head, int64_t revision_id,
                 const StoredExplanations& explanations) {
  const std::string state =
      absl::StrCat(revision_id, "|", head.publication().revision_id(), "|",
                   head.publication().publish_time_micros(), "|", DeterministicBytes(explanations));
  return Sha256Hex(state).substr(0, 32);
}

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
            JUESUAN_RETURN_IF_ERROR(CheckEtag(request.etag(), revision, s));
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
            JUESUAN_RETURN_IF_ERROR(CheckEtag(request.etag(), revision, s));
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

}  // namespace juesuan::ingestion
