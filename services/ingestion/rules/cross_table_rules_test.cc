// The rules that hold beyond the seed: figures printed twice, fiscal money
// within all money, the Shanghai layout's own figures, on both real fixtures
// and on mutated copies of them.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingestion/rules/cell_labels.h"
#include "services/ingestion/rules/rule_engine.h"
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
using ::juesuan::testing::ShanghaiAccounts;
using ::juesuan::testing::TownshipAccounts;

const RuleEngine& Engine() {
  static const RuleEngine* const kEngine = [] {
    auto engine =
        RuleEngine::Create(*RuleEngine::EmbeddedCatalogue(), *codes::CodeTables::Embedded());
    EXPECT_TRUE(engine.ok()) << engine.status();
    return engine->release();
  }();
  return *kEngine;
}

constexpr int64_t kWan = 1000000;  // 1 万元 in 分
constexpr int64_t kCent = 10000;   // 0.01 万元 in 分

std::vector<std::string> Ids(const ValidationReport& report, Severity severity) {
  std::vector<std::string> ids;
  for (const Finding& f : report.findings()) {
    if (f.severity() == severity) ids.push_back(f.rule_id());
  }
  return ids;
}

// The findings, one a line, for a failure's message.
std::string Describe(const ValidationReport& report) {
  std::string out;
  for (const Finding& f : report.findings()) {
    absl::StrAppend(&out, "\n", Severity_Name(f.severity()), " ", f.rule_id(), " ", f.message(),
                    " ", f.provided(), " vs ", f.expected());
  }
  return out;
}

const Finding* Find(const ValidationReport& report, const std::string& rule_id) {
  for (const Finding& f : report.findings()) {
    if (f.rule_id() == rule_id) return &f;
  }
  return nullptr;
}

// The Shanghai fixture is a real published document: accepted with no fatal
// finding; its one impossible set of figures (42.14 万元 awarded to SMEs out
// of 21.07 万元 bought) is a warning; its 0.01 rounding gaps in 表六 are info.
TEST(ShanghaiFixtureTest, AcceptedWithItsOwnSlipsFound) {
  const ValidationReport report = Engine().Validate(ShanghaiAccounts());
  EXPECT_EQ(report.fatal_count(), 0) << Describe(report);
  EXPECT_THAT(Ids(report, SEVERITY_WARNING), ::testing::ElementsAre("PROC-AWARDED"));
  EXPECT_THAT(
      Ids(report, SEVERITY_INFO),
      ::testing::UnorderedElementsAre("T6-SPLIT", "T6-CLASS", "T6-TREE", "T89-EMPTY", "T89-EMPTY"));
  const Finding* awarded = Find(report, "PROC-AWARDED");
  ASSERT_NE(awarded, nullptr);
  EXPECT_EQ(awarded->provided(), "42.14");
  EXPECT_EQ(awarded->expected(), "21.07");
  EXPECT_THAT(report.provenance().code_table_version(), ::testing::StartsWith("2024 年科目表"));
}

TEST(ShanghaiFixtureTest, EveryCodeIsInThe2024Table) {
  const ValidationReport report = Engine().Validate(ShanghaiAccounts());
  for (const Finding& f : report.findings()) {
    EXPECT_NE(f.rule_id(), "CODE-FUNC") << f.message();
    EXPECT_NE(f.rule_id(), "CODE-ECON") << f.message();
    EXPECT_NE(f.rule_id(), "CODE-FUNC-NAME") << f.message();
  }
}

