#include "import/summary_table.h"

#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace juesuan::import {
namespace {

namespace acc = ::juesuan::accounts::v1;
using Setter = void (acc::IncomeExpenditureSummary::*)(int64_t);

struct Line {
  std::vector<std::string> labels;
  int side;  // 0 收入, 1 支出, -1 either
  Setter set;
};

const std::vector<Line>& Lines() {
  using S = acc::IncomeExpenditureSummary;
  static const auto* const kLines = new std::vector<Line>{
      {{"一般公共预算财政拨款收入", "财政拨款收入"}, 0, &S::set_general_budget_appropriation_fen},
      {{"政府性基金预算财政拨款收入"}, 0, &S::set_government_fund_appropriation_fen},
      {{"国有资本经营预算财政拨款收入"}, 0, &S::set_state_capital_appropriation_fen},
      {{"上级补助收入"}, 0, &S::set_superior_subsidy_fen},
      {{"事业收入"}, 0, &S::set_business_income_fen},
      {{"经营收入"}, 0, &S::set_operating_income_fen},
      {{"附属单位上缴收入"}, 0, &S::set_affiliated_remittance_fen},
      {{"其他收入"}, 0, &S::set_other_income_fen},
      {{"本年收入合计"}, -1, &S::set_current_income_fen},
      {{"使用非财政拨款结余", "用事业基金弥补收支差额"}, -1, &S::set_non_fiscal_surplus_used_fen},
      {{"年初结转和结余"}, -1, &S::set_carryover_beginning_fen},
      {{"收入总计"}, -1, &S::set_total_income_fen},
      {{"总计"}, 0, &S::set_total_income_fen},
      {{"本年支出合计"}, -1, &S::set_current_expenditure_fen},
      {{"结余分配"}, -1, &S::set_surplus_distribution_fen},
      {{"年末结转和结余"}, -1, &S::set_carryover_end_fen},
      {{"支出总计"}, -1, &S::set_total_expenditure_fen},
      {{"总计"}, 1, &S::set_total_expenditure_fen},
  };
  return *kLines;
}

// The label without its enumerator ("一、", "（一）") and, if it ends in a
// code in brackets ("科学技术支出（206）"), without it: the code in `code`.
std::string Bare(const std::string& label, std::string* code) {
  std::string bare = label;
  if (StartsWithEnumerator(bare)) {
    const size_t comma = bare.find("、");
    const size_t paren = bare.find("）");
    const size_t cut = comma != std::string::npos && (paren == std::string::npos || comma < paren)
                           ? comma + 3
                           : (paren != std::string::npos ? paren + 3 : 0);
    bare = bare.substr(cut);
  }
  const size_t open = bare.rfind("（");
  if (open != std::string::npos && absl::EndsWith(bare, "）")) {
    const std::string inside = bare.substr(open + 3, bare.size() - open - 6);
    if (!inside.empty() && inside.find_first_not_of("0123456789") == std::string::npos) {
      *code = inside;
      bare = bare.substr(0, open);
    }
  }
  return bare;
}

}  // namespace

std::set<std::string> SummaryLabels() {
  std::set<std::string> labels;
  for (const Line& line : Lines()) labels.insert(line.labels.begin(), line.labels.end());
  // 表四's own.
  labels.insert({"年初财政拨款结转和结余", "年末财政拨款结转和结余", "本年收入"});
  return labels;
}

void PlaceSummary(const Table& table, const std::map<std::string, std::string>& class_codes,
                  acc::IncomeExpenditureSummary* out,
                  juesuan::ingestion::v1::ImportReport::Table* found,
                  google::protobuf::RepeatedPtrField<std::string>* issues) {
  auto issue = [&](const Row& row, const std::string& what) {
    issues->Add(absl::StrCat("表一 收入支出决算总表 p.", row.page, ": ", what));
  };
  for (const Row& row : table.rows) {
    for (const std::string& text : row.unreadable) {
      issue(row, absl::StrCat("「", row.label, "」: 「", text, "」 is not a figure: not placed"));
    }
    if (row.figures.empty()) continue;  // printed blank: not stated
    if (row.figures.size() > 1) {
      issue(row, absl::StrCat("「", row.label, "」 prints ", row.figures.size(),
                              " figures: not placed"));
      continue;
    }
    absl::StatusOr<int64_t> fen = FigureFen(row.figures[0].text, table.unit);
    if (!fen.ok()) {
      issue(row, absl::StrCat("「", row.label, "」: ", row.figures[0].text, " is not an amount"));
      continue;
    }
    std::string code;
    const std::string bare = Bare(row.label, &code);
    const Line* line = nullptr;
    for (const Line& l : Lines()) {
      for (const std::string& label : l.labels) {
        if (bare == label && (l.side < 0 || l.side == row.group)) line = &l;
      }
      if (line != nullptr) break;
    }
    if (line != nullptr) {
      (out->*(line->set))(*fen);
    } else if (absl::EndsWith(bare, "支出")) {
      if (code.empty() && class_codes.count(bare) != 0) code = class_codes.at(bare);
      if (code.empty()) {
        issue(row,
              absl::StrCat("「", bare, "」: no 类 of the coded tables has this name: not placed"));
        continue;
      }
      acc::FunctionAmountRow* r = out->add_expenditure_by_function();
      r->set_function_code(code);
      r->set_function_name(bare);
      r->set_amount_fen(*fen);
    } else {
      issue(row, absl::StrCat("「", row.label, "」 is not a line of 表一: not placed"));
      continue;
    }
    found->set_rows(found->rows() + 1);
    found->set_cells(found->cells() + 1);
  }
}

