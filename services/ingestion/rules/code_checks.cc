#include "services/ingestion/rules/code_checks.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "codes/code_tables.h"
#include "common/status_macros.h"
#include "services/ingestion/rules/field_path.h"

namespace juesuan::ingestion {

using ::google::protobuf::Descriptor;
using ::google::protobuf::Message;
using CheckOrError = absl::StatusOr<std::unique_ptr<Check>>;

namespace {

using ::juesuan::ingestion::v1::SEVERITY_INFO;

enum class Classification { kFunction, kEconomic };

absl::StatusOr<Classification> ParseClassification(const std::string& table) {
  if (table == "function") return Classification::kFunction;
  if (table == "economic") return Classification::kEconomic;
  return absl::InvalidArgumentError(
      absl::StrCat("table must be \"function\" or \"economic\", got \"", table, "\""));
}

const codes::CodeTable* TableOf(Classification c, const RuleContext& ctx) {
  return c == Classification::kFunction ? ctx.code_tables.function : ctx.code_tables.economic;
}

const char* ClassificationName(Classification c) {
  return c == Classification::kFunction ? "支出功能分类科目" : "支出经济分类科目";
}

// A malformed code is the rule's own severity; a well-formed code our table
// lacks is INFO naming the table: the classification changes from year to
// year and our copy of a year's list may lack a code, so a missing code is
// for the reader to check, never a reason to refuse the accounts.
class CodeExists final : public Check {
 public:
  CodeExists(Classification c, FieldPath code) : c_(c), code_(std::move(code)) {}

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    const std::string code = code_.ReadText(element);
    const std::string cell = code_.CellName(path);
    const bool well_formed = c_ == Classification::kFunction
                                 ? codes::IsWellFormedFunctionCode(code)
                                 : codes::IsWellFormedEconomicCode(code);
    if (!well_formed) {
      FindingDraft d;
      d.detail = absl::StrCat(
          "：编码“", code, "”格式不正确（",
          c_ == Classification::kFunction ? "应为 3、5 或 7 位数字" : "应为 3 或 5 位数字", "）");
      d.cells = {cell};
      d.provided = code;
      out.push_back(std::move(d));
      return;
    }
    const codes::CodeTable* table = TableOf(c_, ctx);
    if (table == nullptr) return;
    const codes::CodeTable::Lookup found = table->Find(code);
    if (found == codes::CodeTable::Lookup::kKnown) return;
    FindingDraft d;
    d.severity = SEVERITY_INFO;
    d.detail = absl::StrCat("：编码 ", code, DescribeElement(element), " 不在",
                            ctx.code_tables.label, "的", ClassificationName(c_),
                            found == codes::CodeTable::Lookup::kUnknown
                                ? "中，请核对编码"
                                : "（本系统所载为子集）中，未能核验",
                            "；该行保留其填报名称");
    d.cells = {cell};
    d.provided = code;
    out.push_back(std::move(d));
  }

 private:
  Classification c_;
  FieldPath code_;
};

class CodeName final : public Check {
 public:
  CodeName(Classification c, FieldPath code, FieldPath name)
      : c_(c), code_(std::move(code)), name_(std::move(name)) {}

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    const codes::CodeTable* table = TableOf(c_, ctx);
    if (table == nullptr) return;
    const std::string code = code_.ReadText(element);
    const std::string official = table->NameOf(code);
    const std::string printed = name_.ReadText(element);
    if (official.empty() || printed.empty() || codes::SameCodeName(official, printed)) return;
    FindingDraft d;
    d.detail =
        absl::StrCat("：编码 ", code, " 的名称在", ctx.code_tables.label, "中为“", official, "”");
    d.cells = {name_.CellName(path), code_.CellName(path)};
    d.provided = printed;
    d.expected = official;
    out.push_back(std::move(d));
  }

 private:
  Classification c_;
  FieldPath code_;
  FieldPath name_;
};

// The table and code field shared by code_exists and code_name.
struct CodeField {
  Classification classification;
  FieldPath code;
};

absl::StatusOr<CodeField> CompileCodeField(const Descriptor* scope, ParamReader& p) {
  JUESUAN_ASSIGN_OR_RETURN(std::string table, p.Required("table"));
  JUESUAN_ASSIGN_OR_RETURN(Classification c, ParseClassification(table));
  JUESUAN_ASSIGN_OR_RETURN(std::string code_field, p.Required("code_field"));
  JUESUAN_ASSIGN_OR_RETURN(FieldPath code, FieldPath::CompileText(scope, code_field));
  return CodeField{c, std::move(code)};
}

}  // namespace

CheckOrError MakeCodeExists(const Descriptor* scope, ParamReader& p) {
  JUESUAN_ASSIGN_OR_RETURN(CodeField field, CompileCodeField(scope, p));
  return std::make_unique<CodeExists>(field.classification, std::move(field.code));
}

CheckOrError MakeCodeName(const Descriptor* scope, ParamReader& p) {
  JUESUAN_ASSIGN_OR_RETURN(CodeField field, CompileCodeField(scope, p));
  JUESUAN_ASSIGN_OR_RETURN(std::string name_field, p.Required("name_field"));
  JUESUAN_ASSIGN_OR_RETURN(FieldPath name_path, FieldPath::CompileText(scope, name_field));
  return std::make_unique<CodeName>(field.classification, std::move(field.code),
                                    std::move(name_path));
}

}  // namespace juesuan::ingestion