// Every cell a finding names is also named in the table's own words.
TEST(CellLabelTest, FindingsNameTableRowAndColumnAsPrinted) {
  FinalAccounts a = ShanghaiAccounts();
  a.mutable_general_budget_expenditure()->mutable_rows(7)->set_basic_fen(6190000);  // 6.18 → 6.19
  const ValidationReport report = Engine().Validate(a);
  const Finding* f = Find(report, "X-53-BASIC");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(f->cell_labels_size(), f->cells_size());
  EXPECT_EQ(f->cells(0), "general_budget_expenditure.rows[7].basic_fen");
  EXPECT_EQ(f->cell_labels(0), "表五 2080505 机关事业单位基本养老保险缴费支出 · 基本支出");
  EXPECT_EQ(f->cell_labels(1), "表三 2080505 机关事业单位基本养老保险缴费支出 · 基本支出");
  EXPECT_EQ(CellLabel(a, "income_expenditure_summary.current_income_fen"), "表一 本年收入合计");
  EXPECT_EQ(CellLabel(a, "fiscal_summary.current_income.general_budget_fen"),
            "表四 本年收入 · 一般公共预算财政拨款");
  EXPECT_EQ(CellLabel(a, "general_budget_basic_expenditure.rows[0].amount_fen"),
            "表六 301 工资福利支出 · 决算数");
  EXPECT_EQ(CellLabel(a, "income.total.total_fen"), "表二 合计 · 本年收入合计");
  EXPECT_EQ(CellLabel(a, "procurement.total_fen"), "政府采购 政府采购支出总额");
  EXPECT_EQ(CellLabel(a, "no.such.path"), "no.such.path");
}

// Lists every cell, not the first ten.
TEST(CellsPresentTest, EveryMissingCellIsListed) {
  FinalAccounts a = SeedAccounts();
  const ValidationReport report = Engine().Validate(a);
  const Finding* f = Find(report, "CELLS-T6");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->cells_size(), a.general_budget_basic_expenditure().rows_size());
  EXPECT_EQ(f->provided(), absl::StrCat(f->cells_size(), " 个未填报"));
}

struct Mutation {
  std::string name;
  bool shanghai;  // which fixture: the Shanghai layout's, or the seed
  std::string rule_id;
  Severity severity;
  std::function<void(FinalAccounts&)> mutate;
};

