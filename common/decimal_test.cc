#include "common/decimal.h"

#include "common/money.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace juesuan {
namespace {

TEST(ParseScaledDecimalTest, ParsesPlainDecimals) {
  EXPECT_EQ(*ParseScaledDecimal("3000.50", 2), 300050);
  EXPECT_EQ(*ParseScaledDecimal("3000.5", 2), 300050);
  EXPECT_EQ(*ParseScaledDecimal("12", 2), 1200);
  EXPECT_EQ(*ParseScaledDecimal("0.05", 2), 5);
  EXPECT_EQ(*ParseScaledDecimal("-3.5", 2), -350);
  EXPECT_EQ(*ParseScaledDecimal("10496.80", 6), 10496800000);
  // Trailing zeros beyond the scale are harmless.
  EXPECT_EQ(*ParseScaledDecimal("1.2300", 2), 123);
}

TEST(ParseScaledDecimalTest, RefusesWhatIsNotAPlainDecimal) {
  for (const char* bad : {"", "-", ".5", "5.", "1,000", "1e3", "+1", "1.2.3", " 1", "一"}) {
    EXPECT_EQ(ParseScaledDecimal(bad, 2).status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_EQ(ParseScaledDecimal("1.234", 2).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseScaledDecimal("99999999999999999999", 2).status().code(),
            absl::StatusCode::kOutOfRange);
}

TEST(ParseScaledDecimalTest, TakesEveryInt64AndNothingPast) {
  EXPECT_EQ(*ParseScaledDecimal("9223372036854775807", 0), INT64_MAX);
  EXPECT_EQ(*ParseScaledDecimal("-9223372036854775807", 0), -INT64_MAX);
  EXPECT_EQ(*ParseScaledDecimal("92233720368547758.07", 2), INT64_MAX);
  EXPECT_EQ(ParseScaledDecimal("9223372036854775808", 0).status().code(),
            absl::StatusCode::kOutOfRange);
  // Past the range only once the scale's zeros are added.
  EXPECT_EQ(ParseScaledDecimal("92233720368547758.08", 2).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ParseScaledDecimal("92233720368547759", 2).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(*ParseScaledDecimal("92233720368547758", 2), 9223372036854775800);
}

TEST(FormatScaledTest, FormatsWithFixedDigits) {
  EXPECT_EQ(FormatScaled(300050, 2), "3000.50");
  EXPECT_EQ(FormatScaled(-5, 2), "-0.05");
  EXPECT_EQ(FormatScaled(0, 2), "0.00");
  EXPECT_EQ(FormatScaled(7, 0), "7");
  EXPECT_EQ(FormatScaled(INT64_MIN, 2), "-92233720368547758.08");
}

TEST(FormatScaledTest, GroupsThousandsAsTheDisclosurePrints) {
  EXPECT_EQ(FormatScaledGrouped(1049680, 2), "10,496.80");
  EXPECT_EQ(FormatScaledGrouped(192237, 2), "1,922.37");
  EXPECT_EQ(FormatScaledGrouped(99999, 2), "999.99");
  EXPECT_EQ(FormatScaledGrouped(-100000000, 2), "-1,000,000.00");
}

TEST(DivideRoundHalfUpTest, RoundsHalfAwayFromZero) {
  // 8.905 → 8.91, where binary floating point prints 8.90.
  EXPECT_EQ(DivideRoundHalfUp(8905, 10), 891);
  EXPECT_EQ(DivideRoundHalfUp(8904, 10), 890);
  EXPECT_EQ(DivideRoundHalfUp(-8905, 10), -891);
  EXPECT_EQ(DivideRoundHalfUp(8905, -10), -891);
  EXPECT_EQ(DivideRoundHalfUp(1, 3), 0);
  EXPECT_EQ(DivideRoundHalfUp(2, 3), 1);
}

TEST(PercentHundredthsTest, ReproducesTheSeedsShares) {
  // 财政拨款收入 10,179.19 of 本年收入 10,255.20 is 99.26 %.
  EXPECT_EQ(PercentHundredths(1017919, 1025520), 9926);
  // 其他收入 76.01 is 0.74 %.
  EXPECT_EQ(PercentHundredths(7601, 1025520), 74);
  // 预决算差异率 (10,179.19 − 503.33) / 503.33 = 1,922.37 %.
  EXPECT_EQ(PercentHundredths(1017919 - 50333, 50333), 192237);
  // 总预算执行率 10,282.71 / 10,496.80 = 97.96 %.
  EXPECT_EQ(PercentHundredths(1028271, 1049680), 9796);
}

TEST(MoneyTest, FormatsFenInTheDeclaredUnit) {
  using accounts::v1::AMOUNT_UNIT_WAN_YUAN;
  using accounts::v1::AMOUNT_UNIT_YUAN;
  EXPECT_EQ(FormatFen(10496800000, AMOUNT_UNIT_WAN_YUAN), "10496.80");
  EXPECT_EQ(FormatFen(-10000, AMOUNT_UNIT_WAN_YUAN), "-0.01");
  EXPECT_EQ(FormatFen(12345, AMOUNT_UNIT_WAN_YUAN), "0.012345");
  EXPECT_EQ(FormatFen(12345, AMOUNT_UNIT_YUAN), "123.45");
  EXPECT_EQ(UnitStepFen(AMOUNT_UNIT_WAN_YUAN), 10000);
  EXPECT_EQ(UnitStepFen(AMOUNT_UNIT_YUAN), 1);
  EXPECT_STREQ(UnitName(AMOUNT_UNIT_WAN_YUAN), "万元");
}

}  // namespace
}  // namespace juesuan
