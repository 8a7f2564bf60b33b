#include "services/ingestion/rules/rule_engine.h"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "common/text_proto.h"
#include "services/ingestion/rules/builtin_checks.h"
#include "services/ingestion/rules/cell_labels.h"
#include "services/ingestion/rules/check.h"
#include "services/ingestion/rules/field_path.h"
#include "services/ingestion/rules/finding_sink.h"
#include "services/ingestion/rules/formula_checks.h"

namespace juesuan::embedded {
absl::string_view rule_catalogue_textproto();
}  // namespace juesuan::embedded

namespace juesuan::ingestion {

using ::google::protobuf::Descriptor;
using ::google::protobuf::Message;
using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::config::v1::RuleCatalogue;
using ::juesuan::config::v1::RuleSpec;
using ::juesuan::ingestion::v1::Finding;
using ::juesuan::ingestion::v1::Severity;
using ::juesuan::ingestion::v1::ValidationReport;
using ::juesuan::ingestion::v1::ValidationRule;

namespace {

// Compiles the check `spec` holds, whichever its kind, for elements of
// type `scope`.
absl::StatusOr<std::unique_ptr<Check>> MakeCheck(const RuleSpec& spec, const Descriptor* scope) {
  switch (spec.check_case()) {
    case RuleSpec::kIdentity:
    case RuleSpec::kInequality:
      return MakeComparisonCheck(spec, scope);
    case RuleSpec::kRatio:
      return MakeRatioCheck(spec, scope);
    case RuleSpec::kHierarchy:
      return MakeHierarchyCheck(spec, scope);
    case RuleSpec::kBuiltin: {
      std::map<std::string, std::string> params(spec.builtin().params().begin(),
                                                spec.builtin().params().end());
      return MakeBuiltinCheck(spec.builtin().name(), scope, params);
    }
    case RuleSpec::CHECK_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("no check");
}

}  // namespace

// A rule's check compiled for one message type (a rule whose for_each paths
// reach several types has one per type), and what the rule stamps on each
// finding it reports.
class CompiledCheck {
 public:
  static absl::StatusOr<std::unique_ptr<CompiledCheck>> Compile(const RuleSpec& spec,
                                                                const Descriptor* scope_type) {
    auto rule = std::unique_ptr<CompiledCheck>(new CompiledCheck());
    rule->spec_ = spec;
    if (!spec.explained_by().empty()) {
      JUESUAN_ASSIGN_OR_RETURN(FieldPath explained_by,
                               FieldPath::CompileText(scope_type, spec.explained_by()));
      rule->explained_by_ = std::move(explained_by);
    }
    JUESUAN_ASSIGN_OR_RETURN(rule->check_, MakeCheck(spec, scope_type));
    return rule;
  }

  // Checks one element, appending findings.
  void Evaluate(const RuleContext& ctx, const Message& element, const std::string& path,
                std::vector<Finding>& out) const {
    FindingDrafts drafts;
    check_->Run(ctx, element, path, drafts);
    for (FindingDraft& d : drafts) out.push_back(ToFinding(element, path, std::move(d)));
  }

  // Every field path the check reads under `scope`, for the catalogue listing.
  std::vector<std::string> Cells(const std::string& scope) const {
    std::vector<std::string> cells = check_->Cells(scope);
    if (cells.empty()) cells.push_back(scope.empty() ? "*" : scope);
    return cells;
  }

 private:
  CompiledCheck() = default;

  Finding ToFinding(const Message& element, const std::string& path, FindingDraft d) const {
    Finding f;
    f.set_rule_id(spec_.id());
    f.set_severity(d.severity == juesuan::ingestion::v1::SEVERITY_UNSPECIFIED ? spec_.severity()
                                                                              : d.severity);
    f.set_message(absl::StrCat(spec_.message(), d.detail));
    const std::string primary = d.cells.empty() ? path : d.cells.front();
    f.set_finding_id(absl::StrCat(spec_.id(), ":", primary.empty() ? "*" : primary));
    for (std::string& c : d.cells) f.add_cells(std::move(c));
    f.set_provided(std::move(d.provided));
    f.set_expected(std::move(d.expected));
    f.set_difference(std::move(d.difference));
    f.set_tolerance(std::move(d.tolerance));
    f.set_unit(std::move(d.unit));
    if (f.severity() == juesuan::ingestion::v1::SEVERITY_WARNING) {
      std::string reason = d.explanation;
      if (reason.empty() && explained_by_.has_value()) reason = explained_by_->ReadText(element);
      if (!reason.empty()) {
        f.mutable_explanation()->set_text(reason);
        f.mutable_explanation()->set_author("submission");
      }
    }
    return f;
  }

