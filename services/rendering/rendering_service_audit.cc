// RenderingService::Audit: a published document, as its text or its PDF,
// audited against stored or inline accounts (audit.h).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/memory_budget.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "google/protobuf/util/time_util.h"
#include "pdf/pdf_text.h"
#include "services/rendering/audit.h"
#include "services/rendering/rendering_service.h"
#include "services/rendering/service_errors.h"

namespace juesuan::rendering {
namespace {

namespace dv1 = ::juesuan::disclosure::v1;
namespace iv1 = ::juesuan::ingestion::v1;
namespace acc = ::juesuan::accounts::v1;
using ::google::protobuf::util::TimeUtil;

// A PDF's text is at most this many times its bytes (content streams are
// compressed), and never over kMaxAuditTextBytes: what is reserved for it.
constexpr int64_t kTextPerPdfByte = 32;

// The published document as the audit reads it.
struct Published {
  std::string text;
  int pages = 0;
  std::string sha256;  // of the PDF's bytes, or of the text
};

// The pages of a text cut by form feeds (pdftotext ends each page with one).
int TextPages(absl::string_view text) {
  const size_t last = text.find_last_not_of(" \t\r\n");
  const absl::string_view body = text.substr(0, last == absl::string_view::npos ? 0 : last + 1);
  int pages = 1;
  for (char c : body) pages += c == '\f';
  return body.empty() || body.back() != '\f' ? pages : pages - 1;
}

absl::Status CheckDocument(const dv1::AuditDisclosureRequest& request) {
  const bool has_text = !request.text().empty();
  const bool has_pdf = !request.pdf().empty();
  if (has_text && has_pdf) return BadField("pdf", "and text are both given: give one of them");
  if (!has_text && !has_pdf) {
    return BadField("text", "or pdf is required: the published document");
  }
  if (request.text().size() > kMaxAuditTextBytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "text is ", request.text().size(), " bytes, over the limit of ", kMaxAuditTextBytes));
  }
  if (pdf::LooksLikePdf(request.text())) return BadField("text", "is a PDF: give it as pdf");
  if (!IsValidUtf8(request.text())) {
    return BadField("text", "is not UTF-8 (text in GBK or GB18030 must be converted first)");
  }
  const pdf::PdfLimits limits;
  if (static_cast<int64_t>(request.pdf().size()) > limits.max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "pdf is ", request.pdf().size(), " bytes, over the limit of ", limits.max_bytes));
  }
  return absl::OkStatus();
}

// What reading the document may hold: a PDF, poppler's structures for it
// and its text; the text, audited (code points and their copies).
int64_t DocumentBytes(const dv1::AuditDisclosureRequest& request) {
  if (request.pdf().empty()) return static_cast<int64_t>(request.text().size()) * 8;
  const int64_t pdf = static_cast<int64_t>(request.pdf().size());
  return pdf * 4 + std::min<int64_t>(kMaxAuditTextBytes, pdf * kTextPerPdfByte) * 8;
}

absl::StatusOr<Published> ReadDocument(const dv1::AuditDisclosureRequest& request,
                                       absl::Time deadline) {
  if (request.pdf().empty()) {
    return Published{request.text(), TextPages(request.text()), Sha256Hex(request.text())};
  }
  pdf::PdfLimits limits;
  limits.max_text_bytes = std::min<int64_t>(
      kMaxAuditTextBytes, static_cast<int64_t>(request.pdf().size()) * kTextPerPdfByte);
  absl::StatusOr<std::vector<std::string>> pages =
      pdf::ExtractPages(request.pdf(), limits, deadline);
  if (absl::IsInvalidArgument(pages.status())) return BadField("pdf", pages.status().message());
  if (!pages.ok()) {
    return absl::Status(pages.status().code(), absl::StrCat("pdf: ", pages.status().message()));
  }
  return Published{pdf::JoinPages(*pages), static_cast<int>(pages->size()),
                   Sha256Hex(request.pdf())};
}

// Where an audit of `accounts` is stored: the revision's department-year,
// or the inline accounts' own (none if they name no department or year).
std::optional<storage::DepartmentYear> StoredUnder(const dv1::AuditDisclosureRequest& request) {
  if (request.has_accounts()) {
    auto name = ParseAccountsName(request.accounts(), "accounts", false);
    if (!name.ok()) return std::nullopt;
    return storage::DepartmentYear{name->department_id, name->fiscal_year};
  }
  const std::string department =
      DepartmentIdFromName(request.inline_accounts().department().name());
  const int32_t year = request.inline_accounts().fiscal_year();
  // A year as names print it (four digits): inline accounts are not
  // checked, and may carry any.
  if (department.empty() || year < 1000 || year > 9999) return std::nullopt;
  return storage::DepartmentYear{department, year};
}

// The audit's ID: the same document, accounts, template and suite, the same
// audit (a repeat replaces it).
std::string AuditId(const storage::DepartmentYear& dy, const dv1::DisclosureAudit& audit) {
  const std::string digest = Sha256Hex(
      absl::StrCat(audit.accounts_sha256(), "|", audit.template_(), "|", audit.template_version(),
                   "|", audit.document_sha256(), "|", audit.suite_version()));
  return absl::StrCat(dy.fiscal_year, "-", digest.substr(0, 16));
}