// Each cross-table identity broken in both directions, most by 0.01 万元.
std::vector<Mutation> Mutations() {
  auto t1 = [](FinalAccounts& a, int i) {
    return a.mutable_income_expenditure_summary()->mutable_expenditure_by_function(i);
  };
  auto t3 = [](FinalAccounts& a, int i) { return a.mutable_expenditure()->mutable_rows(i); };
  auto t4 = [](FinalAccounts& a, int i) {
    return a.mutable_fiscal_summary()->mutable_expenditure_rows(i)->mutable_amounts();
  };
  auto t5 = [](FinalAccounts& a, int i) {
    return a.mutable_general_budget_expenditure()->mutable_rows(i);
  };
  return {
      {"T1ClassUpByACent", true, "X-13-CLASS", SEVERITY_FATAL,
       [=](FinalAccounts& a) { t1(a, 0)->set_amount_fen(t1(a, 0)->amount_fen() + kCent); }},
      {"T3ClassUpByACent", true, "X-13-CLASS", SEVERITY_FATAL,
       [=](FinalAccounts& a) { t3(a, 0)->set_total_fen(t3(a, 0)->total_fen() + kCent); }},
      {"HundredWanMovedBetweenClassesOfT1", true, "X-13-CLASS", SEVERITY_FATAL,
       [=](FinalAccounts& a) {
         t1(a, 0)->set_amount_fen(t1(a, 0)->amount_fen() - 100 * kWan);
         t1(a, 3)->set_amount_fen(t1(a, 3)->amount_fen() + 100 * kWan);
       }},
      {"ClassMissingFromT1", true, "X-13-CLASS", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income_expenditure_summary()->mutable_expenditure_by_function()->RemoveLast();
       }},
      {"T4RowUpByACent", true, "X-45-ROW", SEVERITY_FATAL,
       [=](FinalAccounts& a) {
         t4(a, 1)->set_general_budget_fen(t4(a, 1)->general_budget_fen() + kCent);
       }},
      {"T5ClassUpByACent", true, "X-45-ROW", SEVERITY_FATAL,
       [=](FinalAccounts& a) { t5(a, 5)->set_total_fen(t5(a, 5)->total_fen() + kCent); }},
      {"SeedT4RowDownByACent", false, "X-45-ROW", SEVERITY_FATAL,
       [=](FinalAccounts& a) {
         t4(a, 0)->set_general_budget_fen(t4(a, 0)->general_budget_fen() - kCent);
       }},
      {"FiscalClassAboveAllFunds", true, "X-41-CLASS", SEVERITY_FATAL,
       [=](FinalAccounts& a) { t4(a, 2)->set_total_fen(t4(a, 2)->total_fen() + kCent); }},
      {"AllFundsClassBelowFiscal", true, "X-41-CLASS", SEVERITY_FATAL,
       [=](FinalAccounts& a) { t1(a, 1)->set_amount_fen(t1(a, 1)->amount_fen() - kCent); }},
      {"T5ItemAboveT3", true, "X-53-ROW", SEVERITY_FATAL,
       [=](FinalAccounts& a) { t3(a, 11)->set_total_fen(t3(a, 11)->total_fen() - kCent); }},
      {"T5BasicAboveT3", true, "X-53-BASIC", SEVERITY_FATAL,
       [=](FinalAccounts& a) { t3(a, 2)->set_basic_fen(t3(a, 2)->basic_fen() - kCent); }},
      {"T5ProjectAboveT3", true, "X-53-PROJECT", SEVERITY_FATAL,
       [=](FinalAccounts& a) { t5(a, 4)->set_project_fen(t5(a, 4)->project_fen() + kCent); }},
      {"T5TotalBasicAboveT3", true, "X-53-TOTAL", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         auto* t = a.mutable_general_budget_expenditure()->mutable_total();
         t->set_basic_fen(t->basic_fen() + kCent);
       }},
      {"T4SpendingAboveT1", true, "X-14-OUT", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         auto* t = a.mutable_income_expenditure_summary();
         t->set_current_expenditure_fen(t->current_expenditure_fen() - kCent);
       }},
      {"T4CarryoverAboveT1", true, "X-14-CARRY-BEGIN", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_fiscal_summary()->mutable_carryover_beginning()->set_total_fen(kCent);
       }},
      {"T4CarryoverEndAboveT1", true, "X-14-CARRY-END", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_fiscal_summary()->mutable_carryover_end()->set_total_fen(kCent);
       }},
      {"T4FundIncomeNotInT1", true, "X-14-GF", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_fiscal_summary()->mutable_current_income()->set_government_fund_fen(kCent);
       }},
      {"T1CapitalIncomeNotInT4", true, "X-14-SC", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income_expenditure_summary()->set_state_capital_appropriation_fen(kCent);
       }},
      {"T2SuperiorSubsidyNotInT1", true, "X-12-SUPERIOR", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income()->mutable_total()->set_superior_subsidy_fen(kCent);
       }},
      {"T1BusinessIncomeNotInT2", true, "X-12-BUSINESS", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income_expenditure_summary()->set_business_income_fen(kCent);
       }},
      {"T2OperatingIncomeNotInT1", true, "X-12-OPERATING", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income()->mutable_total()->set_operating_income_fen(kCent);
       }},
      {"T1AffiliatedNotInT2", true, "X-12-AFFILIATED", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_income_expenditure_summary()->set_affiliated_remittance_fen(kCent);
       }},
      {"T8IncomeNotInT4", true, "X-48-IN", SEVERITY_FATAL,
       [](FinalAccounts& a) { a.mutable_government_fund()->set_income_fen(kCent); }},
      {"T9IncomeNotInT4", true, "X-49-IN", SEVERITY_FATAL,
       [](FinalAccounts& a) { a.mutable_state_capital()->set_income_fen(kCent); }},
      {"T8CarryoverNotInT4", true, "X-48-CARRY-BEGIN", SEVERITY_FATAL,
       [](FinalAccounts& a) { a.mutable_government_fund()->set_carryover_beginning_fen(kCent); }},
      {"T4FundCarryoverNotInT8", true, "X-48-CARRY-END", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_fiscal_summary()->mutable_carryover_end()->set_government_fund_fen(kCent);
       }},
      {"T9CarryoverNotInT4", true, "X-49-CARRY-BEGIN", SEVERITY_FATAL,
       [](FinalAccounts& a) { a.mutable_state_capital()->set_carryover_beginning_fen(kCent); }},
      {"T4CapitalCarryoverNotInT9", true, "X-49-CARRY-END", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         a.mutable_fiscal_summary()->mutable_carryover_end()->set_state_capital_fen(kCent);
       }},
      {"T4FundRowNotInT8", true, "X-48-ROW", SEVERITY_FATAL,
       [=](FinalAccounts& a) { t4(a, 0)->set_government_fund_fen(kCent); }},
      {"T9RowNotInT4", true, "X-49-ROW", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         auto* row = a.mutable_state_capital()->add_expenditure_rows();
         row->set_function_code("201");
         row->set_total_fen(kCent);
       }},
      {"T5BasicNotT6Split", true, "X-56-SPLIT", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         auto* t = a.mutable_general_budget_basic_expenditure();
         t->clear_total_fen();  // as the table prints it: 人员经费合计 and 公用经费合计 only
         t->set_public_fen(t->public_fen() + 2 * kCent);
       }},
      {"T6ClassOffItsItems", true, "T6-TREE", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         auto* row = a.mutable_general_budget_basic_expenditure()->mutable_rows(0);  // 301
         row->set_amount_fen(row->amount_fen() + kWan);
       }},
      {"RatingsDoNotAddUp", true, "PERF-SUMMARY-RATINGS", SEVERITY_WARNING,
       [](FinalAccounts& a) { a.mutable_performance()->mutable_summary()->set_rated_good(1); }},
      {"ProblemsDoNotAddUp", true, "PERF-SUMMARY-PROBLEMS", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         auto* s = a.mutable_performance()->mutable_summary();
         s->set_problems_found(2);
         s->set_problems_fixed(1);
         s->set_problems_being_fixed(0);
       }},
      {"SmallReservedAboveSme", true, "PROC-RESERVED", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_procurement()->set_small_micro_reserved_budget_fen(
             a.procurement().sme_reserved_budget_fen() + kWan);
       }},
      {"SmallAwardedAboveSme", true, "PROC-AWARDED-SMALL", SEVERITY_WARNING,
       [](FinalAccounts& a) {
         a.mutable_procurement()->set_small_micro_awarded_in_reservation_fen(
             a.procurement().sme_awarded_in_reservation_fen() + kWan);
       }},
      {"SmeContractsNotItsParts", true, "PROC-SME-SPLIT", SEVERITY_WARNING,
       [](FinalAccounts& a) { a.mutable_procurement()->set_sme_contracts_fen(30 * kWan); }},
      {"PerformanceFundsOfSixDecimals", false, "UNIT-PRECISION-PERF", SEVERITY_FATAL,
       [](FinalAccounts& a) {
         auto* total =
             a.mutable_performance()->mutable_projects(0)->mutable_funds()->mutable_total();
         total->set_executed_fen(total->executed_fen() + 1);
       }},
      {"YearWithoutATable", false, "CODE-TABLE", SEVERITY_INFO,
       [](FinalAccounts& a) { a.set_fiscal_year(2019); }},
  };
}