namespace {

using FundSetter = void (acc::FundColumns::*)(int64_t);
using Mutable = acc::FundColumns* (acc::FiscalSummary::*)();

// The kind of appropriation a label or a column header names.
FundSetter KindOf(const std::string& label) {
  if (absl::StrContains(label, "一般公共预算")) return &acc::FundColumns::set_general_budget_fen;
  if (absl::StrContains(label, "政府性基金")) return &acc::FundColumns::set_government_fund_fen;
  if (absl::StrContains(label, "国有资本经营")) return &acc::FundColumns::set_state_capital_fen;
  if (absl::EndsWith(label, "合计")) return &acc::FundColumns::set_total_fen;
  return nullptr;
}

// 表四 read line by line: which FundColumns a line fills depends on the
// section it is in (a kind under 年初结转和结余 is the carry-over's).
class FiscalPlacer {
 public:
  FiscalPlacer(const Table& table, const std::map<std::string, std::string>& class_codes,
               acc::FiscalSummary* out, juesuan::ingestion::v1::ImportReport::Table* found,
               google::protobuf::RepeatedPtrField<std::string>* issues)
      : table_(table), codes_(class_codes), out_(out), found_(found), issues_(issues) {}

  void Place() {
    for (const Row& row : table_.rows) {
      for (const std::string& text : row.unreadable) {
        Issue(row, absl::StrCat("「", text, "」 is not a figure: not placed"));
      }
      std::string code;
      const std::string bare = Bare(row.label, &code);
      const Mutable target = Section(row.group, bare, code, row);
      if (target == nullptr || row.figures.empty()) continue;
      Fill(row, bare, (out_->*target)());
    }
  }

 private:
  // The FundColumns `bare` fills (moving to a new section where it opens
  // one), or null; a 类's line is added to the rows (and null returned).
  Mutable Section(int side, const std::string& bare, const std::string& code, const Row& row) {
    using S = acc::FiscalSummary;
    Mutable& section = side == 0 ? income_ : expenditure_;
    if (bare == "本年收入合计" || bare == "本年收入") return &S::mutable_current_income;
    if (bare == "年初财政拨款结转和结余") return section = &S::mutable_carryover_beginning;
    if (bare == "收入总计" || (bare == "总计" && side == 0)) return &S::mutable_total_income;
    if (bare == "本年支出合计") return &S::mutable_current_expenditure;
    if (bare == "年末财政拨款结转和结余") return section = &S::mutable_carryover_end;
    if (bare == "支出总计" || (bare == "总计" && side == 1)) return &S::mutable_total_expenditure;
    if (KindOf(bare) != nullptr) return section == nullptr ? &S::mutable_current_income : section;
    if (absl::EndsWith(bare, "支出") && !row.figures.empty()) {
      ClassRow(bare, code, row);
    } else if (!row.figures.empty()) {
      Issue(row, absl::StrCat("「", row.label, "」 is not a line of 表四"));
    }
    return nullptr;
  }

  void ClassRow(const std::string& bare, std::string code, const Row& row) {
    if (code.empty() && codes_.count(bare) != 0) code = codes_.at(bare);
    if (code.empty()) {
      Issue(row, absl::StrCat("「", bare, "」: no 类 of the coded tables has this name"));
      return;
    }
    acc::FiscalExpenditureRow* r = out_->add_expenditure_rows();
    r->set_function_code(code);
    r->set_function_name(bare);
    Fill(row, bare, r->mutable_amounts());
  }

  // Each figure into the kind its column names, or under 决算数 the kind
  // the line names (a total where it names none).
  void Fill(const Row& row, const std::string& bare, acc::FundColumns* target) {
    for (const Figure& f : row.figures) {
      const std::string header = f.column < 0 ? "" : table_.columns[f.column].label;
      // A side with one column (决算数, 金额): the kind the line names.
      const bool single = header == "决算数" || header == "金额";
      FundSetter set = single ? KindOf(bare) : KindOf(header);
      if (single && set == nullptr) set = &acc::FundColumns::set_total_fen;
      const absl::StatusOr<int64_t> fen = FigureFen(f.text, table_.unit);
      if (set == nullptr || !fen.ok()) {
        Issue(row,
              absl::StrCat("「", row.label, "」: ", f.text, " stands under no column of 表四"));
        continue;
      }
      (target->*set)(*fen);
      found_->set_cells(found_->cells() + 1);
    }
    found_->set_rows(found_->rows() + 1);
  }

  void Issue(const Row& row, const std::string& what) {
    issues_->Add(absl::StrCat("表四 财政拨款收入支出决算总表 p.", row.page, ": ", what));
  }

  const Table& table_;
  const std::map<std::string, std::string>& codes_;
  acc::FiscalSummary* out_;
  juesuan::ingestion::v1::ImportReport::Table* found_;
  google::protobuf::RepeatedPtrField<std::string>* issues_;
  Mutable income_ = nullptr;
  Mutable expenditure_ = nullptr;
};

}  // namespace

void PlaceFiscalSummary(const Table& table, const std::map<std::string, std::string>& class_codes,
                        acc::FiscalSummary* out, juesuan::ingestion::v1::ImportReport::Table* found,
                        google::protobuf::RepeatedPtrField<std::string>* issues) {
  FiscalPlacer(table, class_codes, out, found, issues).Place();
}

}  // namespace juesuan::import
