#include "import/narrative.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/decimal.h"
#include "import/table_reader.h"

namespace juesuan::import {
namespace {

namespace acc = ::juesuan::accounts::v1;

// What a sentence speaks of.
enum class Subject {
  kNone,
  kSummary,      // 收入支出总计
  kFiscal,       // 财政拨款收入支出总计
  kGeneral,      // 一般公共预算财政拨款支出
  kAgency,       // 机关运行经费
  kThreePublic,  // “三公”经费 (合计)
  kOverseas,
  kVehicles,
  kPurchase,
  kOperation,
  kReception,
  kRow,  // a 项 of 表五 (the block's)
};

const char* SubjectName(Subject s) {
  switch (s) {
    case Subject::kSummary:
      return "收入支出总计";
    case Subject::kFiscal:
      return "财政拨款收入支出总计";
    case Subject::kGeneral:
      return "一般公共预算财政拨款支出";
    case Subject::kAgency:
      return "机关运行经费";
    case Subject::kThreePublic:
      return "“三公”经费";
    case Subject::kOverseas:
      return "因公出国（境）费";
    case Subject::kVehicles:
      return "公务用车购置及运行维护费";
    case Subject::kPurchase:
      return "公务用车购置费";
    case Subject::kOperation:
      return "公务用车运行维护费";
    case Subject::kReception:
      return "公务接待费";
    case Subject::kRow:
    case Subject::kNone:
      break;
  }
  return "";
}

// The subject a text names, if any (the “三公” lines before “三公” itself:
// "“三公”经费中，公务接待费支出…" speaks of the 公务接待费).
std::optional<Subject> SubjectOf(const std::string& text) {
  if (absl::StrContains(text, "三公") || absl::StrContains(text, "因公出国") ||
      absl::StrContains(text, "公务用车") || absl::StrContains(text, "公务接待")) {
    if (absl::StrContains(text, "因公出国")) return Subject::kOverseas;
    if (absl::StrContains(text, "购置及运行") || absl::StrContains(text, "购置和运行")) {
      return Subject::kVehicles;
    }
    if (absl::StrContains(text, "公务用车购置")) return Subject::kPurchase;
    if (absl::StrContains(text, "公务用车运行")) return Subject::kOperation;
    if (absl::StrContains(text, "公务接待")) return Subject::kReception;
    return Subject::kThreePublic;
  }
  if (absl::StrContains(text, "机关运行经费")) return Subject::kAgency;
  if (absl::StrContains(text, "财政拨款收入支出")) return Subject::kFiscal;
  if (absl::StrContains(text, "收入支出总") || absl::StrContains(text, "收入支出决算总")) {
    return Subject::kSummary;
  }
  if (absl::StrContains(text, "基本支出")) return Subject::kNone;
  if (absl::StrContains(text, "一般公共预算财政拨款支出")) return Subject::kGeneral;
  return std::nullopt;
}

// Full-width digits and ASCII brackets, colons and semicolons as the text's
// own forms, so that one spelling is matched.
std::string Normalize(const std::string& line) {
  return absl::StrReplaceAll(line, {{"(", "（"},
                                    {")", "）"},
                                    {":", "："},
                                    {";", "；"},
                                    {"％", "%"},
                                    {"．", "."},
                                    {"０", "0"},
                                    {"１", "1"},
                                    {"２", "2"},
                                    {"３", "3"},
                                    {"４", "4"},
                                    {"５", "5"},
                                    {"６", "6"},
                                    {"７", "7"},
                                    {"８", "8"},
                                    {"９", "9"}});
}

// "1、", "2.", "（3）": an item's number at the start of a line.
bool StartsWithNumber(const std::string& text) {
  size_t i = text.compare(0, 3, "（") == 0 ? 3 : 0;
  const size_t start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == start || i >= text.size()) return false;
  if (start == 3) return text.compare(i, 3, "）") == 0;
  return text.compare(i, 3, "、") == 0 ||
         (text[i] == '.' && i + 1 < text.size() && (text[i + 1] < '0' || text[i + 1] > '9'));
}

// A paragraph or heading: the lines from one that starts with an
// enumerator to the next.
struct Block {
  int page;
  std::string text;
};

std::vector<Block> Blocks(const std::vector<std::vector<pdf::PdfWord>>& pages) {
  std::vector<Block> blocks;
  for (size_t p = 0; p < pages.size(); ++p) {
    for (const std::string& printed : PrintedLines(pages[p])) {
      if (IsPageNumber(printed)) continue;
      const std::string line = Normalize(printed);
      if (blocks.empty() || StartsWithEnumerator(line) || StartsWithNumber(line)) {
        blocks.push_back({static_cast<int>(p + 1), ""});
      }
      blocks.back().text += line;
    }
  }
  return blocks;
}

// The amount printed right after `at` ("为 12.50 万元", "数 0 万元"), in 分.
std::optional<int64_t> AmountAt(const std::string& text, size_t at) {
  while (at < text.size()) {
    bool skipped = false;
    for (const char* filler : {"为", "数", "是", "了", "：", "，"}) {
      if (text.compare(at, std::strlen(filler), filler) == 0) {
        at += std::strlen(filler);
        skipped = true;
        break;
      }
    }
    if (!skipped) break;
  }
  size_t end = at;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) ||
                               text[end] == '.' || text[end] == ',')) {
    ++end;
  }
  if (end == at || text.compare(end, 6, "万元") != 0) return std::nullopt;
  absl::StatusOr<int64_t> fen = FigureFen(text.substr(at, end - at), "万元");
  if (!fen.ok()) return std::nullopt;
  return *fen;
}

