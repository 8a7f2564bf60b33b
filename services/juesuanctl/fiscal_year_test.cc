#include "services/juesuanctl/fiscal_year.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace juesuan::ctl {
namespace {

absl::Time Utc(int y, int m, int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm), absl::UTCTimeZone());
}

TEST(FiscalYearTest, NumbersAreTakenAsGiven) {
  EXPECT_EQ(*ResolveFiscalYear("2023", Utc(2026, 6, 1, 0, 0), "--year"), 2023);
}

TEST(FiscalYearTest, PreviousIsTheYearThatEndedInChinaStandardTime) {
  // 2024-06-30: the 2023 accounts are being disclosed.
  EXPECT_EQ(*ResolveFiscalYear("previous", Utc(2024, 6, 30, 2, 0), "--year"), 2023);
  EXPECT_EQ(*ResolveFiscalYear("current", Utc(2024, 6, 30, 2, 0), "--year"), 2024);
  // 2023-12-31 16:30 UTC is already 2024-01-01 00:30 in Beijing.
  EXPECT_EQ(*ResolveFiscalYear("current", Utc(2023, 12, 31, 16, 30), "--year"), 2024);
  EXPECT_EQ(*ResolveFiscalYear("previous", Utc(2023, 12, 31, 16, 30), "--year"), 2023);
  EXPECT_EQ(*ResolveFiscalYear("previous", Utc(2023, 12, 31, 15, 59), "--year"), 2022);
}

TEST(FiscalYearTest, AnythingElseNamesTheFlag) {
  for (const char* bad : {"", "last", "23", "2023x", "-2023"}) {
    auto year = ResolveFiscalYear(bad, Utc(2024, 1, 1, 0, 0), "--year");
    EXPECT_EQ(year.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(year.status().message()), ::testing::HasSubstr("--year")) << bad;
  }
}

}  // namespace
}  // namespace juesuan::ctl