  RuleSpec spec_;
  std::optional<FieldPath> explained_by_;
  std::unique_ptr<Check> check_;
};

// One rule: its scopes, each with the check compiled for the scope's type.
class CompiledRule {
 public:
  static absl::StatusOr<std::unique_ptr<CompiledRule>> Compile(const RuleSpec& spec) {
    auto rule = std::unique_ptr<CompiledRule>(new CompiledRule());
    rule->spec_ = spec;
    const Descriptor* root = FinalAccounts::descriptor();
    std::vector<std::string> paths(spec.for_each().begin(), spec.for_each().end());
    if (paths.empty()) paths.push_back("");
    if (!spec.unless_stated().empty()) {
      JUESUAN_ASSIGN_OR_RETURN(FieldPath unless,
                               FieldPath::CompileTerm(root, spec.unless_stated()));
      rule->unless_stated_ = std::move(unless);
    }
    std::map<const Descriptor*, std::shared_ptr<CompiledCheck>> by_type;
    for (const std::string& path : paths) {
      JUESUAN_ASSIGN_OR_RETURN(FieldPath scope, FieldPath::CompileScope(root, path));
      std::shared_ptr<CompiledCheck>& check = by_type[scope.scope_type()];
      if (check == nullptr) {
        absl::StatusOr<std::unique_ptr<CompiledCheck>> compiled =
            CompiledCheck::Compile(spec, scope.scope_type());
        if (!compiled.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat(path.empty() ? "" : absl::StrCat("for_each \"", path, "\": "),
                           compiled.status().message()));
        }
        check = *std::move(compiled);
      }
      rule->instances_.push_back({std::move(scope), check});
    }
    return rule;
  }

  bool AppliesTo(const FinalAccounts& accounts) const {
    const int fiscal_year = accounts.fiscal_year();
    if (unless_stated_.has_value() && unless_stated_->Evaluate(accounts).has_value()) return false;
    return (spec_.first_fiscal_year() == 0 || fiscal_year >= spec_.first_fiscal_year()) &&
           (spec_.last_fiscal_year() == 0 || fiscal_year <= spec_.last_fiscal_year());
  }

  // Evaluates the rule on every element its scopes reach.
  void Evaluate(const RuleContext& ctx, std::vector<Finding>& out) const {
    for (const Instance& instance : instances_) {
      instance.scope.ForEach(ctx.accounts, "",
                             [&](const Message& element, const std::string& path) {
                               instance.check->Evaluate(ctx, element, path, out);
                             });
    }
  }

  // Every field path the rule reads.
  std::vector<std::string> Cells() const {
    std::vector<std::string> cells;
    for (const Instance& instance : instances_) {
      for (std::string& c : instance.check->Cells(instance.scope.text()))
        cells.push_back(std::move(c));
    }
    return cells;
  }

 private:
  struct Instance {
    FieldPath scope;
    std::shared_ptr<CompiledCheck> check;
  };
  CompiledRule() = default;

