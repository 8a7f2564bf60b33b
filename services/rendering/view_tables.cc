// The nine tables as rows of cells, and the structure charts.
#include "services/rendering/view_tables.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "services/rendering/view_sections.h"

namespace juesuan::rendering {

namespace acc = ::juesuan::accounts::v1;

namespace {

// A cell: the figure, or "—" where it was not submitted.
ReportCell Cell(bool present, int64_t fen) {
  ReportCell c(WanOrDash(present, fen));
  if (present) c.fen = fen;
  return c;
}

// Builds a ReportTable: its headers (科目编码 columns are codes, kept as text
// and on one line), rows of cells, a note.
class TableBuilder {
 public:
  TableBuilder(std::string title, std::vector<std::string> headers) {
    table_.title = std::move(title);
    for (auto& h : headers) {
      table_.code_columns.push_back(h == "科目编码");
      table_.name_columns.push_back(h == "科目名称" || absl::EndsWith(h, "项目"));
    }
    table_.headers = std::move(headers);
  }
  void Row(std::vector<ReportCell> cells, bool strong = false) {
    for (size_t i = 0; i < cells.size() && i < table_.code_columns.size(); ++i) {
      cells[i].code = table_.code_columns[i] && !cells[i].text.empty();
    }
    table_.rows.push_back(ReportRow{std::move(cells), strong});
  }
  void Note(std::string note) { table_.note = std::move(note); }
  ReportTable Build() { return std::move(table_); }

