#include "gen/accounts_generator.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/decimal.h"
#include "google/protobuf/util/json_util.h"
#include "services/scoring/indicator_parser.h"
#include "services/scoring/profiles.h"
#include "services/scoring/scorer.h"

namespace juesuan::embedded {
absl::string_view seed_accounts_json();
}  // namespace juesuan::embedded

namespace juesuan::gen {
namespace {

using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::accounts::v1::Indicator;

// Amounts are drawn in units of 0.01 万元 (10,000 分), the precision of the
// seed's 万元 figures, so every generated amount prints exactly.
constexpr int64_t kUnit = 10000;

class Random {
 public:
  Random(uint64_t seed, int64_t index) {
    std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                      static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32), 0x6a75u};
    engine_.seed(seq);
  }
  // Uniform in [lo, hi].
  int64_t Int(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(engine_);
  }
  // Uniform in [0, 1) as ten-thousandths.
  int64_t Permyriad() { return Int(0, 9999); }
  bool Chance(int percent) { return Int(0, 99) < percent; }

 private:
  std::mt19937_64 engine_;
};

// `total` split into parts proportional to `weights` (largest remainder):
// the parts sum to `total` exactly.
std::vector<int64_t> Split(int64_t total, const std::vector<int64_t>& weights) {
  int64_t sum = 0;
  for (int64_t w : weights) sum += w;
  std::vector<int64_t> parts(weights.size(), 0);
  if (sum == 0) return parts;
  std::vector<std::pair<int64_t, size_t>> remainders;
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const absl::int128 exact = absl::int128(total) * weights[i];
    parts[i] = static_cast<int64_t>(exact / sum);
    remainders.push_back({static_cast<int64_t>(exact % sum), i});
    given += parts[i];
  }
  std::sort(remainders.rbegin(), remainders.rend());
  for (size_t k = 0; given < total; ++k, ++given) ++parts[remainders[k % remainders.size()].second];
  return parts;
}

// "=N 单位" as the seed writes an actual.
std::string ActualText(int64_t value_millionths, int decimals, const std::string& unit) {
  const int64_t scale = decimals == 0 ? 1000000 : 10000;
  const int64_t rounded = DivideRoundHalfUp(value_millionths, scale);
  const std::string number = decimals == 0 ? absl::StrCat(rounded) : FormatScaled(rounded, 2);
  return absl::StrCat("=", number, unit == "%" ? "" : " ", unit);
}

// Draws a new actual for a template indicator: mostly met, sometimes short,
// sometimes over.
void PerturbIndicator(Indicator& indicator, Random& rng) {
  auto target = scoring::ParseMeasure(indicator.target_text());
  if (!target.ok() || target->value_case() != juesuan::accounts::v1::Measure::kQuantity) return;
  auto value = ParseScaledDecimal(target->quantity().value(), 6);
  if (!value.ok() || *value == 0) return;
  const std::string& unit = target->quantity().unit();
  const bool upper = target->comparator() == juesuan::accounts::v1::COMPARATOR_LE ||
                     target->comparator() == juesuan::accounts::v1::COMPARATOR_LT;
  if (scoring::IsIntervalUnit(unit) || scoring::IsTimeUnit(unit)) return;
  int64_t factor;  // permyriad
  const int64_t roll = rng.Int(0, 99);
  if (upper) {
    factor = roll < 70 ? rng.Int(9000, 10000) : rng.Int(4000, 10500);  // cost: mostly spent
  } else {
    factor = roll < 65 ? 10000 : roll < 90 ? rng.Int(6000, 9999) : rng.Int(10001, 15000);
  }
  int64_t actual = static_cast<int64_t>(absl::int128(*value) * factor / 10000);
  if (unit == "%") actual = std::min<int64_t>(actual, int64_t{100} * 1000000);
  const bool integral = target->quantity().value().find('.') == std::string::npos && unit != "万元";
  indicator.set_actual_text(ActualText(actual, integral ? 0 : 2, unit));
  indicator.clear_actual();
}

// The amounts of 表一–表四 the other tables follow: fiscal appropriation A
// (all spent, no fiscal carry-over), other income O, non-fiscal carry-over
// B in and C out, spending E, and B5 of A spent as basic expenditure.
struct Totals {
  int64_t A = 0;
  int64_t O = 0;
  int64_t B = 0;
  int64_t C = 0;
  int64_t E = 0;
  int64_t B5 = 0;
};

