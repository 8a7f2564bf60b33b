#include "services/scoring/indicator_parser.h"

#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/decimal.h"

namespace juesuan::scoring {
namespace {

using ::juesuan::accounts::v1::Comparator;
using ::juesuan::accounts::v1::Measure;

// Decodes one UTF-8 code point at `i`; returns its length (1 for bytes that
// are not valid UTF-8, taken as they are).
size_t CodePointAt(absl::string_view s, size_t i, uint32_t* cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) n = 1;
  if (n == 1) {
    *cp = b;
    return 1;
  }
  uint32_t value = b & (0xFF >> (n + 1));
  for (size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      *cp = b;
      return 1;
    }
    value = (value << 6) | (c & 0x3F);
  }
  *cp = value;
  return n;
}

bool IsSpace(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000 ||
         cp == 0x2002 || cp == 0x2003 || cp == 0x2009 || cp == 0xFEFF;
}

bool ValidDate(int year, int month, int day) {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 0 || day > 31) return false;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

bool HasDigit(absl::string_view s) {
  for (char c : s) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

}  // namespace

std::string NormalizeIndicatorText(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t n = CodePointAt(text, i, &cp);
    if (IsSpace(cp)) {
      i += n;
      continue;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      // Full-width ASCII block (０-９, ＝, ＞, ．, ％, Ａ …) → ASCII.
      out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
    } else if (cp == 0x2265 || cp == 0x2267) {  // ≥ ≧
      out += ">=";
    } else if (cp == 0x2264 || cp == 0x2266) {  // ≤ ≦
      out += "<=";
    } else {
      out.append(text.substr(i, n).data(), n);
    }
    i += n;
  }
  return out;
}

int64_t FenPerMoneyUnit(absl::string_view unit) {
  if (unit == "元") return 100;
  if (unit == "万元") return 1000000;
  if (unit == "亿元") return 10000000000;
  return 0;
}

bool IsTimeUnit(absl::string_view unit) {
  for (const char* u :
       {"天", "日", "个工作日", "工作日", "小时", "分钟", "月", "个月", "周", "年"}) {
    if (unit == u) return true;
  }
  return false;
}

bool IsIntervalUnit(absl::string_view unit) { return absl::EndsWith(unit, "/次"); }

namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Consumes min..max ASCII digits from the front of `s` into `value`.
bool ConsumeDigits(absl::string_view& s, size_t min, size_t max, int* value) {
  size_t n = 0;
  int v = 0;
  while (n < s.size() && n < max && IsAsciiDigit(s[n])) v = v * 10 + (s[n++] - '0');
  if (n < min || (n < s.size() && IsAsciiDigit(s[n]))) return false;
  s.remove_prefix(n);
  *value = v;
  return true;
}

