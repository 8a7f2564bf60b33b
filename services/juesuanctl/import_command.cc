#include "services/juesuanctl/import_command.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "import/importer.h"
#include "services/juesuanctl/input_file.h"
#include "services/juesuanctl/json_output.h"

namespace juesuan::ctl {
namespace {

std::string ReportText(const import::ImportReport& report) {
  std::string out;
  for (const auto& t : report.tables()) {
    absl::StrAppend(&out, t.read() ? "read     " : "not read ", t.title(), "  p.",
                    absl::StrJoin(t.pages(), ","));
    if (t.read()) absl::StrAppend(&out, "  ", t.rows(), " rows, ", t.cells(), " figures");
    absl::StrAppend(&out, "\n");
  }
  for (const std::string& line : report.narrative()) absl::StrAppend(&out, "说明     ", line, "\n");
  for (const std::string& issue : report.issues()) absl::StrAppend(&out, "issue    ", issue, "\n");
  absl::StrAppend(&out, report.tables_size(), " table(s) found, ", report.issues_size(),
                  " issue(s)\n");
  return out;
}

}  // namespace

absl::StatusOr<ImportOutput> ImportPdfFile(const std::string& pdf_path) {
  const pdf::PdfLimits limits;
  absl::StatusOr<std::string> pdf = ReadInput(pdf_path, static_cast<size_t>(limits.max_bytes));
  if (!pdf.ok()) return pdf.status();
  absl::StatusOr<import::Imported> imported = import::ImportPdf(*pdf, limits);
  if (!imported.ok()) {
    return absl::Status(imported.status().code(),
                        absl::StrCat(pdf_path, ": ", imported.status().message()));
  }
  return ImportOutput{ToJson(imported->accounts), ReportText(imported->report),
                      ToJson(imported->report)};
}

}  // namespace juesuan::ctl
