#include "import/three_public_table.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace juesuan::import {
namespace {

namespace acc = ::juesuan::accounts::v1;

enum class Item { kNone, kTotal, kOverseas, kVehicles, kPurchase, kOperation, kReception };
enum class Kind { kNone, kBudget, kActual };

// The line of 表七 a label names, whole or in part ("（境）费" is the end
// of 因公出国（境）费 printed over two lines).
Item ItemOf(const std::string& text) {
  if (absl::StrContains(text, "外宾")) return Item::kNone;  // 其中：外宾接待
  if (absl::StrContains(text, "小计")) return Item::kVehicles;
  if (absl::StrContains(text, "合计")) return Item::kTotal;
  if (absl::StrContains(text, "因公出国") || absl::StrContains(text, "境）费") ||
      absl::StrContains(text, "境)费")) {
    return Item::kOverseas;
  }
  if (absl::StrContains(text, "购置及运行") || absl::StrContains(text, "购置和运行")) {
    return Item::kVehicles;
  }
  if (absl::StrContains(text, "购置")) return Item::kPurchase;
  if (absl::StrContains(text, "运行")) return Item::kOperation;
  if (absl::StrContains(text, "接待")) return Item::kReception;
  return Item::kNone;
}

Kind KindOf(const std::string& text) {
  if (absl::StrContains(text, "预算")) return Kind::kBudget;
  if (absl::StrContains(text, "决算")) return Kind::kActual;
  return Kind::kNone;
}

const char* ItemName(Item item) {
  switch (item) {
    case Item::kTotal:
      return "合计";
    case Item::kOverseas:
      return "因公出国（境）费";
    case Item::kVehicles:
      return "公务用车购置及运行维护费";
    case Item::kPurchase:
      return "公务用车购置费";
    case Item::kOperation:
      return "公务用车运行维护费";
    case Item::kReception:
      return "公务接待费";
    case Item::kNone:
      break;
  }
  return "";
}

acc::ThreePublicItem* Mutable(Item item, acc::ThreePublicExpenses* out) {
  switch (item) {
    case Item::kTotal:
      return out->mutable_total();
    case Item::kOverseas:
      return out->mutable_overseas_travel();
    case Item::kVehicles:
      return out->mutable_vehicles();
    case Item::kPurchase:
      return out->mutable_vehicle_purchase();
    case Item::kOperation:
      return out->mutable_vehicle_operation();
    case Item::kReception:
      return out->mutable_reception();
    case Item::kNone:
      break;
  }
  return nullptr;
}

bool Overlaps(const pdf::PdfWord& a, const pdf::PdfWord& b) { return a.x0 < b.x1 && b.x0 < a.x1; }
double CentreX(const pdf::PdfWord& w) { return (w.x0 + w.x1) / 2; }

// A header word and what it names.
struct Token {
  const pdf::PdfWord* word;
  Item item = Item::kNone;
  Kind kind = Kind::kNone;
  bool leaf = false;  // no header word printed under its cell
};

// The headers read: the bottom-most words (a column each, named with the
// fragments printed above them), and the words that name groups of them.
class Headers {
 public:
  // Not copied: leaves_ points into tokens_.
  Headers(const Headers&) = delete;
  Headers& operator=(const Headers&) = delete;

  explicit Headers(const std::vector<pdf::PdfWord>& words) {
    for (const pdf::PdfWord& w : words) {
      Token t{&w, ItemOf(Squeeze(w.text)), KindOf(Squeeze(w.text)), true};
      // Not a leaf: a word printed under it, or under the cell it is
      // centred in (合计 over its 预算数 | 决算数, wider than the word).
      const double half = std::min(6.0, (w.x1 - w.x0) / 2);
      for (const pdf::PdfWord& v : words) {
        if (&v != &w && v.y0 >= w.y1 - 1 && v.x0 < w.x1 + half && w.x0 - half < v.x1) {
          t.leaf = false;
        }
      }
      tokens_.push_back(t);
    }
    for (Token& t : tokens_) {
      if (!t.leaf) continue;
      Name(&t, words);
      leaves_.push_back(&t);
      leaf_centres_.push_back(CentreX(*t.word));
    }
    // The distance between neighbouring columns: a header is "clearly
    // nearer" than another by a quarter of it.
    std::vector<double> centres = leaf_centres_;
    std::sort(centres.begin(), centres.end());
    for (size_t i = 1; i < centres.size(); ++i) {
      if (centres[i] - centres[i - 1] > 1) pitch_ = std::min(pitch_, centres[i] - centres[i - 1]);
    }
    // A line's name over its parts' (公务用车购置及运行维护费 over 小计 |
    // 购置费 | 运行维护费) names no column of its own.
    for (Token& t : tokens_) {
      for (const Token& u : tokens_) {
        if (!t.leaf && u.word->y0 >= t.word->y1 - 1 && Overlaps(*u.word, *t.word) &&
            u.item != Item::kNone && u.item != t.item) {
          t.item = Item::kNone;
        }
      }
    }
  }

