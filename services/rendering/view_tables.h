// The nine tables of the disclosure as typed rows of cells: drawn by the
// Markdown and HTML layouts (through the view model) and written as a
// spreadsheet (spreadsheet.h).
#ifndef JUESUAN_SERVICES_RENDERING_VIEW_TABLES_H_
#define JUESUAN_SERVICES_RENDERING_VIEW_TABLES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "juesuan/accounts/v1/accounts.pb.h"

namespace juesuan::rendering {

struct ReportCell {
  // A label or code is a cell.
  ReportCell(std::string t) : text(std::move(t)) {}  // NOLINT(google-explicit-constructor)
  ReportCell(const char* t) : text(t) {}             // NOLINT(google-explicit-constructor)
  // As printed: a label, a code, "10,496.80", or "—" (not submitted).
  std::string text;
  // The amount in 分, for a figure; none for a label, a code or "—".
  std::optional<int64_t> fen;
  // A 科目编码: text, kept on one line.
  bool code = false;
};

struct ReportRow {
  std::vector<ReportCell> cells;
  bool strong = false;  // a total
};

struct ReportTable {
  std::string title;  // "一、收入支出决算总表"
  std::vector<std::string> headers;
  std::vector<bool> code_columns;
  // 科目名称 and 项目 columns: names, given room on a phone.
  std::vector<bool> name_columns;
  std::vector<ReportRow> rows;
  std::string note;
};

// The nine tables, in order (表一 with 收入 and 支出 side by side).
std::vector<ReportTable> NineTables(const juesuan::accounts::v1::FinalAccounts& accounts);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_VIEW_TABLES_H_