void FillDepartment(const GeneratorOptions& options, int64_t index, Random& rng, FinalAccounts& a) {
  // The department.
  auto* d = a.mutable_department();
  d->set_name(absl::StrCat("departments/gen-", options.seed, "-", index));
  d->set_display_name(absl::StrCat("生成单位", options.seed, "-", index));
  d->set_region_code(options.regions[rng.Int(0, options.regions.size() - 1)]);
  auto* staff = d->mutable_staffing();
  staff->set_in_service(static_cast<int32_t>(rng.Int(5, 200)));
  staff->set_retired_cadres(0);
  staff->set_retired(static_cast<int32_t>(rng.Int(0, 100)));
  staff->set_actual_total(staff->in_service() + staff->retired());
}

Totals FillSummaryTables(Random& rng, FinalAccounts& a) {
  // 表一–表四: fiscal appropriation A (all spent, no fiscal carry-over),
  // other income O, non-fiscal carry-over B in and C out.
  Totals t;
  const int64_t A = rng.Int(int64_t{100} * 100, int64_t{50000} * 100) * kUnit;
  const int64_t O = rng.Int(0, A / kUnit / 20) * kUnit;
  const int64_t B = rng.Int(0, A / kUnit / 30) * kUnit;
  const int64_t C = rng.Int(0, (O + B) / kUnit) * kUnit;
  const int64_t E = A + O + B - C;
  auto* t1 = a.mutable_income_expenditure_summary();
  t1->set_general_budget_appropriation_fen(A);
  t1->set_other_income_fen(O);
  t1->set_current_income_fen(A + O);
  t1->set_carryover_beginning_fen(B);
  t1->set_total_income_fen(A + O + B);
  t1->set_current_expenditure_fen(E);
  t1->set_carryover_end_fen(C);
  t1->set_total_expenditure_fen(E + C);
  t1->mutable_prior_year()->set_prior_year_fen(rng.Int(50, 150) * (A + O + B) / 100 / kUnit *
                                               kUnit);

  auto* t2 = a.mutable_income()->mutable_total();
  t2->set_total_fen(A + O);
  t2->set_fiscal_appropriation_fen(A);
  t2->set_other_income_fen(O);

  // Basic expenditure: fiscal B5, plus some of the non-fiscal spending.
  const int64_t B5 = rng.Int(5, 25) * A / 100 / kUnit * kUnit;
  const int64_t non_fiscal_basic = rng.Int(0, (E - A) / kUnit) * kUnit;
  auto* t3 = a.mutable_expenditure()->mutable_total();
  t3->set_total_fen(E);
  t3->set_basic_fen(B5 + non_fiscal_basic);
  t3->set_project_fen(E - B5 - non_fiscal_basic);
  t.A = A;
  t.O = O;
  t.B = B;
  t.C = C;
  t.E = E;
  t.B5 = B5;
  return t;
}

// 表五 and 表四 (by 类).
void FillFunctionTables(const Totals& totals, Random& rng, FinalAccounts& a) {
  const int64_t A = totals.A;
  const int64_t B5 = totals.B5;
  // 表五: split A over the template's 项 rows; 类 rows are their sums.
  auto* t5 = a.mutable_general_budget_expenditure();
  std::vector<int> item_rows;
  std::vector<int64_t> weights;
  for (int i = 0; i < t5->rows_size(); ++i) {
    if (t5->rows(i).function_code().size() != 7) continue;
    item_rows.push_back(i);
    // 科技成果转化与扩散 carries most of a science bureau's spending, as in the seed.
    const int64_t boost = t5->rows(i).function_code() == "2060404" ? 20 : 1;
    weights.push_back(t5->rows(i).total_fen() > 0 ? rng.Int(1, 100) * boost : 0);
  }
  const std::vector<int64_t> parts = Split(A / kUnit, weights);
  std::map<std::string, int64_t> class_totals;
  int64_t prior_total = 0;
  for (size_t k = 0; k < item_rows.size(); ++k) {
    auto* row = t5->mutable_rows(item_rows[k]);
    const int64_t amount = parts[k] * kUnit;
    const int64_t prior = rng.Int(50, 150) * amount / 100 / kUnit * kUnit +
                          (amount == 0 ? rng.Int(0, 500) * kUnit : 0);
    row->set_total_fen(amount);
    row->set_prior_year_fen(prior);
    if (prior != amount && row->change_reason().empty()) row->set_change_reason("本年项目安排变化");
    class_totals[row->function_code().substr(0, 3)] += amount;
    prior_total += prior;
  }
  for (auto& row : *t5->mutable_rows()) {
    if (row.function_code().size() == 3) row.set_total_fen(class_totals[row.function_code()]);
  }
  t5->mutable_total()->set_total_fen(A);
  t5->mutable_total()->set_basic_fen(B5);
  t5->mutable_total()->set_project_fen(A - B5);
  t5->mutable_total()->set_prior_year_fen(prior_total);
  t5->mutable_prior_year()->set_prior_year_fen(prior_total);
  t5->mutable_initial_budget()->set_budget_fen(rng.Int(60, 110) * A / 100 / kUnit * kUnit);

  auto* t4 = a.mutable_fiscal_summary();
  for (auto* columns : {t4->mutable_current_income(), t4->mutable_total_income(),
                        t4->mutable_current_expenditure(), t4->mutable_total_expenditure()}) {
    columns->set_total_fen(A);
    columns->set_general_budget_fen(A);
  }
  for (auto& row : *t4->mutable_expenditure_rows()) {
    row.mutable_amounts()->set_total_fen(class_totals[row.function_code()]);
    row.mutable_amounts()->set_general_budget_fen(class_totals[row.function_code()]);
  }
  t4->mutable_prior_year()->set_prior_year_fen(prior_total);
  t4->mutable_initial_budget()->set_budget_fen(t5->initial_budget().budget_fen());
}