// The first amount a text prints ("支出 44.60 万元，比上年…").
std::optional<int64_t> FirstAmount(const std::string& text) {
  const size_t wan = text.find("万元");
  if (wan == std::string::npos) return std::nullopt;
  size_t start = wan;
  while (start > 0 && (std::isdigit(static_cast<unsigned char>(text[start - 1])) ||
                       text[start - 1] == '.' || text[start - 1] == ',')) {
    --start;
  }
  return AmountAt(text, start);
}

// The change against the prior year a clause states, in 分 (signed), or
// none: "比上年（决算）增加 X 万元", "与 2023 年度相比，…减少 X 万元", "持平".
std::optional<int64_t> PriorYearChange(const std::string& clause, size_t* marker) {
  size_t at = clause.find("上年");
  if (at == std::string::npos) at = clause.find("年度相比");
  if (at == std::string::npos) {
    for (size_t i = clause.find("比"); i != std::string::npos; i = clause.find("比", i + 3)) {
      if (i + 7 < clause.size() && std::isdigit(static_cast<unsigned char>(clause[i + 3])) &&
          std::isdigit(static_cast<unsigned char>(clause[i + 6]))) {
        at = i;
        break;
      }
    }
  }
  if (at == std::string::npos) return std::nullopt;
  *marker = at;
  for (const auto& [word, sign] : std::initializer_list<std::pair<const char*, int>>{
           {"增加", 1}, {"减少", -1}, {"增长", 1}, {"下降", -1}}) {
    const size_t w = clause.find(word, at);
    if (w == std::string::npos) continue;
    if (auto amount = AmountAt(clause, w + std::strlen(word))) return sign * *amount;
  }
  if (clause.find("持平", at) != std::string::npos) return 0;
  return std::nullopt;
}

// "主要原因是：…" to the clause's end.
std::string ReasonIn(const std::string& clause, size_t* at) {
  *at = clause.find("主要原因");
  if (*at == std::string::npos) return "";
  size_t start = *at + std::string("主要原因").size();
  for (const char* lead : {"是", "：", "，"}) {
    if (clause.compare(start, std::strlen(lead), lead) == 0) start += std::strlen(lead);
  }
  if (clause.compare(start, 3, "：") == 0) start += 3;
  std::string reason = clause.substr(start);
  while (absl::EndsWith(reason, "。") || absl::EndsWith(reason, "；")) {
    reason.resize(reason.size() - 3);
  }
  return reason;
}

