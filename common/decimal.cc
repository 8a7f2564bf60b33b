#include "common/decimal.h"

#include <cstdlib>
#include <limits>

#include "absl/strings/str_cat.h"

namespace juesuan {

absl::StatusOr<int64_t> ParseScaledDecimal(absl::string_view text, int scale) {
  if (text.empty()) return absl::InvalidArgumentError("empty decimal");
  size_t i = 0;
  bool negative = false;
  if (text[0] == '-') {
    negative = true;
    i = 1;
  }
  // Accumulate a positive magnitude, never past INT64_MAX: before each
  // step, m * 10 + d <= INT64_MAX exactly when m <= (INT64_MAX - d) / 10.
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  uint64_t magnitude = 0;
  int int_digits = 0;
  int frac_digits = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (seen_point)
        return absl::InvalidArgumentError(absl::StrCat("malformed decimal \"", text, "\""));
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') {
      return absl::InvalidArgumentError(absl::StrCat("malformed decimal \"", text, "\""));
    }
    if (seen_point) {
      if (frac_digits == scale) {
        if (c != '0') {
          return absl::InvalidArgumentError(
              absl::StrCat("decimal \"", text, "\" has more than ", scale, " fractional digits"));
        }
        continue;
      }
      ++frac_digits;
    } else {
      ++int_digits;
    }
    const auto digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (kMax - digit) / 10) {
      return absl::OutOfRangeError(absl::StrCat("decimal \"", text, "\" is too large"));
    }
    magnitude = magnitude * 10 + digit;
  }
  if (int_digits == 0) {
    return absl::InvalidArgumentError(absl::StrCat("malformed decimal \"", text, "\""));
  }
  if (seen_point && frac_digits == 0 && text.back() == '.') {
    return absl::InvalidArgumentError(absl::StrCat("malformed decimal \"", text, "\""));
  }
  for (int k = frac_digits; k < scale; ++k) {
    if (magnitude > kMax / 10) {
      return absl::OutOfRangeError(absl::StrCat("decimal \"", text, "\" is too large"));
    }
    magnitude *= 10;
  }
  const int64_t value = static_cast<int64_t>(magnitude);
  return negative ? -value : value;
}

namespace {

std::string FormatImpl(int64_t value, int scale, bool grouped) {
  // Work on the unsigned magnitude so INT64_MIN is safe.
  const bool negative = value < 0;
  absl::uint128 magnitude = negative ? static_cast<absl::uint128>(-static_cast<absl::int128>(value))
                                     : static_cast<absl::uint128>(value);
  std::string digits;
  while (magnitude > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  }
  while (static_cast<int>(digits.size()) < scale + 1) digits.insert(digits.begin(), '0');
  std::string integer = digits.substr(0, digits.size() - scale);
  const std::string fraction = digits.substr(digits.size() - scale);
  if (grouped) {
    std::string out;
    const int n = static_cast<int>(integer.size());
    for (int k = 0; k < n; ++k) {
      if (k > 0 && (n - k) % 3 == 0) out.push_back(',');
      out.push_back(integer[k]);
    }
    integer = out;
  }
  std::string result = negative ? "-" : "";
  absl::StrAppend(&result, integer);
  if (scale > 0) absl::StrAppend(&result, ".", fraction);
  return result;
}

}  // namespace

std::string FormatScaled(int64_t value, int scale) { return FormatImpl(value, scale, false); }

std::string FormatScaledGrouped(int64_t value, int scale) { return FormatImpl(value, scale, true); }

int64_t DivideRoundHalfUp(absl::int128 numerator, absl::int128 denominator) {
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const bool negative = numerator < 0;
  const absl::int128 magnitude = negative ? -numerator : numerator;
  const absl::int128 quotient = (2 * magnitude + denominator) / (2 * denominator);
  // Callers keep quotients within int64 (see PercentHundredths).
  return static_cast<int64_t>(negative ? -quotient : quotient);
}

int64_t PercentHundredths(int64_t part, int64_t whole) {
  const absl::int128 numerator = static_cast<absl::int128>(part) * 10000;
  // The quotient can exceed int64 (a huge part over a tiny whole): saturate.
  const absl::int128 limit = std::numeric_limits<int64_t>::max();
  if (whole != 0 && (numerator / whole > limit || numerator / whole < -limit)) {
    return (numerator < 0) != (whole < 0) ? -std::numeric_limits<int64_t>::max()
                                          : std::numeric_limits<int64_t>::max();
  }
  return DivideRoundHalfUp(numerator, whole);
}

}  // namespace juesuan