 private:
  ReportTable table_;
};

using Line = std::pair<std::string, ReportCell>;

// 表一 side by side, as the official form prints it: 收入 | 支出, the kinds
// of each beside each other, then their totals on one line.
ReportTable SummaryTable(const acc::IncomeExpenditureSummary& t1) {
  TableBuilder t("一、收入支出决算总表", {"收入项目", "决算数", "支出项目", "决算数"});
  const std::vector<Line> income = {
      {"一般公共预算财政拨款收入",
       Cell(t1.has_general_budget_appropriation_fen(), t1.general_budget_appropriation_fen())},
      {"政府性基金预算财政拨款收入",
       Cell(t1.has_government_fund_appropriation_fen(), t1.government_fund_appropriation_fen())},
      {"国有资本经营预算财政拨款收入",
       Cell(t1.has_state_capital_appropriation_fen(), t1.state_capital_appropriation_fen())},
      {"上级补助收入", Cell(t1.has_superior_subsidy_fen(), t1.superior_subsidy_fen())},
      {"事业收入", Cell(t1.has_business_income_fen(), t1.business_income_fen())},
      {"经营收入", Cell(t1.has_operating_income_fen(), t1.operating_income_fen())},
      {"附属单位上缴收入",
       Cell(t1.has_affiliated_remittance_fen(), t1.affiliated_remittance_fen())},
      {"其他收入", Cell(t1.has_other_income_fen(), t1.other_income_fen())}};
  std::vector<Line> spent;
  for (const auto& row : t1.expenditure_by_function()) {
    spent.push_back({absl::StrCat(row.function_name(), "（", row.function_code(), "）"),
                     Cell(row.has_amount_fen(), row.amount_fen())});
  }
  for (size_t i = 0; i < std::max(income.size(), spent.size()); ++i) {
    const Line blank = {"", ReportCell("")};
    const Line& in = i < income.size() ? income[i] : blank;
    const Line& out = i < spent.size() ? spent[i] : blank;
    t.Row({in.first, in.second, out.first, out.second});
  }
  t.Row({"本年收入合计", Cell(t1.has_current_income_fen(), t1.current_income_fen()), "本年支出合计",
         Cell(t1.has_current_expenditure_fen(), t1.current_expenditure_fen())},
        true);
  t.Row({"使用非财政拨款结余",
         Cell(t1.has_non_fiscal_surplus_used_fen(), t1.non_fiscal_surplus_used_fen()), "结余分配",
         Cell(t1.has_surplus_distribution_fen(), t1.surplus_distribution_fen())});
  t.Row({"年初结转和结余", Cell(t1.has_carryover_beginning_fen(), t1.carryover_beginning_fen()),
         "年末结转和结余", Cell(t1.has_carryover_end_fen(), t1.carryover_end_fen())});
  t.Row({"收入总计", Cell(t1.has_total_income_fen(), t1.total_income_fen()), "支出总计",
         Cell(t1.has_total_expenditure_fen(), t1.total_expenditure_fen())},
        true);
  if (t1.expenditure_by_function().empty()) t.Note("按功能分类（类）的本年支出未填报。");
  return t.Build();
}

ReportTable IncomeTable(const acc::IncomeTable& income) {
  TableBuilder t("二、收入决算表",
                 {"科目编码", "科目名称", "本年收入合计", "财政拨款收入", "上级补助收入",
                  "事业收入", "经营收入", "附属单位上缴收入", "其他收入"});
  auto row = [&t](const acc::IncomeRow& r, bool total) {
    t.Row({r.function_code(), total ? "合计" : r.function_name(),
           Cell(r.has_total_fen(), r.total_fen()),
           Cell(r.has_fiscal_appropriation_fen(), r.fiscal_appropriation_fen()),
           Cell(r.has_superior_subsidy_fen(), r.superior_subsidy_fen()),
           Cell(r.has_business_income_fen(), r.business_income_fen()),
           Cell(r.has_operating_income_fen(), r.operating_income_fen()),
           Cell(r.has_affiliated_remittance_fen(), r.affiliated_remittance_fen()),
           Cell(r.has_other_income_fen(), r.other_income_fen())},
          total);
  };
  row(income.total(), true);
  for (const auto& r : income.rows()) row(r, false);
  if (income.rows().empty()) t.Note("明细行未填报，仅列合计。");
  return t.Build();
}

ReportTable ExpenditureTable(const acc::ExpenditureTable& e) {
  TableBuilder t("三、支出决算表", {"科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出",
                                    "上缴上级支出", "经营支出", "对附属单位补助支出"});
  auto row = [&t](const acc::ExpenditureRow& r, bool total) {
    t.Row({r.function_code(), total ? "合计" : r.function_name(),
           Cell(r.has_total_fen(), r.total_fen()), Cell(r.has_basic_fen(), r.basic_fen()),
           Cell(r.has_project_fen(), r.project_fen()),
           Cell(r.has_remittance_to_superior_fen(), r.remittance_to_superior_fen()),
           Cell(r.has_operating_fen(), r.operating_fen()),
           Cell(r.has_subsidy_to_affiliates_fen(), r.subsidy_to_affiliates_fen())},
          total);
  };
  row(e.total(), true);
  for (const auto& r : e.rows()) row(r, false);
  if (e.rows().empty()) t.Note("明细行未填报，仅列合计。");
  return t.Build();
}

ReportTable FiscalSummaryTable(const acc::FiscalSummary& t4) {
  TableBuilder t("四、财政拨款收入支出决算总表",
                 {"项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                  "国有资本经营预算财政拨款"});
  auto row = [&t](const std::string& label, const acc::FundColumns& c, bool strong) {
    t.Row({label, Cell(c.has_total_fen(), c.total_fen()),
           Cell(c.has_general_budget_fen(), c.general_budget_fen()),
           Cell(c.has_government_fund_fen(), c.government_fund_fen()),
           Cell(c.has_state_capital_fen(), c.state_capital_fen())},
          strong);
  };
  row("本年收入", t4.current_income(), false);
  row("年初财政拨款结转和结余", t4.carryover_beginning(), false);
  row("收入总计", t4.total_income(), true);
  for (const auto& r : t4.expenditure_rows()) {
    row(absl::StrCat(r.function_name(), "（", r.function_code(), "）"), r.amounts(), false);
  }
  row("本年支出合计", t4.current_expenditure(), true);
  row("年末财政拨款结转和结余", t4.carryover_end(), false);
  row("支出总计", t4.total_expenditure(), true);
  return t.Build();
}

ReportTable GeneralBudgetTable(const acc::GeneralBudgetExpenditureTable& t5) {
  TableBuilder t("五、一般公共预算财政拨款支出决算表",
                 {"科目编码", "科目名称", "合计", "基本支出", "项目支出", "上年决算数"});
  const auto& total = t5.total();
  t.Row({"", "合计", Cell(total.has_total_fen(), total.total_fen()),
         Cell(total.has_basic_fen(), total.basic_fen()),
         Cell(total.has_project_fen(), total.project_fen()),
         Cell(total.has_prior_year_fen(), total.prior_year_fen())},
        true);
  for (const auto& r : t5.rows()) {
    t.Row({r.function_code(), r.function_name(), Cell(r.has_total_fen(), r.total_fen()),
           Cell(r.has_basic_fen(), r.basic_fen()), Cell(r.has_project_fen(), r.project_fen()),
           Cell(r.has_prior_year_fen(), r.prior_year_fen())},
          r.function_code().size() == 3);
  }
  return t.Build();
}

ReportTable BasicTable(const acc::BasicExpenditureTable& t6) {
  TableBuilder t("六、一般公共预算财政拨款基本支出决算表",
                 {"科目编码", "科目名称", "类别", "决算数"});
  t.Row({"", "人员经费合计", "", Cell(t6.has_personnel_fen(), t6.personnel_fen())}, true);
  t.Row({"", "公用经费合计", "", Cell(t6.has_public_fen(), t6.public_fen())}, true);
  t.Row({"", "基本支出合计", "", Cell(t6.has_total_fen(), t6.total_fen())}, true);
  for (const auto& r : t6.rows()) {
    t.Row({r.economic_code(), r.economic_name(),
           r.expense_class() == acc::EXPENSE_CLASS_PERSONNEL ? "人员经费" : "公用经费",
           Cell(r.has_amount_fen(), r.amount_fen())});
  }
  return t.Build();
}

ReportTable ThreePublicTable(const acc::ThreePublicExpenses& t7) {
  TableBuilder t("七、财政拨款“三公”经费支出决算表", {"项目", "全年预算数", "决算数"});
  for (const auto& [label, i] : std::vector<std::pair<std::string, const acc::ThreePublicItem*>>{
           {"合计", &t7.total()},
           {"因公出国（境）费", &t7.overseas_travel()},
           {"公务用车购置及运行维护费", &t7.vehicles()},
           {"其中：公务用车购置费", &t7.vehicle_purchase()},
           {"　　　公务用车运行维护费", &t7.vehicle_operation()},
           {"公务接待费", &t7.reception()}}) {
    t.Row({label, Cell(i->has_budget_fen(), i->budget_fen()),
           Cell(i->has_actual_fen(), i->actual_fen())},
          label == "合计");
  }
  return t.Build();
}

ReportTable FundTable(const std::string& title, const acc::FundBudgetTable& f,
                      const std::string& fund) {
  TableBuilder t(title, {"项目", "金额（万元）"});
  t.Row({"年初结转和结余", Cell(f.has_carryover_beginning_fen(), f.carryover_beginning_fen())});
  t.Row({"本年收入", Cell(f.has_income_fen(), f.income_fen())});
  t.Row(
      {"本年支出", Cell(f.expenditure_total().has_total_fen(), f.expenditure_total().total_fen())});
  t.Row({"年末结转和结余", Cell(f.has_carryover_end_fen(), f.carryover_end_fen())});
  if (IsEmptyFundTable(f)) {
    t.Note(absl::StrCat("本单位本年度无", fund, "财政拨款收入、支出及结转和结余，本表为空表。"));
  }
  return t.Build();
}

// A horizontal bar chart: one bar per (label, amount), widths proportional
// to the share of the whole; coordinates for an SVG `width` units wide,
// sized so that its 15-unit labels stay legible on a 360-pixel phone.
mstch::map BarChart(const std::string& title,
                    const std::vector<std::pair<std::string, int64_t>>& items, int64_t whole) {
  constexpr int kWidth = 400;
  constexpr int kBarLeft = 150;
  constexpr int kBarMax = 180;
  constexpr int kBarHeight = 20;
  constexpr int kRow = 30;
  mstch::array bars;
  int y = 6;
  for (const auto& [label, amount] : items) {
    // 0..10000: a part larger than the whole (bad totals, a negative
    // sibling) draws a full bar, a negative part none.
    const int64_t hundredths =
        whole <= 0 ? 0 : std::clamp<int64_t>(PercentHundredths(amount, whole), 0, 10000);
    const int width =
        static_cast<int>(DivideRoundHalfUp(absl::int128(hundredths) * kBarMax, 10000));
    // A non-zero amount gets at least a hairline.
    const int drawn = std::max(width, amount > 0 ? 1 : 0);
    bars.push_back(mstch::map{{"label", label},
                              {"amount", Wan(amount)},
                              {"share", Share(amount, whole)},
                              {"y", y},
                              {"text_y", y + 15},
                              {"bar_x", kBarLeft},
                              {"bar_height", kBarHeight},
                              {"width", drawn},
                              {"value_x", kBarLeft + drawn + 6}});
    y += kRow;
  }
  return mstch::map{{"title", title}, {"bars", bars}, {"width", kWidth}, {"height", y + 4}};
}

}  // namespace

std::vector<ReportTable> NineTables(const acc::FinalAccounts& a) {
  std::vector<ReportTable> tables;
  tables.push_back(SummaryTable(a.income_expenditure_summary()));
  tables.push_back(IncomeTable(a.income()));
  tables.push_back(ExpenditureTable(a.expenditure()));
  tables.push_back(FiscalSummaryTable(a.fiscal_summary()));
  tables.push_back(GeneralBudgetTable(a.general_budget_expenditure()));
  tables.push_back(BasicTable(a.general_budget_basic_expenditure()));
  tables.push_back(ThreePublicTable(a.three_public_expenses()));
  tables.push_back(
      FundTable("八、政府性基金预算财政拨款收入支出决算表", a.government_fund(), "政府性基金预算"));
  tables.push_back(FundTable("九、国有资本经营预算财政拨款收入支出决算表", a.state_capital(),
                             "国有资本经营预算"));
  return tables;
}

mstch::map ReportTablesSection(const SectionContext& ctx) {
  mstch::array tables;
  for (const ReportTable& t : NineTables(ctx.accounts)) {
    mstch::array headers;
    std::string separator = "|";
    for (size_t i = 0; i < t.headers.size(); ++i) {
      headers.push_back(mstch::map{{"text", t.headers[i]},
                                   {"code", bool(t.code_columns[i])},
                                   {"name", bool(t.name_columns[i])}});
      separator += i == 0 ? "---|" : "---:|";
    }
    mstch::array rows;
    for (const ReportRow& row : t.rows) {
      mstch::array cells;
      for (size_t i = 0; i < row.cells.size(); ++i) {
        const ReportCell& c = row.cells[i];
        // Numbers (and "—" in a number column) right-aligned.
        const bool num = !c.code && i > 0 && (c.fen.has_value() || c.text == "—");
        cells.push_back(mstch::map{{"text", c.text},
                                   {"num", num},
                                   {"code", c.code},
                                   {"name", i < t.name_columns.size() && t.name_columns[i]},
                                   {"strong", row.strong && !c.text.empty()}});
      }
      rows.push_back(mstch::map{{"cells", cells}, {"strong", row.strong}});
    }
    tables.push_back(mstch::map{{"title", t.title},
                                {"headers", headers},
                                {"rows", rows},
                                {"note", t.note},
                                {"has_note", !t.note.empty()},
                                {"md_separator", separator}});
  }
  return mstch::map{{"report_tables", tables}};
}

mstch::map ChartsSection(const SectionContext& ctx) {
  const auto& t1 = ctx.accounts.income_expenditure_summary();
  const auto& t3 = ctx.accounts.expenditure().total();
  const auto& t5 = ctx.accounts.general_budget_expenditure();
  const int64_t fiscal = t1.general_budget_appropriation_fen() +
                         t1.government_fund_appropriation_fen() +
                         t1.state_capital_appropriation_fen();
  std::vector<std::pair<std::string, int64_t>> classes;
  for (const auto& row : t5.rows()) {
    if (row.function_code().size() == 3) classes.push_back({row.function_name(), row.total_fen()});
  }
  return mstch::map{
      {"charts",
       mstch::map{{"income", BarChart("收入结构",
                                      {{"财政拨款收入", fiscal},
                                       {"上级补助收入", t1.superior_subsidy_fen()},
                                       {"事业收入", t1.business_income_fen()},
                                       {"经营收入", t1.operating_income_fen()},
                                       {"附属单位上缴收入", t1.affiliated_remittance_fen()},
                                       {"其他收入", t1.other_income_fen()}},
                                      t1.current_income_fen())},
                  {"expenditure", BarChart("支出结构",
                                           {{"基本支出", t3.basic_fen()},
                                            {"项目支出", t3.project_fen()},
                                            {"上缴上级支出", t3.remittance_to_superior_fen()},
                                            {"经营支出", t3.operating_fen()},
                                            {"对附属单位补助支出", t3.subsidy_to_affiliates_fen()}},
                                           t3.total_fen())},
                  {"gpb", BarChart("一般公共预算财政拨款支出（按功能分类）", classes,
                                   t5.total().total_fen())}}}};
}

}  // namespace juesuan::rendering
