#include "import/printed_text.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "common/decimal.h"

namespace juesuan::import {

bool IsTitleSuffix(absl::string_view rest) {
  if (rest.empty()) return true;
  if (rest.size() > 15) return false;
  return absl::StrContains(rest, "续") ||
         (absl::StrContains(rest, "表") &&
          std::any_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

bool IsPageNumber(const std::string& text) {
  size_t digits = 0;
  bool marked = false;
  for (size_t i = 0; i < text.size();) {
    if (text[i] >= '0' && text[i] <= '9') {
      ++i;
      ++digits;
      continue;
    }
    marked = true;
    bool mark = false;
    for (const char* m : {"第", "页", "共", "—", "-"}) {
      if (text.compare(i, std::strlen(m), m) == 0) {
        i += std::strlen(m);
        mark = true;
        break;
      }
    }
    if (!mark) return false;
  }
  return digits > 0 && (marked || digits <= 2);
}

bool IsDash(const std::string& text) {
  if (text.empty()) return false;
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "—") == 0 || text.compare(i, 3, "－") == 0) {
      i += 3;
    } else if (text[i] == '-') {
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

bool IsCode(const std::string& text) {
  if (text.size() != 3 && text.size() != 5 && text.size() != 7) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

size_t FusedCode(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const bool name_follows = digits < text.size() && text[digits] != '.' && text[digits] != ',';
  return name_follows && IsCode(text.substr(0, digits)) ? digits : 0;
}

// "一、", "二十一、", "（一）", "(一)": a list's enumerator.
bool StartsWithEnumerator(const std::string& text) {
  static const std::string kNumerals = "一二三四五六七八九十";
  size_t i = 0;
  const bool paren = text.compare(0, 3, "（") == 0 || text.compare(0, 1, "(") == 0;
  if (paren) i = text[0] == '(' ? 1 : 3;
  const size_t start = i;
  while (i + 3 <= text.size() && kNumerals.find(text.substr(i, 3)) != std::string::npos) i += 3;
  if (i == start) return false;
  if (paren) return text.compare(i, 3, "）") == 0 || text.compare(i, 1, ")") == 0;
  return text.compare(i, 3, "、") == 0;
}

std::string Squeeze(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') continue;
    if (text.compare(i, 3, "\u3000") == 0 || text.compare(i, 2, "\u00A0") == 0) {
      i += text.compare(i, 3, "\u3000") == 0 ? 2 : 1;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

absl::StatusOr<int64_t> FigureFen(const std::string& printed, const std::string& unit) {
  return ParseScaledDecimal(absl::StrReplaceAll(printed, {{",", ""}}), unit == "元" ? 2 : 6);
}

bool IsFigure(const std::string& text) {
  if (text.empty()) return false;
  size_t i = text[0] == '-' ? 1 : 0;
  if (i >= text.size()) return false;
  bool digits = false;
  bool point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == ',' && !point && digits) {
      continue;
    } else if (c == '.' && !point && digits) {
      point = true;
    } else {
      return false;
    }
  }
  return digits && text.back() != '.' && text.back() != ',';
}

}  // namespace juesuan::import
