// The tables of a published 部门决算 PDF, read from poppler's positioned
// words (pdf::ExtractWords): what the importer (importer.h) maps to
// FinalAccounts. Layout-agnostic: a table is found by its printed title,
// its columns by their printed headers, its rows by the figures they print,
// wherever the layout puts them; a table running over pages is joined.
#ifndef JUESUAN_IMPORT_TABLE_READER_H_
#define JUESUAN_IMPORT_TABLE_READER_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "import/printed_text.h"
#include "pdf/pdf_text.h"

namespace juesuan::import {

// A header of a table: its words (top to bottom) joined, and where it
// stands across the page.
struct Column {
  std::string label;
  double x0 = 0;
  double x1 = 0;
};

// A figure as printed, and the column it stands under (-1: none).
struct Figure {
  std::string text;
  int column = -1;
  double x0 = 0;
  double x1 = 0;
};

// A row that prints at least one figure: the code at its left (3, 5 or 7
// digits, or empty), its label (the name's pieces, also those printed on
// the lines just above or below it), its figures. The columns' numbers
// (a row "栏次 1 2 3…") and the rows' own (under a column 行次) are not
// figures and are left out.
struct Row {
  int page = 0;   // 1-based
  int group = 0;  // 0, or 1… for groups printed side by side
  std::string code;
  std::string label;
  std::vector<Figure> figures;
  // What it prints under a column headed 类别 ("人员经费"), if any.
  std::string kind;
  // Words that print digits but are not figures ("5l.32"): left out of
  // the label, for the importer to report.
  std::vector<std::string> unreadable;
};

struct Table {
  std::string title;       // the known title it was found by
  std::string unit;        // as printed after "单位：" ("万元"), or empty
  std::vector<int> pages;  // 1-based, in order
  std::vector<Column> columns;
  // The header's words as printed (the unit's line left out), for a table
  // whose headers span others (表七's 预算数 over six columns).
  std::vector<pdf::PdfWord> header_words;
  std::vector<Row> rows;
  // Lines between the headers and the note that print no figure and that
  // no row took (as printed).
  std::vector<std::string> stray;
};

// The tables whose title (a line, spaces removed, ending in one of
// `titles`, the longest that fits) the pages print, in order. A table ends
// at the next title, at its note ("注：") or at a sentence (a line with "。"
// and no figure: a table's cells are not sentences).
// A line printing only one of `row_labels` (or an enumerated label, "二、外交
// 支出") is a row printed blank, not a piece of a name.
std::vector<Table> ReadTables(const std::vector<std::vector<pdf::PdfWord>>& pages,
                              const std::vector<std::string>& titles,
                              const std::set<std::string>& row_labels = {});

// The column, of those whose headers are centred at `centres`, that a
// figure printed up to x1 stands under, or -1. Tables centre their headers
// and right-align (or centre) their figures: a figure ends past its
// header's centre and before the middle of the way to the next header (a
// fifth of the way past it allowed, for cells of unequal widths). One ending
// further right, or left of every header's centre, stands under none.
int ColumnUnder(const std::vector<double>& centres, double x1);

// A page's lines as printed (words on one line joined, spaces removed),
// top to bottom.
std::vector<std::string> PrintedLines(const std::vector<pdf::PdfWord>& words);

}  // namespace juesuan::import

#endif  // JUESUAN_IMPORT_TABLE_READER_H_
