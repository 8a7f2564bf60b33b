#include "services/rendering/audit_units.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "import/printed_text.h"
#include "services/rendering/audit_text.h"

namespace juesuan::rendering {
namespace audit {
namespace {

constexpr int kMaxDigits = 24;  // beyond: not a figure of these documents

bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

absl::int128 Pow10(int n) {
  absl::int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// `n` at `decimals`: rounded half-up (away from zero) or scaled up.
absl::int128 Rescale(const Number& n, int decimals) {
  if (decimals >= n.decimals) return n.scaled * Pow10(decimals - n.decimals);
  const absl::int128 unit = Pow10(n.decimals - decimals);
  const absl::int128 magnitude = n.scaled < 0 ? -n.scaled : n.scaled;
  const absl::int128 rounded = (magnitude + unit / 2) / unit;
  return n.scaled < 0 ? -rounded : rounded;
}

std::string FormatScaled(absl::int128 value, int decimals) {
  const bool negative = value < 0;
  if (negative) value = -value;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  } while (value > 0);
  if (decimals > 0) {
    while (static_cast<int>(digits.size()) <= decimals) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - decimals, '.');
  }
  return negative ? "-" + digits : digits;
}

bool EndsWith(const U32& s, const U32& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

U32 ReplaceAll(U32 s, const U32& from, const U32& to) {
  for (size_t at = s.find(from); at != U32::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

}  // namespace

U32 Decode(absl::string_view utf8) {
  U32 out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    const unsigned char c = utf8[i];
    int extra = c < 0x80           ? 0
                : (c >> 5) == 0x6  ? 1
                : (c >> 4) == 0xE  ? 2
                : (c >> 3) == 0x1E ? 3
                                   : -1;
    if (extra < 0 || i + extra >= utf8.size() + (extra == 0 ? 1 : 0)) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      const unsigned char cc = utf8[i + k];
      if ((cc >> 6) != 0x2) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    out.push_back(ok ? cp : U'\uFFFD');
    i += ok ? extra + 1 : 1;
  }
  return out;
}

std::string Encode(const U32& text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (char32_t c : text) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::vector<Number> Numbers(const U32& s) {
  std::vector<Number> out;
  size_t previous_end = 0;
  for (size_t i = 0; i < s.size();) {
    if (!IsDigit(s[i]) || (i > 0 && (IsDigit(s[i - 1]) || s[i - 1] == U'.'))) {
      ++i;
      continue;
    }
    const size_t start = i;
    Number n;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i + 1 < s.size() && s[i] == U'.' && IsDigit(s[i + 1])) {
      const size_t point = i++;
      while (i < s.size() && IsDigit(s[i])) ++i;
      n.decimals = static_cast<int>(i - point - 1);
    }
    if (i - start > kMaxDigits) continue;
    for (size_t k = start; k < i; ++k) {
      if (IsDigit(s[k])) n.scaled = n.scaled * 10 + static_cast<int>(s[k] - U'0');
    }
    n.percent = i < s.size() && s[i] == U'%';
    n.year = !n.percent && n.decimals == 0 && i - start == 4 && i < s.size() && s[i] == U'年';
    n.text = Encode(s.substr(start, i - start)) + (n.percent ? "%" : "");
    const size_t from = std::max(previous_end, start >= 8 ? start - 8 : size_t{0});
    n.context = s.substr(from, start - from);
    if (n.percent) ++i;
    previous_end = i;
    out.push_back(std::move(n));
  }
  return out;
}

U32 Skeleton(const U32& s) {
  U32 out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsDigit(s[i])) {
      while (i + 1 < s.size() &&
             (IsDigit(s[i + 1]) || (s[i + 1] == U'.' && i + 2 < s.size() && IsDigit(s[i + 2])))) {
        ++i;
      }
      out.push_back(U'#');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

double Similarity(const U32& a, const U32& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return 1.0 -
         static_cast<double>(row[b.size()]) / static_cast<double>(std::max(a.size(), b.size()));
}

bool SameAt(const Number& stated, const Number& computed) {
  return Rescale(computed, stated.decimals) == stated.scaled;
}

bool TruncatedAt(const Number& stated, const Number& computed) {
  if (computed.decimals <= stated.decimals) return false;
  return computed.scaled / Pow10(computed.decimals - stated.decimals) == stated.scaled &&
         !SameAt(stated, computed);
}

std::string Format(const Number& n, int decimals) {
  return FormatScaled(Rescale(n, decimals), decimals) + (n.percent ? "%" : "");
}

Shares SharesOf(const std::vector<Number>& numbers) {
  Shares shares;
  for (const Number& n : numbers) {
    if (!n.percent || !EndsWith(n.context, U"占")) continue;
    ++shares.count;
    shares.sum_micro += Rescale(n, 6);
  }
  return shares;
}

bool IsWhole(const Shares& shares) {
  const absl::int128 hundred = absl::int128(100) * 1000000;
  const absl::int128 off =
      shares.sum_micro > hundred ? shares.sum_micro - hundred : hundred - shares.sum_micro;
  return off <= absl::int128(5000) * shares.count;  // half of 0.01 each
}

std::string FormatSum(const Shares& shares) {
  Number sum;
  sum.decimals = 6;
  sum.scaled = shares.sum_micro;
  sum.percent = true;
  return Format(sum, 2);
}

bool SameContextButBase(const U32& a, const U32& b) {
  if (a == b) return false;
  auto base_free = [](U32 s) {
    s = ReplaceAll(std::move(s), U"年初", U"全年");
    return ReplaceAll(std::move(s), U"预算数的", U"预算的");
  };
  return base_free(a) == base_free(b);
}

bool IsChangeRate(const U32& context) {
  return EndsWith(context, U"增长") || EndsWith(context, U"下降");
}

bool IsRateContext(const U32& context) {
  return IsChangeRate(context) || (context.find(U"完成") != U32::npos && EndsWith(context, U"的"));
}

bool HasChangeRate(const std::vector<Number>& numbers) {
  return std::any_of(numbers.begin(), numbers.end(),
                     [](const Number& n) { return n.percent && IsChangeRate(n.context); });
}

bool HasFigure(const std::vector<Number>& numbers) {
  return std::any_of(numbers.begin(), numbers.end(), [](const Number& n) { return !n.year; });
}

std::string Display(const U32& sentence) {
  std::string out;
  size_t last = 0;
  const std::vector<Number> numbers = Numbers(sentence);
  size_t search = 0;
  for (const Number& n : numbers) {
    const U32 digits = Decode(n.text);
    const size_t at = sentence.find(digits.substr(0, digits.size() - (n.percent ? 1 : 0)), search);
    if (at == U32::npos) continue;
    out += Encode(sentence.substr(last, at - last));
    out += n.decimals > 2 ? Format(n, 2) : n.text;
    last = at + digits.size();
    search = last;
  }
  return out + Encode(sentence.substr(std::min(last, sentence.size())));
}

}  // namespace audit

namespace audit {
namespace {

// A line as the auditor reads it: full-width digits and points made ASCII,
// every kind of whitespace removed.
U32 Squeeze(const U32& all, size_t start, size_t end) {
  U32 line;
  for (size_t i = start; i < end; ++i) {
    char32_t c = all[i];
    if (c >= U'０' && c <= U'９') c = U'0' + (c - U'０');
    if (c == U'．') c = U'.';
    if (c == U'％') c = U'%';
    if (c == U' ' || c == U'\t' || c == U'\r' || c == U'\u3000' || c == U'\u00A0') continue;
    line.push_back(c);
  }
  return line;
}

// A page's lines, squeezed, without page numbers; empty lines dropped.
std::vector<U32> PageLines(const U32& all, size_t start, size_t end) {
  std::vector<U32> lines;
  while (start < end) {
    size_t stop = all.find(U'\n', start);
    if (stop == U32::npos || stop > end) stop = end;
    U32 line = Squeeze(all, start, stop);
    if (!line.empty() && !import::IsPageNumber(Encode(line))) lines.push_back(std::move(line));
    start = stop + 1;
  }
  return lines;
}

// The pages of a text cut at form feeds, each page's lines.
std::vector<std::vector<U32>> Pages(const U32& all) {
  std::vector<std::vector<U32>> pages;
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find(U'\f', start);
    if (end == U32::npos) end = all.size();
    pages.push_back(PageLines(all, start, end));
    start = end + 1;
  }
  return pages;
}

// Lines that open or close most pages (at least 3): a running header or
// footer, which a sentence running over a page break must not take in.
std::set<U32> RunningLines(const std::vector<std::vector<U32>>& pages) {
  std::map<U32, size_t> count;
  for (const auto& lines : pages) {
    if (lines.empty()) continue;
    std::set<U32> edges = {lines.front(), lines.back()};
    for (const U32& line : edges) ++count[line];
  }
  std::set<U32> running;
  for (const auto& [line, n] : count) {
    if (n >= 3 && n * 2 >= pages.size()) running.insert(line);
  }
  return running;
}

// Thousands separators removed ("2,961.68"), ASCII punctuation made
// full-width, as the template prints it.
U32 Punctuate(const U32& out) {
  U32 norm;
  auto digit = [&out](size_t k) { return k < out.size() && out[k] >= U'0' && out[k] <= U'9'; };
  for (size_t i = 0; i < out.size(); ++i) {
    const char32_t c = out[i];
    if (c == U',' && i > 0 && digit(i - 1) && digit(i + 1) && digit(i + 2) && digit(i + 3) &&
        !digit(i + 4)) {
      continue;
    }
    norm.push_back(c == U','   ? U'，'
                   : c == U':' ? U'：'
                   : c == U';' ? U'；'
                   : c == U'(' ? U'（'
                   : c == U')' ? U'）'
                               : c);
  }
  return norm;
}

}  // namespace

U32 NormalizePages(absl::string_view text, std::vector<size_t>* breaks) {
  const std::vector<std::vector<U32>> pages = Pages(Decode(text));
  const std::set<U32> running = RunningLines(pages);
  U32 out;
  for (size_t p = 0; p < pages.size(); ++p) {
    const auto& lines = pages[p];
    for (size_t i = 0; i < lines.size(); ++i) {
      const bool edge = i == 0 || i + 1 == lines.size();
      if (!(edge && running.count(lines[i]) != 0)) out += lines[i];
    }
    // Where the next page starts; a separator is never cut by it (digits
    // stay digits), so Punctuate keeps the offsets' order.
    out.push_back(U'\f');
  }
  U32 norm = Punctuate(out);
  U32 clean;
  for (char32_t c : norm) {
    if (c == U'\f') {
      if (breaks != nullptr) breaks->push_back(clean.size());
    } else {
      clean.push_back(c);
    }
  }
  if (breaks != nullptr && !breaks->empty()) breaks->pop_back();  // the end, not a break
  return clean;
}

}  // namespace audit

std::string NormalizeForAudit(absl::string_view text) {
  return audit::Encode(audit::NormalizePages(text, nullptr));
}

}  // namespace juesuan::rendering
