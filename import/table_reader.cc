#include "import/table_reader.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/match.h"

namespace juesuan::import {
namespace {

using pdf::PdfWord;

// A printed line: words whose vertical centres are within a third of a
// word's height of each other, left to right.
struct Line {
  int page = 0;
  double y = 0;  // centre
  double height = 0;
  std::vector<const PdfWord*> words;
  std::string text;  // squeezed
};

double Centre(const PdfWord& w) { return (w.y0 + w.y1) / 2; }
double CentreX(const PdfWord& w) { return (w.x0 + w.x1) / 2; }

std::vector<Line> Lines(const std::vector<PdfWord>& words, int page) {
  std::vector<const PdfWord*> sorted;
  for (const PdfWord& w : words) sorted.push_back(&w);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const PdfWord* a, const PdfWord* b) { return Centre(*a) < Centre(*b); });
  std::vector<Line> lines;
  for (const PdfWord* w : sorted) {
    const double h = std::max(1.0, w->y1 - w->y0);
    if (lines.empty() || std::fabs(Centre(*w) - lines.back().y) > h / 3) {
      lines.push_back({page, Centre(*w), h, {}, ""});
    }
    lines.back().words.push_back(w);
  }
  for (Line& line : lines) {
    std::stable_sort(line.words.begin(), line.words.end(),
                     [](const PdfWord* a, const PdfWord* b) { return a->x0 < b->x0; });
    for (const PdfWord* w : line.words) line.text += Squeeze(w->text);
  }
  return lines;
}

// The longest of `titles` the line is, after at most a unit's name and year
// and before at most a form's number, if it is a title.
std::optional<std::string> TitleOf(const Line& line, const std::vector<std::string>& titles) {
  std::optional<std::string> best;
  for (const std::string& t : titles) {
    const size_t at = line.text.rfind(t);
    if (at == std::string::npos || at > 120) continue;
    if (IsTitleSuffix(absl::string_view(line.text).substr(at + t.size())) &&
        (!best || t.size() > best->size())) {
      best = t;
    }
  }
  return best;
}

// A row's words: a figure, or a code and a name with cells printed blank
// ("30101 基本工资", "30101 基本工资 —").
bool IsRow(const std::vector<const PdfWord*>& words) {
  const bool figure = std::any_of(words.begin(), words.end(), [](const PdfWord* w) {
    const std::string t = Squeeze(w->text);
    return IsFigure(t) && !IsCode(t);
  });
  return figure || (words.size() > 1 && IsCode(Squeeze(words[0]->text)) &&
                    !IsFigure(Squeeze(words[1]->text)));
}

bool HasFigure(const Line& line) { return IsRow(line.words); }

// Whether every word of `line` ends before the first figure of `row`.
bool LeftOfFigures(const Line& line, const Line& row) {
  double first = 1e300;
  for (const PdfWord* w : row.words) {
    const std::string text = Squeeze(w->text);
    if (IsFigure(text) && !IsCode(text)) first = std::min(first, w->x0);
  }
  return std::all_of(line.words.begin(), line.words.end(),
                     [first](const PdfWord* w) { return w->x1 <= first; });
}

// A line between a table's title and its headers that says what the table
// is: its unit ("金额单位：万元"), the department ("部门：…"), its form's
// number ("公开01表").
bool IsCaption(const Line& line) {
  for (const char* mark : {"单位：", "单位:", "部门：", "部门:"}) {
    if (absl::StrContains(line.text, mark)) return true;
  }
  return !line.text.empty() && IsTitleSuffix(line.text);
}

// Whether two header words are pieces of one cell's label: overlapping,
// centred (or left-aligned) alike.
bool SameCell(const PdfWord& a, const PdfWord& b) {
  const double tolerance = std::max(6.0, 0.3 * std::min(a.x1 - a.x0, b.x1 - b.x0));
  return a.x0 < b.x1 && b.x0 < a.x1 &&
         (std::fabs(CentreX(a) - CentreX(b)) <= tolerance || std::fabs(a.x0 - b.x0) <= 2);
}

