#include "services/ingestion/rules/rule_engine.h"

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace juesuan::ingestion {
namespace {

using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::ingestion::v1::Finding;
using ::juesuan::ingestion::v1::Severity;
using ::juesuan::ingestion::v1::SEVERITY_FATAL;
using ::juesuan::ingestion::v1::SEVERITY_INFO;
using ::juesuan::ingestion::v1::SEVERITY_WARNING;
using ::juesuan::ingestion::v1::ValidationReport;
using ::juesuan::testing::SeedAccounts;
using ::juesuan::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr int64_t kWan = 1000000;  // 1 万元 in 分

const RuleEngine& Engine() {
  static const RuleEngine* const kEngine = [] {
    auto catalogue = RuleEngine::EmbeddedCatalogue();
    EXPECT_TRUE(catalogue.ok()) << catalogue.status();
    auto engine = RuleEngine::Create(*catalogue, *codes::CodeTables::Embedded());
    EXPECT_TRUE(engine.ok()) << engine.status();
    return engine->release();
  }();
  return *kEngine;
}

std::vector<std::string> RuleIds(const ValidationReport& report, Severity severity) {
  std::vector<std::string> ids;
  for (const Finding& f : report.findings()) {
    if (f.severity() == severity) ids.push_back(f.rule_id());
  }
  return ids;
}

const Finding* FindRule(const ValidationReport& report, const std::string& rule_id) {
  for (const Finding& f : report.findings()) {
    if (f.rule_id() == rule_id) return &f;
  }
  return nullptr;
}

TEST(RuleCatalogueTest, HasAtLeastTwentyRulesEachDescribed) {
  const auto& rules = Engine().rules();
  EXPECT_GE(rules.size(), 20u);
  std::set<Severity> severities;
  for (const auto& rule : rules) {
    EXPECT_EQ(rule.name(), absl::StrCat("validationRules/", rule.rule_id()));
    EXPECT_FALSE(rule.message().empty()) << rule.rule_id();
    EXPECT_FALSE(rule.tolerance().empty()) << rule.rule_id();
    EXPECT_FALSE(rule.cells().empty()) << rule.rule_id();
    EXPECT_EQ(rule.catalogue_version(), "2024.1");
    severities.insert(rule.severity());
  }
  EXPECT_EQ(severities, (std::set<Severity>{SEVERITY_FATAL, SEVERITY_WARNING, SEVERITY_INFO}));
}

// The seed is a real, published disclosure: it has no fatal finding; its
// rounding differences are info; its warnings are what the narrative-only
// source cannot supply (detail rows, per-row splits) and what a reviewer must
// look at (low execution rates, a budget deviation the accounts explain).
TEST(SeedValidationTest, NoFatalFindingsRoundingAsInfo) {
  const ValidationReport report = Engine().Validate(SeedAccounts());
  EXPECT_EQ(report.fatal_count(), 0);
  EXPECT_THAT(RuleIds(report, SEVERITY_INFO),
              UnorderedElementsAre("T1-IN", "T5-TREE", "T6-SPLIT", "T89-EMPTY", "T89-EMPTY"));
  EXPECT_THAT(RuleIds(report, SEVERITY_WARNING),
              UnorderedElementsAre("YN05", "DETAIL-ROWS-T1", "DETAIL-ROWS-T2", "DETAIL-ROWS-T3",
                                   "CELLS-T5", "CELLS-T6", "CELLS-T7", "PERF-RATE-LOW",
                                   "PERF-RATE-LOW", "PERF-RATE-LOW"));
  EXPECT_EQ(report.warning_count(), 10);
  EXPECT_EQ(report.info_count(), 5);
  // The budget deviation is explained by the accounts' own 主要原因.
  EXPECT_EQ(report.unexplained_warning_count(), 9);
  const Finding* yn05 = FindRule(report, "YN05");
  ASSERT_NE(yn05, nullptr);
  EXPECT_EQ(yn05->explanation().author(), "submission");
  EXPECT_THAT(yn05->explanation().text(), HasSubstr("年中追加"));
  EXPECT_EQ(yn05->provided(), "2022.37");  // 10,179.19 / 503.33
  // All but X-56-SPLIT, which checks 表六's parts only where it prints no
  // 基本支出合计; the seed's has one.
  EXPECT_EQ(report.rules_evaluated(), static_cast<int>(Engine().rules().size()) - 1);
}

TEST(SeedValidationTest, RoundingFindingNamesCellsValuesAndTolerance) {
  const ValidationReport report = Engine().Validate(SeedAccounts());
  const Finding* f = FindRule(report, "T1-IN");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->finding_id(), "T1-IN:income_expenditure_summary.total_income_fen");
  EXPECT_THAT(f->cells(), Contains("income_expenditure_summary.carryover_beginning_fen"));
  // 10,255.20 + 0.00 + 241.61 = 10,496.81 against a printed 10,496.80.
  EXPECT_EQ(f->provided(), "10496.80");
  EXPECT_EQ(f->expected(), "10496.81");
  EXPECT_EQ(f->difference(), "-0.01");
  EXPECT_EQ(f->tolerance(), "0.015");
  EXPECT_EQ(f->unit(), "万元");
}

TEST(SeedValidationTest, ValidationIsDeterministic) {
  const std::string a = Engine().Validate(SeedAccounts()).SerializeAsString();
  const std::string b = Engine().Validate(SeedAccounts()).SerializeAsString();
  EXPECT_EQ(a, b);
}

// One mutation of the seed per rule: the rule must fire, with its severity.
struct Mutation {
  std::string rule_id;
  Severity severity;
  std::function<void(FinalAccounts&)> mutate;
};

std::vector<Mutation> Mutations() {
  return {
      {"T1-IN", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income_expenditure_summary()->set_total_income_fen(
             a.income_expenditure_summary().total_income_fen() + kWan);
       }},
      {"T1-BAL", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income_expenditure_summary()->set_total_expenditure_fen(
             a.income_expenditure_summary().total_expenditure_fen() + kWan);
       }},
      {"T1-OUT", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income_expenditure_summary()->set_carryover_end_fen(
             a.income_expenditure_summary().carryover_end_fen() + kWan);
       }},
      {"T1-SUM-IN", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income_expenditure_summary()->set_business_income_fen(kWan);
       }},
      {"T1-SUM-OUT", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         auto* row = a.mutable_income_expenditure_summary()->add_expenditure_by_function();
         row->set_function_code("206");
         row->set_function_name("科学技术支出");
         row->set_amount_fen(100 * kWan);
       }},
      {"T2-ROW", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income()->mutable_total()->set_business_income_fen(kWan);
       }},
      {"X-12", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income()->mutable_total()->set_total_fen(a.income().total().total_fen() + kWan);
       }},
      {"X-12-OTHER", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income()->mutable_total()->set_other_income_fen(
             a.income().total().other_income_fen() + kWan);
       }},
      {"T3-ROW", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_expenditure()->mutable_total()->set_basic_fen(
             a.expenditure().total().basic_fen() + kWan);
       }},
      {"X-13", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_expenditure()->mutable_total()->set_total_fen(
             a.expenditure().total().total_fen() + kWan);
       }},
      {"T4-OUT", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_fiscal_summary()->mutable_carryover_end()->set_total_fen(kWan);
       }},
      {"T4-ROW", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_fiscal_summary()->mutable_carryover_end()->set_total_fen(kWan);
       }},
      {"T4-COL-GB", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_fiscal_summary()->mutable_carryover_end()->set_general_budget_fen(kWan);
       }},
      {"T4-SUM-OUT", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_fiscal_summary()->mutable_expenditure_rows(0)->mutable_amounts()->set_total_fen(
             2 * kWan);
       }},
      {"X-14", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_fiscal_summary()->mutable_current_income()->set_general_budget_fen(
             a.fiscal_summary().current_income().general_budget_fen() + kWan);
       }},
      {"X-24", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income()->mutable_total()->set_fiscal_appropriation_fen(
             a.income().total().fiscal_appropriation_fen() + kWan);
       }},
      {"T5-ROW", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         auto* row =
             a.mutable_general_budget_expenditure()->mutable_rows(3);  // 2013404 宗教事务 1.02
         row->set_basic_fen(row->total_fen());
         row->set_project_fen(kWan);
       }},
      {"T5-TREE", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         auto* row = a.mutable_general_budget_expenditure()->mutable_rows(4);  // 2060101 行政运行
         row->set_total_fen(row->total_fen() + kWan);
       }},
      {"X-45", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_fiscal_summary()->mutable_current_expenditure()->set_general_budget_fen(
             a.fiscal_summary().current_expenditure().general_budget_fen() + kWan);
       }},
      {"X-56", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_general_budget_basic_expenditure()->set_total_fen(
             a.general_budget_basic_expenditure().total_fen() + kWan);
       }},
      {"T6-SPLIT", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_general_budget_basic_expenditure()->set_public_fen(
             a.general_budget_basic_expenditure().public_fen() + kWan);
       }},
      {"T6-CLASS", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         // Amounts that do not add up to 人员经费 507.88 / 公用经费 44.60.
         for (auto& row : *a.mutable_general_budget_basic_expenditure()->mutable_rows()) {
           row.set_amount_fen(kWan);
         }
       }},
      {"T7-SUM", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_three_public_expenses()->mutable_reception()->set_actual_fen(kWan);
       }},
      {"T7-SUM-BUDGET-DETAIL", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_three_public_expenses()->mutable_reception()->set_budget_fen(kWan);
       }},
      {"T7-CAR", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_three_public_expenses()->mutable_vehicle_operation()->set_actual_fen(kWan);
       }},
      {"T89-BAL", SEVERITY_FATAL,
       [](FinalAccounts& a) { a.mutable_government_fund()->set_income_fen(kWan); }},
      {"X-48", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         auto* t = a.mutable_government_fund()->mutable_expenditure_total();
         t->set_total_fen(kWan);
         t->set_basic_fen(kWan);
         a.mutable_government_fund()->set_income_fen(kWan);
       }},
      {"CODE-FUNC", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_general_budget_expenditure()->mutable_rows(4)->set_function_code("206980");
       }},
      {"CODE-FUNC-NAME", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_general_budget_expenditure()->mutable_rows(4)->set_function_name("机构运行");
       }},
      {"CODE-ECON", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_general_budget_basic_expenditure()->mutable_rows(0)->set_economic_code("3019");
       }},
      {"CODE-ECON-NAME", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_general_budget_basic_expenditure()->mutable_rows(0)->set_economic_name("工资");
       }},
      {"UNIT-PRECISION", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_procurement()->set_goods_fen(a.procurement().goods_fen() + 1);
       }},
      {"PROC-SUM", SEVERITY_FATAL,
       [](FinalAccounts& a) { a.mutable_procurement()->set_works_fen(kWan); }},
      {"PROC-SME", SEVERITY_FATAL,
       [](FinalAccounts& a) { a.mutable_procurement()->set_sme_contracts_fen(100 * kWan); }},
      {"PROC-SMALL", SEVERITY_FATAL,
       [](FinalAccounts& a) { a.mutable_procurement()->set_small_micro_contracts_fen(81 * kWan); }},
      {"ASSET-VEH", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_state_assets()->mutable_vehicles_by_use()->set_principal(1);
       }},
      {"STAFF-SUM", SEVERITY_FATAL,
       [](FinalAccounts& a) { a.mutable_department()->mutable_staffing()->set_actual_total(45); }},
      {"OPEX-PUBLIC", SEVERITY_WARNING,
       [](FinalAccounts& a) { a.mutable_agency_operating_expenses()->set_amount_fen(50 * kWan); }},
      {"YN16", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_three_public_expenses()
             ->mutable_total()
             ->mutable_prior_year()
             ->set_prior_year_fen(kWan);
       }},
      {"YN16-1", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         auto* t = a.mutable_three_public_expenses();
         t->mutable_total()->set_budget_fen(kWan);
         t->mutable_reception()->set_budget_fen(0);
         t->mutable_vehicle_operation()->set_budget_fen(kWan);
       }},
      {"CARRYOVER-HIGH", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_income_expenditure_summary()->set_carryover_end_fen(5000 * kWan);
       }},
      {"REASON-YOY", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_general_budget_expenditure()->mutable_rows(4)->clear_change_reason();
       }},
      {"REASON-TOTAL-YOY", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_income_expenditure_summary()->mutable_prior_year()->clear_reason();
       }},
      {"REASON-OPEX", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_agency_operating_expenses()->mutable_prior_year()->clear_reason();
       }},
      {"PERF-FUNDS-EXECUTED", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_performance()
             ->mutable_projects(1)
             ->mutable_funds()
             ->mutable_total()
             ->set_executed_fen(9 * kWan);
       }},
      {"PERF-WEIGHT", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_performance()->mutable_projects(0)->mutable_indicators(0)->set_weight("7");
       }},
      {"PERF-SCORE-SUM", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_performance()->mutable_projects(0)->set_reported_total_score("61.27");
       }},
      {"PERF-SCORE-CAP", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_performance()
             ->mutable_department_wide()
             ->mutable_indicators(0)
             ->set_reported_score("16");
       }},
      {"PERF-RATE", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_performance()
             ->mutable_projects(0)
             ->mutable_execution()
             ->set_reported_rate_percent("11.39");
       }},
      {"PERF-REASON", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_performance()
             ->mutable_projects(0)
             ->mutable_indicators(1)
             ->clear_deviation_reason();
       }},
      {"X-PERF-EXECUTED", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         auto* funds = a.mutable_performance()->mutable_department_wide()->mutable_funds();
         funds->mutable_total()->set_executed_fen(funds->total().executed_fen() + kWan);
         funds->mutable_sources(4)->set_executed_fen(funds->sources(4).executed_fen() + kWan);
       }},
      {"X-VEHICLES", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_three_public_expenses()->set_vehicles_held(3);
         a.mutable_three_public_expenses()->clear_vehicles_held_difference_reason();
       }},
  };
}

