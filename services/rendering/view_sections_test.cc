// The wording rules, each with a case where it applies and one where it
// does not, on the sections alone and on whole documents of both templates
// rendered from accounts thinner than the seed's.
#include "services/rendering/view_sections.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/rendering/renderer.h"
#include "services/rendering/view_model.h"
#include "tests/support/test_support.h"

namespace juesuan::rendering {
namespace {

namespace acc = ::juesuan::accounts::v1;
namespace dv1 = ::juesuan::disclosure::v1;

// Whether `doc` contains `text` (a document is too long to print on failure).
bool Says(const std::string& doc, const std::string& text) {
  return doc.find(text) != std::string::npos;
}

constexpr int64_t kWan = 1000000;

const mstch::map& MapAt(const mstch::map& m, const std::string& key) {
  return boost::get<mstch::map>(m.at(key));
}
bool IsFalse(const mstch::node& n) {
  const bool* b = boost::get<bool>(&n);
  return b != nullptr && !*b;
}
std::string StringAt(const mstch::map& m, const std::string& key) {
  const std::string* s = boost::get<std::string>(&m.at(key));
  return s == nullptr ? std::string("<not a string>") : *s;
}

// A department that states little: a 2024 budget of 100 万元 spent in full,
// as much as the year before, on one 项 whose 类 and 款 rows are not printed.
acc::FinalAccounts ThinAccounts() {
  acc::FinalAccounts a;
  a.mutable_department()->set_name("departments/thin");
  a.mutable_department()->set_display_name("某区某局");
  a.set_fiscal_year(2024);
  auto* t1 = a.mutable_income_expenditure_summary();
  t1->set_general_budget_appropriation_fen(100 * kWan);
  t1->set_current_income_fen(100 * kWan);
  t1->set_total_income_fen(100 * kWan);
  t1->set_current_expenditure_fen(100 * kWan);
  t1->set_total_expenditure_fen(100 * kWan);
  t1->mutable_prior_year()->set_prior_year_fen(100 * kWan);
  a.mutable_expenditure()->mutable_total()->set_total_fen(100 * kWan);
  a.mutable_expenditure()->mutable_total()->set_basic_fen(100 * kWan);
  a.mutable_expenditure()->mutable_total()->set_project_fen(0);
  auto* t5 = a.mutable_general_budget_expenditure();
  t5->mutable_total()->set_total_fen(100 * kWan);
  auto* row = t5->add_rows();
  row->set_function_code("2010101");
  row->set_function_name("行政运行");
  row->set_total_fen(100 * kWan);
  row->mutable_budget()->set_annual_budget_fen(100 * kWan);
  return a;
}

std::string Render(const acc::FinalAccounts& a, const std::string& template_name,
                   dv1::Format format = dv1::FORMAT_TEXT) {
  const auto codes = *codes::CodeTables::Embedded();
  const auto registry = *TemplateRegistry::Embedded();
  const LoadedTemplate* t = *registry->Get(template_name);
  ViewInputs inputs;
  inputs.accounts = &a;
  inputs.code_tables = codes.get();
  inputs.wording = t->info.wording();
  inputs.template_name = template_name;
  return RenderTemplate(t->sources.at(format), BuildViewModel(inputs), format);
}

TEST(ViewSectionsTest, ACountNotSubmittedIsLeftOut) {
  acc::FinalAccounts a = ThinAccounts();
  const Wording w;
  const SectionContext thin(a, w, nullptr);
  const mstch::map thin_overview = OverviewSection(thin);
  EXPECT_TRUE(IsFalse(MapAt(thin_overview, "staffing").at("actual_total")));
  a.mutable_department()->mutable_staffing()->set_actual_total(0);
  const SectionContext stated(a, w, nullptr);
  const mstch::map overview = OverviewSection(stated);
  EXPECT_EQ(StringAt(MapAt(overview, "staffing"), "actual_total"), "0");
}

TEST(ViewSectionsTest, AnEmptyReasonGivesNoReasonClause) {
  const acc::FinalAccounts a = ThinAccounts();
  const Wording w;
  const SectionContext ctx(a, w, nullptr);
  const auto without = boost::get<mstch::map>(ChangeNode(ctx, 5, 4, ""));
  EXPECT_TRUE(IsFalse(without.at("reason")));
  const auto with = boost::get<mstch::map>(ChangeNode(ctx, 5, 4, "人员增加"));
  EXPECT_EQ(StringAt(with, "reason"), "人员增加");
  // No prior year: no change at all.
  EXPECT_TRUE(IsFalse(ChangeNode(ctx, 5, std::nullopt, "人员增加")));
}

TEST(ViewSectionsTest, ZeroItemsAreListedOnlyWhereTheTemplateLists_Them) {
  const acc::FinalAccounts a = ThinAccounts();
  Wording omit;
  omit.set_omit_zero_items(true);
  const std::vector<Kind> kinds = {
      {"基本支出", true, 100 * kWan}, {"项目支出", true, 0}, {"经营支出", false, 0}};
  EXPECT_EQ(KindList(SectionContext(a, omit, nullptr), kinds, 100 * kWan).size(), 1u);
  // Listed, but never one that was not submitted.
  EXPECT_EQ(KindList(SectionContext(a, Wording(), nullptr), kinds, 100 * kWan).size(), 2u);
}

TEST(ViewSectionsTest, NamesComeFromTheCodeTablesOrThePrintedRow) {
  acc::FinalAccounts a = ThinAccounts();
  const auto codes = *codes::CodeTables::Embedded();
  const Wording w;
  const mstch::map section = GeneralBudgetSection(SectionContext(a, w, codes.get()));
  const auto& items = boost::get<mstch::array>(MapAt(section, "gpb").at("items"));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(StringAt(boost::get<mstch::map>(items[0]), "class_name"), "一般公共服务支出");
  EXPECT_EQ(StringAt(boost::get<mstch::map>(items[0]), "kuan_name"), "人大事务");
  // The department's own printed name wins.
  auto* kuan = a.mutable_general_budget_expenditure()->add_rows();
  kuan->set_function_code("20101");
  kuan->set_function_name("人大事务（本级）");
  const mstch::map renamed = GeneralBudgetSection(SectionContext(a, w, codes.get()));
  const auto& named = boost::get<mstch::array>(MapAt(renamed, "gpb").at("items"));
  EXPECT_EQ(StringAt(boost::get<mstch::map>(named[0]), "kuan_name"), "人大事务（本级）");
}

TEST(ViewSectionsTest, TheRateOfABudgetIsAgainstTheAnnualOneWhenTheInitialIsZero) {
  acc::FinalAccounts a = ThinAccounts();
  auto* t5 = a.mutable_general_budget_expenditure();
  t5->mutable_initial_budget()->set_budget_fen(0);
  t5->mutable_annual_budget()->set_budget_fen(125 * kWan);
  const Wording w;
  mstch::map section = GeneralBudgetSection(SectionContext(a, w, nullptr));
  auto gpb = MapAt(section, "gpb");
  auto execution = boost::get<mstch::map>(gpb.at("execution"));
  EXPECT_EQ(StringAt(execution, "base"), "全年预算");
  EXPECT_EQ(StringAt(execution, "completion"), "80.00%");
  t5->mutable_initial_budget()->set_budget_fen(80 * kWan);
  section = GeneralBudgetSection(SectionContext(a, w, nullptr));
  gpb = MapAt(section, "gpb");
  execution = boost::get<mstch::map>(gpb.at("execution"));
  EXPECT_EQ(StringAt(execution, "base"), "年初预算");
  EXPECT_EQ(StringAt(execution, "completion"), "125.00%");
}

// The whole documents: nothing the department did not state.
TEST(ViewSectionsTest, ThinAccountsInventNothingInEitherTemplate) {
  for (const std::string name : {"templates/xinjiang-2023", "templates/shanghai-2024"}) {
    for (dv1::Format format : {dv1::FORMAT_TEXT, dv1::FORMAT_MARKDOWN, dv1::FORMAT_HTML}) {
      const std::string doc = Render(ThinAccounts(), name, format);
      const std::string where = name + " " + dv1::Format_Name(format);
      EXPECT_FALSE(Says(doc, "0 人")) << where;
      EXPECT_FALSE(Says(doc, "：。")) << where;
      EXPECT_FALSE(Says(doc, "包括。")) << where;
      EXPECT_FALSE(Says(doc, "主要原因是：。")) << where;
      EXPECT_FALSE(Says(doc, "平方米")) << where;
      EXPECT_FALSE(Says(doc, "0 个")) << where;
      EXPECT_FALSE(Says(doc, "20101（款）")) << where;  // by name, not code
      EXPECT_FALSE(Says(doc, "20101(款)")) << where;
      EXPECT_TRUE(Says(doc, "人大事务")) << where;
    }
  }
}

TEST(ViewSectionsTest, ShanghaiSaysFlatAndStatesNoPercentageOnAZeroBase) {
  acc::FinalAccounts a = ThinAccounts();
  std::string doc = Render(a, "templates/shanghai-2024");
  EXPECT_TRUE(Says(doc, "收入支出总计持平。"));
  EXPECT_FALSE(Says(doc, " 0.00%"));
  EXPECT_FALSE(Says(doc, "项目支出 0"));  // 0: 不涉及的不列
  EXPECT_TRUE(Says(doc, "决算数与全年预算数持平。"));
  // A rise from nothing: the amount, no rate.
  a.mutable_income_expenditure_summary()->mutable_prior_year()->set_prior_year_fen(0);
  doc = Render(a, "templates/shanghai-2024");
  EXPECT_TRUE(Says(doc, "收入支出总计增加 100.00 万元。"));
  EXPECT_FALSE(Says(doc, "增长 100.00%"));
  // A change: direction, amount and rate.
  a.mutable_income_expenditure_summary()->mutable_prior_year()->set_prior_year_fen(80 * kWan);
  EXPECT_TRUE(Says(Render(a, "templates/shanghai-2024"), "增加 20.00 万元，增长 25.00%。"));
}

// What a fuller department states: 三公 and a fund budget's 项 lines.
TEST(ViewSectionsTest, ShanghaiStatesThreePublicAndFundItemsAsTheyAre) {
  acc::FinalAccounts a = ThinAccounts();
  auto* t7 = a.mutable_three_public_expenses();
  t7->mutable_total()->set_budget_fen(10 * kWan);
  t7->mutable_total()->set_actual_fen(8 * kWan);
  t7->mutable_total()->set_budget_difference_reason("厉行节约");
  t7->mutable_total()->mutable_prior_year()->set_prior_year_fen(8 * kWan);
  t7->mutable_reception()->set_budget_fen(10 * kWan);
  t7->mutable_reception()->set_actual_fen(8 * kWan);
  t7->mutable_reception()->mutable_prior_year()->set_prior_year_fen(8 * kWan);
  t7->mutable_overseas_travel()->set_actual_fen(0);
  t7->set_reception_batches(12);
  auto* fund = a.mutable_government_fund();
  fund->set_income_fen(5 * kWan);
  fund->mutable_expenditure_total()->set_total_fen(5 * kWan);
  auto* row = fund->add_expenditure_rows();
  row->set_function_code("2120801");
  row->set_function_name("征地和拆迁补偿支出");
  row->set_total_fen(5 * kWan);
  row->mutable_budget()->set_main_uses("拆迁补偿");
  row->mutable_budget()->set_annual_budget_fen(5 * kWan);
  for (dv1::Format format : {dv1::FORMAT_TEXT, dv1::FORMAT_HTML}) {
    const std::string doc = Render(a, "templates/shanghai-2024", format);
    const std::string where = dv1::Format_Name(format);
    EXPECT_FALSE(Says(doc, "无“三公”经费财政拨款支出")) << where;
    EXPECT_TRUE(Says(doc, "完成预算的 80.00%")) << where;
    EXPECT_TRUE(Says(doc, "支出决算数小于预算数的主要原因：厉行节约。")) << where;
    EXPECT_TRUE(Says(doc, "支出决算数与 2023 年度持平")) << where;
    EXPECT_TRUE(Says(doc, "国内公务接待 12 批次。")) << where;
    EXPECT_FALSE(Says(doc, "因公出国（境）费支出")) << where;  // 0: 不涉及的不列
    EXPECT_TRUE(Says(doc, "主要用于：拆迁补偿。")) << where;
    EXPECT_TRUE(Says(doc, "决算数与全年预算数持平。")) << where;
    EXPECT_FALSE(Says(doc, "无政府性基金预算财政拨款收入和支出")) << where;
    EXPECT_FALSE(Says(doc, "：。")) << where;
    // Kept for a reader.
    if (format == dv1::FORMAT_TEXT) {
      const std::string dir = std::string(JUESUAN_BINARY_DIR) + "/test-artifacts";
      std::filesystem::create_directories(dir);
      std::ofstream(dir + "/shanghai-fuller-department.txt") << doc;
    }
  }
}

TEST(ViewSectionsTest, XinjiangWordsTheSeedsWayWhereItChoseTo) {
  acc::FinalAccounts a = ThinAccounts();
  std::string doc = Render(a, "templates/xinjiang-2023");
  // The seed's "增加 0.00 万元，增长 0.00%" for no change, and zero items listed.
  EXPECT_TRUE(Says(doc, "增加 0.00 万元，增长 0.00%"));
  EXPECT_TRUE(Says(doc, "项目支出 0.00 万元，占 0.00%"));
  a.mutable_income_expenditure_summary()->mutable_prior_year()->set_prior_year_fen(0);
  doc = Render(a, "templates/xinjiang-2023");
  EXPECT_TRUE(Says(doc, "增加 100.00 万元，增长 100.00%"));
}

}  // namespace
}  // namespace juesuan::rendering
