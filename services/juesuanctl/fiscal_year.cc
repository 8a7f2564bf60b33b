#include "services/juesuanctl/fiscal_year.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace juesuan::ctl {

absl::StatusOr<int> ResolveFiscalYear(absl::string_view spec, absl::Time now,
                                      absl::string_view flag) {
  // A fixed offset, not the tz database: China has kept UTC+8 without
  // daylight saving since 1991, and the runtime image carries no tzdata.
  const int year_now =
      static_cast<int>(absl::ToCivilYear(now, absl::FixedTimeZone(8 * 60 * 60)).year());
  if (spec == "current") return year_now;
  if (spec == "previous") return year_now - 1;
  int year = 0;
  if (absl::SimpleAtoi(spec, &year) && year >= 1900 && year <= 9999) return year;
  return absl::InvalidArgumentError(
      absl::StrCat(flag, ": \"", spec, "\" is not a year (YYYY, current or previous)"));
}

}  // namespace juesuan::ctl
