// The tables real layouts print with headers over headers (表七) and the
// fund tables (表八, 表九), read with figures: the Shanghai template's own
// pages, with figures set under its printed headers as a department would
// fill them, and the Ministry of Finance's 公开07表, 公开08表 and 公开09表 laid
// out as they are printed (栏次 row included).
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "import/importer.h"
#include "import/table_reader.h"
#include "tests/support/test_support.h"

namespace juesuan::import {
namespace {

namespace acc = ::juesuan::accounts::v1;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using Page = std::vector<pdf::PdfWord>;

// A word of `text` (CJK 9 points a character, digits and marks 5) centred
// at x on the line at y.
pdf::PdfWord At(const std::string& text, double x, double y) {
  double width = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t n = c < 0x80 ? 1 : (c < 0xE0 ? 2 : (c < 0xF0 ? 3 : 4));
    width += n == 1 ? 5 : 9;
    i += n;
  }
  return {text, x - width / 2, y - 4.5, x + width / 2, y + 4.5};
}

// The Shanghai template's page printing `title`: its words from the title's
// line down to the table's note (the blank table's own note left off).
Page TemplatePage(const std::string& title) {
  const std::string pdf = juesuan::testing::ReadSourceFile("tests/data/shanghai-template-2024.pdf");
  absl::StatusOr<std::vector<Page>> pages = pdf::ExtractWords(pdf, pdf::PdfLimits());
  EXPECT_TRUE(pages.ok()) << pages.status();
  for (const Page& page : *pages) {
    double top = -1;
    for (const pdf::PdfWord& w : page) {
      const std::string text = Squeeze(w.text);
      if (text == title) top = w.y0;
    }
    if (top < 0) continue;
    double note = 1e9;
    for (const pdf::PdfWord& w : page) {
      if (w.y0 > top && absl::StartsWith(Squeeze(w.text), "注：")) note = std::min(note, w.y0);
    }
    Page out;
    for (const pdf::PdfWord& w : page) {
      if (w.y0 >= top - 1 && w.y0 < note - 1) out.push_back(w);
    }
    return out;
  }
  ADD_FAILURE() << title << " not in the template";
  return {};
}

// The header words of `page` that read `label`, left to right.
std::vector<pdf::PdfWord> Headers(const Page& page, const std::string& label) {
  std::vector<pdf::PdfWord> out;
  for (const pdf::PdfWord& w : page) {
    if (Squeeze(w.text) == label) out.push_back(w);
  }
  std::sort(out.begin(), out.end(),
            [](const pdf::PdfWord& a, const pdf::PdfWord& b) { return a.x0 < b.x0; });
  return out;
}

double Bottom(const Page& page) {
  double y = 0;
  for (const pdf::PdfWord& w : page) y = std::max(y, w.y1);
  return y;
}

std::string Report(const Imported& imported) {
  return absl::StrJoin(imported.report.issues(), "\n");
}

const std::string kThreePublic = "财政拨款“三公”经费支出决算表";

TEST(LayoutsTest, ShanghaisThreePublicTablePairsUnderEachLine) {
  Page page = TemplatePage(kThreePublic);
  const std::vector<pdf::PdfWord> kinds = [&] {
    std::vector<pdf::PdfWord> all = Headers(page, "预算数");
    for (const pdf::PdfWord& w : Headers(page, "决算数")) all.push_back(w);
    std::sort(all.begin(), all.end(),
              [](const pdf::PdfWord& a, const pdf::PdfWord& b) { return a.x0 < b.x0; });
    return all;
  }();
  ASSERT_EQ(kinds.size(), 12u);
  // 合计, 因公出国, 小计, 购置费, 运行维护费, 接待费: budget, actual each;
  // the vehicles' purchase budget printed blank.
  const std::vector<std::string> figures = {"12.50", "10.30", "2.00", "1.80", "8.00", "6.50",
                                            "",      "0.00",  "8.00", "6.50", "2.50", "2.00"};
  const double y = Bottom(page) + 14;
  for (size_t i = 0; i < kinds.size(); ++i) {
    if (figures[i].empty()) continue;
    // Right-aligned in its cell: ending past its header's right edge.
    pdf::PdfWord w = At(figures[i], 0, y);
    const double width = w.x1 - w.x0;
    w.x1 = kinds[i].x1 + 4;
    w.x0 = w.x1 - width;
    page.push_back(w);
  }
  const Imported imported = ImportWords({page});
  const acc::ThreePublicExpenses& t = imported.accounts.three_public_expenses();
  EXPECT_EQ(t.total().budget_fen(), 12500000);
  EXPECT_EQ(t.total().actual_fen(), 10300000);
  EXPECT_EQ(t.overseas_travel().budget_fen(), 2000000);
  EXPECT_EQ(t.overseas_travel().actual_fen(), 1800000);
  EXPECT_EQ(t.vehicles().budget_fen(), 8000000);
  EXPECT_EQ(t.vehicles().actual_fen(), 6500000);
  EXPECT_FALSE(t.vehicle_purchase().has_budget_fen());  // printed blank: not stated
  EXPECT_TRUE(t.vehicle_purchase().has_actual_fen());
  EXPECT_EQ(t.vehicle_purchase().actual_fen(), 0);
  EXPECT_EQ(t.vehicle_operation().budget_fen(), 8000000);
  EXPECT_EQ(t.vehicle_operation().actual_fen(), 6500000);
  EXPECT_EQ(t.reception().budget_fen(), 2500000);
  EXPECT_EQ(t.reception().actual_fen(), 2000000);
  EXPECT_THAT(Report(imported), Not(HasSubstr("表七"))) << Report(imported);
}

// The Ministry's 公开07表: 预算数 over six columns, 决算数 over six, the
// vehicles' group over its three, the columns' numbers under them.
Page MinistryThreePublic(const std::vector<std::string>& figures) {
  Page page = {At("财政拨款“三公”经费支出决算表", 300, 40), At("公开07表", 520, 52),
               At("金额单位：万元", 500, 64)};
  const double left = 60;
  const double cell = 56;
  auto centre = [&](double from, double to) { return left + cell * (from + to) / 2; };
  page.push_back(At("预算数", centre(0, 6), 80));
  page.push_back(At("决算数", centre(6, 12), 80));
  for (int half : {0, 6}) {
    page.push_back(At("合计", centre(half, half + 1), 100));
    page.push_back(At("因公出国", centre(half + 1, half + 2), 95));
    page.push_back(At("（境）费", centre(half + 1, half + 2), 105));
    page.push_back(At("公务用车购置及运行费", centre(half + 2, half + 5), 92));
    page.push_back(At("小计", centre(half + 2, half + 3), 110));
    page.push_back(At("公务用", centre(half + 3, half + 4), 106));
    page.push_back(At("车购置费", centre(half + 3, half + 4), 116));
    page.push_back(At("公务用", centre(half + 4, half + 5), 106));
    page.push_back(At("车运行费", centre(half + 4, half + 5), 116));
    page.push_back(At("公务接待费", centre(half + 5, half + 6), 100));
  }
  page.push_back(At("栏次", 30, 130));
  for (int i = 0; i < 12; ++i) page.push_back(At(std::to_string(i + 1), centre(i, i + 1), 130));
  for (size_t i = 0; i < figures.size(); ++i) {
    if (!figures[i].empty()) page.push_back(At(figures[i], centre(i, i + 1) + 6, 144));
  }
  page.push_back(At("注：本表反映部门本年度“三公”经费支出预决算情况。", 200, 170));
  return page;
}

TEST(LayoutsTest, TheMinistrysThreePublicTableBudgetsThenActuals) {
  const Imported imported =
      ImportWords({MinistryThreePublic({"5.00", "0.00", "4.50", "0.00", "4.50", "0.50", "4.78", "",
                                        "4.30", "0.00", "4.30", "0.48"})});
  const acc::ThreePublicExpenses& t = imported.accounts.three_public_expenses();
  EXPECT_EQ(t.total().budget_fen(), 5000000);
  EXPECT_EQ(t.total().actual_fen(), 4780000);
  EXPECT_EQ(t.overseas_travel().budget_fen(), 0);
  EXPECT_FALSE(t.overseas_travel().has_actual_fen());
  EXPECT_EQ(t.vehicles().budget_fen(), 4500000);
  EXPECT_EQ(t.vehicles().actual_fen(), 4300000);
  EXPECT_EQ(t.vehicle_purchase().actual_fen(), 0);
  EXPECT_EQ(t.vehicle_operation().budget_fen(), 4500000);
  EXPECT_EQ(t.vehicle_operation().actual_fen(), 4300000);
  EXPECT_EQ(t.reception().budget_fen(), 500000);
  EXPECT_EQ(t.reception().actual_fen(), 480000);
  EXPECT_THAT(Report(imported), Not(HasSubstr("表七"))) << Report(imported);
}

TEST(LayoutsTest, AThreePublicFigureMisreadBreaksItsSumAndIsReported) {
  // 公务接待费 决算数 read as 4.80 for 0.48.
  const Imported imported =
      ImportWords({MinistryThreePublic({"5.00", "0.00", "4.50", "0.00", "4.50", "0.50", "4.78",
                                        "0.00", "4.30", "0.00", "4.30", "4.80"})});
  EXPECT_THAT(imported.report.issues(),
              Contains(HasSubstr("决算数: a line is not the sum of its parts")));
}

TEST(LayoutsTest, AFigureBetweenTwoColumnsIsReportedNotPlaced) {
  Page page = MinistryThreePublic({"5.00"});
  // A figure printed across the line between 合计 and 因公出国 (决算数 side).
  const double x = 60 + 56 * 7;
  page.push_back(At("1,234.56", x, 144));
  const Imported imported = ImportWords({page});
  EXPECT_THAT(imported.report.issues(), Contains(HasSubstr("1,234.56 (row")));
  EXPECT_FALSE(imported.accounts.three_public_expenses().total().has_actual_fen());
  EXPECT_FALSE(imported.accounts.three_public_expenses().overseas_travel().has_actual_fen());
}

// The Ministry's 公开08表 (and 09表): 本年支出 over 小计 | 基本支出 | 项目支出,
// the carry-overs and income beside it, 合计 and one 类/款/项.
Page MinistryFundTable(const std::string& title, const std::string& carryover) {
  Page page = {At(title, 300, 40), At("金额单位：万元", 500, 56)};
  page.push_back(At("项目", 110, 76));
  page.push_back(At("科目编码", 60, 92));
  page.push_back(At("科目名称", 160, 92));
  page.push_back(At("年初结转和", 250, 80));
  page.push_back(At("结余", 250, 90));
  page.push_back(At("本年收入", 320, 84));
  page.push_back(At("本年支出", 440, 76));
  page.push_back(At("小计", 390, 92));
  page.push_back(At("基本支出", 440, 92));
  page.push_back(At("项目支出", 490, 92));
  page.push_back(At("年末结转和", 560, 80));
  page.push_back(At("结余", 560, 90));
  page.push_back(At("栏次", 60, 108));
  for (int i = 1; i <= 6; ++i) page.push_back(At(std::to_string(i), 180 + 70 * i, 108));
  const std::vector<std::vector<std::string>> rows = {
      {"合计", "", "", carryover, "30.00", "28.00", "", "28.00", "2.00"},
      {"", "229", "其他支出", "", "30.00", "28.00", "", "28.00", "2.00"},
      {"", "22960", "彩票公益金安排的支出", "", "30.00", "28.00", "", "28.00", "2.00"},
      {"", "2296002", "用于社会福利的彩票公益金支出", "", "30.00", "28.00", "", "28.00", "2.00"}};
  double y = 124;
  for (const auto& row : rows) {
    if (!row[0].empty()) page.push_back(At(row[0], 110, y));
    if (!row[1].empty()) page.push_back(At(row[1], 60, y));
    if (!row[2].empty()) page.push_back(At(row[2], 160, y));
    const double xs[] = {250, 320, 390, 440, 490, 560};
    for (int c = 0; c < 6; ++c) {
      if (!row[3 + c].empty()) page.push_back(At(row[3 + c], xs[c] + 8, y));
    }
    y += 14;
  }
  page.push_back(At("注：本表反映部门本年度政府性基金预算财政拨款收入支出情况。", 250, y + 10));
  return page;
}

TEST(LayoutsTest, AFundTableWithFiguresIsPlacedByCode) {
  const Imported imported =
      ImportWords({MinistryFundTable("政府性基金预算财政拨款收入支出决算表", "0.00")});
  const acc::FundBudgetTable& f = imported.accounts.government_fund();
  EXPECT_EQ(f.carryover_beginning_fen(), 0);
  EXPECT_TRUE(f.has_carryover_beginning_fen());
  EXPECT_EQ(f.income_fen(), 30000000);
  EXPECT_EQ(f.expenditure_total().total_fen(), 28000000);
  EXPECT_FALSE(f.expenditure_total().has_basic_fen());
  EXPECT_EQ(f.expenditure_total().project_fen(), 28000000);
  EXPECT_EQ(f.carryover_end_fen(), 2000000);
  ASSERT_EQ(f.expenditure_rows_size(), 3);
  EXPECT_EQ(f.expenditure_rows(2).function_code(), "2296002");
  EXPECT_EQ(f.expenditure_rows(2).function_name(), "用于社会福利的彩票公益金支出");
  EXPECT_EQ(f.expenditure_rows(2).project_fen(), 28000000);
  // Each row's carry-overs and income: the accounts keep them for 合计.
  EXPECT_THAT(imported.report.issues(), Contains(HasSubstr("row 2296002: 30.00 under 「本年收入」: "
                                                           "kept for the table's 合计 only")));
}

TEST(LayoutsTest, ATableWhoseTitleIsPrintedAgainOnItsNextPageGoesOn) {
  const Page whole = MinistryFundTable("政府性基金预算财政拨款收入支出决算表", "0.00");
  // Its last two rows (y 166 and 180) on a page of their own, under the
  // title again with "（续）" and the headers again.
  Page first;
  Page second;
  for (const pdf::PdfWord& w : whole) {
    const double y = (w.y0 + w.y1) / 2;
    if (y < 160) first.push_back(w);
    if (y < 115) second.push_back(w);
    if (y > 160 && y < 190) second.push_back(w);
  }
  second[0].text = "政府性基金预算财政拨款收入支出决算表（续）";
  const Imported imported = ImportWords({first, second});
  const acc::FundBudgetTable& f = imported.accounts.government_fund();
  ASSERT_EQ(f.expenditure_rows_size(), 3) << Report(imported);
  EXPECT_EQ(f.expenditure_rows(2).function_code(), "2296002");
  EXPECT_THAT(Report(imported), Not(HasSubstr("printed twice")));
  ASSERT_EQ(imported.report.tables_size(), 1);
  EXPECT_THAT(imported.report.tables(0).pages(), ::testing::ElementsAre(1, 2));
}

TEST(LayoutsTest, The2023StateCapitalTableByItsOlderTitle) {
  const Imported imported =
      ImportWords({MinistryFundTable("国有资本经营预算财政拨款支出决算表", "")});
  EXPECT_EQ(imported.accounts.state_capital().expenditure_total().total_fen(), 28000000);
  EXPECT_FALSE(imported.accounts.state_capital().has_carryover_beginning_fen());
  EXPECT_THAT(imported.report.issues(),
              Not(Contains(HasSubstr("表九 国有资本经营预算财政拨款收入支出"
                                     "决算表: not found"))));
}

TEST(LayoutsTest, ShanghaisFundTableHeadersWithFigures) {
  Page page = TemplatePage("政府性基金预算财政拨款收入支出决算表");
  const double y = Bottom(page) + 14;
  const auto x_of = [&page](const std::string& label) {
    const std::vector<pdf::PdfWord> w = Headers(page, label);
    EXPECT_FALSE(w.empty()) << label;
    return w.empty() ? 0.0 : (w.back().x0 + w.back().x1) / 2;
  };
  page.push_back(At("合计", x_of("合计") - 200, y));
  page.push_back(At("12.00", x_of("本年收入"), y));
  page.push_back(At("11.00", x_of("合计"), y));
  page.push_back(At("11.00", x_of("项目支出"), y));
  page.push_back(At("1.00", x_of("结余") + 2, y));
  const Imported imported = ImportWords({page});
  const acc::FundBudgetTable& f = imported.accounts.government_fund();
  EXPECT_EQ(f.income_fen(), 12000000) << Report(imported);
  EXPECT_EQ(f.expenditure_total().total_fen(), 11000000);
  EXPECT_EQ(f.expenditure_total().project_fen(), 11000000);
  EXPECT_EQ(f.carryover_end_fen(), 1000000);
  EXPECT_FALSE(f.has_carryover_beginning_fen());
}

}  // namespace
}  // namespace juesuan::import