// Whether a header word names a group of columns: a word printed under it
// is not a piece of its label ("本年支出" over 小计 | 基本支出 | 项目支出).
bool NamesAGroup(const PdfWord& w, const std::vector<const PdfWord*>& words) {
  return std::any_of(words.begin(), words.end(), [&w](const PdfWord* below) {
    return below->y0 >= w.y1 - 1 && below->x0 < w.x1 && w.x0 < below->x1 && !SameCell(w, *below);
  });
}

// A table's headers are a few dozen words: past kMaxHeaderWords it is not
// a header (and every figure is compared with every column, every header
// word with every other).
constexpr size_t kMaxHeaderWords = 200;

// Header words (the table's `header_words`) merged into columns, a column's
// label from its pieces top to bottom (a word naming a group of columns left
// out).
std::vector<Column> Columns(const std::vector<PdfWord>& header_words) {
  std::vector<const PdfWord*> words;
  for (const PdfWord& w : header_words) words.push_back(&w);
  std::vector<const PdfWord*> cells;
  for (const PdfWord* w : words) {
    if (!NamesAGroup(*w, words)) cells.push_back(w);
  }
  std::vector<std::vector<const PdfWord*>> groups;
  for (const PdfWord* w : cells) {
    auto found = std::find_if(groups.begin(), groups.end(),
                              [w](const auto& group) { return SameCell(*w, *group.front()); });
    if (found == groups.end()) {
      groups.push_back({w});
    } else {
      found->push_back(w);
    }
  }
  std::vector<Column> columns;
  for (auto& group : groups) {
    std::stable_sort(group.begin(), group.end(),
                     [](const PdfWord* a, const PdfWord* b) { return a->y0 < b->y0; });
    Column c{"", group.front()->x0, group.front()->x1};
    for (const PdfWord* w : group) {
      c.label += Squeeze(w->text);
      c.x0 = std::min(c.x0, w->x0);
      c.x1 = std::max(c.x1, w->x1);
    }
    columns.push_back(std::move(c));
  }
  std::sort(columns.begin(), columns.end(),
            [](const Column& a, const Column& b) { return a.x0 < b.x0; });
  return columns;
}

// The column a word of text stands in: the header it overlaps most (-1:
// none).
int ColumnOverlapping(const std::vector<Column>& columns, double x0, double x1) {
  int best = -1;
  double best_overlap = 0;
  for (size_t i = 0; i < columns.size(); ++i) {
    const double overlap = std::min(x1, columns[i].x1) - std::max(x0, columns[i].x0);
    if (overlap > best_overlap) {
      best_overlap = overlap;
      best = static_cast<int>(i);
    }
  }
  return best;
}

// A table being read: its rows' label pieces are put together at the end,
// when the lines just above and below each row are known. A table printed
// as groups side by side (表六's 人员经费 | 公用经费: the same headers
// twice) is read group by group.
class TableBuilder {
 public:
  TableBuilder(std::string title, const std::set<std::string>* row_labels)
      : row_labels_(row_labels) {
    table_.title = std::move(title);
  }

  void Add(const Line& line) {
    if (table_.pages.empty() || table_.pages.back() != line.page) {
      table_.pages.push_back(line.page);
      in_header_ = true;
    }
    // The columns' numbers ("栏次 1 2 3…"): neither a header nor a row.
    if (!line.words.empty() && absl::StartsWith(Squeeze(line.words.front()->text), "栏次")) return;
    if (in_header_ && !HasFigure(line)) {
      for (const std::string mark : {"单位：", "单位:"}) {
        const size_t unit = line.text.find(mark);
        if (unit != std::string::npos && table_.unit.empty()) {  // the first page's
          table_.unit = line.text.substr(unit + mark.size());
        }
      }
      if (table_.columns.empty() || header_page_ == line.page) {
        header_.push_back(&line);
        header_page_ = line.page;
      }
      return;
    }
    if (in_header_) EndHeader(line);
    for (const auto& [group, words] : Groups(line)) {
      if (IsRow(words)) {
        AddRow(line, group, words);
      } else {
        std::string text;
        for (const PdfWord* w : words) text += Squeeze(w->text);
        pieces_.push_back({line.page, group, line.y, line.height, text});
      }
    }
  }

