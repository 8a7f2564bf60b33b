#include "services/ingestion/rules/cross_table_checks.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "services/ingestion/rules/field_path.h"

namespace juesuan::ingestion {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::Message;
using ::juesuan::ingestion::v1::SEVERITY_INFO;

// One side of a row match: a table's rows, the code that keys them and the
// column compared.
struct RowSide {
  FieldPath rows;
  FieldPath code;
  FieldPath column;
  std::optional<FieldPath> table;  // the message holding `rows`; none: the scope itself

  // Whether the table is there (a table printed with no rows is; one not
  // transcribed is not).
  bool TablePresent(const Message& element) const {
    if (!table.has_value()) return true;
    bool present = false;
    table->ForEach(element, "", [&present](const Message&, const std::string&) { present = true; });
    return present;
  }
};

// What one side printed under a code: the row, and its figure if stated.
struct Printed {
  std::optional<int64_t> value;
  std::string cell;
  std::string row;  // "（201 一般公共服务支出）"
};

using PrintedByCode = std::map<std::string, Printed>;

// The side's rows by code (the first row of a code counts). A blank cell is
// 0 where blank cells are nothing, else not stated.
PrintedByCode Collect(const RowSide& side, const Message& element, const std::string& path,
                      bool blank_is_zero) {
  PrintedByCode out;
  side.rows.ForEach(element, path, [&](const Message& row, const std::string& row_path) {
    const std::string code = side.code.ReadText(row);
    if (code.empty() || out.count(code) > 0) return;
    Printed& p = out[code];
    p.cell = side.column.CellName(row_path);
    p.row = DescribeElement(row);
    if (const auto value = side.column.Evaluate(row); value.has_value()) {
      p.value = value->value;
    } else if (blank_is_zero) {
      p.value = 0;
    }
  });
  return out;
}

std::set<size_t> LevelsOf(const PrintedByCode& printed) {
  std::set<size_t> levels;
  for (const auto& [code, p] : printed) {
    if (p.value.has_value()) levels.insert(code.size());
  }
  return levels;
}

class RowMatch final : public Check {
 public:
  RowMatch(RowSide side, RowSide other, bool less_or_equal, std::set<size_t> levels)
      : side_(std::move(side)),
        other_(std::move(other)),
        less_or_equal_(less_or_equal),
        levels_(std::move(levels)) {}

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    const PrintedByCode mine = Collect(side_, element, path, ctx.blank_is_zero);
    const PrintedByCode theirs = Collect(other_, element, path, ctx.blank_is_zero);
    std::set<size_t> my_levels = LevelsOf(mine);
    std::set<size_t> their_levels = LevelsOf(theirs);
    // A printed table with no rows at all has nothing at any level; a table
    // not transcribed says nothing.
    if (ctx.blank_is_zero && mine.empty() && side_.TablePresent(element)) my_levels = their_levels;
    if (ctx.blank_is_zero && theirs.empty() && other_.TablePresent(element)) {
      their_levels = my_levels;
    }
    std::set<std::string> codes;
    for (const auto& [code, p] : mine) codes.insert(code);
    for (const auto& [code, p] : theirs) codes.insert(code);
    for (const std::string& code : codes) {
      // Only levels both tables print figures of: a table that stops at 类
      // says nothing of 款 and 项.
      if (!levels_.empty() && levels_.count(code.size()) == 0) continue;
      if (my_levels.count(code.size()) == 0 || their_levels.count(code.size()) == 0) continue;
      auto a = mine.find(code);
      auto b = theirs.find(code);
      // A row a table does not list has nothing; a listed row with its
      // cell not stated says nothing.
      if ((a != mine.end() && !a->second.value) || (b != theirs.end() && !b->second.value)) {
        continue;
      }
      const int64_t left = a == mine.end() ? 0 : *a->second.value;
      const int64_t right = b == theirs.end() ? 0 : *b->second.value;
      const bool holds = less_or_equal_ ? left <= right : left == right;
      if (holds) continue;
      FindingDraft d;
      const Printed& named = a != mine.end() ? a->second : b->second;
      d.detail = named.row;
      if (a == mine.end() || b == theirs.end()) {
        absl::StrAppend(&d.detail, "：此科目只在一张表中列出（见所列单元格），另一张表未列");
      }
      if (a != mine.end()) d.cells.push_back(a->second.cell);
      if (b != theirs.end()) d.cells.push_back(b->second.cell);
      d.provided = FormatValue(side_.column.kind(), left, ctx);
      d.expected = FormatValue(other_.column.kind(), right, ctx);
      d.difference = FormatValue(side_.column.kind(), left - right, ctx);
      d.tolerance = "0";
      d.unit = UnitOf(side_.column.kind(), ctx);
      out.push_back(std::move(d));
    }
  }

