// The commands of juesuan-rendering (--rendering_addr): disclosures rendered
// and kept, templates, and the audits of published documents.
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "juesuan/disclosure/v1/disclosure.grpc.pb.h"
#include "services/juesuanctl/audit_command.h"
#include "services/juesuanctl/cli.h"
#include "services/juesuanctl/command.h"
#include "services/juesuanctl/flags.h"

namespace juesuan::ctl {
namespace {

namespace dv1 = ::juesuan::disclosure::v1;
using Stub = dv1::DisclosureRenderingService::Stub;

std::unique_ptr<Stub> Rendering() {
  return dv1::DisclosureRenderingService::NewStub(Dial(absl::GetFlag(FLAGS_rendering_addr)));
}

dv1::Format Format() {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format == "text") return dv1::FORMAT_TEXT;
  if (format == "markdown" || format == "md") return dv1::FORMAT_MARKDOWN;
  if (format == "html") return dv1::FORMAT_HTML;
  if (format == "xlsx") return dv1::FORMAT_XLSX;
  return dv1::FORMAT_UNSPECIFIED;  // the server names the field
}

dv1::View View() { return absl::GetFlag(FLAGS_review) ? dv1::VIEW_REVIEW : dv1::VIEW_PUBLISHED; }

void PrintProvenance(const dv1::Disclosure& d, const std::string& out) {
  const auto& p = d.provenance();
  std::cerr << d.name() << " (" << dv1::Format_Name(d.format()) << ", " << d.content_type() << ", "
            << d.content_bytes() << " bytes" << (out.empty() ? "" : " -> " + out) << ")\n"
            << "  accounts   " << p.accounts_revision() << "  sha256 " << p.accounts_sha256()
            << "\n"
            << "  scorecard  "
            << (d.without_scorecard() ? std::string("none (the document says so)")
                                      : absl::StrCat(p.scorecard(), " under ", p.scoring_profile(),
                                                     " v", p.scoring_profile_version()))
            << "\n"
            << "  template   " << p.template_() << " v" << p.template_version() << ", juesuan "
            << p.suite_version() << "\n"
            << "  content    sha256 " << p.content_sha256() << "\n";
}

// Writes a document to --out (or stdout) and what it came from to stderr.
int WriteDisclosure(const dv1::Disclosure& d) {
  if (JsonOutput()) return PrintJson(d);
  const std::string out = absl::GetFlag(FLAGS_out);
  const std::string& bytes = d.format() == dv1::FORMAT_XLSX ? d.binary_content() : d.content();
  if (out.empty()) {
    std::cout << bytes;
  } else {
    std::ofstream file(out, std::ios::binary);
    file << bytes;
    file.close();
    if (!file) return Fail(absl::PermissionDeniedError(absl::StrCat("cannot write \"", out, "\"")));
  }
  PrintProvenance(d, out);
  return kExitOk;
}

int Render(const Invocation& in) {
  dv1::RenderDisclosureRequest request;
  request.set_accounts(in.Arg(0));
  request.set_format(Format());
  request.set_template_(TemplateName());
  request.set_view(View());
  return CallAndPrint(*Rendering(), &Stub::RenderDisclosure, request, WriteDisclosure);
}

int GetDisclosure(const Invocation& in) {
  dv1::GetDisclosureRequest request;
  request.set_name(in.Arg(0));
  request.set_format(Format());
  request.set_template_(TemplateName());
  request.set_view(View());
  return CallAndPrint(*Rendering(), &Stub::GetDisclosure, request, WriteDisclosure);
}

int Disclosures(const Invocation& in) {
  dv1::ListDisclosuresRequest request;
  request.set_parent(in.Arg(0).empty() ? "departments/-" : in.Arg(0));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  return CallAndPrint(
      *Rendering(), &Stub::ListDisclosures, request, [](const dv1::ListDisclosuresResponse& page) {
        return Print(page, [&] {
          std::string text;
          for (const auto& d : page.disclosures()) {
            absl::StrAppend(&text,
                            absl::StrFormat("%-50s %-16s %-24s %8d B  %s%s\n", d.name(),
                                            dv1::Format_Name(d.format()), d.template_(),
                                            d.content_bytes(), d.provenance().accounts_revision(),
                                            d.without_scorecard() ? "  (no scorecard)" : ""));
          }
          if (!page.next_page_token().empty()) {
            absl::StrAppend(&text, "next page: --page_token=", page.next_page_token(), "\n");
          }
          return text;
        });
      });
}

std::string TemplatesText(const dv1::ListTemplatesResponse& templates) {
  std::string text;
  for (const auto& t : templates.templates()) {
    std::string formats;
    for (int f : t.formats()) {
      absl::StrAppend(&formats, formats.empty() ? "" : ",",
                      dv1::Format_Name(static_cast<dv1::Format>(f)));
    }
    absl::StrAppend(&text, t.name(), "  v", t.version(), "  ", t.display_name(), "  [", formats,
                    "]  scores: ", t.scoring_profile(), "\n");
  }
  return text;
}

int Templates(const Invocation&) {
  return CallAndPrint(*Rendering(), &Stub::ListTemplates, dv1::ListTemplatesRequest(),
                      [](const dv1::ListTemplatesResponse& templates) {
                        return Print(templates, [&] { return TemplatesText(templates); });
                      });
}

int PrintAudit(const dv1::DisclosureAudit& audit) {
  return Print(audit, [&] { return AuditToText(audit); });
}

int Audit(const Invocation& in) {
  const std::string accounts = absl::GetFlag(FLAGS_accounts);
  if (accounts.empty() && in.Arg(0).empty()) {
    return UsageError("audit: ACCOUNTS (or --accounts) is required");
  }
  absl::StatusOr<dv1::AuditDisclosureRequest> request =
      AuditRequest({accounts.empty() ? in.Arg(0) : accounts, absl::GetFlag(FLAGS_text),
                    absl::GetFlag(FLAGS_pdf), TemplateName()});
  if (!request.ok()) return Fail(request.status());
  return CallAndPrint(*Rendering(), &Stub::AuditDisclosure, *request, PrintAudit);
}

int Audits(const Invocation& in) {
  dv1::ListDisclosureAuditsRequest request;
  request.set_parent(in.Arg(0).empty() ? "departments/-" : in.Arg(0));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  return CallAndPrint(*Rendering(), &Stub::ListDisclosureAudits, request,
                      [](const dv1::ListDisclosureAuditsResponse& page) {
                        return Print(page, [&] { return AuditsToText(page); });
                      });
}

int AuditReport(const Invocation& in) {
  dv1::GetDisclosureAuditRequest request;
  request.set_name(in.Arg(0));
  return CallAndPrint(*Rendering(), &Stub::GetDisclosureAudit, request, PrintAudit);
}

// The accounts (not revisions) of every department-year of --fiscal_year
// (and --region) ingestion holds, up to --limit; a failed call's status.
absl::StatusOr<std::vector<std::string>> AccountsOfYear() {
  std::vector<std::string> names;
  const auto limit = static_cast<size_t>(absl::GetFlag(FLAGS_limit));
  ingestion::v1::ListAccountsRequest request;
  request.set_parent("departments/-");
  request.set_fiscal_year(FiscalYear());
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_page_size(1000);
  do {
    auto page = Ingestion().ListAccounts(request);
    if (!page.ok()) return page.status();
    for (const auto& revision : page->accounts()) {
      if (limit > 0 && names.size() >= limit) return names;
      // The accounts, not the revision: the latest revision's kept document.
      names.push_back(revision.name().substr(0, revision.name().find("/revisions/")));
    }
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  return names;
}

// Renders every department-year's disclosure, e.g. after a template change;
// prints how many and how fast.
int RenderAll(const Invocation&) {
  if (FiscalYear() == 0) return UsageError("render-all: --fiscal_year (or --year) is required");
  absl::StatusOr<std::vector<std::string>> names = AccountsOfYear();
  if (!names.ok()) return PrintError(names.status());
  const std::unique_ptr<Stub> stub = Rendering();
  std::atomic<int64_t> bytes{0};
  const ParallelRun run = RunParallel(static_cast<int64_t>(names->size()), [&](int64_t i) {
    dv1::RenderDisclosureRequest request;
    request.set_accounts((*names)[i]);
    request.set_format(Format());
    request.set_template_(TemplateName());
    dv1::Disclosure response;
    grpc::ClientContext context;
    SetDeadline(context);
    const grpc::Status s = stub->RenderDisclosure(&context, request, &response);
    if (!s.ok()) return absl::StrCat((*names)[i], ": ", s.error_message());
    bytes += response.content_bytes();
    return std::string();
  });
  const int64_t rendered = static_cast<int64_t>(names->size()) - run.failed;
  std::cout << "rendered " << rendered << " of " << names->size() << " documents ("
            << absl::GetFlag(FLAGS_format) << ", " << bytes / std::max<int64_t>(1, rendered)
            << " B each): " << run.failed << " failed, " << absl::StrFormat("%.1f", run.seconds)
            << " s (" << absl::StrFormat("%.0f", rendered / std::max(run.seconds, 1e-9)) << "/s)\n";
  return run.failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace

std::vector<Command> RenderingCommands() {
  const std::vector<const char*> document = {"format", "template_id", "review", "out"};
  return {
      {"render",
       "rendering",
       "ACCOUNTS",
       "render the disclosure of accounts or a revision: the document to --out (or stdout), "
       "its provenance to stderr",
       {"ACCOUNTS"},
       document,
       "juesuanctl render departments/changji-kejiju/accounts/2023 --format=html --out=d.html",
       Render},
      {"render-all",
       "rendering",
       "",
       "render every department-year's disclosure of a fiscal year, --parallel at a time "
       "(accounts listed by ingestion, --ingestion_addr)",
       {},
       {"fiscal_year", "year", "region", "format", "template_id", "limit", "parallel"},
       "juesuanctl render-all --fiscal_year=2023 --format=html --parallel=8",
       RenderAll},
      {"disclosure",
       "rendering",
       "NAME",
       "a kept document, as render writes it",
       {"NAME"},
       document,
       "juesuanctl disclosure departments/changji-kejiju/disclosures/2023 --format=markdown",
       GetDisclosure},
      {"disclosures",
       "rendering",
       "[PARENT]",
       "kept documents of departments/{d} (or departments/-, every department)",
       {},
       {"page_size", "page_token"},
       "juesuanctl disclosures departments/changji-kejiju",
       Disclosures},
      {"templates",
       "rendering",
       "",
       "the templates: name, version, title, formats, profile",
       {},
       {},
       "juesuanctl templates",
       Templates},
      {"audit",
       "rendering",
       "ACCOUNTS|ACCOUNTS.json",
       "audit a published document (--pdf or --text) against stored or inline accounts: each "
       "stated figure, its page, stated → computed; stored when the accounts name their "
       "department and year (--template is read as --template_id)",
       {},
       {"accounts", "pdf", "text", "template_id"},
       "juesuanctl audit departments/changji-kejiju/accounts/2023 --pdf=published.pdf",
       Audit},
      {"audits",
       "rendering",
       "[PARENT]",
       "stored audits of departments/{d} (or departments/-)",
       {},
       {"page_size", "page_token"},
       "juesuanctl audits departments/changji-kejiju",
       Audits},
      {"audit-report",
       "rendering",
       "NAME",
       "a stored audit's findings",
       {"NAME"},
       {},
       "juesuanctl audit-report departments/changji-kejiju/audits/2023-ID (from audits)",
       AuditReport},
  };
}

}  // namespace juesuan::ctl
