#include "services/scoring/indicator_parser.h"

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace juesuan::scoring {
namespace {

using ::juesuan::accounts::v1::Measure;
using ::juesuan::testing::StatusIs;
using ::testing::HasSubstr;

Measure Parsed(const std::string& text) {
  auto m = ParseMeasure(text);
  EXPECT_TRUE(m.ok()) << text << ": " << m.status();
  return m.ok() ? *m : Measure();
}

TEST(IndicatorParserTest, ComparatorsInAsciiAndFullWidth) {
  EXPECT_EQ(Parsed(">=200 家").comparator(), juesuan::accounts::v1::COMPARATOR_GE);
  EXPECT_EQ(Parsed("≥ 95%").comparator(), juesuan::accounts::v1::COMPARATOR_GE);
  EXPECT_EQ(Parsed("≧95%").comparator(), juesuan::accounts::v1::COMPARATOR_GE);
  EXPECT_EQ(Parsed("<=10 万元").comparator(), juesuan::accounts::v1::COMPARATOR_LE);
  EXPECT_EQ(Parsed("≤15天").comparator(), juesuan::accounts::v1::COMPARATOR_LE);
  EXPECT_EQ(Parsed("＝2023年 5月").comparator(), juesuan::accounts::v1::COMPARATOR_EQ);
  EXPECT_EQ(Parsed("＞3 项").comparator(), juesuan::accounts::v1::COMPARATOR_GT);
  EXPECT_EQ(Parsed("<5%").comparator(), juesuan::accounts::v1::COMPARATOR_LT);
  EXPECT_EQ(Parsed("100 人").comparator(), juesuan::accounts::v1::COMPARATOR_UNSPECIFIED);
}

TEST(IndicatorParserTest, NumbersKeepTheirDigitsAndUnits) {
  const Measure m = Parsed("<=3000.50 万元");
  EXPECT_EQ(m.quantity().value(), "3000.50");
  EXPECT_EQ(m.quantity().unit(), "万元");
  EXPECT_EQ(Parsed("=100%").quantity().unit(), "%");
  EXPECT_EQ(Parsed("＞＝２００家").quantity().value(), "200");  // full-width digits
  EXPECT_EQ(Parsed("=2 月/次").quantity().unit(), "月/次");
  EXPECT_EQ(Parsed(">=50 课 时").quantity().unit(), "课时");
  EXPECT_EQ(Parsed("=5 亿元").quantity().unit(), "亿元");
  for (const char* unit :
       {"家", "个", "项", "场次", "期", "班次", "人", "人次", "户", "件", "课时", "天", "元"}) {
    EXPECT_EQ(Parsed(std::string(">=3 ") + unit).quantity().unit(), unit);
  }
}

TEST(IndicatorParserTest, DatesToTheDayOrTheMonth) {
  Measure m = Parsed("<=2023 年 10 月 30 日");
  EXPECT_EQ(m.date().year(), 2023);
  EXPECT_EQ(m.date().month(), 10);
  EXPECT_EQ(m.date().day(), 30);
  m = Parsed("=2023年5月");
  EXPECT_EQ(m.date().month(), 5);
  EXPECT_EQ(m.date().day(), 0);
  EXPECT_EQ(Parsed("=2023-07-27").date().day(), 27);
}

TEST(IndicatorParserTest, DecimalsAreNotDates) {
  EXPECT_EQ(Parsed("<=1480.00").value_case(), Measure::kQuantity);
  EXPECT_EQ(Parsed("=1999.12 万元").quantity().value(), "1999.12");
}

TEST(IndicatorParserTest, PhrasesAreQualitative) {
  for (const char* phrase :
       {"有效提升", "增强", "持续", "助推", "支持企业创新发展", "“两区”建设显著提升"}) {
    const Measure m = Parsed(phrase);
    EXPECT_EQ(m.value_case(), Measure::kPhrase) << phrase;
    EXPECT_EQ(m.phrase(), phrase);
  }
}

TEST(IndicatorParserTest, WhatCannotBeReadIsAnErrorNotACrash) {
  EXPECT_THAT(ParseMeasure(""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no value")));
  EXPECT_THAT(ParseMeasure("="),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no value")));
  EXPECT_THAT(ParseMeasure("超 5医院"), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(ParseMeasure("=2023年13月"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("date")));
  EXPECT_THAT(ParseMeasure("=2023年2月30日"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("date")));
  EXPECT_THAT(ParseMeasure("=12.5.3 件"),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(ParseMeasure(std::string(5000, '9') + "家"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("too long")));
  EXPECT_THAT(ParseMeasure("=99999999999999999999 家"),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(ParseMeasure(std::string("\xff\xfe=3", 4)),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
}

// The fixture's parsed targets and actuals were transcribed by hand,
// independently of this parser: the two must agree on every one of them.
TEST(IndicatorParserTest, AgreesWithTheFixturesHandTranscription) {
  const auto seed = juesuan::testing::SeedAccounts();
  int checked = 0;
  auto check = [&](const juesuan::accounts::v1::Indicator& indicator) {
    for (const auto& [text, expected] :
         {std::pair{&indicator.target_text(), &indicator.target()},
          std::pair{&indicator.actual_text(), &indicator.actual()}}) {
      auto parsed = ParseMeasure(*text);
      ASSERT_TRUE(parsed.ok()) << *text << ": " << parsed.status();
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*parsed, *expected))
          << *text << "\n parsed:   " << parsed->ShortDebugString()
          << "\n fixture:  " << expected->ShortDebugString();
      ++checked;
    }
  };
  for (const auto& indicator : seed.performance().department_wide().indicators()) check(indicator);
  for (const auto& project : seed.performance().projects()) {
    for (const auto& indicator : project.indicators()) check(indicator);
  }
  EXPECT_EQ(checked, 2 * 95);
}

TEST(UnitsTest, MoneyAndTimeUnits) {
  EXPECT_EQ(FenPerMoneyUnit("万元"), 1000000);
  EXPECT_EQ(FenPerMoneyUnit("亿元"), 10000000000);
  EXPECT_EQ(FenPerMoneyUnit("家"), 0);
  EXPECT_TRUE(IsTimeUnit("天"));
  EXPECT_FALSE(IsTimeUnit("人次"));
  EXPECT_TRUE(IsIntervalUnit("月/次"));
}

}  // namespace
}  // namespace juesuan::scoring
