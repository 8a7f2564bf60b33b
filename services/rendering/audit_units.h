// The small pieces of the text audit (audit_text.h): code points, the
// numbers a sentence states and their comparison at the precision they were
// printed with.
#ifndef JUESUAN_SERVICES_RENDERING_AUDIT_UNITS_H_
#define JUESUAN_SERVICES_RENDERING_AUDIT_UNITS_H_

#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/strings/string_view.h"

namespace juesuan::rendering::audit {

using U32 = std::u32string;

// UTF-8 to code points (a malformed byte becomes U+FFFD) and back.
U32 Decode(absl::string_view utf8);
std::string Encode(const U32& text);

// The text as the auditor reads it (NormalizeForAudit, audit_text.h), and in
// `breaks` (if not null) the offset where each page after the first starts,
// pages being cut by form feeds as pdftotext and ExtractPages write them.
// A line that opens or closes most pages (a running header or footer) is
// dropped there.
U32 NormalizePages(absl::string_view text, std::vector<size_t>* breaks);

// A figure a sentence states: "307.82", "9.55%", "2024" (年).
struct Number {
  std::string text;  // as printed (normalized), with its "%"
  U32 context;       // up to 8 code points before it, after the previous figure
  bool percent = false;
  bool year = false;  // a year (2023年): not a figure
  int decimals = 0;
  absl::int128 scaled = 0;  // the value × 10^decimals
};

std::vector<Number> Numbers(const U32& sentence);

// The sentence with every figure replaced by "#" (its "%" kept).
U32 Skeleton(const U32& sentence);
// 1 − edit distance ÷ the longer length.
double Similarity(const U32& a, const U32& b);

// Whether `computed`, rounded half-up to the decimals `stated` was printed
// with, is `stated`; whether its truncation is.
bool SameAt(const Number& stated, const Number& computed);
bool TruncatedAt(const Number& stated, const Number& computed);
// `n` rounded half-up to `decimals`, as printed ("9.56%").
std::string Format(const Number& n, int decimals);

// The shares a sentence lists ("占 X%").
struct Shares {
  int count = 0;
  absl::int128 sum_micro = 0;  // in millionths of a percent
};
Shares SharesOf(const std::vector<Number>& numbers);
// Whether they add up to 100% (each rounded: half a unit of its last digit).
bool IsWhole(const Shares& shares);
std::string FormatSum(const Shares& shares);

// "完成年初预算的" against "完成全年预算的": the same statement, another base.
bool SameContextButBase(const U32& a, const U32& b);
// A rate: "增长 X%", "下降 X%", "完成…的 X%"; a change's rate: the first two.
bool IsRateContext(const U32& context);
bool IsChangeRate(const U32& context);
bool HasChangeRate(const std::vector<Number>& numbers);
// Whether a sentence's figures include one that is not a year.
bool HasFigure(const std::vector<Number>& numbers);
// A template sentence at 6 decimals, for reading: figures at 2.
std::string Display(const U32& sentence);

}  // namespace juesuan::rendering::audit

#endif  // JUESUAN_SERVICES_RENDERING_AUDIT_UNITS_H_