// `departments/{d}/audits/{y}-{id}` parsed, or the error naming `name`.
absl::StatusOr<std::pair<storage::DepartmentYear, std::string>> ParseAuditName(
    absl::string_view name) {
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  int32_t year = 0;
  if (parts.size() != 4 || parts[0] != "departments" || parts[1].empty() || parts[2] != "audits" ||
      parts[3].size() != 21 || parts[3][4] != '-' ||
      !absl::SimpleAtoi(parts[3].substr(0, 4), &year)) {
    return BadField("name", absl::StrCat("must be departments/{d}/audits/{year}-{id}, got \"",
                                         CutUtf8(name, 80), "\""));
  }
  return std::make_pair(storage::DepartmentYear{std::string(parts[1]), year},
                        std::string(parts[3]));
}

void AddFindings(const std::vector<TextFinding>& findings, dv1::DisclosureAudit* audit) {
  for (const TextFinding& f : findings) {
    dv1::AuditFinding* out = audit->add_findings();
    dv1::AuditFindingKind kind = dv1::AUDIT_FINDING_KIND_UNSPECIFIED;
    dv1::AuditFindingKind_Parse("AUDIT_FINDING_KIND_" + f.kind, &kind);
    out->set_kind(kind);
    out->set_section(f.section);
    out->set_sentence(f.sentence);
    out->set_stated(f.stated);
    out->set_computed(f.computed);
    out->set_expected(f.expected);
    out->set_page(f.page);
    out->set_formula(f.formula);
  }
}

}  // namespace

absl::StatusOr<dv1::DisclosureAudit> RenderingService::Audit(
    const dv1::AuditDisclosureRequest& request, absl::Time deadline) {
  JUESUAN_ASSIGN_OR_RETURN(const LoadedTemplate* tmpl,
                           TemplateFor(request.template_(), dv1::FORMAT_TEXT));
  JUESUAN_RETURN_IF_ERROR(CheckDocument(request));
  dv1::DisclosureAudit audit;
  iv1::AccountsRevision stored;
  const acc::FinalAccounts* accounts = &request.inline_accounts();
  if (request.has_accounts()) {
    JUESUAN_RETURN_IF_ERROR(ParseAccountsName(request.accounts(), "accounts", false).status());
    JUESUAN_ASSIGN_OR_RETURN(stored, upstreams_->GetAccounts(request.accounts(), true, deadline));
    accounts = &stored.accounts();
    audit.set_accounts_revision(stored.name());
  } else if (!request.has_inline_accounts()) {
    return BadField("accounts", "or inline_accounts is required");
  }
  const int64_t elements = CountRepeatedElements(*accounts);
  if (!request.has_accounts() && elements > kMaxInlineAccountsElements) {
    return absl::ResourceExhaustedError(
        absl::StrCat("inline_accounts lists over ", kMaxInlineAccountsElements, " elements"));
  }
  absl::StatusOr<MemoryBudget::Reservation> held = render_memory_.Reserve(
      kRenderBaseBytes + kRenderBytesPerElement * elements + DocumentBytes(request),
      std::min(deadline, absl::Now() + kMaxBudgetWait));
  if (!held.ok()) return held.status();
  JUESUAN_ASSIGN_OR_RETURN(Published document, ReadDocument(request, deadline));
  AddFindings(AuditPublishedText(*accounts, *tmpl, code_tables_.get(), document.text), &audit);
  audit.set_accounts_sha256(Sha256Hex(DeterministicBytes(*accounts)));
  audit.set_template_(tmpl->info.name());
  audit.set_template_version(tmpl->info.version());
  audit.set_document_sha256(document.sha256);
  audit.set_document_pages(document.pages);
  audit.set_suite_version(options_.suite_version);
  audit.set_finding_count(audit.findings_size());
  const std::optional<storage::DepartmentYear> dy = StoredUnder(request);
  if (!dy) return audit;
  const std::string id = AuditId(*dy, audit);
  audit.set_name(absl::StrCat("departments/", dy->department_id, "/audits/", id));
  *audit.mutable_create_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(clock_->Now()));
  storage::StoredAudit record;
  *record.mutable_audit() = audit;
  JUESUAN_RETURN_IF_ERROR(store_->PutAudit(*dy, id, record));
  return audit;
}

absl::StatusOr<dv1::DisclosureAudit> RenderingService::GetAudit(
    const dv1::GetDisclosureAuditRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(auto parsed, ParseAuditName(request.name()));
  absl::StatusOr<storage::StoredAudit> record = store_->GetAudit(parsed.first, parsed.second);
  if (absl::IsNotFound(record.status())) {
    return absl::NotFoundError(absl::StrCat(request.name(), " is not a stored audit"));
  }
  if (!record.ok()) return record.status();
  return std::move(*record->mutable_audit());
}

absl::StatusOr<dv1::ListDisclosureAuditsResponse> RenderingService::ListAudits(
    const dv1::ListDisclosureAuditsRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(const std::string department, ParentDepartment(request.parent()));
  JUESUAN_ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size()));
  auto page = AsPageTokenError(store_->ListAudits(department, page_size, request.page_token()));
  if (!page.ok()) return page.status();
  dv1::ListDisclosureAuditsResponse response;
  for (auto& record : page->records) {
    dv1::DisclosureAudit* audit = response.add_audits();
    *audit = std::move(*record.mutable_audit());
    audit->clear_findings();
  }
  response.set_next_page_token(page->next_page_token);
  return response;
}

}  // namespace juesuan::rendering
