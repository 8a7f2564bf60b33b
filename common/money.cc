#include "common/money.h"

#include "common/decimal.h"

namespace juesuan {

using ::juesuan::accounts::v1::AmountUnit;

int64_t UnitStepFen(AmountUnit unit) {
  switch (unit) {
    case accounts::v1::AMOUNT_UNIT_YUAN:
      return 1;
    case accounts::v1::AMOUNT_UNIT_WAN_YUAN:
      return kFenPerWanYuan / 100;
    default:
      return 0;
  }
}

const char* UnitName(AmountUnit unit) {
  return unit == accounts::v1::AMOUNT_UNIT_YUAN ? "元" : "万元";
}

std::string FormatFen(int64_t fen, AmountUnit unit) {
  if (unit == accounts::v1::AMOUNT_UNIT_YUAN) return FormatScaled(fen, 2);
  // 万元: two decimals when exact, else all six digits down to the 分.
  if (fen % (kFenPerWanYuan / 100) == 0) return FormatScaled(fen / (kFenPerWanYuan / 100), 2);
  return FormatScaled(fen, 6);
}

}  // namespace juesuan
