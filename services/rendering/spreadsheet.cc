#include "services/rendering/spreadsheet.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "xlsxwriter.h"

namespace juesuan::rendering {
namespace {

constexpr const char* kSheetNames[] = {"表一", "表二", "表三", "表四", "表五",
                                       "表六", "表七", "表八", "表九"};

struct Formats {
  lxw_format* title;
  lxw_format* header;
  lxw_format* money;
  lxw_format* money_strong;
  lxw_format* text_strong;
  lxw_format* code;
};

Formats MakeFormats(lxw_workbook* book) {
  Formats f{};
  f.title = workbook_add_format(book);
  format_set_bold(f.title);
  f.header = workbook_add_format(book);
  format_set_bold(f.header);
  format_set_text_wrap(f.header);
  f.money = workbook_add_format(book);
  format_set_num_format(f.money, "#,##0.00");
  f.money_strong = workbook_add_format(book);
  format_set_num_format(f.money_strong, "#,##0.00");
  format_set_bold(f.money_strong);
  f.text_strong = workbook_add_format(book);
  format_set_bold(f.text_strong);
  f.code = workbook_add_format(book);
  format_set_num_format(f.code, "@");  // text: "2010101", not a number
  return f;
}

// 分 as a number of 万元, half-up to 0.01 as the documents print it.
double WanNumber(int64_t fen) { return static_cast<double>(DivideRoundHalfUp(fen, 10000)) / 100.0; }

void WriteTable(lxw_worksheet* sheet, const Formats& f, const ReportTable& t,
                const std::string& heading) {
  worksheet_write_string(sheet, 0, 0, heading.c_str(), f.title);
  worksheet_write_string(sheet, 1, 0, t.title.c_str(), f.title);
  worksheet_write_string(sheet, 2, 0, "单位：万元", nullptr);
  lxw_row_t row = 3;
  for (size_t c = 0; c < t.headers.size(); ++c) {
    worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), t.headers[c].c_str(), f.header);
    const bool code = t.code_columns[c];
    worksheet_set_column(
        sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
        code ? 12
        : (c == 0 || t.headers[c].find("项目") != std::string::npos || t.headers[c] == "科目名称")
            ? 30
            : 16,
        nullptr);
  }
  for (const ReportRow& r : t.rows) {
    ++row;
    for (size_t c = 0; c < r.cells.size(); ++c) {
      const ReportCell& cell = r.cells[c];
      const auto col = static_cast<lxw_col_t>(c);
      if (cell.fen.has_value()) {
        worksheet_write_number(sheet, row, col, WanNumber(*cell.fen),
                               r.strong ? f.money_strong : f.money);
      } else if (cell.code) {
        worksheet_write_string(sheet, row, col, cell.text.c_str(), f.code);
      } else if (!cell.text.empty() && cell.text != "—") {  // not submitted: empty
        worksheet_write_string(sheet, row, col, cell.text.c_str(),
                               r.strong ? f.text_strong : nullptr);
      }
    }
  }
  if (!t.note.empty()) worksheet_write_string(sheet, row + 2, 0, t.note.c_str(), nullptr);
}

}  // namespace

absl::StatusOr<std::string> NineTablesWorkbook(const std::vector<ReportTable>& tables,
                                               const std::string& heading) {
  // libxlsxwriter 1.1.4 writes to a file only: a private temporary one.
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path =
      absl::StrCat(tmpdir != nullptr && *tmpdir ? tmpdir : "/tmp", "/juesuan-xlsx-XXXXXX");
  const int fd = mkstemp(path.data());
  if (fd < 0) return absl::InternalError("spreadsheet: cannot create a temporary file");
  close(fd);
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) {
    unlink(path.c_str());
    return absl::InternalError("spreadsheet: libxlsxwriter could not start a workbook");
  }
  const Formats formats = MakeFormats(book);
  for (size_t i = 0; i < tables.size() && i < std::size(kSheetNames); ++i) {
    WriteTable(workbook_add_worksheet(book, kSheetNames[i]), formats, tables[i], heading);
  }
  const lxw_error closed = workbook_close(book);
  std::ostringstream bytes;
  {
    std::ifstream file(path, std::ios::binary);
    bytes << file.rdbuf();
  }
  unlink(path.c_str());
  if (closed != LXW_NO_ERROR) {
    return absl::InternalError(absl::StrCat("spreadsheet: ", lxw_strerror(closed)));
  }
  return bytes.str();
}

}  // namespace juesuan::rendering
