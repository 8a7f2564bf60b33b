// The sections about the department and its money: 概况, the totals, the
// 一般公共预算 expenditure and its 基本支出.
#include <set>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/rendering/view_sections.h"

namespace juesuan::rendering {

namespace acc = ::juesuan::accounts::v1;

namespace {

mstch::array Units(const acc::Department& d) {
  mstch::array units;
  int index = 0;
  for (const auto& u : d.units_in_scope()) {
    units.push_back(
        mstch::map{{"index", absl::StrCat(++index)}, {"name", u.name()}, {"remark", u.remark()}});
  }
  return units;
}

// 一般公共预算财政拨款支出 against its budget, as "年初预算为 …，全年预算为
// …，支出决算为 …，完成年初（全年）预算的 X%": the rate is against the 年初
// 预算, or against the 全年预算 when the 年初 is 0 or not stated, and not
// stated against 0.
mstch::node Execution(const SectionContext& ctx, const acc::GeneralBudgetExpenditureTable& t5) {
  const auto& initial = t5.initial_budget();
  const auto& annual = t5.annual_budget();
  if (!initial.has_budget_fen() && !annual.has_budget_fen()) return false;
  const int64_t actual = t5.total().total_fen();
  const bool against_initial = initial.has_budget_fen() && initial.budget_fen() > 0;
  const bool against_annual =
      !against_initial && annual.has_budget_fen() && annual.budget_fen() > 0;
  mstch::map out{{"initial", Money(ctx, initial.has_budget_fen(), initial.budget_fen())},
                 {"annual", Money(ctx, annual.has_budget_fen(), annual.budget_fen())},
                 {"actual", ctx.Money(actual)},
                 {"has_base", against_initial || against_annual},
                 {"reason", Text(initial.reason().empty() ? annual.reason() : initial.reason())}};
  if (against_initial || against_annual) {
    out["base"] = std::string(against_initial ? "年初预算" : "全年预算");
    AgainstBase(ctx, actual, against_initial ? initial.budget_fen() : annual.budget_fen(), out);
  }
  return out;
}

// Whether a row is listed: where the template says 不涉及的不列, only rows
// with money.
bool Listed(const SectionContext& ctx, bool present, int64_t fen) {
  return !ctx.wording.omit_zero_items() || (present && fen != 0);
}

}  // namespace

// The overview's variables: one map literal of every figure the section
// prints, long as the section is, with no logic between its entries.
mstch::map OverviewSection(const SectionContext& ctx) {
  const auto& d = ctx.accounts.department();
  const auto& s = d.staffing();
  mstch::array breakdown;
  for (const auto& [label, present, count] : std::vector<std::tuple<std::string, bool, int>>{
           {"在职人员", s.has_in_service(), s.in_service()},
           {"离休人员", s.has_retired_cadres(), s.retired_cadres()},
           {"退休人员", s.has_retired(), s.retired()}}) {
    if (present) breakdown.push_back(mstch::map{{"label", label}, {"count", absl::StrCat(count)}});
  }
  MarkLast(breakdown);
  return mstch::map{
      {"functions", Paragraphs(d.functions())},
      {"staffing", mstch::map{{"actual_total", Count(s.has_actual_total(), s.actual_total())},
                              {"in_service", Count(s.has_in_service(), s.in_service())},
                              {"retired_cadres", Count(s.has_retired_cadres(), s.retired_cadres())},
                              {"retired", Count(s.has_retired(), s.retired())},
                              {"breakdown", breakdown},
                              {"has_breakdown", !breakdown.empty()}}},
      {"has_subordinates", !d.subordinate_units().empty()},
      {"subordinate_count", absl::StrCat(d.subordinate_units_size())},
      {"subordinates", absl::StrJoin(d.subordinate_units(), "、")},
      {"divisions", JoinedNames({d.internal_divisions().begin(), d.internal_divisions().end()})},
      {"division_count", absl::StrCat(d.internal_divisions_size())},
      // "X部门决算", but "…部决算" for a name ending in 部 (no "部部门").
      {"department_accounts",
       absl::StrCat(d.display_name(),
                    absl::EndsWith(d.display_name(), "部") ? "决算" : "部门决算")},
      {"units_in_scope", Units(d)},
      {"has_units_in_scope", !d.units_in_scope().empty()},
      {"units_beyond_own", d.units_in_scope_size() > 1}};
}

mstch::map TotalsSection(const SectionContext& ctx) {
  const auto& t1 = ctx.accounts.income_expenditure_summary();
  auto m = [&ctx](bool has, int64_t fen) { return Money(ctx, has, fen); };
  mstch::map out;
  out["t1"] = mstch::map{
      {"total_income", m(t1.has_total_income_fen(), t1.total_income_fen())},
      {"current_income", m(t1.has_current_income_fen(), t1.current_income_fen())},
      {"non_fiscal_surplus_used",
       m(t1.has_non_fiscal_surplus_used_fen(), t1.non_fiscal_surplus_used_fen())},
      {"carryover_beginning", m(t1.has_carryover_beginning_fen(), t1.carryover_beginning_fen())},
      {"total_expenditure", m(t1.has_total_expenditure_fen(), t1.total_expenditure_fen())},
      {"current_expenditure", m(t1.has_current_expenditure_fen(), t1.current_expenditure_fen())},
      {"surplus_distribution", m(t1.has_surplus_distribution_fen(), t1.surplus_distribution_fen())},
      {"carryover_end", m(t1.has_carryover_end_fen(), t1.carryover_end_fen())},
      {"change", t1.has_total_income_fen()
                     ? ChangeNode(ctx, t1.total_income_fen(), Prior(t1.prior_year()),
                                  t1.prior_year().reason())
                     : mstch::node(false)}};
  const int64_t fiscal = t1.general_budget_appropriation_fen() +
                         t1.government_fund_appropriation_fen() +
                         t1.state_capital_appropriation_fen();
  const bool has_fiscal = t1.has_general_budget_appropriation_fen() ||
                          t1.has_government_fund_appropriation_fen() ||
                          t1.has_state_capital_appropriation_fen();
  const mstch::array income = KindList(
      ctx,
      {{"财政拨款收入", has_fiscal, fiscal},
       {"上级补助收入", t1.has_superior_subsidy_fen(), t1.superior_subsidy_fen()},
       {"事业收入", t1.has_business_income_fen(), t1.business_income_fen()},
       {"经营收入", t1.has_operating_income_fen(), t1.operating_income_fen()},
       {"附属单位上缴收入", t1.has_affiliated_remittance_fen(), t1.affiliated_remittance_fen()},
       {"其他收入", t1.has_other_income_fen(), t1.other_income_fen()}},
      t1.current_income_fen());
  out["income"] = mstch::map{{"total", m(t1.has_current_income_fen(), t1.current_income_fen())},
                             {"kinds", income},
                             {"has_kinds", !income.empty()}};
  const auto& t3 = ctx.accounts.expenditure().total();
  const mstch::array spent = KindList(
      ctx,
      {{"基本支出", t3.has_basic_fen(), t3.basic_fen()},
       {"项目支出", t3.has_project_fen(), t3.project_fen()},
       {"上缴上级支出", t3.has_remittance_to_superior_fen(), t3.remittance_to_superior_fen()},
       {"经营支出", t3.has_operating_fen(), t3.operating_fen()},
       {"对附属单位补助支出", t3.has_subsidy_to_affiliates_fen(), t3.subsidy_to_affiliates_fen()}},
      t3.total_fen());
  out["expenditure"] = mstch::map{{"total", m(t3.has_total_fen(), t3.total_fen())},
                                  {"kinds", spent},
                                  {"has_kinds", !spent.empty()}};
  const auto& t4 = ctx.accounts.fiscal_summary();
  auto col = [&m](const acc::FundColumns& c) { return m(c.has_total_fen(), c.total_fen()); };
  out["t4"] =
      mstch::map{{"total_income", col(t4.total_income())},
                 {"carryover_beginning", col(t4.carryover_beginning())},
                 {"current_income", col(t4.current_income())},
                 {"total_expenditure", col(t4.total_expenditure())},
                 {"carryover_end", col(t4.carryover_end())},
                 {"current_expenditure", col(t4.current_expenditure())},
                 {"change", ChangeNode(ctx, t4.total_expenditure().total_fen(),
                                       Prior(t4.prior_year()), t4.prior_year().reason())},
                 {"budget", BudgetNode(ctx, t4.current_expenditure().total_fen(),
                                       Budget(t4.initial_budget()), t4.initial_budget().reason())}};
  return out;
}

mstch::map GeneralBudgetSection(const SectionContext& ctx) {
  const auto& t5 = ctx.accounts.general_budget_expenditure();
  const int64_t gpb = t5.total().total_fen();
  mstch::array classes;
  mstch::array items;
  for (const auto& row : t5.rows()) {
    const std::string& code = row.function_code();
    if (code.size() == 3 && Listed(ctx, row.has_total_fen(), row.total_fen())) {
      classes.push_back(mstch::map{{"index", absl::StrCat(classes.size() + 1)},
                                   {"name", row.function_name()},
                                   {"amount", ctx.Money(row.total_fen())},
                                   {"share", Share(row.total_fen(), gpb, ctx.decimals)},
                                   {"last", false}});
    } else if (code.size() == 7) {
      const bool budgeted =
          row.budget().initial_budget_fen() != 0 || row.budget().annual_budget_fen() != 0;
      if (!budgeted && !Listed(ctx, row.has_total_fen(), row.total_fen())) continue;
      items.push_back(mstch::map{
          {"index", absl::StrCat(items.size() + 1)},
          {"class_name", ctx.CodeName(code.substr(0, 3))},
          {"kuan_name", ctx.CodeName(code.substr(0, 5))},
          {"name", row.function_name().empty() ? ctx.CodeName(code) : row.function_name()},
          {"code", code},
          {"amount", ctx.Money(row.total_fen())},
          {"change",
           ChangeNode(ctx, row.total_fen(),
                      row.has_prior_year_fen() ? std::optional<int64_t>(row.prior_year_fen())
                                               : std::nullopt,
                      row.change_reason())},
          {"budget", ItemBudgetNode(ctx, row.budget(), row.total_fen())},
          {"last", false}});
    }
  }
  MarkLast(classes);
  MarkLast(items);
  const auto& t3 = ctx.accounts.expenditure().total();
  mstch::map out;
  out["gpb"] = mstch::map{
      {"total", Money(ctx, t5.total().has_total_fen(), gpb)},
      {"share_of_expenditure",
       t3.has_total_fen() ? Share(gpb, t3.total_fen(), ctx.decimals) : std::string()},
      {"change", ChangeNode(ctx, gpb, Prior(t5.prior_year()), t5.prior_year().reason())},
      {"budget", BudgetNode(ctx, gpb, Budget(t5.initial_budget()), t5.initial_budget().reason())},
      {"execution", Execution(ctx, t5)},
      {"classes", classes},
      {"has_classes", !classes.empty()},
      {"items", items},
      {"has_items", !items.empty()}};
  return out;
}

mstch::map BasicSection(const SectionContext& ctx) {
  const auto& t6 = ctx.accounts.general_budget_basic_expenditure();
  // 款 lines only: a 类 row whose 款 are printed below it is not listed again.
  std::set<std::string> parents;
  for (const auto& row : t6.rows()) {
    for (const auto& other : t6.rows()) {
      if (other.economic_code().size() > row.economic_code().size() &&
          absl::StartsWith(other.economic_code(), row.economic_code())) {
        parents.insert(row.economic_code());
      }
    }
  }
  std::vector<std::string> personnel;
  std::vector<std::string> public_items;
  for (const auto& row : t6.rows()) {
    if (parents.count(row.economic_code()) != 0) continue;
    if (!Listed(ctx, row.has_amount_fen(), row.amount_fen())) continue;
    (row.expense_class() == acc::EXPENSE_CLASS_PERSONNEL ? personnel : public_items)
        .push_back(row.economic_name());
  }
  mstch::map out;
  out["basic"] = mstch::map{{"total", Money(ctx, t6.has_total_fen(), t6.total_fen())},
                            {"personnel", Money(ctx, t6.has_personnel_fen(), t6.personnel_fen())},
                            {"personnel_items", JoinedNames(personnel)},
                            {"public", Money(ctx, t6.has_public_fen(), t6.public_fen())},
                            {"public_items", JoinedNames(public_items)}};
  return out;
}

}  // namespace juesuan::rendering
