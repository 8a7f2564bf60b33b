#include "services/juesuanctl/audit_command.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "services/juesuanctl/input_file.h"

namespace juesuan::ctl {

namespace dv1 = ::juesuan::disclosure::v1;

absl::StatusOr<dv1::AuditDisclosureRequest> AuditRequest(const std::string& accounts,
                                                         const std::string& text_path,
                                                         const std::string& template_name) {
  dv1::AuditDisclosureRequest request;
  request.set_template_(template_name);
  if (text_path.empty()) {
    return absl::InvalidArgumentError("--text=FILE is required: the published document's text");
  }
  absl::StatusOr<std::string> text = ReadInput(text_path);
  if (!text.ok()) return text.status();
  request.set_text(*std::move(text));
  if (absl::StartsWith(accounts, "departments/")) {
    request.set_accounts(accounts);
    return request;
  }
  absl::StatusOr<std::string> json = ReadInput(accounts);
  if (!json.ok()) return json.status();
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(*json, request.mutable_inline_accounts());
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(accounts, ": not FinalAccounts JSON: ", parsed.ToString()));
  }
  return request;
}

std::string AuditToText(const dv1::DisclosureAudit& audit) {
  std::string out;
  for (const dv1::AuditFinding& f : audit.findings()) {
    std::string kind = dv1::AuditFindingKind_Name(f.kind());
    if (absl::StartsWith(kind, "AUDIT_FINDING_KIND_")) kind = kind.substr(19);
    absl::StrAppend(&out, kind, "  ", f.section());
    if (!f.stated().empty() || !f.computed().empty()) {
      absl::StrAppend(&out, "  ", f.stated().empty() ? "—" : f.stated(), " → ",
                      f.computed().empty() ? "—" : f.computed());
    }
    absl::StrAppend(&out, "\n  ", f.sentence(), "\n");
    if (!f.expected().empty() && f.expected() != f.sentence()) {
      absl::StrAppend(&out, "  应为：", f.expected(), "\n");
    }
  }
  absl::StrAppend(
      &out, audit.findings_size(), " finding(s); ", audit.template_(), " v",
      audit.template_version(), "; accounts ",
      audit.accounts_revision().empty() ? std::string("inline") : audit.accounts_revision(),
      " sha256 ", audit.accounts_sha256(), "; text sha256 ", audit.document_sha256(), "\n");
  return out;
}

}  // namespace juesuan::ctl
