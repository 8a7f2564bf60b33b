// `juesuanctl import --pdf=FILE`: a published PDF's tables read into
// FinalAccounts JSON on this machine (import/importer.h), no server
// needed; what could not be placed reported.
#ifndef JUESUAN_SERVICES_JUESUANCTL_IMPORT_COMMAND_H_
#define JUESUAN_SERVICES_JUESUANCTL_IMPORT_COMMAND_H_

#include <string>

#include "absl/status/statusor.h"

namespace juesuan::ctl {

struct ImportOutput {
  std::string accounts_json;  // FinalAccounts, proto3 JSON
  std::string report_text;    // tables (pages, rows, cells) and issues, for a reader
  std::string report_json;    // the ImportReport as JSON
};

// Reads `pdf_path` (up to 50 MB) and imports it. Errors: the file's, or the
// PDF's (INVALID_ARGUMENT: not a PDF, damaged, encrypted, a scan).
absl::StatusOr<ImportOutput> ImportPdfFile(const std::string& pdf_path);

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_IMPORT_COMMAND_H_