class CrossTableMutationTest : public ::testing::TestWithParam<Mutation> {};

TEST_P(CrossTableMutationTest, TheRuleFiresNamingEveryCell) {
  const Mutation& m = GetParam();
  const FinalAccounts original = m.shanghai ? ShanghaiAccounts() : SeedAccounts();
  FinalAccounts mutated = original;
  m.mutate(mutated);
  bool fired = false;
  const ValidationReport report = Engine().Validate(mutated);
  for (const Finding& f : report.findings()) {
    if (f.rule_id() != m.rule_id || f.severity() != m.severity) continue;
    fired = true;
    EXPECT_FALSE(f.cells().empty());
    EXPECT_EQ(f.cell_labels_size(), f.cells_size());
    // A figure printed in two tables is named in both (unless one table
    // does not print the row at all).
    if (m.rule_id.rfind("X-", 0) == 0 && f.message().find("只在一张表") == std::string::npos) {
      std::set<std::string> tables;
      for (const std::string& label : f.cell_labels())
        tables.insert(label.substr(0, label.find(' ')));
      EXPECT_GE(tables.size(), 2u) << f.message();
    }
  }
  EXPECT_TRUE(fired) << m.rule_id << " did not fire as " << Severity_Name(m.severity);
  const ValidationReport before = Engine().Validate(original);
  for (const Finding& f : before.findings()) {
    EXPECT_FALSE(f.rule_id() == m.rule_id && f.severity() == m.severity)
        << m.rule_id << " fires on the fixture itself";
  }
}

