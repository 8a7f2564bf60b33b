// The fiscal year a command is about, as operators and the scheduled job
// write it: a number, or "current" / "previous" read off the clock.
#ifndef JUESUAN_SERVICES_JUESUANCTL_FISCAL_YEAR_H_
#define JUESUAN_SERVICES_JUESUANCTL_FISCAL_YEAR_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace juesuan::ctl {

// "2023" → 2023; "current" → the calendar year at `now` in China Standard
// Time (UTC+8; China's fiscal year is the calendar year); "previous" → the
// year before that: the fiscal year that has ended, whose final accounts
// (决算) are compiled and disclosed during the current one. Anything else is
// INVALID_ARGUMENT naming `flag`.
absl::StatusOr<int> ResolveFiscalYear(absl::string_view spec, absl::Time now,
                                      absl::string_view flag);

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_FISCAL_YEAR_H_
