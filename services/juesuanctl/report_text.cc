#include "services/juesuanctl/report_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace juesuan::ctl {

using ::juesuan::ingestion::v1::Finding;
using ::juesuan::ingestion::v1::ValidationReport;

namespace {
const char* SeverityName(juesuan::ingestion::v1::Severity s) {
  switch (s) {
    case juesuan::ingestion::v1::SEVERITY_FATAL:
      return "FATAL  ";
    case juesuan::ingestion::v1::SEVERITY_WARNING:
      return "WARNING";
    case juesuan::ingestion::v1::SEVERITY_INFO:
      return "INFO   ";
    default:
      return "?      ";
  }
}
}  // namespace

std::string ReportToText(const ValidationReport& report) {
  std::string out = absl::StrCat("validation: ", report.rules_evaluated(), " rules evaluated; ",
                                 report.fatal_count(), " fatal, ", report.warning_count(),
                                 " warning (", report.unexplained_warning_count(),
                                 " unexplained), ", report.info_count(), " info\n");
  for (const Finding& f : report.findings()) {
    absl::StrAppend(&out, "\n", SeverityName(f.severity()), " ", f.rule_id(), "  ", f.message(),
                    "\n");
    absl::StrAppend(&out, "        id: ", f.finding_id(), "\n");
    // Each cell in the printed table's words, its field path beside it.
    for (int i = 0; i < f.cells_size(); ++i) {
      const std::string& label = i < f.cell_labels_size() ? f.cell_labels(i) : "";
      absl::StrAppend(&out, "        cell: ", label.empty() ? f.cells(i) : label,
                      label.empty() ? "" : absl::StrCat("  [", f.cells(i), "]"), "\n");
    }
    if (!f.provided().empty() || !f.expected().empty()) {
      absl::StrAppend(&out, "        provided ", f.provided().empty() ? "—" : f.provided(),
                      "  expected ", f.expected().empty() ? "—" : f.expected());
      if (!f.difference().empty()) absl::StrAppend(&out, "  difference ", f.difference());
      if (!f.tolerance().empty()) absl::StrAppend(&out, "  tolerance ", f.tolerance());
      if (!f.unit().empty()) absl::StrAppend(&out, "  (", f.unit(), ")");
      absl::StrAppend(&out, "\n");
    }
    if (f.has_explanation()) {
      absl::StrAppend(&out, "        explained (", f.explanation().author(),
                      "): ", f.explanation().text(), "\n");
    }
  }
  const auto& p = report.provenance();
  absl::StrAppend(&out, "\nprovenance: revision ",
                  p.accounts_revision().empty() ? "(not stored)" : p.accounts_revision(),
                  "; rule catalogue ", p.rule_catalogue_version(), "; code tables ",
                  p.code_table_version(), "; juesuan ", p.suite_version(), "\n  report sha256 ",
                  p.content_sha256(), "\n  accounts sha256 ", p.accounts_sha256(), "\n");
  return out;
}

}  // namespace juesuan::ctl