  // The column a figure stands under (table_reader.h's rule), or null.
  const Token* LeafOf(const Figure& f) const {
    const int i = ColumnUnder(leaf_centres_, f.x1);
    return i < 0 ? nullptr : leaves_[i];
  }

  // What the other headers name over a leaf: the nearest naming one,
  // clearly nearer than the nearest naming another.
  template <typename T>
  T Over(const Token& leaf, T Token::*what) const {
    T best{};
    double d1 = 1e300;
    for (const Token& t : tokens_) {
      const double d = std::fabs(CentreX(*t.word) - CentreX(*leaf.word));
      if (&t != &leaf && t.*what != T{} && d < d1) {
        d1 = d;
        best = t.*what;
      }
    }
    double d2 = 1e300;
    for (const Token& t : tokens_) {
      if (&t != &leaf && t.*what != T{} && t.*what != best) {
        d2 = std::min(d2, std::fabs(CentreX(*t.word) - CentreX(*leaf.word)));
      }
    }
    return Clearly(d1, d2) ? best : T{};
  }

 private:
  // A leaf named by itself, else with the fragments printed above it in
  // its own column ("因公出国" over "（境）费").
  static void Name(Token* t, const std::vector<pdf::PdfWord>& words) {
    if (t->item != Item::kNone || t->kind != Kind::kNone) return;
    std::vector<const pdf::PdfWord*> above;
    for (const pdf::PdfWord& v : words) {
      if (&v != t->word && v.y1 <= t->word->y0 + 1 && Overlaps(v, *t->word) &&
          std::fabs(CentreX(v) - CentreX(*t->word)) < (t->word->x1 - t->word->x0)) {
        above.push_back(&v);
      }
    }
    std::sort(above.begin(), above.end(),
              [](const pdf::PdfWord* a, const pdf::PdfWord* b) { return a->y0 < b->y0; });
    std::string label;
    for (const pdf::PdfWord* v : above) label += Squeeze(v->text);
    label += Squeeze(t->word->text);
    t->item = ItemOf(label);
    t->kind = KindOf(label);
  }

  bool Clearly(double d1, double d2) const { return pitch_ < 1e300 && d2 - d1 >= pitch_ / 4; }

  std::vector<Token> tokens_;  // not resized once built: leaves_ points into it
  std::vector<const Token*> leaves_;
  std::vector<double> leaf_centres_;
  double pitch_ = 1e300;
};

class Placer {
 public:
  Placer(const Table& table, acc::ThreePublicExpenses* out,
         juesuan::ingestion::v1::ImportReport::Table* found,
         google::protobuf::RepeatedPtrField<std::string>* issues)
      : table_(table), headers_(table.header_words), out_(out), found_(found), issues_(issues) {}

  void Place() {
    if (!table_.unit.empty() && table_.unit != "万元" && table_.unit != "元") {
      Issue(table_.pages.front(),
            absl::StrCat("unit 「", table_.unit, "」 is neither 万元 nor 元: not read"));
      return;
    }
    for (const Row& row : table_.rows) {
      for (const std::string& text : row.unreadable) {
        Issue(row.page, absl::StrCat("「", text, "」 is not a figure: not placed"));
      }
      if (row.figures.empty()) continue;
      const Item row_item = ItemOf(row.label);
      const Kind row_kind = KindOf(row.label);
      for (const Figure& f : row.figures) PlaceFigure(row, row_item, row_kind, f);
      found_->set_rows(found_->rows() + 1);
    }
    for (const std::string& stray : table_.stray) {
      Issue(table_.pages.front(), absl::StrCat("line 「", stray, "」 belongs to no row"));
    }
    CheckSums();
  }

