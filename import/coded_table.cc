#include "import/coded_table.h"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/decimal.h"

namespace juesuan::import {

namespace acc = ::juesuan::accounts::v1;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// A column of a table: the headers it is printed with and the field of the
// row message it fills.
struct ColumnSpec {
  std::vector<std::string> headers;
  const char* field;
  // A field of the table itself, stated on its 合计 row only (表八's 年初
  // 结转和结余, which FundBudgetTable keeps for the whole table).
  bool of_table = false;
};

// A row printed with a label instead of a code whose figure is a field of
// the table itself (表六's 人员经费合计).
struct LabeledTotal {
  std::vector<std::string> labels;
  const char* field;
};

// A table this version places: its title, the FinalAccounts field holding
// it (a message with repeated `rows` and, for function tables, a `total`
// row), its columns and its code and name fields.
struct TableSpec {
  const char* title;
  const char* name;  // as the report names it
  const char* field;
  std::vector<ColumnSpec> columns;
  const char* code_field = "function_code";
  const char* name_field = "function_name";
  const char* total_field = "total";  // the 合计 row, or null
  std::vector<LabeledTotal> totals = {};
  const char* rows_field = "rows";
  // Another title the table is printed under (an older year's).
  const char* other_title = nullptr;
};

namespace {

// 表八 and 表九: the fund's carry-overs and income for the whole table, its
// expenditure by function code; or (as juesuan renders them) a line each
// under one column of amounts.
std::vector<ColumnSpec> FundColumns() {
  return {{{"年初结转和结余"}, "carryover_beginning_fen", true},
          {{"本年收入"}, "income_fen", true},
          {{"合计", "小计", "本年支出合计", "本年支出", "金额", "金额（万元）"}, "total_fen"},
          {{"基本支出"}, "basic_fen"},
          {{"项目支出"}, "project_fen"},
          {{"年末结转和结余"}, "carryover_end_fen", true}};
}

std::vector<LabeledTotal> FundLines() {
  return {{{"年初结转和结余"}, "carryover_beginning_fen"},
          {{"本年收入"}, "income_fen"},
          {{"本年支出"}, "expenditure_total.total_fen"},
          {{"年末结转和结余"}, "carryover_end_fen"}};
}

const std::vector<TableSpec>& Specs() {
  static const auto* const kSpecs = new std::vector<TableSpec>{
      {"收入决算表",
       "表二 收入决算表",
       "income",
       {{{"本年收入合计", "收入合计", "合计"}, "total_fen"},
        {{"财政拨款收入"}, "fiscal_appropriation_fen"},
        {{"上级补助收入"}, "superior_subsidy_fen"},
        {{"事业收入"}, "business_income_fen"},
        {{"经营收入"}, "operating_income_fen"},
        {{"附属单位上缴收入"}, "affiliated_remittance_fen"},
        {{"其他收入"}, "other_income_fen"}}},
      {"支出决算表",
       "表三 支出决算表",
       "expenditure",
       {{{"本年支出合计", "支出合计", "合计"}, "total_fen"},
        {{"基本支出"}, "basic_fen"},
        {{"项目支出"}, "project_fen"},
        {{"上缴上级支出"}, "remittance_to_superior_fen"},
        {{"经营支出"}, "operating_fen"},
        {{"对附属单位补助支出"}, "subsidy_to_affiliates_fen"}}},
      {"一般公共预算财政拨款支出决算表",
       "表五 一般公共预算财政拨款支出决算表",
       "general_budget_expenditure",
       {{{"合计", "小计", "本年支出合计", "支出决算数"}, "total_fen"},
        {{"基本支出"}, "basic_fen"},
        {{"项目支出"}, "project_fen"},
        {{"上年决算数"}, "prior_year_fen"}}},
      {"一般公共预算财政拨款基本支出决算表",
       "表六 一般公共预算财政拨款基本支出决算表",
       "general_budget_basic_expenditure",
       {{{"决算数", "金额"}, "amount_fen"}},
       "economic_code",
       "economic_name",
       nullptr,
       {{{"人员经费合计", "人员经费"}, "personnel_fen"},
        {{"公用经费合计", "公用经费"}, "public_fen"},
        {{"基本支出合计", "合计"}, "total_fen"}}},
      {"政府性基金预算财政拨款收入支出决算表", "表八 政府性基金预算财政拨款收入支出决算表",
       "government_fund", FundColumns(), "function_code", "function_name", "expenditure_total",
       FundLines(), "expenditure_rows"},
      {"国有资本经营预算财政拨款收入支出决算表", "表九 国有资本经营预算财政拨款收入支出决算表",
       "state_capital", FundColumns(), "function_code", "function_name", "expenditure_total",
       FundLines(), "expenditure_rows", "国有资本经营预算财政拨款支出决算表"},
  };
  return *kSpecs;
}

const TableSpec* SpecFor(const std::string& title) {
  for (const TableSpec& spec : Specs()) {
    if (title == spec.title || (spec.other_title != nullptr && title == spec.other_title)) {
      return &spec;
    }
  }
  return nullptr;
}

// The field a column's printed header names, or null.
const ColumnSpec* ColumnFor(const TableSpec& spec, const std::string& label) {
  const ColumnSpec* best = nullptr;
  size_t best_size = 0;
  for (const ColumnSpec& c : spec.columns) {
    for (const std::string& h : c.headers) {
      if ((label == h || absl::EndsWith(label, h)) && h.size() > best_size) {
        best = &c;
        best_size = h.size();
      }
    }
  }
  return best;
}

bool IsTotalLabel(const std::string& label) {
  return label == "合计" || label == "总计" || label == "本年合计";
}

class Placer {
 public:
  Placer(const Table& table, const TableSpec& spec, ImportReport::Table* found,
         google::protobuf::RepeatedPtrField<std::string>* issues)
      : table_(table), spec_(spec), found_(found), issues_(issues) {}

