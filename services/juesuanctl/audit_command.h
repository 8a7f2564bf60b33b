// `juesuanctl audit`: the request from the command line (a stored revision's
// name, or a FinalAccounts JSON file for inline accounts; the published text
// from a file) and the findings as a reader wants them.
#ifndef JUESUAN_SERVICES_JUESUANCTL_AUDIT_COMMAND_H_
#define JUESUAN_SERVICES_JUESUANCTL_AUDIT_COMMAND_H_

#include <string>

#include "absl/status/statusor.h"
#include "juesuan/disclosure/v1/disclosure.pb.h"

namespace juesuan::ctl {

// `accounts` is `departments/{d}/accounts/{y}[/revisions/{n}]` or the path
// of FinalAccounts JSON; the published document is `text_path` (its text,
// "-": stdin) or `pdf_path` (its PDF), exactly one of them.
struct AuditArgs {
  std::string accounts;
  std::string text_path;
  std::string pdf_path;
  std::string template_name;
};
absl::StatusOr<juesuan::disclosure::v1::AuditDisclosureRequest> AuditRequest(const AuditArgs& args);

// One finding a paragraph: kind, section, page, stated → computed, the
// sentence; then a count.
std::string AuditToText(const juesuan::disclosure::v1::DisclosureAudit& audit);

// One stored audit a line: name, template, findings, pages, when; then the
// next page's token.
std::string AuditsToText(const juesuan::disclosure::v1::ListDisclosureAuditsResponse& page);

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_AUDIT_COMMAND_H_