 private:
  void PlaceFigure(const Row& row, Item item, Kind kind, const Figure& f) {
    const Token* leaf = headers_.LeafOf(f);
    if (leaf != nullptr) {
      const Item named =
          leaf->item != Item::kNone ? leaf->item : headers_.Over(*leaf, &Token::item);
      const Kind kind_named =
          leaf->kind != Kind::kNone ? leaf->kind : headers_.Over(*leaf, &Token::kind);
      if ((item != Item::kNone && named != Item::kNone && item != named) ||
          (kind != Kind::kNone && kind_named != Kind::kNone && kind != kind_named)) {
        Issue(row.page, absl::StrCat(f.text, ": its row 「", row.label,
                                     "」 and its column name different cells: not placed"));
        return;
      }
      if (item == Item::kNone) item = named;
      if (kind == Kind::kNone) kind = kind_named;
    }
    if (item == Item::kNone || kind == Kind::kNone) {
      Issue(row.page, absl::StrCat(f.text, " (row 「", row.label,
                                   "」) stands under no 预算数 or 决算数 of a line of 表七"));
      return;
    }
    const absl::StatusOr<int64_t> fen = FigureFen(f.text, table_.unit);
    acc::ThreePublicItem* target = Mutable(item, out_);
    const bool budget = kind == Kind::kBudget;
    const char* kind_name = budget ? "预算数" : "决算数";
    if (!fen.ok()) {
      Issue(row.page, absl::StrCat(f.text, " is not an amount"));
    } else if (budget ? target->has_budget_fen() : target->has_actual_fen()) {
      Issue(row.page, absl::StrCat("a second figure ", f.text, " for ", ItemName(item), " ",
                                   kind_name, ": not placed"));
    } else {
      budget ? target->set_budget_fen(*fen) : target->set_actual_fen(*fen);
      found_->set_cells(found_->cells() + 1);
    }
  }

  // 合计 = 因公出国 + 公务用车 + 公务接待; 公务用车 = 购置 + 运行, each
  // where all its terms are stated, beyond the figures' own rounding.
  void CheckSums() {
    const auto sum = [this](const acc::ThreePublicItem& whole,
                            const std::vector<const acc::ThreePublicItem*>& parts, bool budget) {
      const auto has = [budget](const acc::ThreePublicItem& i) {
        return budget ? i.has_budget_fen() : i.has_actual_fen();
      };
      const auto get = [budget](const acc::ThreePublicItem& i) {
        return budget ? i.budget_fen() : i.actual_fen();
      };
      if (!has(whole)) return;
      int64_t total = 0;
      for (const acc::ThreePublicItem* p : parts) {
        if (!has(*p)) return;
        total += get(*p);
      }
      const int64_t rounding = 5000 * static_cast<int64_t>(parts.size());
      if (std::llabs(total - get(whole)) > rounding) {
        Issue(table_.pages.front(),
              absl::StrCat(budget ? "预算数" : "决算数",
                           ": a line is not the sum of its parts: a figure misread or misplaced"));
      }
    };
    for (bool budget : {true, false}) {
      sum(out_->total(), {&out_->overseas_travel(), &out_->vehicles(), &out_->reception()}, budget);
      sum(out_->vehicles(), {&out_->vehicle_purchase(), &out_->vehicle_operation()}, budget);
    }
  }

  void Issue(int page, const std::string& what) {
    issues_->Add(absl::StrCat("表七 财政拨款“三公”经费支出决算表 p.", page, ": ", what));
  }

  const Table& table_;
  Headers headers_;
  acc::ThreePublicExpenses* out_;
  juesuan::ingestion::v1::ImportReport::Table* found_;
  google::protobuf::RepeatedPtrField<std::string>* issues_;
};

}  // namespace

bool IsThreePublicTable(const Table& table) {
  const auto names_a_kind = [](const std::string& text) { return KindOf(text) != Kind::kNone; };
  for (const pdf::PdfWord& w : table.header_words) {
    if (names_a_kind(Squeeze(w.text))) return true;
  }
  for (const Column& c : table.columns) {
    if (names_a_kind(c.label)) return true;
  }
  return false;
}

void PlaceThreePublic(const Table& table, acc::ThreePublicExpenses* out,
                      juesuan::ingestion::v1::ImportReport::Table* found,
                      google::protobuf::RepeatedPtrField<std::string>* issues) {
  Placer(table, out, found, issues).Place();
}

}  // namespace juesuan::import