  void Into(acc::FinalAccounts* accounts) {
    if (!table_.unit.empty() && table_.unit != "万元" && table_.unit != "元") {
      Issue(table_.pages.front(),
            absl::StrCat("unit 「", table_.unit, "」 is neither 万元 nor 元: not read"));
      return;
    }
    const auto* reflection = accounts->GetReflection();
    Message* out = reflection->MutableMessage(
        accounts, accounts->GetDescriptor()->FindFieldByName(spec_.field));
    const FieldDescriptor* rows = out->GetDescriptor()->FindFieldByName(spec_.rows_field);
    const FieldDescriptor* total = spec_.total_field == nullptr
                                       ? nullptr
                                       : out->GetDescriptor()->FindFieldByName(spec_.total_field);
    Fields(rows->message_type(), out->GetDescriptor());
    for (const Row& row : table_.rows) {
      Message* target = nullptr;
      if (!row.code.empty()) {
        target = out->GetReflection()->AddMessage(out, rows);
        Set(target, spec_.code_field, row.code);
        Set(target, spec_.name_field, row.label);
        SetExpenseClass(row, target);
      } else if (total != nullptr && IsTotalLabel(row.label)) {
        target = out->GetReflection()->MutableMessage(out, total);
        PlaceFigures(row, target, out);
        found_->set_rows(found_->rows() + 1);
        continue;
      } else if (const LabeledTotal* labeled = LabeledTotalOf(row.label)) {
        PlaceLabeledTotal(row, *labeled, rows, out);
        continue;
      } else {
        Issue(row.page, absl::StrCat("row 「", row.label, "」 has no code: not placed"));
        continue;
      }
      PlaceFigures(row, target, nullptr);
      found_->set_rows(found_->rows() + 1);
    }
    CheckSums(*out, rows, total);
    for (const std::string& stray : table_.stray) {
      Issue(table_.pages.front(), absl::StrCat("line 「", stray, "」 belongs to no row"));
    }
  }

 private:
  void Fields(const google::protobuf::Descriptor* row_type,
              const google::protobuf::Descriptor* table_type) {
    for (const Column& column : table_.columns) {
      const ColumnSpec* spec = ColumnFor(spec_, column.label);
      const bool of_table = spec != nullptr && spec->of_table;
      fields_.push_back(spec == nullptr || of_table ? nullptr
                                                    : row_type->FindFieldByName(spec->field));
      table_fields_.push_back(of_table ? table_type->FindFieldByName(spec->field) : nullptr);
    }
  }