INSTANTIATE_TEST_SUITE_P(BothFixtures, CrossTableMutationTest, ::testing::ValuesIn(Mutations()),
                         [](const ::testing::TestParamInfo<Mutation>& param_info) {
                           return param_info.param.name;
                         });

// The same figure printed in two tables: both cells named, the difference
// exact (no rounding tolerance: each printing is the same rounded figure).
TEST(SameFigureTest, AOneCentDifferenceNamesBothCells) {
  FinalAccounts a = ShanghaiAccounts();
  // 表一 201 264.87, 表三 201 264.88.
  a.mutable_expenditure()->mutable_rows(0)->set_total_fen(264880000);
  a.mutable_expenditure()->mutable_total()->set_total_fen(307830000);
  const ValidationReport report = Engine().Validate(a);
  const Finding* f = Find(report, "X-13-CLASS");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity(), SEVERITY_FATAL);
  EXPECT_THAT(f->cells(), ::testing::ElementsAre(
                              "income_expenditure_summary.expenditure_by_function[0].amount_fen",
                              "expenditure.rows[0].total_fen"));
  EXPECT_THAT(f->cell_labels(), ::testing::ElementsAre("表一 201 一般公共服务支出 · 决算数",
                                                       "表三 201 一般公共服务支出 · 本年支出合计"));
  EXPECT_EQ(f->provided(), "264.87");
  EXPECT_EQ(f->expected(), "264.88");
  EXPECT_EQ(f->difference(), "-0.01");
  EXPECT_EQ(f->tolerance(), "0");
}

// 表一 and 表三 count all money; 表四 and 表五 only fiscal money. Spending of
// other money makes them differ, and that is no finding.
TEST(SameFigureTest, NonFiscalSpendingIsALegitimateDifference) {
  FinalAccounts a = ShanghaiAccounts();
  auto* t1 = a.mutable_income_expenditure_summary();
  t1->set_business_income_fen(5 * kWan);
  t1->set_current_income_fen(t1->current_income_fen() + 5 * kWan);
  t1->set_total_income_fen(t1->total_income_fen() + 5 * kWan);
  t1->set_current_expenditure_fen(t1->current_expenditure_fen() + 5 * kWan);
  t1->set_total_expenditure_fen(t1->total_expenditure_fen() + 5 * kWan);
  t1->mutable_expenditure_by_function(0)->set_amount_fen(
      t1->expenditure_by_function(0).amount_fen() + 5 * kWan);
  auto* t2 = a.mutable_income();
  t2->mutable_total()->set_total_fen(t2->total().total_fen() + 5 * kWan);
  t2->mutable_total()->set_business_income_fen(5 * kWan);
  for (int i : {0, 1, 4}) {  // 201, 20139, 2013999
    auto* row = t2->mutable_rows(i);
    row->set_total_fen(row->total_fen() + 5 * kWan);
    row->set_business_income_fen(5 * kWan);
    auto* out = a.mutable_expenditure()->mutable_rows(i);
    out->set_total_fen(out->total_fen() + 5 * kWan);
    out->set_project_fen(out->project_fen() + 5 * kWan);
  }
  auto* t3 = a.mutable_expenditure()->mutable_total();
  t3->set_total_fen(t3->total_fen() + 5 * kWan);
  t3->set_project_fen(t3->project_fen() + 5 * kWan);
  const ValidationReport report = Engine().Validate(a);
  EXPECT_EQ(report.fatal_count(), 0) << Describe(report);
  for (const Finding& f : report.findings()) {
    EXPECT_THAT(f.rule_id(), ::testing::Not(::testing::StartsWith("X-")))
        << f.rule_id() << " " << f.message();
  }
}

