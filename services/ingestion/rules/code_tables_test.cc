#include "services/ingestion/rules/code_tables.h"

#include "gtest/gtest.h"

namespace juesuan::ingestion {
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
  EXPECT_EQ((*tables)->Function(2019), nullptr);
  for (const char* code : {"2013404", "2060101", "2060102", "2060404", "2060599", "2060702",
                           "2299901", "2013499", "2060208", "2080501", "2080506"}) {
    EXPECT_EQ(function->Find(code), CodeTable::Lookup::kKnown) << code;
  }
  EXPECT_EQ(function->NameOf("2060101"), "行政运行");
  EXPECT_EQ(function->NameOf("20605"), "科技条件与服务");
  EXPECT_EQ(economic->NameOf("30213"), "维修（护）费");
  EXPECT_EQ(economic->NameOf("31003"), "专用设备购置");
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
}  // namespace juesuan::ingestion