  const std::string& title() const { return table_.title; }
  int last_page() const { return table_.pages.empty() ? 0 : table_.pages.back(); }

  Table Finish() {
    // A table printed without a row still has its headers.
    if (table_.columns.empty() && !header_.empty()) ReadHeaders();
    // A line that starts with an enumerator ("二、外交支出") is a row of its
    // own printed without figures, never the rest of a name.
    std::vector<Piece> fragments;
    for (Piece& piece : pieces_) {
      if (!StartsWithEnumerator(piece.text) && row_labels_->count(piece.text) == 0) {
        fragments.push_back(std::move(piece));
        continue;
      }
      Pending blank{piece.page, piece.group, piece.y, Row{}, {{piece.y, piece.text}}};
      blank.row.page = piece.page;
      blank.row.group = piece.group;
      pending_.push_back(std::move(blank));
    }
    pieces_ = std::move(fragments);
    auto key = [](const Pending& r) { return std::make_tuple(r.page, r.group, r.y); };
    std::stable_sort(pending_.begin(), pending_.end(),
                     [&key](const Pending& a, const Pending& b) { return key(a) < key(b); });
    for (const Piece& piece : pieces_) Attach(piece);
    for (Pending& row : pending_) {
      std::stable_sort(row.pieces.begin(), row.pieces.end());
      for (const auto& [y, text] : row.pieces) row.row.label += text;
      table_.rows.push_back(std::move(row.row));
    }
    return std::move(table_);
  }

 private:
  struct Piece {
    int page;
    int group;
    double y;
    double height;
    std::string text;
  };
  struct Pending {
    int page;
    int group;
    double y;
    Row row;
    std::vector<std::pair<double, std::string>> pieces;
  };

  void EndHeader(const Line& line) {
    in_header_ = false;
    // A name printed over two lines starts just above its row, left of its
    // figures: that line is the row's, not a header (unless it is the only
    // header: a table whose first row prints its figures far right).
    const auto headers = [this] {
      return std::count_if(header_.begin(), header_.end(),
                           [](const Line* l) { return !IsCaption(*l); });
    };
    while (headers() > 1 && header_.back()->page == line.page &&
           line.y - header_.back()->y < line.height && LeftOfFigures(*header_.back(), line)) {
      pieces_.push_back(
          {line.page, 0, header_.back()->y, header_.back()->height, header_.back()->text});
      header_.pop_back();
    }
    if (!table_.columns.empty()) return;
    ReadHeaders();
    // Groups side by side: the first column's header printed again (or, in
    // 表一, 收入项目 | 支出项目).
    const std::string& first = table_.columns.empty() ? "" : table_.columns[0].label;
    for (size_t i = 1; i < table_.columns.size(); ++i) {
      const std::string& label = table_.columns[i].label;
      if (label == first || (absl::EndsWith(first, "项目") && absl::EndsWith(label, "项目"))) {
        // Just past the group before it (its figures end under its last
        // header; the next group's labels, left-aligned, may start well
        // before its centred header).
        group_starts_.push_back(std::min(table_.columns[i].x0 - 10, table_.columns[i - 1].x1 + 15));
        group_first_columns_.push_back(static_cast<int>(i));
      }
    }
  }

  // The first page's header words (captions and form numbers left out, at
  // most kMaxHeaderWords), the columns they make, and where those stand.
  void ReadHeaders() {
    for (const Line* line : header_) {
      if (IsCaption(*line)) continue;
      for (const PdfWord* w : line->words) {
        if (!IsTitleSuffix(Squeeze(w->text)) && table_.header_words.size() < kMaxHeaderWords) {
          table_.header_words.push_back(*w);
        }
      }
    }
    table_.columns = Columns(table_.header_words);
    for (const Column& c : table_.columns) centres_.push_back((c.x0 + c.x1) / 2);
  }

