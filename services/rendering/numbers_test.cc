#include "services/rendering/numbers.h"

#include "gtest/gtest.h"

namespace juesuan::rendering {
namespace {

constexpr int64_t kWan = 1000000;

TEST(NumbersTest, MoneyInWanWithTheSeedsSeparators) {
  EXPECT_EQ(Wan(10496800000), "10,496.80");
  EXPECT_EQ(Wan(0), "0.00");
  EXPECT_EQ(Wan(102 * 10000), "1.02");
  EXPECT_EQ(Wan(5000), "0.01");  // half-up to 0.01 万元
  EXPECT_EQ(Wan(4999), "0.00");
  EXPECT_EQ(Wan(1234567 * kWan), "1,234,567.00");
}

TEST(NumbersTest, SharesAreHalfUp) {
  EXPECT_EQ(Share(1017919, 1025520), "99.26%");
  EXPECT_EQ(Share(8058, 8125), "99.18%");  // 99.175 → 99.18
  EXPECT_EQ(Share(7538, 8125), "92.78%");  // 92.775 → 92.78
  EXPECT_EQ(Share(430, 478), "89.96%");
  EXPECT_EQ(Share(1, 0), "0.00%");
}

TEST(NumbersTest, ChangesAreWordedBySign) {
  Change up = Compare(int64_t{1049680} * 10000, int64_t{292542} * 10000);
  EXPECT_EQ(up.direction, "增加");
  EXPECT_EQ(up.amount, "7,571.38");
  EXPECT_EQ(up.trend, "增长");
  EXPECT_EQ(up.rate, "258.81%");
  Change down = Compare(4781 * 10000, 9592 * 10000);
  EXPECT_EQ(down.direction, "减少");
  EXPECT_EQ(down.amount, "48.11");
  EXPECT_EQ(down.trend, "下降");
  EXPECT_EQ(down.rate, "50.16%");
  // No change, as the seed words it.
  Change same = Compare(1000 * 10000, 1000 * 10000);
  EXPECT_EQ(same.direction, "增加");
  EXPECT_EQ(same.amount, "0.00");
  EXPECT_EQ(same.rate, "0.00%");
  EXPECT_FALSE(same.changed);
  // From nothing, and to nothing, as the seed prints them.
  EXPECT_EQ(Compare(102 * 10000, 0).rate, "100.00%");
  EXPECT_EQ(Compare(0, 216 * 10000).rate, "100%");
  EXPECT_EQ(Compare(0, 216 * 10000).direction, "减少");
  // A negative base: the rate is against its size, the word by the sign of
  // the difference.
  const Change less_negative = Compare(-5 * 10000, -10 * 10000);
  EXPECT_EQ(less_negative.direction, "增加");
  EXPECT_EQ(less_negative.trend, "增长");
  EXPECT_EQ(less_negative.rate, "50.00%");
  const Change more_negative = Compare(-15 * 10000, -10 * 10000);
  EXPECT_EQ(more_negative.trend, "下降");
  EXPECT_EQ(more_negative.rate, "50.00%");
}

TEST(NumbersTest, DeviationRates) {
  EXPECT_EQ(DeviationRate(int64_t{1017919} * 10000, int64_t{50333} * 10000), "1,922.37%");
  EXPECT_EQ(DeviationRate(478 * 10000, 478 * 10000), "0.00%");
  EXPECT_EQ(DeviationRate(0, 0), "0.00%");
  EXPECT_EQ(DeviationRate(1, 0), "—");
  EXPECT_EQ(DeviationRate(-5 * 10000, -10 * 10000), "50.00%");
  EXPECT_EQ(DeviationRate(50 * 10000, 100 * 10000), "-50.00%");
}

TEST(NumbersTest, ChineseOrdinals) {
  EXPECT_EQ(ChineseOrdinal(1), "一");
  EXPECT_EQ(ChineseOrdinal(10), "十");
  EXPECT_EQ(ChineseOrdinal(12), "十二");
  EXPECT_EQ(ChineseOrdinal(21), "二十一");
}

}  // namespace
}  // namespace juesuan::rendering
