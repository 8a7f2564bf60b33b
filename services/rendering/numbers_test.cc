#include "services/rendering/numbers.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace juesuan::rendering {
namespace {

constexpr int64_t kWan = 1000000;

// The honest defaults, and the seed's layout (xinjiang-2023).
const Wording kHonest;
Wording Seed() {
  Wording w;
  w.set_rise_from_zero_as_hundred_percent(true);
  w.set_zero_over_zero_as_zero_percent(true);
  w.set_fall_to_zero_without_decimals(true);
  return w;
}
Wording Flat() {
  Wording w;
  w.set_unchanged_as_flat(true);
  return w;
}

TEST(NumbersTest, MoneyInWanWithTheSeedsSeparators) {
  EXPECT_EQ(Wan(10496800000), "10,496.80");
  EXPECT_EQ(Wan(0), "0.00");
  EXPECT_EQ(Wan(102 * 10000), "1.02");
  EXPECT_EQ(Wan(5000), "0.01");  // half-up to 0.01 万元
  EXPECT_EQ(Wan(4999), "0.00");
  EXPECT_EQ(Wan(1234567 * kWan), "1,234,567.00");
}

TEST(NumbersTest, ZeroIsBareOnlyWhereTheTemplateSaysSo) {
  Wording bare;
  bare.set_zero_amount_as_bare_zero(true);
  EXPECT_EQ(Wan(0, bare), "0");
  EXPECT_EQ(Wan(4999, bare), "0");  // prints as zero
  EXPECT_EQ(Wan(5000, bare), "0.01");
  EXPECT_EQ(Wan(0, kHonest), "0.00");
}

TEST(NumbersTest, SharesAreHalfUp) {
  EXPECT_EQ(Share(1017919, 1025520), "99.26%");
  EXPECT_EQ(Share(8058, 8125), "99.18%");  // 99.175 → 99.18
  EXPECT_EQ(Share(7538, 8125), "92.78%");  // 92.775 → 92.78
  EXPECT_EQ(Share(430, 478), "89.96%");
  EXPECT_EQ(Share(2942, 30782), "9.56%");  // 9.5575: the Shanghai fixture truncated it to 9.55
}

TEST(NumbersTest, NoShareOfNothing) {
  EXPECT_EQ(Share(1, 0), "");
  EXPECT_EQ(Share(0, 0), "");
  EXPECT_EQ(Share(0, 5), "0.00%");  // a stated zero of a whole is a share
}

TEST(NumbersTest, ChangesAreWordedBySign) {
  const Change up = Compare(10497 * kWan / 1, 2925620000, kHonest);
  EXPECT_EQ(up.direction, "增加");
  EXPECT_EQ(up.trend, "增长");
  const Change seed_up = Compare(int64_t{1049680} * 10000, int64_t{292562} * 10000, Seed());
  EXPECT_EQ(seed_up.amount, "7,571.18");
  EXPECT_EQ(seed_up.rate, "258.79%");
  const Change down = Compare(4780000, 9591000, kHonest);
  EXPECT_EQ(down.direction, "减少");
  EXPECT_EQ(down.amount, "4.81");
  EXPECT_EQ(down.trend, "下降");
  EXPECT_EQ(down.rate, "50.16%");
  const Change less_negative = Compare(-5 * kWan, -10 * kWan, kHonest);
  EXPECT_EQ(less_negative.direction, "增加");
  EXPECT_EQ(less_negative.rate, "50.00%");
  const Change more_negative = Compare(-10 * kWan, -5 * kWan, kHonest);
  EXPECT_EQ(more_negative.trend, "下降");
  EXPECT_EQ(more_negative.rate, "100.00%");
}

TEST(NumbersTest, UnchangedIsFlatWhereTheTemplateSaysSo) {
  const Change flat = Compare(5 * kWan, 5 * kWan, Flat());
  EXPECT_TRUE(flat.flat);
  EXPECT_FALSE(flat.changed);
  EXPECT_EQ(flat.rate, "");
  // The seed words it "增加 0.00 万元，增长 0.00%".
  const Change seed = Compare(5 * kWan, 5 * kWan, Seed());
  EXPECT_FALSE(seed.flat);
  EXPECT_EQ(seed.direction, "增加");
  EXPECT_EQ(seed.amount, "0.00");
  EXPECT_EQ(seed.rate, "0.00%");
  // A change is never flat.
  EXPECT_FALSE(Compare(5 * kWan, 4 * kWan, Flat()).flat);
}

TEST(NumbersTest, NoPercentageOnAZeroBase) {
  const Change rise = Compare(307820000, 0, kHonest);
  EXPECT_EQ(rise.direction, "增加");
  EXPECT_EQ(rise.amount, "307.82");
  EXPECT_EQ(rise.rate, "");
  // The seed's layout states 增长 100.00% there.
  EXPECT_EQ(Compare(102 * 10000, 0, Seed()).rate, "100.00%");
}

TEST(NumbersTest, FallToZeroIsAHundredPercent) {
  EXPECT_EQ(Compare(0, 216 * 10000, kHonest).rate, "100.00%");
  EXPECT_EQ(Compare(0, 216 * 10000, Seed()).rate, "100%");
  EXPECT_EQ(Compare(0, 216 * 10000, Seed()).direction, "减少");
}

TEST(NumbersTest, DeviationRates) {
  EXPECT_EQ(DeviationRate(int64_t{1017919} * 10000, int64_t{50333} * 10000, kHonest), "1,922.37%");
  EXPECT_EQ(DeviationRate(478 * 10000, 478 * 10000, kHonest), "0.00%");
  EXPECT_EQ(DeviationRate(-5 * 10000, -10 * 10000, kHonest), "50.00%");
}

TEST(NumbersTest, NoDeviationRateAgainstAZeroBudget) {
  EXPECT_EQ(DeviationRate(1, 0, kHonest), "");
  EXPECT_EQ(DeviationRate(1, 0, Seed()), "");
  EXPECT_EQ(DeviationRate(0, 0, kHonest), "");
  // The seed prints 0.00% for 0 spent of 0.
  EXPECT_EQ(DeviationRate(0, 0, Seed()), "0.00%");
}

TEST(NumbersTest, CompletionRates) {
  EXPECT_EQ(CompletionRate(307820000, 321020000), "95.89%");
  EXPECT_EQ(CompletionRate(51320000, 52000000), "98.69%");
  EXPECT_EQ(CompletionRate(307820000, 0), "");  // "完成年初预算的" a zero budget: not stated
  EXPECT_EQ(CompletionRate(0, 0), "");
}

// The auditor renders at 6 decimals, to compare a published figure at the
// precision it was printed with.
TEST(NumbersTest, MorePrecisionForTheAuditor) {
  EXPECT_EQ(Share(2942, 30782, 6), "9.557534%");  // half-up 9.56, truncated 9.55
  EXPECT_EQ(Share(1, 3, 4), "33.3333%");
  EXPECT_EQ(Share(1, 0, 6), "");
  EXPECT_EQ(Wan(89974000, kHonest, 6), "89.974000");
  EXPECT_EQ(Wan(89974000, kHonest, 3), "89.974");
  EXPECT_EQ(Compare(307820000, 321020000, kHonest, 6).rate, "4.111893%");
  EXPECT_EQ(CompletionRate(307820000, 321020000, 6), "95.888107%");
}

TEST(NumbersTest, ChineseOrdinals) {
  EXPECT_EQ(ChineseOrdinal(1), "一");
  EXPECT_EQ(ChineseOrdinal(10), "十");
  EXPECT_EQ(ChineseOrdinal(12), "十二");
  EXPECT_EQ(ChineseOrdinal(21), "二十一");
}

TEST(FormulaLogTest, KeepsHowEachFigureWasComputedWhileItLives) {
  Share(1, 2);  // no log: nothing kept, nothing to fail
  FormulaLog log;
  EXPECT_EQ(Share(264870000, 307820000, 6), "86.047040%");
  const Change change = Compare(102300000, 0, Wording(), 2);
  EXPECT_EQ(change.amount, "102.30");
  EXPECT_EQ(Share(0, 1, 2), "0.00%");  // a literal rate: no formula
  EXPECT_THAT(log.formulas(), ::testing::UnorderedElementsAre(
                                  ::testing::Pair("86.047040%", "264.87 ÷ 307.82 × 100%"),
                                  ::testing::Pair("102.30", "102.30 − 0.00")));
}

}  // namespace
}  // namespace juesuan::rendering