  // The column a figure stands under (-1: none).
  int ColumnOf(double x1) const { return ColumnUnder(centres_, x1); }

  int GroupOf(double x0) const {
    return static_cast<int>(std::upper_bound(group_starts_.begin(), group_starts_.end(), x0) -
                            group_starts_.begin());
  }

  // A line's words by group: a figure in the group of the column it stands
  // under (right-aligned, it may end well past its group's last header), a
  // label or code by where it starts.
  std::map<int, std::vector<const PdfWord*>> Groups(const Line& line) const {
    std::map<int, std::vector<const PdfWord*>> groups;
    auto figures_only = [](const std::vector<const PdfWord*>& words) {
      return std::all_of(words.begin(), words.end(), [](const PdfWord* w) {
        const std::string t = Squeeze(w->text);
        return IsFigure(t) && !IsCode(t);
      });
    };
    for (const PdfWord* w : line.words) {
      const std::string text = Squeeze(w->text);
      const int column = IsFigure(text) && !IsCode(text) ? ColumnOf(w->x1) : -1;
      const int group =
          column < 0 ? GroupOf(w->x0)
                     : static_cast<int>(std::upper_bound(group_first_columns_.begin(),
                                                         group_first_columns_.end(), column) -
                                        group_first_columns_.begin());
      groups[group].push_back(w);
    }
    // A label whose figure stands in a later group's column (表六's 公用经费
    // 合计, printed over five columns): one row.
    for (auto it = groups.begin(); it != groups.end() && std::next(it) != groups.end();) {
      auto next = std::next(it);
      if (!IsRow(it->second) && figures_only(next->second)) {
        it->second.insert(it->second.end(), next->second.begin(), next->second.end());
        groups.erase(next);
      } else {
        ++it;
      }
    }
    return groups;
  }

  // The row nearest to a piece in its page and group, within 1.6 lines.
  void Attach(const Piece& piece) {
    auto before = [](const Pending& row, const std::tuple<int, int, double>& at) {
      return std::make_tuple(row.page, row.group, row.y) < at;
    };
    auto next = std::lower_bound(pending_.begin(), pending_.end(),
                                 std::make_tuple(piece.page, piece.group, piece.y), before);
    Pending* nearest = nullptr;
    for (auto it : {next, next == pending_.begin() ? pending_.end() : next - 1}) {
      if (it == pending_.end() || it->page != piece.page || it->group != piece.group) continue;
      const double d = std::fabs(it->y - piece.y);
      if (d <= 1.6 * piece.height && (nearest == nullptr || d < std::fabs(nearest->y - piece.y))) {
        nearest = &*it;
      }
    }
    if (nearest == nullptr) {
      table_.stray.push_back(piece.text);
    } else if (IsCode(piece.text) && nearest->row.code.empty()) {
      nearest->row.code = piece.text;  // a code printed a line above its row
    } else {
      nearest->pieces.push_back({piece.y, piece.text});
    }
  }

