// The commands on published documents: import reads a PDF on this machine;
// check-pdf imports, validates (ingestion) and audits (rendering) it.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "services/juesuanctl/check_pdf_command.h"
#include "services/juesuanctl/cli.h"
#include "services/juesuanctl/command.h"
#include "services/juesuanctl/flags.h"
#include "services/juesuanctl/import_command.h"

namespace juesuan::ctl {
namespace {

namespace iv1 = ::juesuan::ingestion::v1;
namespace dv1 = ::juesuan::disclosure::v1;

// The accounts' JSON to --out (or stdout), the report to stderr; with
// --output=json, {"accounts": …, "report": …} on stdout.
int Import(const Invocation&) {
  const std::string pdf = absl::GetFlag(FLAGS_pdf);
  if (pdf.empty()) return UsageError("import: --pdf=FILE is required");
  absl::StatusOr<ImportOutput> imported = ImportPdfFile(pdf);
  if (!imported.ok()) return Fail(imported.status());
  if (JsonOutput()) {
    std::cout << "{\n\"accounts\": " << imported->accounts_json
              << ",\n\"report\": " << imported->report_json << "\n}\n";
    return kExitOk;
  }
  std::cerr << imported->report_text;
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) {
    std::cout << imported->accounts_json;
    return kExitOk;
  }
  std::ofstream file(out, std::ios::binary);
  file << imported->accounts_json;
  return file.good() ? kExitOk
                     : Fail(absl::PermissionDeniedError(absl::StrCat("cannot write ", out)));
}

int CheckPdfs(const Invocation& in) {
  auto rendering =
      dv1::DisclosureRenderingService::NewStub(Dial(absl::GetFlag(FLAGS_rendering_addr)));
  CheckPdfOptions options;
  options.ingestion = &Ingestion();
  options.rendering = rendering.get();
  options.template_name = TemplateName();
  options.timeout = absl::GetFlag(FLAGS_timeout);
  options.json = JsonOutput();
  options.progress = isatty(STDERR_FILENO) == 1;
  options.region_code = absl::GetFlag(FLAGS_region);
  return CheckPdf(in.Arg(0), options, std::cout, std::cerr);
}

}  // namespace

std::vector<Command> DocumentCommands() {
  return {
      {"import",
       "documents",
       "",
       "a published PDF's tables and narrative as FinalAccounts JSON, read on this machine (no "
       "server), with a report of what was read and what could not be placed (stderr)",
       {},
       {"pdf", "out"},
       "juesuanctl import --pdf=2023决算公开.pdf --out=accounts.json",
       Import},
      {"check-pdf",
       "documents",
       "FILE|DIR",
       "import, validate (ingestion; nothing stored) and audit the narrative (rendering) of a "
       "published PDF, or of every PDF in a folder, with a summary table",
       {"FILE|DIR"},
       {"template_id", "region"},
       "juesuanctl check-pdf published/ --template_id=shanghai-2024",
       CheckPdfs},
  };
}

}  // namespace juesuan::ctl
