#include "services/juesuanctl/check_pdf_command.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/error_details.h"
#include "common/grpc_status.h"
#include "common/json_log.h"
#include "import/importer.h"
#include "services/juesuanctl/audit_command.h"
#include "services/juesuanctl/input_file.h"
#include "services/juesuanctl/json_output.h"

namespace juesuan::ctl {
namespace {

namespace dv1 = ::juesuan::disclosure::v1;
namespace iv1 = ::juesuan::ingestion::v1;

// One document's check.
struct Checked {
  std::string path;
  std::string error;  // set when it could not be checked
  import::ImportReport import;
  iv1::ValidationReport validation;
  dv1::DisclosureAudit audit;
};

std::string Failed(const std::string& what, const absl::Status& status) {
  return absl::StrCat(what, ": ", absl::StatusCodeToString(status.code()), ": ", status.message());
}

// The tables through ingestion's rules: the report, or (fatal findings
// refuse even a validation) the fatal part the refusal carries.
bool Validate(const accounts::v1::FinalAccounts& accounts, const CheckPdfOptions& o, Checked* c) {
  iv1::SubmitAccountsRequest request;
  *request.mutable_accounts() = accounts;
  // A published document prints neither the department's resource name
  // nor its 行政区划代码, which a submission needs: placeholders (or
  // --region), as nothing is stored.
  auto* department = request.mutable_accounts()->mutable_department();
  if (department->name().empty()) department->set_name("departments/checked-document");
  if (department->region_code().empty()) {
    department->set_region_code(o.region_code.empty() ? "000000" : o.region_code);
  }
  request.set_validate_only(true);
  const absl::StatusOr<iv1::SubmitAccountsResponse> response =
      o.ingestion->SubmitAccounts(request, absl::Now() + o.timeout);
  if (response.ok()) {
    c->validation = response->validation_report();
    return true;
  }
  if (GetDetail(response.status(), &c->validation)) return true;
  c->error = Failed("validation", response.status());
  return false;
}

bool Audit(const std::string& pdf, const accounts::v1::FinalAccounts& accounts,
           const CheckPdfOptions& o, Checked* c) {
  dv1::AuditDisclosureRequest request;
  request.set_template_(o.template_name);
  request.set_pdf(pdf);
  *request.mutable_inline_accounts() = accounts;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + o.timeout));
  const grpc::Status s = o.rendering->AuditDisclosure(&context, request, &c->audit);
  if (!s.ok()) c->error = Failed("audit", FromGrpcStatus(s));
  return s.ok();
}

Checked CheckOne(const std::string& path, const CheckPdfOptions& o) {
  Checked c;
  c.path = path;
  const pdf::PdfLimits limits;
  absl::StatusOr<std::string> pdf = ReadInput(path, static_cast<size_t>(limits.max_bytes));
  if (!pdf.ok()) {
    c.error = std::string(pdf.status().message());
    return c;
  }
  absl::StatusOr<import::Imported> imported = import::ImportPdf(*pdf, limits);
  if (!imported.ok()) {
    c.error = absl::StrCat(absl::StatusCodeToString(imported.status().code()), ": ",
                           imported.status().message());
    return c;
  }
  c.import = imported->report;
  if (Validate(imported->accounts, o, &c)) Audit(*pdf, imported->accounts, o, &c);
  return c;
}

void PrintText(const Checked& c, std::ostream& out) {
  out << "== " << c.path << "\n";
  if (!c.error.empty()) {
    out << "not checked: " << c.error << "\n";
    return;
  }
  int read = 0;
  for (const auto& t : c.import.tables()) read += t.read();
  out << "import: " << read << " table(s) read, " << c.import.issues_size() << " issue(s)\n";
  for (const std::string& issue : c.import.issues()) out << "  " << issue << "\n";
  out << "tables: " << c.validation.fatal_count() << " fatal, " << c.validation.warning_count()
      << " warning, " << c.validation.info_count() << " info\n";
  for (const auto& f : c.validation.findings()) {
    std::string severity = iv1::Severity_Name(f.severity());
    if (severity.rfind("SEVERITY_", 0) == 0) severity = severity.substr(9);
    out << "  " << severity << " " << f.rule_id() << ": " << f.message() << "\n";
  }
  out << "narrative:\n" << AuditToText(c.audit);
}

void PrintSummary(const std::vector<Checked>& all, std::ostream& out) {
  out << absl::StrFormat("%-48s %7s %6s %8s %5s %10s\n", "document", "import", "fatal", "warning",
                         "info", "narrative");
  for (const Checked& c : all) {
    const std::string name = std::filesystem::path(c.path).filename().string();
    if (!c.error.empty()) {
      out << absl::StrFormat("%-48s not checked: %s\n", name, c.error);
      continue;
    }
    out << absl::StrFormat("%-48s %7d %6d %8d %5d %10d\n", name, c.import.issues_size(),
                           c.validation.fatal_count(), c.validation.warning_count(),
                           c.validation.info_count(), c.audit.findings_size());
  }
}

std::vector<std::string> Documents(const std::string& path) {
  if (!std::filesystem::is_directory(path)) return {path};
  std::vector<std::string> pdfs;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    std::string ext = entry.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    if (entry.is_regular_file() && ext == ".pdf") pdfs.push_back(entry.path().string());
  }
  std::sort(pdfs.begin(), pdfs.end());
  return pdfs;
}

}  // namespace

int CheckPdf(const std::string& path, const CheckPdfOptions& options, std::ostream& out,
             std::ostream& err) {
  const std::vector<std::string> documents = Documents(path);
  if (documents.empty()) {
    err << "juesuanctl: " << path << " holds no *.pdf\n";
    return 1;
  }
  std::vector<Checked> all;
  for (size_t i = 0; i < documents.size(); ++i) {
    if (options.progress)
      err << "[" << i + 1 << "/" << documents.size() << "] " << documents[i] << "\n";
    all.push_back(CheckOne(documents[i], options));
    if (!options.json) PrintText(all.back(), out);
  }
  if (options.json) {
    out << "[\n";
    for (size_t i = 0; i < all.size(); ++i) {
      const Checked& c = all[i];
      out << "{\"document\": " << JsonQuote(c.path) << ", \"error\": " << JsonQuote(c.error)
          << ", \"import\": " << ToJson(c.import) << ", \"validation\": " << ToJson(c.validation)
          << ", \"audit\": " << ToJson(c.audit) << "}" << (i + 1 < all.size() ? ",\n" : "\n");
    }
    out << "]\n";
  } else if (all.size() > 1) {
    PrintSummary(all, out);
  }
  const bool any_error =
      std::any_of(all.begin(), all.end(), [](const Checked& c) { return !c.error.empty(); });
  return any_error ? 1 : 0;
}

}  // namespace juesuan::ctl