  void AddRow(const Line& line, int group, const std::vector<const PdfWord*>& words) {
    Pending pending{line.page, group, line.y, Row{}, {}};
    pending.row.page = line.page;
    pending.row.group = group;
    std::string label;
    for (size_t i = 0; i < words.size(); ++i) {
      const PdfWord& w = *words[i];
      std::string text = Squeeze(w.text);
      if (i == 0 && IsCode(text) && words.size() > 1) {
        pending.row.code = text;
        continue;
      }
      if (const size_t fused = i == 0 ? FusedCode(text) : 0; fused > 0) {
        pending.row.code = text.substr(0, fused);
        text = text.substr(fused);
      }
      const int column = ColumnOf(w.x1);
      if (IsDash(text)) {
        continue;  // a cell printed blank
      } else if (column >= 0 && absl::EndsWith(table_.columns[column].label, "行次") &&
                 IsFigure(text)) {
        continue;  // the row's number
      } else if (IsFigure(text)) {
        pending.row.figures.push_back({text, column, w.x0, w.x1});
      } else if (std::any_of(text.begin(), text.end(),
                             [](char c) { return c >= '0' && c <= '9'; }) &&
                 std::all_of(text.begin(), text.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        // Digits and ASCII only ("5l.32"): a figure misprinted; a label may
        // print digits ("一般公共服务支出（201）").
        pending.row.unreadable.push_back(text);
      } else if (const int under = ColumnOverlapping(table_.columns, w.x0, w.x1);
                 under >= 0 && table_.columns[under].label == "类别") {
        pending.row.kind += text;
      } else {
        label += text;
      }
    }
    pending.pieces.push_back({line.y, label});
    pending_.push_back(std::move(pending));
  }

  Table table_;
  bool in_header_ = true;
  int header_page_ = 0;
  std::vector<const Line*> header_;
  std::vector<double> group_starts_;
  std::vector<int> group_first_columns_;  // each group's after the first
  std::vector<double> centres_;           // of table_.columns
  const std::set<std::string>* row_labels_;
  std::vector<Piece> pieces_;
  std::vector<Pending> pending_;
};

}  // namespace

int ColumnUnder(const std::vector<double>& centres, double x1) {
  int best = -1;
  for (size_t i = 0; i < centres.size(); ++i) {
    if (centres[i] < x1 && (best < 0 || centres[i] > centres[best])) best = static_cast<int>(i);
  }
  if (best < 0) return -1;
  // The next header to the right: the figure must end in the column's half
  // of the way to it, give or take a fifth of the way. The last column is
  // taken to be as wide as the way from the header before it.
  const double centre = centres[best];
  double next = 1e300;
  double previous = -1e300;
  for (double c : centres) {
    if (c > centre && c < next) next = c;
    if (c < centre && c > previous) previous = c;
  }
  if (next == 1e300 && previous > -1e300) next = centre + (centre - previous);
  if (next < 1e300 && x1 > (centre + next) / 2 + (next - centre) / 5) return -1;
  return best;
}

std::vector<std::string> PrintedLines(const std::vector<pdf::PdfWord>& words) {
  std::vector<std::string> out;
  for (const Line& line : Lines(words, 0)) out.push_back(line.text);
  return out;
}

std::vector<Table> ReadTables(const std::vector<std::vector<pdf::PdfWord>>& pages,
                              const std::vector<std::string>& titles,
                              const std::set<std::string>& row_labels) {
  std::vector<Line> lines;
  for (size_t p = 0; p < pages.size(); ++p) {
    for (Line& line : Lines(pages[p], static_cast<int>(p + 1))) lines.push_back(std::move(line));
  }
  std::vector<std::optional<std::string>> title_of;
  for (const Line& line : lines) title_of.push_back(TitleOf(line, titles));
  // A title beside another on its page is an entry of the contents.
  auto listed = [&](size_t i) {
    for (size_t j : {i - 1, i + 1}) {
      if (i > 0 && j < lines.size() && lines[j].page == lines[i].page && title_of[j]) return true;
    }
    return i == 0 && lines.size() > 1 && lines[1].page == lines[0].page && title_of[1];
  };
  std::vector<Table> tables;
  std::optional<TableBuilder> open;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    if (title_of[i] && listed(i)) continue;
    if (const std::optional<std::string>& title = title_of[i]) {
      // The title again on the next page ("（续）"): the same table goes on.
      if (open && open->title() == *title && line.page > open->last_page()) continue;
      if (open) tables.push_back(open->Finish());
      open.emplace(*title, &row_labels);
      continue;
    }
    if (!open || IsPageNumber(line.text)) continue;
    // Its note, or a sentence (a table's cells are not sentences): the end.
    if (absl::StartsWith(line.text, "注：") || absl::StartsWith(line.text, "注:") ||
        (absl::StrContains(line.text, "。") && !HasFigure(line))) {
      tables.push_back(open->Finish());
      open.reset();
      continue;
    }
    open->Add(line);
  }
  if (open) tables.push_back(open->Finish());
  return tables;
}

}  // namespace juesuan::import