// Reads blocks in order, keeping the subject the text is on.
class Reader {
 public:
  Reader(acc::FinalAccounts* accounts, juesuan::ingestion::v1::ImportReport* report)
      : a_(accounts), report_(report) {}

  void Read(const std::vector<Block>& blocks) {
    for (const Block& block : blocks) {
      page_ = block.page;
      row_ = nullptr;
      if (IsItem(block.text)) {
        ReadItem(block.text);
        subject_ = Subject::kNone;
      } else if (!absl::StrContains(block.text, "。")) {  // a heading, a table's line
        subject_ = SubjectOf(block.text).value_or(Subject::kNone);
      } else {
        ReadSentences(block.text);
      }
    }
  }

 private:
  enum class Last { kNone, kPrior, kBudget };

  static bool IsItem(const std::string& text) {
    const size_t item = text.find("（项）");
    const size_t sentence = text.find("。");
    return item != std::string::npos && text.find("（类）") < item && text.find("（款）") < item &&
           (sentence == std::string::npos || item < sentence);
  }

  void ReadSentences(const std::string& text) {
    for (absl::string_view sentence : absl::StrSplit(text, "。")) {
      for (absl::string_view clause : absl::StrSplit(sentence, "；")) {
        ReadClause(std::string(clause));
      }
    }
  }

  void ReadClause(const std::string& clause) {
    size_t reason_at = 0;
    const std::string reason = ReasonIn(clause, &reason_at);
    const std::string head = clause.substr(0, std::min(reason_at, clause.size()));
    if (row_ == nullptr) {
      if (std::optional<Subject> named = SubjectOf(head)) subject_ = *named;
    }
    if (subject_ == Subject::kNone) return;
    if (row_ != nullptr && absl::StrContains(head, "主要用于：")) {
      row_->mutable_budget()->set_main_uses(head.substr(head.find("主要用于：") + 15));
    }
    size_t marker = 0;
    const std::optional<int64_t> change = PriorYearChange(head, &marker);
    if (change) {
      AttachPrior(*change, head.substr(0, marker));
      last_ = Last::kPrior;
    }
    bool budget = false;
    for (const bool initial : {true, false}) {
      if (std::optional<int64_t> amount = AmountAfter(head, initial ? "年初预算" : "全年预算")) {
        AttachBudget(initial, *amount);
        budget = true;
        last_ = Last::kBudget;
      }
    }
    if (reason.empty()) return;
    const bool of_budget = !change && (budget || absl::StrContains(head, "预算"));
    AttachReason(change ? Last::kPrior : (of_budget ? Last::kBudget : last_), reason);
  }