// Inequalities between rounded figures: each figure may be half a unit off,
// so 251.26 against a printed 251.25 holds before rounding (INFO); 0.02 over
// two figures does not.
TEST(InequalityToleranceTest, EachRoundedFigureMayBeHalfAUnitOff) {
  FinalAccounts a = SeedAccounts();
  auto* p = a.mutable_procurement();
  p->set_sme_contracts_fen(p->total_fen() + kCent);
  p->set_small_micro_contracts_fen(0);
  ValidationReport report = Engine().Validate(a);
  const Finding* f = Find(report, "PROC-SME");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity(), SEVERITY_INFO);
  p->set_sme_contracts_fen(p->total_fen() + 2 * kCent);
  report = Engine().Validate(a);
  f = Find(report, "PROC-SME");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity(), SEVERITY_FATAL);
}

// Self-evaluation tables print 3 or 4 decimals in 万元 (89.974): accepted as
// printed; the nine tables keep their 2.
TEST(PrecisionTest, SelfEvaluationFundsMayHaveFourDecimals) {
  FinalAccounts a = SeedAccounts();
  auto* total = a.mutable_performance()->mutable_projects(0)->mutable_funds()->mutable_total();
  total->set_executed_fen(total->executed_fen() + 4000);  // 0.004 万元
  ValidationReport report = Engine().Validate(a);
  EXPECT_EQ(Find(report, "UNIT-PRECISION"), nullptr);
  EXPECT_EQ(Find(report, "UNIT-PRECISION-PERF"), nullptr);
  a.mutable_procurement()->set_goods_fen(a.procurement().goods_fen() + 4000);
  report = Engine().Validate(a);
  const Finding* f = Find(report, "UNIT-PRECISION");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->cells(0), "procurement.goods_fen");
}

// Where the tables were transcribed as printed, a blank cell beside stated
// figures is 0: a 表五 row printed 51.32 | 51.32 | (blank) still adds up, and
// one printed 51.33 | 51.32 | (blank) does not.
TEST(BlankCellsTest, ABlankPrintedCellIsNothing) {
  FinalAccounts a = ShanghaiAccounts();
  auto* row = a.mutable_general_budget_expenditure()->mutable_rows(2);  // 2013901
  ASSERT_FALSE(row->has_project_fen());
  ValidationReport report = Engine().Validate(a);
  EXPECT_EQ(Find(report, "T5-ROW"), nullptr);
  row->set_total_fen(row->total_fen() + kCent);
  report = Engine().Validate(a);
  const Finding* f = Find(report, "T5-ROW");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity(), SEVERITY_FATAL);
  // Unless the accounts say blanks are not stated: then nothing is known.
  a.clear_blank_cells();
  report = Engine().Validate(a);
  for (const Finding& g : report.findings()) {
    EXPECT_FALSE(g.rule_id() == "T5-ROW" && g.severity() == SEVERITY_FATAL);
  }
}

// The township's project table as printed: its 年度资金总额 row (0 / 0 / 0)
// is not the sum of its 本年财政拨款 row (90 / 89.974 / 89.974), which is a
// real slip and refused; the 3-decimal 89.974 is not. With the total row
// left blank the table is accepted (and scored from its parts).
TEST(TownshipFixtureTest, AZeroTotalRowIsRefusedAndABlankOneAccepted) {
  FinalAccounts a = TownshipAccounts();
  ValidationReport report = Engine().Validate(a);
  const std::vector<std::string> fatal = Ids(report, SEVERITY_FATAL);
  EXPECT_THAT(fatal, ::testing::Contains(::testing::StartsWith("PERF-FUNDS"))) << Describe(report);
  for (const std::string& id : fatal)
    EXPECT_THAT(id, ::testing::StartsWith("PERF-FUNDS")) << Describe(report);
  EXPECT_EQ(Find(report, "UNIT-PRECISION"), nullptr);
  EXPECT_EQ(Find(report, "UNIT-PRECISION-PERF"), nullptr);

  auto* total = a.mutable_performance()->mutable_projects(0)->mutable_funds()->mutable_total();
  total->clear_initial_budget_fen();
  total->clear_annual_budget_fen();
  total->clear_executed_fen();
  report = Engine().Validate(a);
  EXPECT_THAT(Ids(report, SEVERITY_FATAL), ::testing::IsEmpty()) << Describe(report);
}

}  // namespace
}  // namespace juesuan::ingestion