void FillOtherTables(const Totals& totals, Random& rng, FinalAccounts& a) {
  const int64_t B5 = totals.B5;
  const int64_t E = totals.E;
  // 表六 and 机关运行经费.
  auto* t6 = a.mutable_general_budget_basic_expenditure();
  const int64_t personnel = rng.Int(80, 95) * B5 / 100 / kUnit * kUnit;
  t6->set_total_fen(B5);
  t6->set_personnel_fen(personnel);
  t6->set_public_fen(B5 - personnel);
  a.mutable_agency_operating_expenses()->set_amount_fen(B5 - personnel);
  a.mutable_agency_operating_expenses()->mutable_prior_year()->set_prior_year_fen(B5 - personnel);

  // 表七: reception and vehicle operation; budgets cover them.
  auto* t7 = a.mutable_three_public_expenses();
  const int64_t reception = rng.Int(0, 500) * kUnit;
  const int64_t vehicles = rng.Int(0, 2000) * kUnit;
  const int64_t reception_budget = reception + rng.Int(0, 50) * kUnit;
  const int64_t vehicles_budget = vehicles + rng.Int(0, 100) * kUnit;
  t7->mutable_reception()->set_actual_fen(reception);
  t7->mutable_reception()->set_budget_fen(reception_budget);
  t7->mutable_reception()->mutable_prior_year()->set_prior_year_fen(reception);
  t7->mutable_vehicle_operation()->set_actual_fen(vehicles);
  t7->mutable_vehicle_operation()->set_budget_fen(vehicles_budget);
  t7->mutable_vehicles()->set_actual_fen(vehicles);
  t7->mutable_vehicles()->set_budget_fen(vehicles_budget);
  t7->mutable_vehicles()->mutable_prior_year()->set_prior_year_fen(vehicles);
  t7->mutable_total()->set_actual_fen(reception + vehicles);
  t7->mutable_total()->set_budget_fen(reception_budget + vehicles_budget);
  t7->mutable_total()->mutable_prior_year()->set_prior_year_fen(reception + vehicles);

  // 政府采购.
  auto* p = a.mutable_procurement();
  const int64_t procured = rng.Int(0, E / kUnit / 10) * kUnit;
  const int64_t goods = rng.Int(0, procured / kUnit) * kUnit;
  p->set_total_fen(procured);
  p->set_goods_fen(goods);
  p->set_works_fen(0);
  p->set_services_fen(procured - goods);
  p->set_sme_contracts_fen(rng.Int(0, procured / kUnit) * kUnit);
  p->set_small_micro_contracts_fen(rng.Int(0, p->sme_contracts_fen() / kUnit) * kUnit);
}

void FillDepartmentWide(const Totals& totals, Random& rng, FinalAccounts& a) {
  const auto& [A, O, B, C, E, B5] = totals;
  const auto* t5 = &a.general_budget_expenditure();
  // 部门整体 funds: the prefecture's appropriation and other funds.
  auto* dw = a.mutable_performance()->mutable_department_wide();
  auto* funds = dw->mutable_funds();
  funds->clear_sources();
  auto* prefectural = funds->add_sources();
  prefectural->set_source(juesuan::accounts::v1::FUND_SOURCE_PREFECTURAL);
  prefectural->set_label("地（州、市）安排");
  prefectural->set_initial_budget_fen(t5->initial_budget().budget_fen());
  prefectural->set_annual_budget_fen(A + B);
  prefectural->set_executed_fen(E - O);
  auto* other = funds->add_sources();
  other->set_source(juesuan::accounts::v1::FUND_SOURCE_OTHER);
  other->set_label("其他资金");
  other->set_initial_budget_fen(O);
  other->set_annual_budget_fen(O);
  other->set_executed_fen(O);
  funds->mutable_total()->set_initial_budget_fen(prefectural->initial_budget_fen() + O);
  funds->mutable_total()->set_annual_budget_fen(A + O + B);
  funds->mutable_total()->set_executed_fen(E);
  for (auto& indicator : *dw->mutable_indicators()) PerturbIndicator(indicator, rng);
}

