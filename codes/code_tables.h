// 政府收支分类科目 code tables, one set per fiscal year: function codes
// (类 3 / 款 5 / 项 7 digits) and economic codes (类 3 / 款 5). Shared by
// ingestion (the CODE-* rules) and rendering (类/款/项 printed by name).
//
// File format (data/codes/<year>/{function,economic}.tsv): `code<TAB>name`
// lines; `#` comments; and a directive `#! complete ROOT 201 20601 …` naming
// the parents whose children are all listed (ROOT: the top level). A code
// missing under a complete parent is absent from the year's list; one
// missing under another parent may be missing from our copy of it.
//
// Accounts of a year without its own tables are read with the nearest
// earlier year's (the classification changes little from year to year), or
// the earliest year's for a year before every table; `ForYear` says which.
#ifndef JUESUAN_CODES_CODE_TABLES_H_
#define JUESUAN_CODES_CODE_TABLES_H_

#include <map>
#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace juesuan::codes {

// One classification of one year.
class CodeTable {
 public:
  // Parses the TSV text; `source` names it in errors.
  static absl::StatusOr<CodeTable> Parse(absl::string_view text, absl::string_view source);

  enum class Lookup {
    kKnown,       // listed
    kUnknown,     // not listed, and its parent's children are all listed
    kUnverified,  // not listed, and our copy of the list may lack it
  };
  // Looks up a well-formed code.
  Lookup Find(absl::string_view code) const;

  // The official name of a listed code ("" if not listed).
  std::string NameOf(absl::string_view code) const;

  size_t size() const { return names_.size(); }

 private:
  std::map<std::string, std::string, std::less<>> names_;
  std::set<std::string, std::less<>> complete_parents_;  // "" is the root
};

// The tables a fiscal year's accounts are read with.
struct YearTables {
  const CodeTable* function = nullptr;
  const CodeTable* economic = nullptr;
  // The year the tables are of: the accounts' own year when it has tables.
  int table_year = 0;
  // "2024 年科目表" or "2024 年科目表（2025 年无科目表，按最近年度）": how
  // findings and provenance name them.
  std::string label;
};

// The tables of every loaded year.
class CodeTables {
 public:
  // The tables compiled into the binary (every year under data/codes/).
  static absl::StatusOr<std::shared_ptr<const CodeTables>> Embedded();
  // Tables from a directory laid out as data/codes/ (one folder per year).
  static absl::StatusOr<std::shared_ptr<const CodeTables>> FromDirectory(absl::string_view dir);
  // The embedded tables, or those of `dir` when it is not empty (what the
  // servers' --code_tables_dir selects).
  static absl::StatusOr<std::shared_ptr<const CodeTables>> Load(absl::string_view dir);

  // The tables of `fiscal_year`: its own, else the nearest earlier year's,
  // else the earliest year's. Every loaded set has at least one year.
  YearTables ForYear(int fiscal_year) const;

  // The function / economic table of exactly `fiscal_year`, or nullptr.
  const CodeTable* Function(int fiscal_year) const;
  const CodeTable* Economic(int fiscal_year) const;
  // The years loaded, ascending.
  std::set<int> years() const;
  // A version string naming the years and entry counts (for provenance).
  std::string version() const { return version_; }

  // Adds a year (both tables).
  void Add(int fiscal_year, CodeTable function, CodeTable economic);

 private:
  std::map<int, CodeTable> function_;
  std::map<int, CodeTable> economic_;
  std::string version_;
};

// Whether `code` is a well-formed function code (3, 5 or 7 digits).
bool IsWellFormedFunctionCode(absl::string_view code);
// Whether `code` is a well-formed economic code (3 or 5 digits).
bool IsWellFormedEconomicCode(absl::string_view code);

// Names compared as the disclosures print them: full- and half-width
// parentheses are the same, spaces are ignored.
bool SameCodeName(absl::string_view a, absl::string_view b);

// The name to print for a function code: `printed` (a row's own name as the
// department printed it) when there is one, else the table's, else the code.
std::string FunctionName(const YearTables& tables, absl::string_view code,
                         absl::string_view printed);

}  // namespace juesuan::codes

#endif  // JUESUAN_CODES_CODE_TABLES_H_
