#include "codes/code_tables.h"

#include <algorithm>

#include "gtest/gtest.h"

namespace juesuan::codes {
namespace {

constexpr char kTable[] =
    "# a comment\n"
    "#! complete ROOT 206\n"
    "206\t科学技术支出\n"
    "20601\t科学技术管理事务\n"
    "2060101\t行政运行\n"
    "207\t文化旅游体育与传媒支出\n";

TEST(CodeTableTest, ListedCodesAreKnownAndNamed) {
  auto table = CodeTable::Parse(kTable, "test");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->Find("2060101"), CodeTable::Lookup::kKnown);
  EXPECT_EQ(table->NameOf("20601"), "科学技术管理事务");
  EXPECT_EQ(table->NameOf("999"), "");
}

TEST(CodeTableTest, UnknownOnlyWhereTheTableIsComplete) {
  auto table = *CodeTable::Parse(kTable, "test");
  // 类 are complete (ROOT): 999 does not exist, nor anything under it.
  EXPECT_EQ(table.Find("999"), CodeTable::Lookup::kUnknown);
  EXPECT_EQ(table.Find("9990101"), CodeTable::Lookup::kUnknown);
  // 206's 款 are complete: 20698 does not exist.
  EXPECT_EQ(table.Find("20698"), CodeTable::Lookup::kUnknown);
  // 20601's 项 are not marked complete: 2060199 may exist.
  EXPECT_EQ(table.Find("2060199"), CodeTable::Lookup::kUnverified);
  // 207's 款 are not listed at all.
  EXPECT_EQ(table.Find("20701"), CodeTable::Lookup::kUnverified);
  EXPECT_EQ(table.Find("2070101"), CodeTable::Lookup::kUnverified);
}

TEST(CodeTableTest, MalformedTablesAreRefusedWithTheLine) {
  EXPECT_EQ(CodeTable::Parse("206 科学技术支出\n", "t").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto duplicate = CodeTable::Parse("206\ta\n206\tb\n", "t");
  EXPECT_EQ(duplicate.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(duplicate.status().message().find("t:2"), std::string::npos);
  EXPECT_FALSE(CodeTable::Parse("# nothing\n", "t").ok());
}

TEST(CodeTablesTest, EmbeddedTablesHoldTheSeedsCodes) {
  auto tables = CodeTables::Embedded();
  ASSERT_TRUE(tables.ok()) << tables.status();
  const CodeTable* function = (*tables)->Function(2023);
  const CodeTable* economic = (*tables)->Economic(2023);
  ASSERT_NE(function, nullptr);
  ASSERT_NE(economic, nullptr);
  EXPECT_EQ((*tables)->Function(2014), nullptr);
  for (const char* code : {"2013404", "2060101", "2060102", "2060404", "2060599", "2060702",
                           "2299901", "2013499", "2060208", "2080501", "2080506"}) {
    EXPECT_EQ(function->Find(code), CodeTable::Lookup::kKnown) << code;
  }
  EXPECT_EQ(function->NameOf("2060101"), "行政运行");
  EXPECT_EQ(function->NameOf("20605"), "科技条件与服务");
  EXPECT_EQ(economic->NameOf("30213"), "维修（护）费");
  EXPECT_EQ(economic->NameOf("31003"), "专用设备购置");
}

// A year without tables of its own is read with the nearest earlier year's,
// a year before every table with the earliest; the label says which.
TEST(CodeTablesTest, EveryYearHasTablesTheNearestEarlierOrElseTheEarliest) {
  CodeTables tables;
  tables.Add(2020, *CodeTable::Parse("201\t一般公共服务支出\n", "a"),
             *CodeTable::Parse("301\t工资福利支出\n", "b"));
  tables.Add(2023, *CodeTable::Parse("206\t科学技术支出\n", "c"),
             *CodeTable::Parse("302\t商品和服务支出\n", "d"));
  const YearTables own = tables.ForYear(2023);
  EXPECT_EQ(own.table_year, 2023);
  EXPECT_EQ(own.label, "2023 年科目表");
  EXPECT_EQ(own.function->NameOf("206"), "科学技术支出");
  const YearTables between = tables.ForYear(2022);
  EXPECT_EQ(between.table_year, 2020);
  EXPECT_EQ(between.label, "2020 年科目表（2022 年无科目表，按最近的以前年度）");
  EXPECT_EQ(between.economic->NameOf("301"), "工资福利支出");
  EXPECT_EQ(tables.ForYear(2027).table_year, 2023);
  const YearTables before = tables.ForYear(2015);
  EXPECT_EQ(before.table_year, 2020);
  EXPECT_EQ(before.label, "2020 年科目表（2015 年无科目表，按最早的年度）");
}

TEST(CodeTablesTest, EmbeddedTablesCoverEveryYearFrom2015ToNextYear) {
  auto tables = *CodeTables::Embedded();
  for (int year = 2015; year <= 2027; ++year) {
    const YearTables t = tables->ForYear(year);
    ASSERT_NE(t.function, nullptr) << year;
    ASSERT_NE(t.economic, nullptr) << year;
    EXPECT_LE(t.table_year, std::max(year, *tables->years().begin())) << year;
  }
}

// 2024's list, which the Shanghai documents use: the 款 created in 2024 for
// the new 社会工作部 and the common pension, medical and housing items.
TEST(CodeTablesTest, The2024TableHoldsTheCodesOf2024Documents) {
  auto tables = *CodeTables::Embedded();
  const CodeTable* function = tables->Function(2024);
  ASSERT_NE(function, nullptr);
  for (const char* code :
       {"201", "20139", "2013901", "2013950", "2013999", "208", "20805", "2080505", "2080506",
        "210", "21011", "2101101", "2101102", "221", "22102", "2210201", "2210203"}) {
    EXPECT_EQ(function->Find(code), CodeTable::Lookup::kKnown) << code;
  }
  EXPECT_EQ(function->NameOf("20139"), "社会工作事务");
  ASSERT_NE(tables->Economic(2024), nullptr);
  EXPECT_EQ(tables->Economic(2024)->NameOf("30239"), "其他交通费用");
}

TEST(CodeNamesTest, ARowsPrintedNameComesFirstThenTheTablesThenTheCode) {
  CodeTables tables;
  tables.Add(2024, *CodeTable::Parse("201\t一般公共服务支出\n", "a"),
             *CodeTable::Parse("301\t工资福利支出\n", "b"));
  const YearTables t = tables.ForYear(2024);
  EXPECT_EQ(FunctionName(t, "201", "一般公共服务"), "一般公共服务");
  EXPECT_EQ(FunctionName(t, "201", ""), "一般公共服务支出");
  EXPECT_EQ(FunctionName(t, "20139", ""), "20139");
}

TEST(CodeFormatTest, LengthsFollowTheLevels) {
  EXPECT_TRUE(IsWellFormedFunctionCode("206"));
  EXPECT_TRUE(IsWellFormedFunctionCode("20601"));
  EXPECT_TRUE(IsWellFormedFunctionCode("2060101"));
  EXPECT_FALSE(IsWellFormedFunctionCode("2060"));
  EXPECT_FALSE(IsWellFormedFunctionCode("206010a"));
  EXPECT_FALSE(IsWellFormedFunctionCode(""));
  EXPECT_TRUE(IsWellFormedEconomicCode("30101"));
  EXPECT_FALSE(IsWellFormedEconomicCode("3010101"));
}

TEST(CodeNameTest, FullAndHalfWidthParenthesesAreTheSame) {
  EXPECT_TRUE(SameCodeName("维修（护）费", "维修(护)费"));
  EXPECT_TRUE(SameCodeName("行政 运行", "行政运行"));
  EXPECT_FALSE(SameCodeName("行政运行", "机构运行"));
}

}  // namespace
}  // namespace juesuan::codes
