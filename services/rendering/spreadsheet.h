// The nine tables as a spreadsheet (FORMAT_XLSX), written with Debian's
// libxlsxwriter: one sheet per table (表一 … 表九), the printed headers,
// figures as numbers in 万元 with two decimals, codes as text, and a cell
// that was not submitted left empty (never 0).
#ifndef JUESUAN_SERVICES_RENDERING_SPREADSHEET_H_
#define JUESUAN_SERVICES_RENDERING_SPREADSHEET_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/rendering/view_tables.h"

namespace juesuan::rendering {

// The workbook's bytes. `heading` is printed above each table (the
// department and year). INTERNAL if libxlsxwriter fails (e.g. no room for
// its temporary file).
absl::StatusOr<std::string> NineTablesWorkbook(const std::vector<ReportTable>& tables,
                                               const std::string& heading);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_SPREADSHEET_H_