  RuleSpec spec_;
  std::optional<FieldPath> unless_stated_;
  std::vector<Instance> instances_;
};

RuleEngine::~RuleEngine() = default;

absl::StatusOr<RuleCatalogue> RuleEngine::ParseCatalogue(absl::string_view text) {
  RuleCatalogue catalogue;
  JUESUAN_RETURN_IF_ERROR(ParseTextProto(text, "rule catalogue", &catalogue));
  return catalogue;
}

absl::StatusOr<RuleCatalogue> RuleEngine::EmbeddedCatalogue() {
  return ParseCatalogue(embedded::rule_catalogue_textproto());
}

absl::StatusOr<std::unique_ptr<RuleEngine>> RuleEngine::Create(
    const RuleCatalogue& catalogue, std::shared_ptr<const codes::CodeTables> code_tables) {
  if (catalogue.version().empty()) return absl::InvalidArgumentError("rule catalogue: no version");
  if (code_tables == nullptr) return absl::InvalidArgumentError("no code tables");
  auto engine = std::unique_ptr<RuleEngine>(new RuleEngine());
  engine->catalogue_version_ = catalogue.version();
  engine->code_tables_ = std::move(code_tables);
  static const std::regex* const kRuleId = new std::regex(R"([A-Z][A-Z0-9]*(-[A-Z0-9]+)*)");
  std::set<std::string> ids;
  for (const RuleSpec& spec : catalogue.rules()) {
    auto fail = [&spec](absl::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrCat("rule catalogue: rule \"", spec.id(), "\": ", why));
    };
    if (!std::regex_match(spec.id(), *kRuleId)) return fail("id must be like T1-IN");
    if (!ids.insert(spec.id()).second) return fail("duplicate id");
    if (spec.severity() == juesuan::ingestion::v1::SEVERITY_UNSPECIFIED) return fail("no severity");
    if (spec.category() == juesuan::ingestion::v1::RULE_CATEGORY_UNSPECIFIED)
      return fail("no category");
    if (spec.message().empty()) return fail("no message");
    absl::StatusOr<std::unique_ptr<CompiledRule>> rule = CompiledRule::Compile(spec);
    if (!rule.ok()) return fail(rule.status().message());

    ValidationRule api;
    api.set_name(absl::StrCat("validationRules/", spec.id()));
    api.set_rule_id(spec.id());
    api.set_severity(spec.severity());
    api.set_category(spec.category());
    api.set_message(spec.message());
    for (const std::string& t : spec.tables()) api.add_tables(t);
    for (const std::string& c : (*rule)->Cells()) api.add_cells(c);
    const bool exact = spec.tolerance().kind_case() == juesuan::config::v1::Tolerance::kExact;
    switch (spec.check_case()) {
      case RuleSpec::kIdentity:
      case RuleSpec::kInequality:
      case RuleSpec::kHierarchy:
        api.set_tolerance(exact ? "0（须完全相等）"
                                : "舍入容差：n 个数字之和与其合计之差不超过 n 个半单位"
                                  "（万元填报为 n × 0.005 万元）");
        break;
      default:
        api.set_tolerance("—");
    }
    api.set_first_fiscal_year(spec.first_fiscal_year());
    api.set_last_fiscal_year(spec.last_fiscal_year());
    api.set_catalogue_version(catalogue.version());
    engine->api_rules_.push_back(std::move(api));
    engine->rules_.push_back(*std::move(rule));
  }
  if (engine->rules_.empty()) return absl::InvalidArgumentError("rule catalogue: no rules");
  return engine;
}

ValidationReport RuleEngine::Validate(const FinalAccounts& accounts) const {
  const RuleContext ctx{
      accounts, accounts.amount_unit(), UnitStepFen(accounts.amount_unit()),
      code_tables_->ForYear(accounts.fiscal_year()),
      accounts.blank_cells() == juesuan::accounts::v1::BLANK_CELLS_PRINTED_BLANK_IS_ZERO};
  std::vector<Finding> findings;
  int evaluated = 0;
  for (const auto& rule : rules_) {
    if (!rule->AppliesTo(accounts)) continue;
    ++evaluated;
    rule->Evaluate(ctx, findings);
  }
  // FATAL, WARNING, INFO; catalogue order within each (stable sort).
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.severity() > b.severity(); });
  ValidationReport report;
  for (Finding& f : findings) {
    for (const std::string& cell : f.cells()) f.add_cell_labels(CellLabel(accounts, cell));
    switch (f.severity()) {
      case juesuan::ingestion::v1::SEVERITY_FATAL:
        report.set_fatal_count(report.fatal_count() + 1);
        break;
      case juesuan::ingestion::v1::SEVERITY_WARNING:
        report.set_warning_count(report.warning_count() + 1);
        if (!f.has_explanation()) {
          report.set_unexplained_warning_count(report.unexplained_warning_count() + 1);
        }
        break;
      default:
        report.set_info_count(report.info_count() + 1);
    }
    *report.add_findings() = std::move(f);
  }
  report.set_rules_evaluated(evaluated);
  report.mutable_provenance()->set_rule_catalogue_version(catalogue_version_);
  report.mutable_provenance()->set_code_table_version(
      absl::StrCat(ctx.code_tables.label, " [", code_tables_->version(), "]"));
  return report;
}

}  // namespace juesuan::ingestion
