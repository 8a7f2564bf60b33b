#include "services/rendering/view_model.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/decimal.h"
#include "services/rendering/numbers.h"

namespace juesuan::rendering {
namespace {

namespace acc = ::juesuan::accounts::v1;
namespace sv1 = ::juesuan::scoring::v1;

// An optional amount: the figure, or "—" when it was not submitted.
std::string WanOr(bool present, int64_t fen) { return present ? Wan(fen) : "—"; }

// The change against the prior year, or `false` (the template's
// {{#change}} section drops out) when no prior-year figure was submitted: an
// absent figure is not a zero, and no change is stated against it.
mstch::node ChangeNode(int64_t current, const std::optional<int64_t>& prior,
                       const std::string& reason) {
  if (!prior.has_value()) return false;
  const Change c = Compare(current, *prior);
  return mstch::map{{"direction", c.direction}, {"amount", c.amount}, {"trend", c.trend},
                    {"rate", c.rate},           {"reason", reason},   {"changed", c.changed}};
}

// The comparison with the budget, or `false` when no budget was submitted.
mstch::node BudgetNode(int64_t actual, const std::optional<int64_t>& budget,
                       const std::string& reason) {
  if (!budget.has_value()) return false;
  return mstch::map{{"budget", Wan(*budget)},
                    {"actual", Wan(actual)},
                    {"rate", DeviationRate(actual, *budget)},
                    {"reason", reason}};
}

std::optional<int64_t> Prior(const acc::PriorYearComparison& p) {
  return p.has_prior_year_fen() ? std::optional<int64_t>(p.prior_year_fen()) : std::nullopt;
}

std::optional<int64_t> Budget(const acc::BudgetComparison& b) {
  return b.has_budget_fen() ? std::optional<int64_t>(b.budget_fen()) : std::nullopt;
}

mstch::map AmountShare(int64_t amount, int64_t whole) {
  return mstch::map{{"amount", Wan(amount)}, {"share", Share(amount, whole)}};
}

// The names of the 类 and 款 the accounts print, in the department's words:
// 表五's rows first, then 表三's.
std::map<std::string, std::string> PrintedNames(const acc::FinalAccounts& a) {
  std::map<std::string, std::string> names;
  auto add = [&names](const auto& rows) {
    for (const auto& row : rows) {
      if (row.function_code().size() < 7 && !row.function_name().empty()) {
        names.emplace(row.function_code(), row.function_name());
      }
    }
  };
  add(a.general_budget_expenditure().rows());
  add(a.expenditure().rows());
  return names;
}

// The printed name of a 类 or 款: a row of the accounts that carries it, else
// the year's code table, else the code (codes::FunctionName).
std::string CodeName(const juesuan::codes::CodeTables* codes, int fiscal_year,
                     const std::map<std::string, std::string>& printed, const std::string& code) {
  auto it = printed.find(code);
  const std::string& name = it == printed.end() ? std::string() : it->second;
  if (codes == nullptr) return name.empty() ? code : name;
  return juesuan::codes::FunctionName(codes->ForYear(fiscal_year), code, name);
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

// A table as the Markdown and HTML layouts draw it: headers, rows of cells
// (numbers right-aligned), an optional note.
class TableBuilder {
 public:
  TableBuilder(std::string title, std::vector<std::string> headers) : title_(std::move(title)) {
    for (auto& h : headers) headers_.push_back(mstch::map{{"text", std::move(h)}});
    columns_ = static_cast<int>(headers_.size());
  }
  void Row(std::vector<std::string> cells, bool strong = false) {
    mstch::array out;
    for (size_t i = 0; i < cells.size(); ++i) {
      const bool num =
          !cells[i].empty() &&
          (cells[i] == "—" || (cells[i][0] >= '0' && cells[i][0] <= '9') || cells[i][0] == '-') &&
          i > 0;
      const bool bold = strong && !cells[i].empty();
      out.push_back(mstch::map{{"text", std::move(cells[i])}, {"num", num}, {"strong", bold}});
    }
    rows_.push_back(mstch::map{{"cells", out}, {"strong", strong}});
  }
  void Note(std::string note) { note_ = std::move(note); }
  mstch::map Build() const {
    std::string separator = "|";
    for (int i = 0; i < columns_; ++i) separator += i == 0 ? "---|" : "---:|";
    return mstch::map{{"title", title_}, {"headers", headers_},        {"rows", rows_},
                      {"note", note_},   {"has_note", !note_.empty()}, {"md_separator", separator}};
  }

 private:
  std::string title_;
  mstch::array headers_;
  mstch::array rows_;
  std::string note_;
  int columns_ = 0;
};

mstch::array Paragraphs(const google::protobuf::RepeatedPtrField<std::string>& texts) {
  mstch::array out;
  for (const auto& t : texts) out.push_back(mstch::map{{"text", t}});
  return out;
}

// A self-evaluation table (department-wide or project), with the computed
// scores beside the reported ones when a scorecard is given.
template <typename Table>
mstch::map SelfEvaluation(const Table& table, const sv1::TableScore* score, bool department_wide) {
  mstch::map out;
  mstch::array funds;
  auto funds_row = [](const acc::FundsRow& row) {
    return mstch::map{{"label", row.label()},
                      {"initial", WanOr(row.has_initial_budget_fen(), row.initial_budget_fen())},
                      {"annual", WanOr(row.has_annual_budget_fen(), row.annual_budget_fen())},
                      {"executed", WanOr(row.has_executed_fen(), row.executed_fen())}};
  };
  mstch::map total = funds_row(table.funds().total());
  for (const auto& row : table.funds().sources()) funds.push_back(funds_row(row));
  out["funds_total"] = total;
  out["funds"] = funds;
  out["execution_weight"] = table.execution().weight();
  out["execution_rate"] = table.execution().reported_rate_percent();
  out["execution_score"] = table.execution().reported_score();
  out["goal"] = table.goal();
  out["completion"] = table.completion();
  out["reported_total"] = table.reported_total_score();
  out["has_reported_total"] = !table.reported_total_score().empty();
  mstch::array indicators;
  for (int i = 0; i < table.indicators_size(); ++i) {
    const acc::Indicator& ind = table.indicators(i);
    mstch::map row{{"level1", ind.level1()},
                   {"level2", ind.level2()},
                   {"name", ind.name()},
                   {"target", ind.target_text()},
                   {"actual", ind.actual_text()},
                   {"basis", ind.basis()},
                   {"weight", ind.weight()},
                   {"score", ind.reported_score()},
                   {"reason", ind.deviation_reason()},
                   {"has_reason", !ind.deviation_reason().empty()}};
    if (score != nullptr && i < score->indicators_size()) {
      const auto& s = score->indicators(i);
      // Every row of a scored table has the column; "—" where the rule
      // gives no score.
      row["computed"] = s.score().empty() ? std::string("—") : s.score();
      const auto reported = ParseScaledDecimal(ind.reported_score(), 2);
      row["differs"] =
          !s.score().empty() && reported.ok() && s.score() != FormatScaled(*reported, 2);
    }
    indicators.push_back(std::move(row));
  }
  out["indicators"] = indicators;
  // 总分's 分值 column: the weights, summed (100 when the table is right).
  int64_t weights = ParseScaledDecimal(table.execution().weight(), 2).value_or(0);
  for (const auto& ind : table.indicators())
    weights += ParseScaledDecimal(ind.weight(), 2).value_or(0);
  out["weight_total"] =
      weights % 100 == 0 ? std::to_string(weights / 100) : FormatScaled(weights, 2);
  out["department_wide"] = department_wide;
  if (score != nullptr) {
    out["scored"] = true;
    out["computed_total"] = score->total_score();
    out["computed_grade"] = score->grade().grade();
    out["computed_execution"] = score->execution_score();
  }
  return out;
}

}  // namespace

mstch::map BuildViewModel(const ViewInputs& in) {
  const acc::FinalAccounts& a = *in.accounts;
  const int year = a.fiscal_year();
  mstch::map vm;
  vm["year"] = std::to_string(year);
  vm["department"] = a.department().display_name();
  vm["draft"] = !in.accounts_published;

  // 第一部分 单位概况.
  const auto& d = a.department();
  vm["functions"] = Paragraphs(d.functions());
  vm["staffing"] = mstch::map{{"actual_total", std::to_string(d.staffing().actual_total())},
                              {"in_service", std::to_string(d.staffing().in_service())},
                              {"retired_cadres", std::to_string(d.staffing().retired_cadres())},
                              {"retired", std::to_string(d.staffing().retired())}};
  vm["has_subordinates"] = !d.subordinate_units().empty();
  vm["subordinate_count"] = std::to_string(d.subordinate_units_size());
  vm["subordinates"] = absl::StrJoin(d.subordinate_units(), "、");
  vm["division_count"] = std::to_string(d.internal_divisions_size());
  vm["divisions"] = absl::StrJoin(d.internal_divisions(), "、");

  // 一、收入支出决算总体情况.
  const auto& t1 = a.income_expenditure_summary();
  vm["t1"] = mstch::map{{"total_income", Wan(t1.total_income_fen())},
                        {"current_income", Wan(t1.current_income_fen())},
                        {"non_fiscal_surplus_used", Wan(t1.non_fiscal_surplus_used_fen())},
                        {"carryover_beginning", Wan(t1.carryover_beginning_fen())},
                        {"total_expenditure", Wan(t1.total_expenditure_fen())},
                        {"current_expenditure", Wan(t1.current_expenditure_fen())},
                        {"surplus_distribution", Wan(t1.surplus_distribution_fen())},
                        {"carryover_end", Wan(t1.carryover_end_fen())},
                        {"change", ChangeNode(t1.total_income_fen(), Prior(t1.prior_year()),
                                              t1.prior_year().reason())}};

  // 二、收入: shares of 本年收入合计.
  const int64_t fiscal_income = t1.general_budget_appropriation_fen() +
                                t1.government_fund_appropriation_fen() +
                                t1.state_capital_appropriation_fen();
  const int64_t income = t1.current_income_fen();
  vm["income"] = mstch::map{{"total", Wan(income)},
                            {"fiscal", AmountShare(fiscal_income, income)},
                            {"superior", AmountShare(t1.superior_subsidy_fen(), income)},
                            {"business", AmountShare(t1.business_income_fen(), income)},
                            {"operating", AmountShare(t1.operating_income_fen(), income)},
                            {"affiliated", AmountShare(t1.affiliated_remittance_fen(), income)},
                            {"other", AmountShare(t1.other_income_fen(), income)}};

  // 三、支出: shares of 本年支出合计.
  const auto& t3 = a.expenditure().total();
  const int64_t spent = t3.total_fen();
  vm["expenditure"] =
      mstch::map{{"total", Wan(spent)},
                 {"basic", AmountShare(t3.basic_fen(), spent)},
                 {"project", AmountShare(t3.project_fen(), spent)},
                 {"remittance", AmountShare(t3.remittance_to_superior_fen(), spent)},
                 {"operating", AmountShare(t3.operating_fen(), spent)},
                 {"subsidy", AmountShare(t3.subsidy_to_affiliates_fen(), spent)}};

  // 四、财政拨款收入支出总体.
  const auto& t4 = a.fiscal_summary();
  vm["t4"] =
      mstch::map{{"total_income", Wan(t4.total_income().total_fen())},
                 {"carryover_beginning", Wan(t4.carryover_beginning().total_fen())},
                 {"current_income", Wan(t4.current_income().total_fen())},
                 {"total_expenditure", Wan(t4.total_expenditure().total_fen())},
                 {"carryover_end", Wan(t4.carryover_end().total_fen())},
                 {"current_expenditure", Wan(t4.current_expenditure().total_fen())},
                 {"change", ChangeNode(t4.total_expenditure().total_fen(), Prior(t4.prior_year()),
                                       t4.prior_year().reason())},
                 {"budget", BudgetNode(t4.current_expenditure().total_fen(),
                                       Budget(t4.initial_budget()), t4.initial_budget().reason())}};

  // 五、一般公共预算财政拨款支出.
  const auto& t5 = a.general_budget_expenditure();
  const int64_t gpb = t5.total().total_fen();
  mstch::array classes;
  mstch::array items;
  int class_index = 0;
  int item_index = 0;
  const std::map<std::string, std::string> printed_names = PrintedNames(a);
  for (const auto& row : t5.rows()) {
    const std::string& code = row.function_code();
    if (code.size() == 3) {
      classes.push_back(mstch::map{{"index", std::to_string(++class_index)},
                                   {"name", row.function_name()},
                                   {"amount", Wan(row.total_fen())},
                                   {"share", Share(row.total_fen(), gpb)}});
    } else if (code.size() == 7) {
      items.push_back(mstch::map{
          {"index", std::to_string(++item_index)},
          {"class_name", CodeName(in.code_tables, year, printed_names, code.substr(0, 3))},
          {"kuan_name", CodeName(in.code_tables, year, printed_names, code.substr(0, 5))},
          {"name", row.function_name()},
          {"code", code},
          {"amount", Wan(row.total_fen())},
          {"change",
           ChangeNode(row.total_fen(),
                      row.has_prior_year_fen() ? std::optional<int64_t>(row.prior_year_fen())
                                               : std::nullopt,
                      row.change_reason())}});
    }
  }
  vm["gpb"] = mstch::map{
      {"total", Wan(gpb)},
      {"share_of_expenditure", Share(gpb, spent)},
      {"change", ChangeNode(gpb, Prior(t5.prior_year()), t5.prior_year().reason())},
      {"budget", BudgetNode(gpb, Budget(t5.initial_budget()), t5.initial_budget().reason())},
      {"classes", classes},
      {"items", items}};

  // 六、基本支出.
  const auto& t6 = a.general_budget_basic_expenditure();
  std::vector<std::string> personnel_items;
  std::vector<std::string> public_items;
  for (const auto& row : t6.rows()) {
    (row.expense_class() == acc::EXPENSE_CLASS_PERSONNEL ? personnel_items : public_items)
        .push_back(row.economic_name());
  }
  vm["basic"] = mstch::map{{"total", Wan(t6.total_fen())},
                           {"personnel", Wan(t6.personnel_fen())},
                           {"personnel_items", absl::StrJoin(personnel_items, "、")},
                           {"public", Wan(t6.public_fen())},
                           {"public_items", absl::StrJoin(public_items, "、")}};

  // 七、“三公”经费.
  const auto& t7 = a.three_public_expenses();
  const int64_t sangong = t7.total().actual_fen();
  auto item = [&](const acc::ThreePublicItem& i) {
    return mstch::map{
        {"amount", Wan(i.actual_fen())},
        {"share", Share(i.actual_fen(), sangong)},
        {"change", ChangeNode(i.actual_fen(), Prior(i.prior_year()), i.prior_year().reason())},
        {"budget",
         BudgetNode(i.actual_fen(),
                    i.has_budget_fen() ? std::optional<int64_t>(i.budget_fen()) : std::nullopt,
                    i.budget_difference_reason())}};
  };
  vm["sangong"] = mstch::map{{"total", item(t7.total())},
                             {"overseas", item(t7.overseas_travel())},
                             {"vehicles", item(t7.vehicles())},
                             {"vehicle_purchase", item(t7.vehicle_purchase())},
                             {"vehicle_operation", item(t7.vehicle_operation())},
                             {"reception", item(t7.reception())},
                             {"overseas_groups", std::to_string(t7.overseas_groups())},
                             {"overseas_persons", std::to_string(t7.overseas_persons())},
                             {"vehicles_purchased", std::to_string(t7.vehicles_purchased())},
                             {"vehicles_held", std::to_string(t7.vehicles_held())},
                             {"asset_vehicles", std::to_string(a.state_assets().vehicle_count())},
                             {"vehicles_difference_reason", t7.vehicles_held_difference_reason()},
                             {"reception_batches", std::to_string(t7.reception_batches())},
                             {"reception_persons", std::to_string(t7.reception_persons())},
                             {"overseas_content", t7.overseas_travel_content()},
                             {"vehicle_operation_content", t7.vehicle_operation_content()},
                             {"reception_content", t7.reception_content()}};

  // 八、九: a fund table with no rows and only zero amounts is empty.
  auto empty = [](const acc::FundBudgetTable& t) {
    return t.expenditure_rows().empty() && t.income_fen() == 0 &&
           t.carryover_beginning_fen() == 0 && t.carryover_end_fen() == 0 &&
           t.expenditure_total().total_fen() == 0;
  };
  vm["government_fund_empty"] = empty(a.government_fund());
  vm["state_capital_empty"] = empty(a.state_capital());
  auto fund = [](const acc::FundBudgetTable& t) {
    return mstch::map{{"carryover_beginning", Wan(t.carryover_beginning_fen())},
                      {"income", Wan(t.income_fen())},
                      {"expenditure", Wan(t.expenditure_total().total_fen())},
                      {"carryover_end", Wan(t.carryover_end_fen())}};
  };
  vm["government_fund"] = fund(a.government_fund());
  vm["state_capital"] = fund(a.state_capital());

  // 十、其他重要事项.
  const auto& opex = a.agency_operating_expenses();
  vm["opex"] = mstch::map{{"amount", Wan(opex.amount_fen())},
                          {"change", ChangeNode(opex.amount_fen(), Prior(opex.prior_year()),
                                                opex.prior_year().reason())}};
  const auto& p = a.procurement();
  vm["procurement"] =
      mstch::map{{"total", Wan(p.total_fen())},
                 {"goods", Wan(p.goods_fen())},
                 {"works", Wan(p.works_fen())},
                 {"services", Wan(p.services_fen())},
                 {"sme", AmountShare(p.sme_contracts_fen(), p.total_fen())},
                 {"small_micro", AmountShare(p.small_micro_contracts_fen(), p.total_fen())}};
  const auto& s = a.state_assets();
  const auto& v = s.vehicles_by_use();
  vm["assets"] = mstch::map{{"as_of_year", std::to_string(s.as_of().year())},
                            {"as_of_month", std::to_string(s.as_of().month())},
                            {"as_of_day", std::to_string(s.as_of().day())},
                            {"original_value", Wan(s.fixed_assets_original_value_fen())},
                            {"building_area", s.building_area_m2()},
                            {"building_value", Wan(s.building_value_fen())},
                            {"vehicle_count", std::to_string(s.vehicle_count())},
                            {"vehicle_value", Wan(s.vehicle_value_fen())},
                            {"ministerial", std::to_string(v.ministerial())},
                            {"principal", std::to_string(v.principal())},
                            {"confidential", std::to_string(v.confidential_communication())},
                            {"emergency", std::to_string(v.emergency())},
                            {"law_enforcement", std::to_string(v.law_enforcement())},
                            {"special_technical", std::to_string(v.special_technical())},
                            {"retired_service", std::to_string(v.retired_cadre_service())},
                            {"other", std::to_string(v.other())},
                            {"other_description", s.other_vehicles_description()},
                            {"large_equipment", std::to_string(s.large_equipment_count())}};

  // 十一、预算绩效.
  const auto& perf = a.performance();
  int64_t project_budget = 0;
  int64_t project_executed = 0;
  for (const auto& project : perf.projects()) {
    project_budget += project.funds().total().annual_budget_fen();
    project_executed += project.funds().total().executed_fen();
  }
  const sv1::Scorecard* card = in.scorecard;
  mstch::array projects;
  for (int i = 0; i < perf.projects_size(); ++i) {
    const sv1::TableScore* score =
        card != nullptr && i < card->projects_size() ? &card->projects(i) : nullptr;
    mstch::map table = SelfEvaluation(perf.projects(i), score, false);
    table["project_name"] = perf.projects(i).project_name();
    table["competent_department"] = perf.projects(i).competent_department();
    table["implementing_unit"] = perf.projects(i).implementing_unit();
    projects.push_back(std::move(table));
  }
  mstch::map performance{
      {"department_table_count", std::to_string(perf.has_department_wide() ? 1 : 0)},
      {"department_budget", Wan(perf.department_wide().funds().total().annual_budget_fen())},
      {"department_executed", Wan(perf.department_wide().funds().total().executed_fen())},
      {"project_count", std::to_string(perf.projects_size())},
      {"project_budget", Wan(project_budget)},
      {"project_executed", Wan(project_executed)},
      {"achievements", perf.achievements()},
      {"problems", perf.problems()},
      {"improvements", perf.improvements()},
      {"projects", projects},
      {"has_department_wide", perf.has_department_wide()}};
  if (perf.has_department_wide()) {
    performance["department_wide"] = SelfEvaluation(
        perf.department_wide(),
        card != nullptr && card->has_department_wide() ? &card->department_wide() : nullptr, true);
  }
  vm["performance"] = performance;
  vm["other_matters"] = a.other_matters();

  // The scorecard, the statement that there was nothing to score, or that
  // there is none.
  const bool nothing_to_score =
      card != nullptr && card->state() == juesuan::scoring::v1::SCORECARD_STATE_NOTHING_TO_SCORE;
  if (nothing_to_score) card = nullptr;
  vm["nothing_to_score"] = nothing_to_score;
  vm["no_scorecard"] = card == nullptr && !nothing_to_score;
  vm["has_scorecard"] = card != nullptr;
  vm["missing_scorecard_reason"] = in.missing_scorecard_reason.empty()
                                       ? std::string("尚无该年度的评分卡")
                                       : in.missing_scorecard_reason;
  if (card != nullptr) {
    mstch::array findings;
    for (const auto& f : card->findings()) {
      findings.push_back(mstch::map{
          {"table", f.table()}, {"indicator", f.indicator_name()}, {"message", f.message()}});
    }
    vm["scorecard"] = mstch::map{
        {"name", card->name()},
        {"profile", card->profile()},
        {"profile_version", card->profile_version()},
        {"total", card->total_score().empty() ? std::string("—") : card->total_score()},
        {"grade", card->grade().grade().empty() ? std::string("—") : card->grade().grade()},
        {"findings", findings},
        {"has_findings", !card->findings().empty()}};
  }

  // 第四部分 报表: the nine tables as rows of cells ("—" where a cell was not
  // submitted), for the Markdown and HTML layouts.
  TableBuilder t1_in("一、收入支出决算总表（收入）", {"项目", "金额（万元）"});
  auto opt = [](bool has, int64_t fen) { return WanOr(has, fen); };
  t1_in.Row({"一般公共预算财政拨款收入", opt(t1.has_general_budget_appropriation_fen(),
                                             t1.general_budget_appropriation_fen())});
  t1_in.Row({"政府性基金预算财政拨款收入", opt(t1.has_government_fund_appropriation_fen(),
                                               t1.government_fund_appropriation_fen())});
  t1_in.Row({"国有资本经营预算财政拨款收入",
             opt(t1.has_state_capital_appropriation_fen(), t1.state_capital_appropriation_fen())});
  t1_in.Row({"上级补助收入", opt(t1.has_superior_subsidy_fen(), t1.superior_subsidy_fen())});
  t1_in.Row({"事业收入", opt(t1.has_business_income_fen(), t1.business_income_fen())});
  t1_in.Row({"经营收入", opt(t1.has_operating_income_fen(), t1.operating_income_fen())});
  t1_in.Row({"附属单位上缴收入",
             opt(t1.has_affiliated_remittance_fen(), t1.affiliated_remittance_fen())});
  t1_in.Row({"其他收入", opt(t1.has_other_income_fen(), t1.other_income_fen())});
  t1_in.Row({"本年收入合计", opt(t1.has_current_income_fen(), t1.current_income_fen())}, true);
  t1_in.Row({"使用非财政拨款结余",
             opt(t1.has_non_fiscal_surplus_used_fen(), t1.non_fiscal_surplus_used_fen())});
  t1_in.Row(
      {"年初结转和结余", opt(t1.has_carryover_beginning_fen(), t1.carryover_beginning_fen())});
  t1_in.Row({"收入总计", opt(t1.has_total_income_fen(), t1.total_income_fen())}, true);
  TableBuilder t1_out("一、收入支出决算总表（支出）", {"项目", "金额（万元）"});
  for (const auto& row : t1.expenditure_by_function()) {
    t1_out.Row({absl::StrCat(row.function_name(), "（", row.function_code(), "）"),
                opt(row.has_amount_fen(), row.amount_fen())});
  }
  if (t1.expenditure_by_function().empty()) t1_out.Note("按功能分类（类）的本年支出未填报。");
  t1_out.Row({"本年支出合计", opt(t1.has_current_expenditure_fen(), t1.current_expenditure_fen())},
             true);
  t1_out.Row({"结余分配", opt(t1.has_surplus_distribution_fen(), t1.surplus_distribution_fen())});
  t1_out.Row({"年末结转和结余", opt(t1.has_carryover_end_fen(), t1.carryover_end_fen())});
  t1_out.Row({"支出总计", opt(t1.has_total_expenditure_fen(), t1.total_expenditure_fen())}, true);

  TableBuilder t2("二、收入决算表",
                  {"科目编码", "科目名称", "本年收入合计", "财政拨款收入", "上级补助收入",
                   "事业收入", "经营收入", "附属单位上缴收入", "其他收入"});
  auto income_row = [&](const acc::IncomeRow& r, bool total) {
    t2.Row({r.function_code(), total ? "合计" : r.function_name(),
            opt(r.has_total_fen(), r.total_fen()),
            opt(r.has_fiscal_appropriation_fen(), r.fiscal_appropriation_fen()),
            opt(r.has_superior_subsidy_fen(), r.superior_subsidy_fen()),
            opt(r.has_business_income_fen(), r.business_income_fen()),
            opt(r.has_operating_income_fen(), r.operating_income_fen()),
            opt(r.has_affiliated_remittance_fen(), r.affiliated_remittance_fen()),
            opt(r.has_other_income_fen(), r.other_income_fen())},
           total);
  };
  income_row(a.income().total(), true);
  for (const auto& r : a.income().rows()) income_row(r, false);
  if (a.income().rows().empty()) t2.Note("明细行未填报，仅列合计。");

  TableBuilder t3t("三、支出决算表",
                   {"科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出", "上缴上级支出",
                    "经营支出", "对附属单位补助支出"});
  auto expenditure_row = [&](TableBuilder& t, const acc::ExpenditureRow& r, bool total) {
    t.Row({r.function_code(), total ? "合计" : r.function_name(),
           opt(r.has_total_fen(), r.total_fen()), opt(r.has_basic_fen(), r.basic_fen()),
           opt(r.has_project_fen(), r.project_fen()),
           opt(r.has_remittance_to_superior_fen(), r.remittance_to_superior_fen()),
           opt(r.has_operating_fen(), r.operating_fen()),
           opt(r.has_subsidy_to_affiliates_fen(), r.subsidy_to_affiliates_fen())},
          total);
  };
  expenditure_row(t3t, a.expenditure().total(), true);
  for (const auto& r : a.expenditure().rows()) expenditure_row(t3t, r, false);
  if (a.expenditure().rows().empty()) t3t.Note("明细行未填报，仅列合计。");

  TableBuilder t4t("四、财政拨款收入支出决算总表",
                   {"项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                    "国有资本经营预算财政拨款"});
  auto fund_row = [&](const std::string& label, const acc::FundColumns& c, bool strong) {
    t4t.Row({label, opt(c.has_total_fen(), c.total_fen()),
             opt(c.has_general_budget_fen(), c.general_budget_fen()),
             opt(c.has_government_fund_fen(), c.government_fund_fen()),
             opt(c.has_state_capital_fen(), c.state_capital_fen())},
            strong);
  };
  fund_row("本年收入", t4.current_income(), false);
  fund_row("年初财政拨款结转和结余", t4.carryover_beginning(), false);
  fund_row("收入总计", t4.total_income(), true);
  for (const auto& r : t4.expenditure_rows()) {
    fund_row(absl::StrCat(r.function_name(), "（", r.function_code(), "）"), r.amounts(), false);
  }
  fund_row("本年支出合计", t4.current_expenditure(), true);
  fund_row("年末财政拨款结转和结余", t4.carryover_end(), false);
  fund_row("支出总计", t4.total_expenditure(), true);

  TableBuilder t5t("五、一般公共预算财政拨款支出决算表",
                   {"科目编码", "科目名称", "合计", "基本支出", "项目支出", "上年决算数"});
  t5t.Row({"", "合计", opt(t5.total().has_total_fen(), t5.total().total_fen()),
           opt(t5.total().has_basic_fen(), t5.total().basic_fen()),
           opt(t5.total().has_project_fen(), t5.total().project_fen()),
           opt(t5.total().has_prior_year_fen(), t5.total().prior_year_fen())},
          true);
  for (const auto& r : t5.rows()) {
    t5t.Row({r.function_code(), r.function_name(), opt(r.has_total_fen(), r.total_fen()),
             opt(r.has_basic_fen(), r.basic_fen()), opt(r.has_project_fen(), r.project_fen()),
             opt(r.has_prior_year_fen(), r.prior_year_fen())},
            r.function_code().size() == 3);
  }

  TableBuilder t6t("六、一般公共预算财政拨款基本支出决算表",
                   {"科目编码", "科目名称", "类别", "决算数"});
  t6t.Row({"", "人员经费合计", "", opt(t6.has_personnel_fen(), t6.personnel_fen())}, true);
  t6t.Row({"", "公用经费合计", "", opt(t6.has_public_fen(), t6.public_fen())}, true);
  t6t.Row({"", "基本支出合计", "", opt(t6.has_total_fen(), t6.total_fen())}, true);
  for (const auto& r : t6.rows()) {
    t6t.Row({r.economic_code(), r.economic_name(),
             r.expense_class() == acc::EXPENSE_CLASS_PERSONNEL ? "人员经费" : "公用经费",
             opt(r.has_amount_fen(), r.amount_fen())});
  }

  TableBuilder t7t("七、财政拨款“三公”经费支出决算表", {"项目", "全年预算数", "决算数"});
  for (const auto& [label, i] : std::vector<std::pair<std::string, const acc::ThreePublicItem*>>{
           {"合计", &t7.total()},
           {"因公出国（境）费", &t7.overseas_travel()},
           {"公务用车购置及运行维护费", &t7.vehicles()},
           {"其中：公务用车购置费", &t7.vehicle_purchase()},
           {"　　　公务用车运行维护费", &t7.vehicle_operation()},
           {"公务接待费", &t7.reception()}}) {
    t7t.Row({label, opt(i->has_budget_fen(), i->budget_fen()),
             opt(i->has_actual_fen(), i->actual_fen())},
            label == "合计");
  }

  auto fund_table = [&](const std::string& title, const acc::FundBudgetTable& t, bool is_empty,
                        const std::string& statement) {
    TableBuilder b(title, {"项目", "金额（万元）"});
    b.Row({"年初结转和结余", opt(t.has_carryover_beginning_fen(), t.carryover_beginning_fen())});
    b.Row({"本年收入", opt(t.has_income_fen(), t.income_fen())});
    b.Row({"本年支出",
           opt(t.expenditure_total().has_total_fen(), t.expenditure_total().total_fen())});
    b.Row({"年末结转和结余", opt(t.has_carryover_end_fen(), t.carryover_end_fen())});
    if (is_empty) b.Note(statement);
    return b.Build();
  };
  vm["report_tables"] = mstch::array{
      t1_in.Build(),
      t1_out.Build(),
      t2.Build(),
      t3t.Build(),
      t4t.Build(),
      t5t.Build(),
      t6t.Build(),
      t7t.Build(),
      fund_table("八、政府性基金预算财政拨款收入支出决算表", a.government_fund(),
                 empty(a.government_fund()),
                 "本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余，本表为空表。"),
      fund_table("九、国有资本经营预算财政拨款收入支出决算表", a.state_capital(),
                 empty(a.state_capital()),
                 "本单位本年度无国有资本经营预算财政拨款收入、支出及结转和结余，本表为空表。")};

  // Charts of the income and expenditure structure.
  vm["charts"] =
      mstch::map{{"income", BarChart("收入结构",
                                     {{"财政拨款收入", fiscal_income},
                                      {"上级补助收入", t1.superior_subsidy_fen()},
                                      {"事业收入", t1.business_income_fen()},
                                      {"经营收入", t1.operating_income_fen()},
                                      {"附属单位上缴收入", t1.affiliated_remittance_fen()},
                                      {"其他收入", t1.other_income_fen()}},
                                     income)},
                 {"expenditure", BarChart("支出结构",
                                          {{"基本支出", t3.basic_fen()},
                                           {"项目支出", t3.project_fen()},
                                           {"上缴上级支出", t3.remittance_to_superior_fen()},
                                           {"经营支出", t3.operating_fen()},
                                           {"对附属单位补助支出", t3.subsidy_to_affiliates_fen()}},
                                          spent)},
                 {"gpb", BarChart(
                             "一般公共预算财政拨款支出（按功能分类）",
                             [&] {
                               std::vector<std::pair<std::string, int64_t>> out;
                               for (const auto& row : t5.rows()) {
                                 if (row.function_code().size() == 3)
                                   out.push_back({row.function_name(), row.total_fen()});
                               }
                               return out;
                             }(),
                             gpb)}};

  vm["provenance"] = mstch::map{{"accounts_revision", in.accounts_revision},
                                {"template", in.template_name},
                                {"template_version", in.template_version},
                                {"suite_version", in.suite_version}};
  return vm;
}

}  // namespace juesuan::rendering
