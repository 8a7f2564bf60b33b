#include "codes/code_tables.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "codes/embedded_code_tables.h"

namespace juesuan::codes {
namespace {

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

absl::StatusOr<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

bool IsWellFormedFunctionCode(absl::string_view code) {
  return AllDigits(code) && (code.size() == 3 || code.size() == 5 || code.size() == 7);
}

bool IsWellFormedEconomicCode(absl::string_view code) {
  return AllDigits(code) && (code.size() == 3 || code.size() == 5);
}

bool SameCodeName(absl::string_view a, absl::string_view b) {
  auto normalize = [](absl::string_view s) {
    return absl::StrReplaceAll(s, {{"（", "("}, {"）", ")"}, {" ", ""}, {"　", ""}});
  };
  return normalize(a) == normalize(b);
}

absl::StatusOr<CodeTable> CodeTable::Parse(absl::string_view text, absl::string_view source) {
  CodeTable table;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty()) continue;
    if (absl::ConsumePrefix(&line, "#! complete")) {
      for (absl::string_view code : absl::StrSplit(line, ' ', absl::SkipEmpty())) {
        table.complete_parents_.insert(code == "ROOT" ? std::string() : std::string(code));
      }
      continue;
    }
    if (line[0] == '#') continue;
    const std::vector<absl::string_view> parts = absl::StrSplit(line, absl::MaxSplits('\t', 1));
    if (parts.size() != 2 || !AllDigits(parts[0]) || parts[1].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ":", line_number, ": expected code<TAB>name"));
    }
    if (!table.names_.emplace(std::string(parts[0]), std::string(parts[1])).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ":", line_number, ": duplicate code ", parts[0]));
    }
  }
  if (table.names_.empty()) return absl::InvalidArgumentError(absl::StrCat(source, ": no codes"));
  return table;
}

CodeTable::Lookup CodeTable::Find(absl::string_view code) const {
  if (names_.find(code) != names_.end()) return Lookup::kKnown;
  // The parent is the code two digits shorter (项 → 款 → 类 → root).
  const absl::string_view parent = code.size() > 3 ? code.substr(0, code.size() - 2) : "";
  if (!parent.empty() && names_.find(parent) == names_.end()) {
    // An unlisted parent: unknown if the parent itself is unknown.
    return Find(parent) == Lookup::kUnknown ? Lookup::kUnknown : Lookup::kUnverified;
  }
  return complete_parents_.count(parent) > 0 ? Lookup::kUnknown : Lookup::kUnverified;
}

std::string CodeTable::NameOf(absl::string_view code) const {
  auto it = names_.find(code);
  return it == names_.end() ? std::string() : it->second;
}

void CodeTables::Add(int fiscal_year, CodeTable function, CodeTable economic) {
  function_.insert_or_assign(fiscal_year, std::move(function));
  economic_.insert_or_assign(fiscal_year, std::move(economic));
  std::vector<std::string> parts;
  for (const auto& [year, table] : function_) {
    parts.push_back(absl::StrCat(year, ":", table.size(), "+", economic_.at(year).size()));
  }
  version_ = absl::StrJoin(parts, ",");
}

const CodeTable* CodeTables::Function(int fiscal_year) const {
  auto it = function_.find(fiscal_year);
  return it == function_.end() ? nullptr : &it->second;
}

const CodeTable* CodeTables::Economic(int fiscal_year) const {
  auto it = economic_.find(fiscal_year);
  return it == economic_.end() ? nullptr : &it->second;
}

std::set<int> CodeTables::years() const {
  std::set<int> out;
  for (const auto& [year, table] : function_) out.insert(year);
  return out;
}

absl::StatusOr<std::shared_ptr<const CodeTables>> CodeTables::Embedded() {
  auto tables = std::make_shared<CodeTables>();
  for (const EmbeddedYear& year : EmbeddedYears()) {
    const std::string dir = absl::StrCat("data/codes/", year.year, "/");
    auto function = CodeTable::Parse(year.function_tsv, absl::StrCat(dir, "function.tsv"));
    if (!function.ok()) return function.status();
    auto economic = CodeTable::Parse(year.economic_tsv, absl::StrCat(dir, "economic.tsv"));
    if (!economic.ok()) return economic.status();
    tables->Add(year.year, *std::move(function), *std::move(economic));
  }
  if (tables->years().empty()) return absl::InternalError("no code tables were built in");
  return tables;
}

absl::StatusOr<std::shared_ptr<const CodeTables>> CodeTables::Load(absl::string_view dir) {
  return dir.empty() ? Embedded() : FromDirectory(dir);
}

YearTables CodeTables::ForYear(int fiscal_year) const {
  YearTables out;
  if (function_.empty()) return out;
  // The nearest year at or before fiscal_year; the earliest if none is.
  auto it = function_.upper_bound(fiscal_year);
  if (it != function_.begin()) --it;
  out.table_year = it->first;
  out.function = &it->second;
  out.economic = &economic_.at(it->first);
  out.label = absl::StrCat(out.table_year, " 年科目表");
  if (out.table_year != fiscal_year) {
    absl::StrAppend(&out.label, "（", fiscal_year, " 年无科目表，按",
                    out.table_year < fiscal_year ? "最近的以前年度" : "最早的年度", "）");
  }
  return out;
}

std::string FunctionName(const YearTables& tables, absl::string_view code,
                         absl::string_view printed) {
  if (!printed.empty()) return std::string(printed);
  if (tables.function != nullptr) {
    std::string name = tables.function->NameOf(code);
    if (!name.empty()) return name;
  }
  return std::string(code);
}

absl::StatusOr<std::shared_ptr<const CodeTables>> CodeTables::FromDirectory(absl::string_view dir) {
  auto tables = std::make_shared<CodeTables>();
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(dir), error)) {
    int year = 0;
    if (!entry.is_directory() || !absl::SimpleAtoi(entry.path().filename().string(), &year)) {
      continue;
    }
    auto function_text = ReadFile(entry.path() / "function.tsv");
    if (!function_text.ok()) return function_text.status();
    auto economic_text = ReadFile(entry.path() / "economic.tsv");
    if (!economic_text.ok()) return economic_text.status();
    auto function = CodeTable::Parse(*function_text, (entry.path() / "function.tsv").string());
    if (!function.ok()) return function.status();
    auto economic = CodeTable::Parse(*economic_text, (entry.path() / "economic.tsv").string());
    if (!economic.ok()) return economic.status();
    tables->Add(year, *std::move(function), *std::move(economic));
  }
  if (error) return absl::NotFoundError(absl::StrCat("cannot list ", dir, ": ", error.message()));
  if (tables->years().empty()) {
    return absl::NotFoundError(absl::StrCat("no <year>/function.tsv under ", dir));
  }
  return tables;
}

}  // namespace juesuan::codes
