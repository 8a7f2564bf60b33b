// What a published table's printed words are: figures, codes, dashes,
// enumerators, page numbers, form numbers. One reading for the table reader,
// the placers and the narrative (table_reader.h, narrative.h).
#ifndef JUESUAN_IMPORT_PRINTED_TEXT_H_
#define JUESUAN_IMPORT_PRINTED_TEXT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace juesuan::import {

// The text without spaces of any kind.
std::string Squeeze(const std::string& text);

// Whether `text` is a figure as tables print it: digits with an optional
// sign, thousands separators and decimals ("1,234.56", "-3.00", "0").
bool IsFigure(const std::string& text);

// A figure as printed ("1,234.56") in the table's unit as 分: 万元 (10^6
// 分; also when no unit is printed) or 元 (10^2).
absl::StatusOr<int64_t> FigureFen(const std::string& printed, const std::string& unit);

// A function or economic code: 3, 5 or 7 digits.
bool IsCode(const std::string& text);

// A word at the start of a row that fuses a code and a name
// ("310资本性支出"): the code's length, or 0.
size_t FusedCode(const std::string& text);

// "—", "-", "——": a cell printed as not stated.
bool IsDash(const std::string& text);

// Whether `text` starts with a list's enumerator: "一、", "（一）".
bool StartsWithEnumerator(const std::string& text);

// Whether a printed line (spaces removed) is a page's number: "8", "- 8 -",
// "第8页共23页". Bare digits are one up to two of them ("301" alone is a
// code printed a line above its row).
bool IsPageNumber(const std::string& text);

// What may follow a table's title on its line, or stand alone as a
// caption: nothing, a form's number ("公开01表", "表1"), "（续）".
bool IsTitleSuffix(absl::string_view rest);

}  // namespace juesuan::import

#endif  // JUESUAN_IMPORT_PRINTED_TEXT_H_