 private:
  RowSide side_;
  RowSide other_;
  bool less_or_equal_;
  std::set<size_t> levels_;  // empty: every level
};

absl::StatusOr<RowSide> CompileSide(const Descriptor* scope, const std::string& rows,
                                    const std::string& code, const std::string& column) {
  JUESUAN_ASSIGN_OR_RETURN(FieldPath rows_path, FieldPath::CompileScope(scope, rows));
  JUESUAN_ASSIGN_OR_RETURN(FieldPath code_path,
                           FieldPath::CompileText(rows_path.scope_type(), code));
  JUESUAN_ASSIGN_OR_RETURN(FieldPath column_path,
                           FieldPath::CompileTerm(rows_path.scope_type(), column));
  RowSide side{std::move(rows_path), std::move(code_path), std::move(column_path), std::nullopt};
  if (const size_t dot = rows.rfind('.'); dot != std::string::npos) {
    JUESUAN_ASSIGN_OR_RETURN(FieldPath table, FieldPath::CompileScope(scope, rows.substr(0, dot)));
    side.table = std::move(table);
  }
  return side;
}

class CodeTableYear final : public Check {
 public:
  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    if (ctx.code_tables.table_year == ctx.accounts.fiscal_year()) return;
    FindingDraft d;
    d.severity = SEVERITY_INFO;
    d.detail = absl::StrCat("：本账目按", ctx.code_tables.label, "核验");
    d.cells = {"fiscal_year"};
    d.provided = absl::StrCat(ctx.accounts.fiscal_year());
    d.expected = absl::StrCat(ctx.code_tables.table_year);
    out.push_back(std::move(d));
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<Check>> MakeRowMatch(const Descriptor* scope, ParamReader& p) {
  std::string texts[6];
  const char* keys[6] = {"rows", "code", "column", "other_rows", "other_code", "other_column"};
  for (int i = 0; i < 6; ++i) {
    JUESUAN_ASSIGN_OR_RETURN(texts[i], p.Required(keys[i]));
  }
  JUESUAN_ASSIGN_OR_RETURN(RowSide side, CompileSide(scope, texts[0], texts[1], texts[2]));
  JUESUAN_ASSIGN_OR_RETURN(RowSide other, CompileSide(scope, texts[3], texts[4], texts[5]));
  if (side.column.kind() != other.column.kind()) {
    return absl::InvalidArgumentError("row_match: the two columns are of different kinds");
  }
  const std::string relation = p.Optional("relation");
  if (!relation.empty() && relation != "eq" && relation != "le") {
    return absl::InvalidArgumentError("row_match: relation must be eq or le");
  }
  std::set<size_t> levels;
  for (absl::string_view level : absl::StrSplit(p.Optional("levels"), ',', absl::SkipEmpty())) {
    size_t n = 0;
    if (!absl::SimpleAtoi(level, &n) || n == 0) {
      return absl::InvalidArgumentError(absl::StrCat("row_match: bad level \"", level, "\""));
    }
    levels.insert(n);
  }
  return std::make_unique<RowMatch>(std::move(side), std::move(other), relation == "le",
                                    std::move(levels));
}

std::unique_ptr<Check> MakeCodeTableYear() { return std::make_unique<CodeTableYear>(); }

}  // namespace juesuan::ingestion