// Projects drawn from the template's, with their own funds and actuals;
// returns how many.
int AddProjects(const FinalAccounts& templ, const GeneratorOptions& options, Random& rng,
                FinalAccounts& a) {
  // Projects: drawn from the template's, with their own funds and actuals.
  const auto& templates = templ.performance().projects();
  auto* projects = a.mutable_performance()->mutable_projects();
  projects->Clear();
  const int count = static_cast<int>(rng.Int(options.min_projects, options.max_projects));
  for (int k = 0; k < count; ++k) {
    auto* project = projects->Add();
    *project = templates.Get(static_cast<int>(rng.Int(0, templates.size() - 1)));
    project->set_project_name(absl::StrCat(project->project_name(), "（", k + 1, "）"));
    const int64_t budget = rng.Int(int64_t{5} * 100, int64_t{5000} * 100) * kUnit;
    const int64_t rate = rng.Chance(70) ? rng.Int(9500, 10000) : rng.Int(3000, 9499);
    const int64_t executed = budget / kUnit * rate / 10000 * kUnit;
    auto* total = project->mutable_funds()->mutable_total();
    total->set_initial_budget_fen(budget);
    total->set_annual_budget_fen(budget);
    total->set_executed_fen(executed);
    for (auto& source : *project->mutable_funds()->mutable_sources()) {
      const bool fiscal = source.source() == juesuan::accounts::v1::FUND_SOURCE_CURRENT_YEAR_FISCAL;
      source.set_initial_budget_fen(fiscal ? budget : 0);
      source.set_annual_budget_fen(fiscal ? budget : 0);
      source.set_executed_fen(fiscal ? executed : 0);
    }
    for (auto& indicator : *project->mutable_indicators()) {
      PerturbIndicator(indicator, rng);
      indicator.clear_deviation_reason();
    }
  }
  return count;
}

void ReportScores(const juesuan::scoring::v1::ScoringProfile& profile, int count, Random& rng,
                  FinalAccounts& a) {
  auto* dw = a.mutable_performance()->mutable_department_wide();
  // Reported scores: what the profile computes (departments mostly add up
  // their own tables right), with a 偏差原因 for most shortfalls.
  const auto card = scoring::ScoreSelfEvaluations(a, profile);
  auto report = [&](auto* table, const juesuan::scoring::v1::TableScore& score) {
    table->mutable_execution()->set_reported_score(score.execution_score());
    table->mutable_execution()->set_reported_rate_percent(score.execution_rate_percent());
    for (int i = 0; i < table->indicators_size(); ++i) {
      auto* indicator = table->mutable_indicators(i);
      indicator->set_reported_score(score.indicators(i).score());
      if (score.indicators(i).score() != score.indicators(i).weight() && rng.Chance(90)) {
        indicator->set_deviation_reason("受项目实施进度影响，未完全达成年度目标，下一步加快推进。");
      }
    }
    table->set_reported_total_score(score.total_score());
  };
  report(dw, card.department_wide());
  for (int k = 0; k < count; ++k)
    report(a.mutable_performance()->mutable_projects(k), card.projects(k));
}

}  // namespace

AccountsGenerator::AccountsGenerator(GeneratorOptions options, FinalAccounts templ,
                                     juesuan::scoring::v1::ScoringProfile profile)
    : options_(std::move(options)), template_(std::move(templ)), profile_(std::move(profile)) {}

FinalAccounts AccountsGenerator::Generate(int64_t index) const {
  Random rng(options_.seed, index);
  FinalAccounts a = template_;
  a.set_fiscal_year(options_.fiscal_year);
  FillDepartment(options_, index, rng, a);
  const Totals totals = FillSummaryTables(rng, a);
  FillFunctionTables(totals, rng, a);
  FillOtherTables(totals, rng, a);
  FillDepartmentWide(totals, rng, a);
  const int count = AddProjects(template_, options_, rng, a);
  ReportScores(profile_, count, rng, a);
  return a;
}

FinalAccounts SeedTemplate() {
  FinalAccounts accounts;
  // Compiled in and tested: a parse failure is a build defect.
  const auto status = google::protobuf::util::JsonStringToMessage(
      std::string(embedded::seed_accounts_json()), &accounts);
  if (!status.ok()) std::abort();
  return accounts;
}

AccountsGenerator DefaultGenerator(GeneratorOptions options) {
  auto profiles = scoring::ProfileRegistry::Embedded();
  if (!profiles.ok()) std::abort();
  return AccountsGenerator(std::move(options), SeedTemplate(),
                           **(*profiles)->Get("scoringProfiles/changji-2023"));
}

}  // namespace juesuan::gen