bool ConsumePrefix(absl::string_view& s, absl::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

// YYYY年M月 or YYYY年M月D日 (the whole text).
bool MatchChineseDate(absl::string_view s, int* year, int* month, int* day) {
  *day = 0;
  if (!ConsumeDigits(s, 4, 4, year) || !ConsumePrefix(s, "年") || !ConsumeDigits(s, 1, 2, month) ||
      !ConsumePrefix(s, "月")) {
    return false;
  }
  if (s.empty()) return true;
  return ConsumeDigits(s, 1, 2, day) && ConsumePrefix(s, "日") && s.empty();
}

// YYYY-M, YYYY-M-D, or the same with '/' (the whole text).
bool MatchIsoDate(absl::string_view s, int* year, int* month, int* day) {
  *day = 0;
  auto separator = [&s]() { return ConsumePrefix(s, "-") || ConsumePrefix(s, "/"); };
  if (!ConsumeDigits(s, 4, 4, year) || !separator() || !ConsumeDigits(s, 1, 2, month)) return false;
  if (s.empty()) return true;
  return separator() && ConsumeDigits(s, 1, 2, day) && s.empty();
}

// digits[.digits] followed by a unit without digits (the whole text).
bool MatchQuantity(absl::string_view s, absl::string_view* number, absl::string_view* unit) {
  size_t n = 0;
  while (n < s.size() && IsAsciiDigit(s[n])) ++n;
  if (n == 0) return false;
  if (n < s.size() && s[n] == '.') {
    size_t k = n + 1;
    while (k < s.size() && IsAsciiDigit(s[k])) ++k;
    if (k > n + 1) n = k;  // "12." leaves the dot to the unit, as the pattern did
  }
  *number = s.substr(0, n);
  *unit = s.substr(n);
  for (char c : *unit) {
    if (IsAsciiDigit(c)) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<Measure> ParseMeasure(absl::string_view text) {
  const std::string normalized = NormalizeIndicatorText(text);
  absl::string_view rest = normalized;
  Measure measure;
  // Longest comparator first.
  static const std::vector<std::pair<absl::string_view, Comparator>> kComparators = {
      {">=", juesuan::accounts::v1::COMPARATOR_GE}, {"<=", juesuan::accounts::v1::COMPARATOR_LE},
      {"==", juesuan::accounts::v1::COMPARATOR_EQ}, {"=", juesuan::accounts::v1::COMPARATOR_EQ},
      {">", juesuan::accounts::v1::COMPARATOR_GT},  {"<", juesuan::accounts::v1::COMPARATOR_LT}};
  for (const auto& [token, comparator] : kComparators) {
    if (absl::ConsumePrefix(&rest, token)) {
      measure.set_comparator(comparator);
      break;
    }
  }
  if (rest.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\": no value after the comparator"));
  }
  // A qualitative phrase: no digit anywhere.
  if (!HasDigit(rest)) {
    measure.set_phrase(std::string(rest));
    return measure;
  }
  // Targets are short; a long text with digits is not one (and std::regex,
  // which recurses per character, must never see unbounded input).
  if (rest.size() > 96) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text.substr(0, 60), "…\": too long for a target or actual"));
  }
  // A date: 2023年5月, 2023年10月30日, 2023-10-30, 2023/10/30. ISO-like dates
  // use - or /: "2023.10" would be ambiguous with 2023.10 万元. Matched by
  // hand: std::regex cost more than the rest of scoring put together.
  int year = 0, month = 0, day = 0;
  if (MatchChineseDate(rest, &year, &month, &day) || MatchIsoDate(rest, &year, &month, &day)) {
    if (!ValidDate(year, month, day)) {
      return absl::InvalidArgumentError(absl::StrCat("\"", text, "\": not a valid date"));
    }
    auto* date = measure.mutable_date();
    date->set_year(year);
    date->set_month(month);
    date->set_day(day);
    return measure;
  }
  // A number and its unit: 200家, 3000.50万元, 100%, 2月/次.
  absl::string_view number, unit;
  if (MatchQuantity(rest, &number, &unit)) {
    if (!ParseScaledDecimal(number, 6).ok()) {
      return absl::InvalidArgumentError(absl::StrCat("\"", text, "\": number out of range"));
    }
    if (unit.size() > 24) {
      return absl::InvalidArgumentError(absl::StrCat("\"", text, "\": unit too long"));
    }
    measure.mutable_quantity()->set_value(std::string(number));
    measure.mutable_quantity()->set_unit(std::string(unit));
    return measure;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("\"", text, "\": not a number with a unit, a date or a phrase"));
}

namespace {

// `text` normalized, without leading comparators and final punctuation.
std::string BarePhrase(absl::string_view text) {
  const std::string normalized = NormalizeIndicatorText(text);
  absl::string_view v(normalized);
  while (!v.empty() && (v.front() == '=' || v.front() == ':')) v.remove_prefix(1);
  for (const char* end : {"。", ".", "；", ";", "，", ","}) absl::ConsumeSuffix(&v, end);
  return std::string(v);
}

}  // namespace

bool IsAchievementPhrase(absl::string_view actual, absl::string_view target,
                         const google::protobuf::RepeatedPtrField<std::string>& phrases) {
  const std::string bare = BarePhrase(actual);
  if (bare.empty()) return false;
  // "是" answers a yes-or-no indicator; against a target of no it is the
  // opposite of met.
  const std::string expected = BarePhrase(target);
  if (bare == "是" && (expected == "否" || expected == "无")) return false;
  for (const std::string& phrase : phrases) {
    if (BarePhrase(phrase) == bare) return true;
  }
  return false;
}

}  // namespace juesuan::scoring
