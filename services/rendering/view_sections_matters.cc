// The sections about particular matters: “三公”经费, the two fund budgets,
// 机关运行经费, 政府采购, 国有资产 and 预算绩效.
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "services/rendering/view_sections.h"

namespace juesuan::rendering {

namespace acc = ::juesuan::accounts::v1;
namespace sv1 = ::juesuan::scoring::v1;

namespace {

bool Stated(const acc::ThreePublicItem& i) {
  return (i.has_actual_fen() && i.actual_fen() != 0) || (i.has_budget_fen() && i.budget_fen() != 0);
}

mstch::map ThreePublicItem(const SectionContext& ctx, const acc::ThreePublicItem& i,
                           int64_t total) {
  return mstch::map{
      {"amount", Money(ctx, i.has_actual_fen(), i.actual_fen())},
      {"share", Share(i.actual_fen(), total, ctx.decimals)},
      {"listed", !ctx.wording.omit_zero_items() || Stated(i)},
      {"change", ChangeNode(ctx, i.actual_fen(), Prior(i.prior_year()), i.prior_year().reason())},
      {"budget",
       BudgetNode(ctx, i.actual_fen(),
                  i.has_budget_fen() ? std::optional<int64_t>(i.budget_fen()) : std::nullopt,
                  i.budget_difference_reason())}};
}

// A fund budget's 项 lines with what they were used for.
mstch::array FundItems(const SectionContext& ctx, const acc::FundBudgetTable& t) {
  mstch::array items;
  for (const auto& row : t.expenditure_rows()) {
    const std::string& code = row.function_code();
    if (code.size() != 7) continue;
    items.push_back(
        mstch::map{{"index", absl::StrCat(items.size() + 1)},
                   {"class_name", ctx.CodeName(code.substr(0, 3))},
                   {"kuan_name", ctx.CodeName(code.substr(0, 5))},
                   {"name", row.function_name().empty() ? ctx.CodeName(code) : row.function_name()},
                   {"amount", Money(ctx, row.has_total_fen(), row.total_fen())},
                   {"budget", ItemBudgetNode(ctx, row.budget(), row.total_fen())}});
  }
  return items;
}

mstch::map Fund(const SectionContext& ctx, const acc::FundBudgetTable& t) {
  const auto& e = t.expenditure_total();
  const mstch::array items = FundItems(ctx, t);
  return mstch::map{{"carryover_beginning",
                     Money(ctx, t.has_carryover_beginning_fen(), t.carryover_beginning_fen())},
                    {"income", Money(ctx, t.has_income_fen(), t.income_fen())},
                    {"expenditure", Money(ctx, e.has_total_fen(), e.total_fen())},
                    {"carryover_end", Money(ctx, t.has_carryover_end_fen(), t.carryover_end_fen())},
                    {"items", items},
                    {"has_items", !items.empty()}};
}

// A self-evaluation table (department-wide or project), with the computed
// scores beside the reported ones when a scorecard is given.
template <typename Table>
mstch::map SelfEvaluation(const Table& table, const sv1::TableScore* score) {
  auto funds_row = [](const acc::FundsRow& row) {
    return mstch::map{
        {"label", row.label()},
        {"initial", WanOrDash(row.has_initial_budget_fen(), row.initial_budget_fen())},
        {"annual", WanOrDash(row.has_annual_budget_fen(), row.annual_budget_fen())},
        {"executed", WanOrDash(row.has_executed_fen(), row.executed_fen())}};
  };
  mstch::array funds;
  for (const auto& row : table.funds().sources()) funds.push_back(funds_row(row));
  mstch::map out{{"funds_total", funds_row(table.funds().total())},
                 {"funds", funds},
                 {"execution_weight", table.execution().weight()},
                 {"execution_rate", table.execution().reported_rate_percent()},
                 {"execution_score", table.execution().reported_score()},
                 {"goal", table.goal()},
                 {"completion", table.completion()},
                 {"reported_total", table.reported_total_score()},
                 {"has_reported_total", !table.reported_total_score().empty()}};
  mstch::array indicators;
  int64_t weights = ParseScaledDecimal(table.execution().weight(), 2).value_or(0);
  for (int i = 0; i < table.indicators_size(); ++i) {
    const acc::Indicator& ind = table.indicators(i);
    weights += ParseScaledDecimal(ind.weight(), 2).value_or(0);
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
  out["weight_total"] =
      weights % 100 == 0 ? std::to_string(weights / 100) : FormatScaled(weights, 2);
  if (score != nullptr) {
    out["scored"] = true;
    out["computed_total"] = score->total_score();
    out["computed_grade"] = score->grade().grade();
    out["computed_execution"] = score->execution_score();
  }
  return out;
}

// The 绩效 summary Shanghai publishes in place of the tables, or false.
mstch::node Summary(const SectionContext& ctx, const acc::PerformanceEvaluation& perf) {
  if (!perf.has_summary()) return false;
  const auto& s = perf.summary();
  auto m = [&ctx](bool has, int64_t fen) { return Money(ctx, has, fen); };
  mstch::array ratings;
  for (const auto& [label, present, count] : std::vector<std::tuple<std::string, bool, int>>{
           {"优", s.has_rated_excellent(), s.rated_excellent()},
           {"良", s.has_rated_good(), s.rated_good()},
           {"合格", s.has_rated_pass(), s.rated_pass()},
           {"不合格", s.has_rated_fail(), s.rated_fail()}}) {
    if (present) ratings.push_back(mstch::map{{"label", label}, {"count", absl::StrCat(count)}});
  }
  MarkLast(ratings);
  return mstch::map{
      {"ratings", ratings},
      {"has_ratings", !ratings.empty()},
      {"management_system", Text(s.management_system())},
      {"target_projects", Count(s.has_target_projects(), s.target_projects())},
      {"target_budget", m(s.has_target_budget_fen(), s.target_budget_fen())},
      {"tracked_projects", Count(s.has_tracked_projects(), s.tracked_projects())},
      {"tracked_budget", m(s.has_tracked_budget_fen(), s.tracked_budget_fen())},
      {"self_evaluated_projects",
       Count(s.has_self_evaluated_projects(), s.self_evaluated_projects())},
      {"self_evaluated_budget",
       m(s.has_self_evaluated_budget_fen(), s.self_evaluated_budget_fen())},
      {"average_score", Text(s.average_score())},
      {"rated_excellent", Count(s.has_rated_excellent(), s.rated_excellent())},
      {"rated_good", Count(s.has_rated_good(), s.rated_good())},
      {"rated_pass", Count(s.has_rated_pass(), s.rated_pass())},
      {"rated_fail", Count(s.has_rated_fail(), s.rated_fail())},
      {"problems_found", Count(s.has_problems_found(), s.problems_found())},
      {"problems_fixed", Count(s.has_problems_fixed(), s.problems_fixed())},
      {"problems_being_fixed", Count(s.has_problems_being_fixed(), s.problems_being_fixed())}};
}

}  // namespace

mstch::map ThreePublicSection(const SectionContext& ctx) {
  const auto& t7 = ctx.accounts.three_public_expenses();
  const int64_t total = t7.total().actual_fen();
  const bool none = !Stated(t7.total()) && !Stated(t7.overseas_travel()) &&
                    !Stated(t7.vehicles()) && !Stated(t7.reception());
  // The three kinds as listed (不涉及的不列 where the template says so).
  mstch::array kinds;
  for (const auto& [key, label, item] :
       std::vector<std::tuple<std::string, std::string, const acc::ThreePublicItem*>>{
           {"is_overseas", "因公出国（境）费", &t7.overseas_travel()},
           {"is_vehicles", "公务用车购置及运行维护费", &t7.vehicles()},
           {"is_reception", "公务接待费", &t7.reception()}}) {
    if (ctx.wording.omit_zero_items() && !Stated(*item)) continue;
    mstch::map kind = ThreePublicItem(ctx, *item, total);
    kind["label"] = label;
    kind["index"] = absl::StrCat(kinds.size() + 1);
    for (const char* k : {"is_overseas", "is_vehicles", "is_reception"}) kind[k] = key == k;
    kinds.push_back(std::move(kind));
  }
  MarkLast(kinds);
  mstch::map out;
  out["sangong"] = mstch::map{
      {"none", none},
      {"kinds", kinds},
      {"total", ThreePublicItem(ctx, t7.total(), total)},
      {"overseas", ThreePublicItem(ctx, t7.overseas_travel(), total)},
      {"vehicles", ThreePublicItem(ctx, t7.vehicles(), total)},
      {"vehicle_purchase", ThreePublicItem(ctx, t7.vehicle_purchase(), total)},
      {"vehicle_operation", ThreePublicItem(ctx, t7.vehicle_operation(), total)},
      {"reception", ThreePublicItem(ctx, t7.reception(), total)},
      {"overseas_groups", Count(t7.has_overseas_groups(), t7.overseas_groups())},
      {"overseas_persons", Count(t7.has_overseas_persons(), t7.overseas_persons())},
      {"vehicles_purchased", Count(t7.has_vehicles_purchased(), t7.vehicles_purchased())},
      {"vehicles_held", Count(t7.has_vehicles_held(), t7.vehicles_held())},
      {"asset_vehicles", Count(ctx.accounts.state_assets().has_vehicle_count(),
                               ctx.accounts.state_assets().vehicle_count())},
      {"vehicles_difference_reason", Text(t7.vehicles_held_difference_reason())},
      {"reception_batches", Count(t7.has_reception_batches(), t7.reception_batches())},
      {"reception_persons", Count(t7.has_reception_persons(), t7.reception_persons())},
      {"overseas_content", Text(t7.overseas_travel_content())},
      {"vehicle_purchase_content", Text(t7.vehicle_purchase_content())},
      {"vehicle_operation_content", Text(t7.vehicle_operation_content())},
      {"reception_content", Text(t7.reception_content())}};
  return out;
}

mstch::map FundsSection(const SectionContext& ctx) {
  const auto& a = ctx.accounts;
  return mstch::map{{"government_fund_empty", IsEmptyFundTable(a.government_fund())},
                    {"state_capital_empty", IsEmptyFundTable(a.state_capital())},
                    {"government_fund", Fund(ctx, a.government_fund())},
                    {"state_capital", Fund(ctx, a.state_capital())}};
}

mstch::map OtherMattersSection(const SectionContext& ctx) {
  const auto& a = ctx.accounts;
  auto m = [&ctx](bool has, int64_t fen) { return Money(ctx, has, fen); };
  const auto& opex = a.agency_operating_expenses();
  const auto& p = a.procurement();
  auto share = [&](bool has, int64_t fen) {
    if (!has) return mstch::node(false);
    return mstch::node(
        mstch::map{{"amount", ctx.Money(fen)}, {"share", Share(fen, p.total_fen(), ctx.decimals)}});
  };
  const auto& s = a.state_assets();
  const auto& v = s.vehicles_by_use();
  mstch::node as_of = false;
  if (s.has_as_of() && s.as_of().year() != 0) {
    as_of = mstch::map{{"year", absl::StrCat(s.as_of().year())},
                       {"month", absl::StrCat(s.as_of().month())},
                       {"day", absl::StrCat(s.as_of().day())}};
  }
  const auto& notes = a.income_notes();
  return mstch::map{
      {"opex", mstch::map{{"amount", m(opex.has_amount_fen(), opex.amount_fen())},
                          {"none", opex.has_amount_fen() && opex.amount_fen() == 0},
                          {"change", ChangeNode(ctx, opex.amount_fen(), Prior(opex.prior_year()),
                                                opex.prior_year().reason())}}},
      {"procurement",
       mstch::map{
           {"total", m(p.has_total_fen(), p.total_fen())},
           {"goods", m(p.has_goods_fen(), p.goods_fen())},
           {"works", m(p.has_works_fen(), p.works_fen())},
           {"services", m(p.has_services_fen(), p.services_fen())},
           {"sme", share(p.has_sme_contracts_fen(), p.sme_contracts_fen())},
           {"small_micro", share(p.has_small_micro_contracts_fen(), p.small_micro_contracts_fen())},
           {"sme_reserved", m(p.has_sme_reserved_budget_fen(), p.sme_reserved_budget_fen())},
           {"small_micro_reserved",
            m(p.has_small_micro_reserved_budget_fen(), p.small_micro_reserved_budget_fen())},
           {"sme_awarded",
            m(p.has_sme_awarded_in_reservation_fen(), p.sme_awarded_in_reservation_fen())},
           {"small_micro_awarded", m(p.has_small_micro_awarded_in_reservation_fen(),
                                     p.small_micro_awarded_in_reservation_fen())},
           {"sme_outside", m(p.has_sme_awarded_outside_reservation_fen(),
                             p.sme_awarded_outside_reservation_fen())}}},
      {"assets",
       mstch::map{
           {"as_of", as_of},
           {"original_value",
            m(s.has_fixed_assets_original_value_fen(), s.fixed_assets_original_value_fen())},
           {"building_area", Text(s.building_area_m2())},
           {"building_value", m(s.has_building_value_fen(), s.building_value_fen())},
           {"vehicle_count", Count(s.has_vehicle_count(), s.vehicle_count())},
           {"vehicle_value", m(s.has_vehicle_value_fen(), s.vehicle_value_fen())},
           {"ministerial", Count(v.has_ministerial(), v.ministerial())},
           {"principal", Count(v.has_principal(), v.principal())},
           {"confidential",
            Count(v.has_confidential_communication(), v.confidential_communication())},
           {"emergency", Count(v.has_emergency(), v.emergency())},
           {"law_enforcement", Count(v.has_law_enforcement(), v.law_enforcement())},
           {"special_technical", Count(v.has_special_technical(), v.special_technical())},
           {"retired_service", Count(v.has_retired_cadre_service(), v.retired_cadre_service())},
           {"other", Count(v.has_other(), v.other())},
           {"other_description", Text(s.other_vehicles_description())},
           {"large_equipment", Count(s.has_large_equipment_count(), s.large_equipment_count())}}},
      {"income_notes", mstch::map{{"business", Text(notes.business_income())},
                                  {"operating", Text(notes.operating_income())},
                                  {"other", Text(notes.other_income())}}},
      {"other_matters", Text(a.other_matters())}};
}

mstch::map PerformanceSection(const SectionContext& ctx, const sv1::Scorecard* card) {
  const auto& perf = ctx.accounts.performance();
  int64_t project_budget = 0;
  int64_t project_executed = 0;
  mstch::array projects;
  for (int i = 0; i < perf.projects_size(); ++i) {
    const auto& project = perf.projects(i);
    project_budget += project.funds().total().annual_budget_fen();
    project_executed += project.funds().total().executed_fen();
    mstch::map table = SelfEvaluation(
        project, card != nullptr && i < card->projects_size() ? &card->projects(i) : nullptr);
    table["project_name"] = project.project_name();
    table["competent_department"] = project.competent_department();
    table["implementing_unit"] = project.implementing_unit();
    projects.push_back(std::move(table));
  }
  const auto& dept = perf.department_wide().funds().total();
  mstch::map performance{{"has_tables", perf.has_department_wide() || !perf.projects().empty()},
                         {"has_department_wide", perf.has_department_wide()},
                         {"department_budget", Wan(dept.annual_budget_fen())},
                         {"department_executed", Wan(dept.executed_fen())},
                         {"has_projects", !perf.projects().empty()},
                         {"project_count", absl::StrCat(perf.projects_size())},
                         {"project_budget", Wan(project_budget)},
                         {"project_executed", Wan(project_executed)},
                         {"achievements", Text(perf.achievements())},
                         {"problems", Text(perf.problems())},
                         {"improvements", Text(perf.improvements())},
                         {"projects", projects},
                         {"summary", Summary(ctx, perf)}};
  if (perf.has_department_wide()) {
    performance["department_wide"] = SelfEvaluation(
        perf.department_wide(),
        card != nullptr && card->has_department_wide() ? &card->department_wide() : nullptr);
  }
  return mstch::map{{"performance", performance}};
}

}  // namespace juesuan::rendering