class MutationTest : public ::testing::TestWithParam<Mutation> {};

TEST_P(MutationTest, TheRuleFires) {
  const Mutation& m = GetParam();
  FinalAccounts accounts = SeedAccounts();
  m.mutate(accounts);
  const ValidationReport report = Engine().Validate(accounts);
  bool fired = false;
  for (const Finding& f : report.findings()) {
    if (f.rule_id() != m.rule_id || f.severity() != m.severity) continue;
    fired = true;
    EXPECT_FALSE(f.cells().empty());
    EXPECT_EQ(f.finding_id().rfind(m.rule_id + ":", 0), 0u);
    EXPECT_THAT(f.message(), Not(::testing::IsEmpty()));
  }
  EXPECT_TRUE(fired) << m.rule_id << " did not fire as " << Severity_Name(m.severity);
  // The seed did not have it already.
  const ValidationReport seed_report = Engine().Validate(SeedAccounts());
  for (const Finding& f : seed_report.findings()) {
    EXPECT_FALSE(f.rule_id() == m.rule_id && f.severity() == m.severity) << m.rule_id;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryRule, MutationTest, ::testing::ValuesIn(Mutations()),
                         [](const ::testing::TestParamInfo<Mutation>& param_info) {
                           std::string name = param_info.param.rule_id;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(RoundingToleranceTest, OneUnitIsRoundingTwoUnitsIsAnError) {
  // T1-IN has three summed figures: up to 1.5 units (0.015 万元) is rounding.
  FinalAccounts accounts = SeedAccounts();
  auto* t1 = accounts.mutable_income_expenditure_summary();
  t1->set_total_income_fen(t1->total_income_fen() + 10000);  // now 0.00 off: exact
  t1->set_total_expenditure_fen(t1->total_expenditure_fen() + 10000);
  t1->set_carryover_end_fen(t1->carryover_end_fen() + 10000);
  ValidationReport report = Engine().Validate(accounts);
  EXPECT_EQ(FindRule(report, "T1-IN"), nullptr);
  t1->set_total_income_fen(t1->total_income_fen() + 20000);  // 0.02 off
  t1->set_total_expenditure_fen(t1->total_expenditure_fen() + 20000);
  t1->set_carryover_end_fen(t1->carryover_end_fen() + 20000);
  report = Engine().Validate(accounts);
  const Finding* f = FindRule(report, "T1-IN");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity(), SEVERITY_FATAL);
  EXPECT_EQ(f->difference(), "0.02");
}

TEST(RoundingToleranceTest, YuanSubmissionsAreExactToTheFen) {
  FinalAccounts accounts = SeedAccounts();
  accounts.set_amount_unit(juesuan::accounts::v1::AMOUNT_UNIT_YUAN);
  const ValidationReport report = Engine().Validate(accounts);
  // The same 0.01 万元 = 100 元 difference is far beyond 元 rounding.
  const Finding* f = FindRule(report, "T1-IN");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity(), SEVERITY_FATAL);
  EXPECT_EQ(f->difference(), "-100.00");
  EXPECT_EQ(f->unit(), "元");
}

// A code our table lacks is INFO naming the table, whether the table lists
// its parent's children completely (2069801) or not (2059901); a malformed
// code is FATAL.
TEST(CodeCheckTest, CodesNotInTheTableAreInfoNamingItMalformedAreFatal) {
  FinalAccounts accounts = SeedAccounts();
  for (const char* code : {"2069801", "2059901"}) {
    accounts.mutable_general_budget_expenditure()->mutable_rows(4)->set_function_code(code);
    const ValidationReport report = Engine().Validate(accounts);
    const Finding* f = FindRule(report, "CODE-FUNC");
    ASSERT_NE(f, nullptr) << code;
    EXPECT_EQ(f->severity(), SEVERITY_INFO) << code;
    EXPECT_THAT(f->message(), HasSubstr("2023 年科目表")) << code;
    EXPECT_THAT(f->message(), HasSubstr("保留其填报名称")) << code;
  }
  ValidationReport report;
  const Finding* f = nullptr;
  accounts.mutable_general_budget_expenditure()->mutable_rows(4)->set_function_code("20601O1");
  report = Engine().Validate(accounts);
  f = FindRule(report, "CODE-FUNC");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity(), SEVERITY_FATAL);
  EXPECT_THAT(f->message(), HasSubstr("格式不正确"));
  EXPECT_EQ(f->cells(0), "general_budget_expenditure.rows[4].function_code");
}

