// Money in 分 and the units submissions are prepared in.
#ifndef JUESUAN_COMMON_MONEY_H_
#define JUESUAN_COMMON_MONEY_H_

#include <cstdint>
#include <string>

#include "juesuan/accounts/v1/accounts.pb.h"

namespace juesuan {

// 分 per 元 and per 万元.
inline constexpr int64_t kFenPerYuan = 100;
inline constexpr int64_t kFenPerWanYuan = 1000000;

// The smallest amount a figure in `unit` can express (its last printed digit):
// 1 分 for 元 to 2 decimals, 10,000 分 (0.01 万元) for 万元 to 2 decimals.
// 0 for AMOUNT_UNIT_UNSPECIFIED.
int64_t UnitStepFen(juesuan::accounts::v1::AmountUnit unit);

// The unit's name as printed: "元" or "万元".
const char* UnitName(juesuan::accounts::v1::AmountUnit unit);

// `fen` in `unit`, without grouping: 10496800000 → "10496.80" in 万元.
// Amounts finer than the unit's step keep the extra digits ("0.000001").
std::string FormatFen(int64_t fen, juesuan::accounts::v1::AmountUnit unit);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_MONEY_H_