  // A row's figures into `target`; those of the table's own columns into
  // `table` (its 合计 row), or reported (any other row).
  void PlaceFigures(const Row& row, Message* target, Message* table) {
    const std::string where = row.code.empty() ? row.label : row.code;
    for (const std::string& text : row.unreadable) {
      Issue(row.page, absl::StrCat("row ", where, ": 「", text, "」 is not a figure: not placed"));
    }
    std::vector<bool> taken(fields_.size(), false);
    for (const Figure& f : row.figures) {
      if (f.column < 0) {
        Issue(row.page, absl::StrCat("row ", where, ": ", f.text, " stands under no column"));
      } else if (taken[f.column]) {
        Issue(row.page, absl::StrCat("row ", where, ": a second figure ", f.text, " under 「",
                                     table_.columns[f.column].label, "」"));
      } else if (table_fields_[f.column] != nullptr) {
        taken[f.column] = true;
        PlaceTableFigure(row, f, table);
      } else if (fields_[f.column] == nullptr) {
        Issue(row.page,
              absl::StrCat("row ", where, ": ", f.text, " stands under 「",
                           table_.columns[f.column].label, "」, not a column of ", spec_.name));
      } else if (absl::StatusOr<int64_t> fen = FigureFen(f.text, table_.unit); !fen.ok()) {
        Issue(row.page, absl::StrCat("row ", where, ": ", f.text, " is not an amount"));
      } else {
        taken[f.column] = true;
        target->GetReflection()->SetInt64(target, fields_[f.column], *fen);
        found_->set_cells(found_->cells() + 1);
      }
    }
  }

  // A figure the accounts keep for the whole table, from its 合计 row.
  void PlaceTableFigure(const Row& row, const Figure& f, Message* table) {
    const std::string& header = table_.columns[f.column].label;
    const absl::StatusOr<int64_t> fen = FigureFen(f.text, table_.unit);
    if (table == nullptr) {
      Issue(row.page, absl::StrCat("row ", row.code, ": ", f.text, " under 「", header,
                                   "」: kept for the table's 合计 only, not placed"));
    } else if (!fen.ok()) {
      Issue(row.page, absl::StrCat("row 合计: ", f.text, " is not an amount"));
    } else {
      table->GetReflection()->SetInt64(table, table_fields_[f.column], *fen);
      found_->set_cells(found_->cells() + 1);
    }
  }

  // The table's own sums: 合计 = its 类, a 类 = its 款, a 款 = its 项, in
  // every column. A row lost (a missing page, a table cut in two) or a
  // figure misread breaks one, and is reported.
  void CheckSums(const Message& out, const FieldDescriptor* rows, const FieldDescriptor* total) {
    const auto* r = out.GetReflection();
    std::vector<const Message*> all;
    for (int i = 0; i < r->FieldSize(out, rows); ++i)
      all.push_back(&r->GetRepeatedMessage(out, rows, i));
    const char* code_field = spec_.code_field;
    auto code = [code_field](const Message& m) {
      return m.GetReflection()->GetString(m, m.GetDescriptor()->FindFieldByName(code_field));
    };
    // Each row under its parent's code ("" for a 类, under 合计).
    std::map<std::string, std::vector<const Message*>> children_of;
    for (const Message* m : all) {
      const std::string c = code(*m);
      if (c.size() >= 3) children_of[c.substr(0, c.size() == 3 ? 0 : c.size() - 2)].push_back(m);
    }
    auto check = [&](const Message& parent, const std::string& prefix, const std::string& name) {
      auto found = children_of.find(prefix);
      if (found == children_of.end()) return;
      const std::vector<const Message*>& children = found->second;
      for (const FieldDescriptor* f :
           std::set<const FieldDescriptor*>(fields_.begin(), fields_.end())) {
        if (f == nullptr) continue;
        // Compared where the parent and some child state it (a layout may
        // print a column only on its 项 rows, or blank for zero).
        absl::int128 sum = 0;  // a misread figure may be near int64's limits
        bool stated_below = false;
        for (const Message* c : children) {
          sum += c->GetReflection()->GetInt64(*c, f);
          stated_below = stated_below || c->GetReflection()->HasField(*c, f);
        }
        if (!stated_below || !parent.GetReflection()->HasField(parent, f)) continue;
        const int64_t stated = parent.GetReflection()->GetInt64(parent, f);
        // Each figure printed to 0.01 万元 may be off by half of it: the
        // document's own rounding, not a misreading.
        const absl::int128 rounding = absl::int128(5000) * static_cast<int64_t>(children.size());
        const absl::int128 off = sum > stated ? sum - stated : stated - sum;
        if (off > rounding) {
          Issue(table_.pages.front(),
                absl::StrCat(name, " ", Wan(stated), " is not the sum of its rows, ", Wan(sum),
                             " (", f->name(), "): a row is missing or a figure misread"));
        }
      }
    };
    if (total != nullptr) check(r->GetMessage(out, total), "", "合计");
    for (const Message* m : all) check(*m, code(*m), code(*m));
  }