  // The amount printed after any occurrence of `key`.
  static std::optional<int64_t> AmountAfter(const std::string& text, const std::string& key) {
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
      if (std::optional<int64_t> amount = AmountAt(text, at + key.size())) return amount;
    }
    return std::nullopt;
  }

  void ReadItem(const std::string& text) {
    const size_t kind = text.find("（类）");
    const size_t section = text.find("（款）");
    const size_t item = text.find("（项）");
    const std::string section_name = text.substr(kind + 9, section - kind - 9);
    const std::string item_name = text.substr(section + 9, item - section - 9);
    row_ = RowNamed(section_name, item_name);
    if (row_ == nullptr) {
      Issue(absl::StrCat("「", section_name, "（款）", item_name,
                         "（项）」 names no one row of 表五: its figures are not attached"));
      return;
    }
    subject_ = Subject::kRow;
    ReadSentences(text.substr(item + 9));
  }

  acc::GeneralBudgetRow* RowNamed(const std::string& section, const std::string& item) {
    auto* rows = a_->mutable_general_budget_expenditure()->mutable_rows();
    std::map<std::string, std::string> sections;  // 款 code → name
    for (const acc::GeneralBudgetRow& r : *rows) {
      if (r.function_code().size() == 5) sections[r.function_code()] = r.function_name();
    }
    acc::GeneralBudgetRow* found = nullptr;
    int named = 0;
    for (acc::GeneralBudgetRow& r : *rows) {
      if (r.function_code().size() != 7 || r.function_name() != item) continue;
      auto parent = sections.find(r.function_code().substr(0, 5));
      if (parent != sections.end() && parent->second != section) continue;
      found = &r;
      ++named;
    }
    return named == 1 ? found : nullptr;
  }

  // This year's figure for the subject: the tables', else the sentence's.
  std::optional<int64_t> Current(const std::string& before) const {
    std::optional<int64_t> table;
    const auto& t1 = a_->income_expenditure_summary();
    const auto& t4 = a_->fiscal_summary();
    const auto& t5 = a_->general_budget_expenditure();
    switch (subject_) {
      case Subject::kSummary:
        if (t1.has_total_income_fen()) table = t1.total_income_fen();
        break;
      case Subject::kFiscal:
        if (t4.total_income().has_total_fen()) table = t4.total_income().total_fen();
        break;
      case Subject::kGeneral:
        if (t5.total().has_total_fen()) table = t5.total().total_fen();
        break;
      case Subject::kRow:
        if (row_->has_total_fen()) table = row_->total_fen();
        break;
      case Subject::kAgency:
        break;  // no table prints it
      default:
        if (const acc::ThreePublicItem* i = Item(); i != nullptr && i->has_actual_fen()) {
          table = i->actual_fen();
        }
    }
    return table ? table : FirstAmount(before);
  }

  // The 表七 line the subject is, or null (表七 is not touched for any other
  // subject: a document that names no “三公” line gets none).
  acc::ThreePublicItem* Item() const {
    switch (subject_) {
      case Subject::kThreePublic:
        return a_->mutable_three_public_expenses()->mutable_total();
      case Subject::kOverseas:
        return a_->mutable_three_public_expenses()->mutable_overseas_travel();
      case Subject::kVehicles:
        return a_->mutable_three_public_expenses()->mutable_vehicles();
      case Subject::kPurchase:
        return a_->mutable_three_public_expenses()->mutable_vehicle_purchase();
      case Subject::kOperation:
        return a_->mutable_three_public_expenses()->mutable_vehicle_operation();
      case Subject::kReception:
        return a_->mutable_three_public_expenses()->mutable_reception();
      default:
        return nullptr;
    }
  }

  acc::PriorYearComparison* Prior() const {
    switch (subject_) {
      case Subject::kSummary:
        return a_->mutable_income_expenditure_summary()->mutable_prior_year();
      case Subject::kFiscal:
        return a_->mutable_fiscal_summary()->mutable_prior_year();
      case Subject::kGeneral:
        return a_->mutable_general_budget_expenditure()->mutable_prior_year();
      case Subject::kAgency:
        return a_->mutable_agency_operating_expenses()->mutable_prior_year();
      default:
        return Item() == nullptr ? nullptr : Item()->mutable_prior_year();
    }
  }

  void AttachPrior(int64_t change, const std::string& before) {
    const std::optional<int64_t> current = Current(before);
    if (!current) {
      Issue(absl::StrCat(Name(), ": a change on the prior year, but no figure for this year"));
      return;
    }
    if (subject_ == Subject::kAgency && !a_->agency_operating_expenses().has_amount_fen()) {
      a_->mutable_agency_operating_expenses()->set_amount_fen(*current);
    }
    const int64_t prior = *current - change;
    acc::PriorYearComparison* target = Prior();
    const bool had = row_ != nullptr ? row_->has_prior_year_fen()
                                     : target != nullptr && target->has_prior_year_fen();
    const int64_t was = row_ != nullptr ? row_->prior_year_fen()
                                        : (target == nullptr ? 0 : target->prior_year_fen());
    if (had && was != prior) {
      Issue(absl::StrCat(Name(), ": the prior year stated twice, ", Wan(was), " and ", Wan(prior),
                         " 万元: the second is not attached"));
      return;
    }
    if (row_ != nullptr) {
      row_->set_prior_year_fen(prior);
    } else if (target != nullptr) {
      target->set_prior_year_fen(prior);
    }
    Note(absl::StrCat(Name(), ": 上年 ", Wan(prior), " 万元 (本年 ", Wan(*current), ", ",
                      change < 0 ? "减少 " : "增加 ", Wan(change < 0 ? -change : change), ")"));
  }

  void AttachBudget(bool initial, int64_t amount) {
    const char* which = initial ? "年初预算" : "全年预算";
    if (row_ != nullptr) {
      initial ? row_->mutable_budget()->set_initial_budget_fen(amount)
              : row_->mutable_budget()->set_annual_budget_fen(amount);
    } else if (subject_ == Subject::kGeneral) {
      auto* t5 = a_->mutable_general_budget_expenditure();
      (initial ? t5->mutable_initial_budget() : t5->mutable_annual_budget())
          ->set_budget_fen(amount);
    } else if (subject_ == Subject::kFiscal && initial) {
      a_->mutable_fiscal_summary()->mutable_initial_budget()->set_budget_fen(amount);
    } else if (acc::ThreePublicItem* i = Item(); i != nullptr && !i->has_budget_fen()) {
      i->set_budget_fen(amount);
    } else {
      return;
    }
    Note(absl::StrCat(Name(), ": ", which, " ", Wan(amount), " 万元"));
  }

  void AttachReason(Last what, const std::string& reason) {
    if (what == Last::kPrior) {
      if (row_ != nullptr) {
        row_->set_change_reason(reason);
      } else if (acc::PriorYearComparison* p = Prior()) {
        p->set_reason(reason);
      }
    } else if (what == Last::kBudget) {
      if (row_ != nullptr) {
        row_->mutable_budget()->set_difference_reason(reason);
      } else if (subject_ == Subject::kGeneral || subject_ == Subject::kFiscal) {
        auto* t5 = a_->mutable_general_budget_expenditure();
        acc::BudgetComparison* b = subject_ == Subject::kFiscal
                                       ? a_->mutable_fiscal_summary()->mutable_initial_budget()
                                       : (t5->has_initial_budget() ? t5->mutable_initial_budget()
                                                                   : t5->mutable_annual_budget());
        b->set_reason(reason);
      } else if (acc::ThreePublicItem* i = Item()) {
        i->set_budget_difference_reason(reason);
      }
    } else {
      return;
    }
    Note(absl::StrCat(Name(), ": 主要原因「", reason, "」"));
  }

  std::string Name() const {
    return row_ != nullptr ? absl::StrCat(row_->function_code(), " ", row_->function_name())
                           : SubjectName(subject_);
  }

  static std::string Wan(int64_t fen) {
    return fen % 10000 == 0 ? FormatScaled(fen / 10000, 2) : FormatScaled(fen, 6);
  }

  void Note(const std::string& what) {
    report_->add_narrative(absl::StrCat("p.", page_, " ", what));
  }
  void Issue(const std::string& what) {
    report_->add_issues(absl::StrCat("说明 p.", page_, ": ", what));
  }

  acc::FinalAccounts* a_;
  juesuan::ingestion::v1::ImportReport* report_;
  int page_ = 0;
  Subject subject_ = Subject::kNone;
  acc::GeneralBudgetRow* row_ = nullptr;
  Last last_ = Last::kNone;
};

}  // namespace

void ReadNarrative(const std::vector<std::vector<pdf::PdfWord>>& pages,
                   acc::FinalAccounts* accounts, juesuan::ingestion::v1::ImportReport* report) {
  Reader(accounts, report).Read(Blocks(pages));
}

}  // namespace juesuan::import
