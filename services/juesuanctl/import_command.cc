#include "services/juesuanctl/import_command.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "import/importer.h"
#include "services/juesuanctl/input_file.h"

namespace juesuan::ctl {
namespace {

std::string Json(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

std::string ReportText(const import::ImportReport& report) {
  std::string out;
  for (const auto& t : report.tables()) {
    absl::StrAppend(&out, t.read() ? "read     " : "not read ", t.title(), "  p.",
                    absl::StrJoin(t.pages(), ","));
    if (t.read()) absl::StrAppend(&out, "  ", t.rows(), " rows, ", t.cells(), " figures");
    absl::StrAppend(&out, "\n");
  }
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
  return ImportOutput{Json(imported->accounts), ReportText(imported->report),
                      Json(imported->report)};
}

}  // namespace juesuan::ctl