  static std::string Wan(absl::int128 fen) {
    if (fen > std::numeric_limits<int64_t>::max() || fen < std::numeric_limits<int64_t>::min()) {
      return "(beyond int64)";
    }
    const auto v = static_cast<int64_t>(fen);
    return v % 10000 == 0 ? FormatScaledGrouped(v / 10000, 2) : FormatScaledGrouped(v, 6);
  }

  const LabeledTotal* LabeledTotalOf(const std::string& label) const {
    for (const LabeledTotal& t : spec_.totals) {
      for (const std::string& l : t.labels) {
        if (label == l) return &t;
      }
    }
    return nullptr;
  }

  // A labeled total's figure, read as a row's, into the table's field.
  void PlaceLabeledTotal(const Row& row, const LabeledTotal& labeled, const FieldDescriptor* rows,
                         Message* out) {
    std::unique_ptr<Message> scratch(google::protobuf::MessageFactory::generated_factory()
                                         ->GetPrototype(rows->message_type())
                                         ->New());
    PlaceFigures(row, scratch.get(), nullptr);
    std::vector<const FieldDescriptor*> set;
    scratch->GetReflection()->ListFields(*scratch, &set);
    // "expenditure_total.total_fen": a field of a message of the table.
    const std::vector<std::string> path = absl::StrSplit(labeled.field, '.');
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      out =
          out->GetReflection()->MutableMessage(out, out->GetDescriptor()->FindFieldByName(path[i]));
    }
    for (const FieldDescriptor* f : set) {
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_INT64) continue;
      out->GetReflection()->SetInt64(out, out->GetDescriptor()->FindFieldByName(path.back()),
                                     scratch->GetReflection()->GetInt64(*scratch, f));
      found_->set_rows(found_->rows() + 1);
      return;
    }
  }

  // 表六: 人员经费 or 公用经费, as printed under 类别, else as the
  // classification puts the 类 (301, 303 人员经费; 302, 310 公用经费).
  static void SetExpenseClass(const Row& row, Message* target) {
    const FieldDescriptor* f = target->GetDescriptor()->FindFieldByName("expense_class");
    if (f == nullptr) return;
    acc::ExpenseClass kind = acc::EXPENSE_CLASS_UNSPECIFIED;
    const std::string group = row.code.substr(0, 3);
    if (row.kind == "人员经费" || (row.kind.empty() && (group == "301" || group == "303"))) {
      kind = acc::EXPENSE_CLASS_PERSONNEL;
    } else if (row.kind == "公用经费" || (row.kind.empty() && (group == "302" || group == "310"))) {
      kind = acc::EXPENSE_CLASS_PUBLIC;
    }
    target->GetReflection()->SetEnumValue(target, f, kind);
  }

  static void Set(Message* m, const char* field, const std::string& value) {
    m->GetReflection()->SetString(m, m->GetDescriptor()->FindFieldByName(field), value);
  }

  void Issue(int page, const std::string& what) {
    issues_->Add(absl::StrCat(spec_.name, " p.", page, ": ", what));
  }

  const Table& table_;
  const TableSpec& spec_;
  ImportReport::Table* found_;
  google::protobuf::RepeatedPtrField<std::string>* issues_;
  std::vector<const FieldDescriptor*> fields_;
  std::vector<const FieldDescriptor*> table_fields_;
};
}  // namespace

const TableSpec* CodedTableFor(const std::string& title) { return SpecFor(title); }

std::vector<std::string> CodedTableTitles() {
  std::vector<std::string> titles;
  for (const TableSpec& spec : Specs()) {
    titles.push_back(spec.title);
    if (spec.other_title != nullptr) titles.push_back(spec.other_title);
  }
  return titles;
}

std::vector<std::string> CodedTableNames() {
  std::vector<std::string> names;
  for (const TableSpec& spec : Specs()) names.push_back(spec.name);
  return names;
}

std::string CodedTableName(const TableSpec& spec) { return spec.name; }

bool HasAColumnOf(const Table& table, const TableSpec& spec) {
  return std::any_of(table.columns.begin(), table.columns.end(),
                     [&spec](const Column& c) { return ColumnFor(spec, c.label) != nullptr; });
}

void PlaceCoded(const Table& table, const TableSpec& spec, acc::FinalAccounts* accounts,
                ImportReport::Table* found,
                google::protobuf::RepeatedPtrField<std::string>* issues) {
  Placer(table, spec, found, issues).Into(accounts);
}

}  // namespace juesuan::import
