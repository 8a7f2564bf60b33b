#include "services/juesuanctl/audit_command.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/utf8.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "services/juesuanctl/input_file.h"

namespace juesuan::ctl {

namespace dv1 = ::juesuan::disclosure::v1;

// The largest PDF AuditDisclosure takes.
constexpr size_t kMaxPdfBytes = 50 * 1000 * 1000;

namespace {

// The published document into `request`: its text (UTF-8) or its PDF.
absl::Status ReadDocument(const AuditArgs& args, dv1::AuditDisclosureRequest* request) {
  if (args.text_path.empty() == args.pdf_path.empty()) {
    return absl::InvalidArgumentError(
        "give the published document as --pdf=FILE or as --text=FILE (one of them)");
  }
  if (!args.pdf_path.empty()) {
    absl::StatusOr<std::string> pdf = ReadInput(args.pdf_path, kMaxPdfBytes);
    if (!pdf.ok()) return pdf.status();
    request->set_pdf(*std::move(pdf));
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> text = ReadInput(args.text_path);
  if (!text.ok()) return text.status();
  if (absl::StartsWith(*text, "%PDF-")) {
    return absl::InvalidArgumentError(absl::StrCat(args.text_path, " is a PDF: give it as --pdf"));
  }
  if (!IsValidUtf8(*text)) {
    return absl::InvalidArgumentError(absl::StrCat(
        args.text_path, " is not UTF-8 text (GBK? convert it: iconv -f GB18030 -t UTF-8)"));
  }
  request->set_text(*std::move(text));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<dv1::AuditDisclosureRequest> AuditRequest(const AuditArgs& args) {
  dv1::AuditDisclosureRequest request;
  request.set_template_(args.template_name);
  if (args.accounts.empty()) {
    return absl::InvalidArgumentError(
        "the accounts are required: departments/{d}/accounts/{y} or a FinalAccounts JSON file");
  }
  if (absl::Status read = ReadDocument(args, &request); !read.ok()) return read;
  if (absl::StartsWith(args.accounts, "departments/")) {
    request.set_accounts(args.accounts);
    return request;
  }
  absl::StatusOr<std::string> json = ReadInput(args.accounts);
  if (!json.ok()) return json.status();
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(*json, request.mutable_inline_accounts());
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(args.accounts, ": not FinalAccounts JSON: ", parsed.ToString()));
  }
  return request;
}

std::string AuditToText(const dv1::DisclosureAudit& audit) {
  std::string out;
  for (const dv1::AuditFinding& f : audit.findings()) {
    std::string kind = dv1::AuditFindingKind_Name(f.kind());
    if (absl::StartsWith(kind, "AUDIT_FINDING_KIND_")) kind = kind.substr(19);
    absl::StrAppend(&out, kind, "  ", f.section());
    if (f.page() > 0) absl::StrAppend(&out, "  p.", f.page());
    if (!f.stated().empty() || !f.computed().empty()) {
      absl::StrAppend(&out, "  ", f.stated().empty() ? "—" : f.stated(), " → ",
                      f.computed().empty() ? "—" : f.computed());
    }
    if (!f.formula().empty()) absl::StrAppend(&out, "  (", f.formula(), ")");
    absl::StrAppend(&out, "\n  ", f.sentence(), "\n");
    if (!f.expected().empty() && f.expected() != f.sentence()) {
      absl::StrAppend(&out, "  应为：", f.expected(), "\n");
    }
  }
  if (!audit.name().empty()) absl::StrAppend(&out, audit.name(), "\n");
  absl::StrAppend(
      &out, audit.findings_size(), " finding(s); ", audit.template_(), " v",
      audit.template_version(), "; accounts ",
      audit.accounts_revision().empty() ? std::string("inline") : audit.accounts_revision(),
      " sha256 ", audit.accounts_sha256(), "; document sha256 ", audit.document_sha256(), ", ",
      audit.document_pages(), " page(s)\n");
  return out;
}

std::string AuditsToText(const dv1::ListDisclosureAuditsResponse& page) {
  std::string out;
  for (const dv1::DisclosureAudit& a : page.audits()) {
    absl::StrAppend(
        &out,
        absl::StrFormat("%-56s %-24s %4d finding(s) %4d page(s)  %s  %s\n", a.name(), a.template_(),
                        a.finding_count(), a.document_pages(),
                        google::protobuf::util::TimeUtil::ToString(a.create_time()),
                        a.accounts_revision().empty() ? "inline accounts" : a.accounts_revision()));
  }
  if (!page.next_page_token().empty()) {
    absl::StrAppend(&out, "next page: --page_token=", page.next_page_token(), "\n");
  }
  return out;
}

}  // namespace juesuan::ctl