TEST(ExplainedByTest, TheAccountsOwnReasonExplainsAWarning) {
  FinalAccounts accounts = SeedAccounts();
  accounts.mutable_three_public_expenses()->set_vehicles_held(3);  // reason text is kept
  const ValidationReport report = Engine().Validate(accounts);
  const Finding* f = FindRule(report, "X-VEHICLES");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->explanation().text(), "与公务用车保有量一致无差异");
}

juesuan::config::v1::RuleCatalogue OneRule(const std::string& text) {
  auto catalogue = RuleEngine::ParseCatalogue(absl::StrCat("version: \"t\"\nrules {", text, "}"));
  EXPECT_TRUE(catalogue.ok()) << catalogue.status();
  return *catalogue;
}

TEST(CatalogueLoadingTest, BadCataloguesAreRefusedNamingTheRule) {
  auto tables = *codes::CodeTables::Embedded();
  const std::string head =
      "id: \"R-1\" severity: SEVERITY_FATAL category: RULE_CATEGORY_ACCURACY message: \"m\" ";
  EXPECT_THAT(
      RuleEngine::Create(
          OneRule(head +
                  "identity { lhs: \"procurement.nope_fen\" rhs: \"procurement.total_fen\" }"),
          tables),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("R-1")));
  EXPECT_THAT(RuleEngine::Create(OneRule(head + "builtin { name: \"no_such_check\" }"), tables),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown builtin")));
  EXPECT_THAT(
      RuleEngine::Create(
          OneRule(head + "builtin { name: \"unit_precision\" params { key: \"x\" value: \"y\" } }"),
          tables),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown parameter")));
  EXPECT_THAT(
      RuleEngine::Create(
          OneRule("id: \"bad id\" severity: SEVERITY_FATAL category: RULE_CATEGORY_ACCURACY "
                  "message: \"m\" builtin { name: \"unit_precision\" }"),
          tables),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("id must be")));
  EXPECT_THAT(RuleEngine::Create(OneRule("id: \"R-2\" category: RULE_CATEGORY_ACCURACY message: "
                                         "\"m\" builtin { name: \"unit_precision\" }"),
                                 tables),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no severity")));
  EXPECT_THAT(RuleEngine::Create(OneRule(head + "identity { lhs: \"procurement.total_fen\" rhs: "
                                                "\"department.staffing.in_service\" }"),
                                 tables),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("another kind")));
  EXPECT_THAT(RuleEngine::ParseCatalogue("version: \"x\" rules { idd: \"A\" }"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 1")));
  auto duplicate = RuleEngine::ParseCatalogue(
      absl::StrCat("version: \"t\" rules {", head, "builtin { name: \"unit_precision\" } } rules {",
                   head, "builtin { name: \"unit_precision\" } }"));
  ASSERT_TRUE(duplicate.ok());
  EXPECT_THAT(RuleEngine::Create(*duplicate, tables),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("duplicate id")));
}

TEST(CatalogueLoadingTest, YearBoundsSelectTheRules) {
  auto catalogue = OneRule(
      "id: \"R-1\" severity: SEVERITY_FATAL category: RULE_CATEGORY_ACCURACY message: \"m\" "
      "first_fiscal_year: 2024 identity { lhs: \"procurement.total_fen\" rhs: "
      "\"procurement.goods_fen\" }");
  auto engine = RuleEngine::Create(catalogue, *codes::CodeTables::Embedded());
  ASSERT_TRUE(engine.ok()) << engine.status();
  const ValidationReport report = (*engine)->Validate(SeedAccounts());  // 2023
  EXPECT_EQ(report.rules_evaluated(), 0);
  EXPECT_EQ(report.findings_size(), 0);
}

}  // namespace
}  // namespace juesuan::ingestion
