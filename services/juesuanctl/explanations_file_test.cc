#include "services/juesuanctl/explanations_file.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace juesuan::ctl {
namespace {

using ::testing::HasSubstr;

TEST(ExplanationsFileTest, OneExplanationALineWithCommentsSkipped) {
  auto parsed = ParseExplanations(
      "# 2024 年度核实性说明\n"
      "YN05:fiscal_summary.current_expenditure.total_fen\t年中追加科技项目经费\n"
      "\n"
      "CELLS-T7:three_public_expenses\t本年度无“三公”经费支出，预算数未列\r\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].finding_id(), "YN05:fiscal_summary.current_expenditure.total_fen");
  EXPECT_EQ((*parsed)[0].text(), "年中追加科技项目经费");
  EXPECT_EQ((*parsed)[1].text(), "本年度无“三公”经费支出，预算数未列");
}

TEST(ExplanationsFileTest, TheRequestsJsonToo) {
  auto parsed = ParseExplanations(
      R"({"explanations": [{"findingId": "A:x", "text": "t1"}, {"findingId": "B:y", "text": "t2"}]})");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[1].finding_id(), "B:y");
}

TEST(ExplanationsFileTest, MalformedFilesNameTheLine) {
  auto bad = ParseExplanations("A:x\tfine\nno tab here\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("line 2"));
  EXPECT_FALSE(ParseExplanations("# only a comment\n").ok());
  EXPECT_FALSE(ParseExplanations(R"({"explanations": [{"finding": 1}]})").ok());
}

}  // namespace
}  // namespace juesuan::ctl
