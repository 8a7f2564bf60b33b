#include "services/rendering/audit_names.h"

#include <algorithm>
#include <set>
#include <utility>

namespace juesuan::rendering::audit {
namespace {

// The longest name compared: a unit's or a classification's name is
// shorter; a longer difference is wording, not a name.
constexpr size_t kLongestName = 40;

// What ends the name before "（类）": punctuation, a figure, a space.
bool EndsAName(char32_t c) {
  static const U32 kStops = U"，。；：、）)（(“”\"' ";
  return kStops.find(c) != U32::npos || (c >= U'0' && c <= U'9') || c == U'%';
}

struct ClassName {
  int level;  // 0 类, 1 款, 2 项
  U32 name;   // with its "（款）"
};

std::vector<ClassName> ClassNames(const U32& s) {
  static const U32 kLevels[] = {U"（类）", U"（款）", U"（项）"};
  std::vector<std::pair<size_t, int>> marks;
  for (int level = 0; level < 3; ++level) {
    for (size_t at = s.find(kLevels[level]); at != U32::npos; at = s.find(kLevels[level], at + 1)) {
      marks.push_back({at, level});
    }
  }
  std::sort(marks.begin(), marks.end());
  std::vector<ClassName> names;
  for (const auto& [at, level] : marks) {
    size_t start = at;
    while (start > 0 && !EndsAName(s[start - 1]) && at - start < kLongestName) --start;
    if (start == at) continue;
    names.push_back({level, s.substr(start, at + 3 - start)});
  }
  return names;
}

}  // namespace

std::vector<NameSlip> ClassNameSlips(const U32& published, const U32& expected) {
  const std::vector<ClassName> p = ClassNames(published);
  const std::vector<ClassName> e = ClassNames(expected);
  std::vector<NameSlip> slips;
  for (int level = 0; level < 3; ++level) {
    std::vector<const U32*> ps;
    std::vector<const U32*> es;
    for (const ClassName& n : p) {
      if (n.level == level) ps.push_back(&n.name);
    }
    for (const ClassName& n : e) {
      if (n.level == level) es.push_back(&n.name);
    }
    for (size_t i = 0; i < ps.size() && i < es.size(); ++i) {
      if (*ps[i] != *es[i]) slips.push_back({*ps[i], *es[i]});
    }
  }
  return slips;
}

std::vector<NameSlip> UnitNameSlips(const U32& published, const U32& expected, const U32& unit) {
  if (unit.empty() || expected.find(unit) == U32::npos || published.find(unit) != U32::npos) {
    return {};
  }
  size_t head = 0;
  while (head < published.size() && head < expected.size() && published[head] == expected[head]) {
    ++head;
  }
  size_t tail = 0;
  while (tail < published.size() - head && tail < expected.size() - head &&
         published[published.size() - 1 - tail] == expected[expected.size() - 1 - tail]) {
    ++tail;
  }
  // The unit's name in `expected` that holds the difference, and what
  // `published` has between the same start and end.
  const size_t expected_end = expected.size() - tail;
  for (size_t at = expected.find(unit); at != U32::npos; at = expected.find(unit, at + 1)) {
    if (head < at || expected_end > at + unit.size()) continue;
    const size_t after = expected.size() - (at + unit.size());
    if (published.size() < at + after) return {};
    const U32 stated = published.substr(at, published.size() - after - at);
    if (stated.empty() || stated.size() > kLongestName) return {};
    return {{stated, unit}};
  }
  return {};
}

std::vector<NameSlip> TitleSlips(const U32& published, const U32& expected,
                                 const std::vector<U32>& headings, const U32& unit) {
  if (unit.empty()) return {};
  // Each title as the text before the name and after it (8 code points
  // after it for the cover, which runs on into the contents).
  std::set<std::pair<U32, U32>> titles;  // the contents repeat the headings
  if (expected.compare(0, unit.size(), unit) == 0) {
    titles.insert({U32(), expected.substr(unit.size(), 8)});
  }
  for (const U32& h : headings) {
    const size_t at = h.find(unit);
    if (at != U32::npos) titles.insert({h.substr(0, at), h.substr(at + unit.size())});
  }
  std::vector<NameSlip> slips;
  for (const auto& [before, after] : titles) {
    if (after.empty()) continue;
    for (size_t at = published.find(before); at != U32::npos && at < published.size();
         at = before.empty() ? U32::npos : published.find(before, at + 1)) {
      // Only a name's length ahead: a text of many "第一部分" costs each a
      // short look, not a search to its end.
      const size_t name_at = at + before.size();
      const size_t length = published.substr(name_at, kLongestName + after.size()).find(after);
      if (length == U32::npos || length == 0) continue;
      const U32 name = published.substr(name_at, length);
      if (name != unit) slips.push_back({before + name + after, before + unit + after, name_at});
    }
  }
  return slips;
}

}  // namespace juesuan::rendering::audit
