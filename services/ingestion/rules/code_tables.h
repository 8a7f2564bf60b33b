// 政府收支分类科目 code tables, one set per fiscal year: function codes
// (类 3 / 款 5 / 项 7 digits) and economic codes (类 3 / 款 5).
//
// File format (data/codes/<year>/{function,economic}.tsv): `code<TAB>name`
// lines; `#` comments; and a directive `#! complete ROOT 201 20601 …` naming
// the parents whose children are all listed (ROOT: the top level). A code
// missing under a complete parent is unknown; one missing under another
// parent cannot be verified with the table (the shipped tables are subsets).
#ifndef JUESUAN_SERVICES_INGESTION_RULES_CODE_TABLES_H_
#define JUESUAN_SERVICES_INGESTION_RULES_CODE_TABLES_H_

#include <map>
#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace juesuan::ingestion {

// One classification of one year.
class CodeTable {
 public:
  // Parses the TSV text; `source` names it in errors.
  static absl::StatusOr<CodeTable> Parse(absl::string_view text, absl::string_view source);

  enum class Lookup {
    kKnown,       // listed
    kUnknown,     // not listed, and its parent's children are all listed
    kUnverified,  // not listed, and the table may lack it
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

// The tables of every loaded year.
class CodeTables {
 public:
  // The tables compiled into the binary (data/codes/).
  static absl::StatusOr<std::shared_ptr<const CodeTables>> Embedded();
  // Tables from a directory laid out as data/codes/ (one folder per year).
  static absl::StatusOr<std::shared_ptr<const CodeTables>> FromDirectory(absl::string_view dir);

  // The function / economic table of `fiscal_year`, or nullptr.
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

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_CODE_TABLES_H_
