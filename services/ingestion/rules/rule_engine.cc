#include "services/ingestion/rules/rule_engine.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <unordered_map>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/decimal.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "common/text_proto.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "services/ingestion/rules/builtin_checks.h"
#include "services/ingestion/rules/cell_labels.h"
#include "services/ingestion/rules/field_path.h"
#include "services/ingestion/rules/finding_sink.h"

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

// A term of an identity or inequality: a field path or a literal number.
struct Term {
  std::optional<FieldPath> path;
  int64_t literal = 0;  // in the rule's kind's minor unit
};

struct Side {
  std::vector<Term> terms;
};

// The sum of one side, or nullopt if any field term is absent. Where blank
// cells are nothing (`blank_is_zero`), a blank cell of a printed table reads
// 0 (FieldPath::Evaluate).
std::optional<TermValue> EvaluateSide(const Side& side, const Message& element,
                                      bool blank_is_zero) {
  TermValue total;
  for (const Term& term : side.terms) {
    if (!term.path.has_value()) {
      total.value += term.literal;
      continue;
    }
    std::optional<TermValue> v = term.path->Evaluate(element, blank_is_zero);
    if (!v.has_value()) return std::nullopt;
    total.value += v->value;
    total.figures += v->figures;
  }
  return total;
}

std::vector<std::string> CellsOf(const Side& side, const std::string& base) {
  std::vector<std::string> cells;
  for (const Term& term : side.terms) {
    if (term.path.has_value()) cells.push_back(term.path->CellName(base));
  }
  return cells;
}

bool IsLiteral(const std::string& text) {
  static const std::regex* const kNumber = new std::regex(R"(-?[0-9]+(\.[0-9]+)?)");
  return std::regex_match(text, *kNumber);
}

}  // namespace

// A rule's check compiled for one message type (a rule whose for_each paths
// reach several types has one per type).
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
    switch (spec.check_case()) {
      case RuleSpec::kIdentity:
        JUESUAN_RETURN_IF_ERROR(
            rule->CompileSides(scope_type, spec.identity().lhs(), spec.identity().rhs()));
        break;
      case RuleSpec::kInequality:
        if (spec.inequality().relation() == juesuan::config::v1::RELATION_UNSPECIFIED) {
          return absl::InvalidArgumentError("inequality: relation not set");
        }
        JUESUAN_RETURN_IF_ERROR(
            rule->CompileSides(scope_type, spec.inequality().lhs(), spec.inequality().rhs()));
        break;
      case RuleSpec::kRatio: {
        JUESUAN_ASSIGN_OR_RETURN(FieldPath numerator,
                                 FieldPath::CompileTerm(scope_type, spec.ratio().numerator()));
        JUESUAN_ASSIGN_OR_RETURN(FieldPath denominator,
                                 FieldPath::CompileTerm(scope_type, spec.ratio().denominator()));
        rule->numerator_ = std::move(numerator);
        rule->denominator_ = std::move(denominator);
        if (!spec.ratio().min_percent().empty()) {
          JUESUAN_ASSIGN_OR_RETURN(rule->min_percent_,
                                   ParseScaledDecimal(spec.ratio().min_percent(), 2));
        }
        if (!spec.ratio().max_percent().empty()) {
          JUESUAN_ASSIGN_OR_RETURN(rule->max_percent_,
                                   ParseScaledDecimal(spec.ratio().max_percent(), 2));
        }
        break;
      }
      case RuleSpec::kHierarchy: {
        const auto& h = spec.hierarchy();
        JUESUAN_ASSIGN_OR_RETURN(FieldPath rows, FieldPath::CompileScope(scope_type, h.rows()));
        JUESUAN_ASSIGN_OR_RETURN(FieldPath code,
                                 FieldPath::CompileText(rows.scope_type(), h.code_field()));
        for (const std::string& column : h.columns()) {
          JUESUAN_ASSIGN_OR_RETURN(FieldPath c, FieldPath::CompileTerm(rows.scope_type(), column));
          rule->columns_.push_back(std::move(c));
        }
        if (!h.total().empty()) {
          JUESUAN_ASSIGN_OR_RETURN(FieldPath total, FieldPath::CompileScope(scope_type, h.total()));
          if (total.scope_type() != rows.scope_type()) {
            return absl::InvalidArgumentError("hierarchy: total and rows differ in type");
          }
          rule->total_ = std::move(total);
        }
        rule->rows_ = std::move(rows);
        rule->code_ = std::move(code);
        break;
      }
      case RuleSpec::kBuiltin: {
        std::map<std::string, std::string> params(spec.builtin().params().begin(),
                                                  spec.builtin().params().end());
        JUESUAN_ASSIGN_OR_RETURN(rule->builtin_,
                                 MakeBuiltinCheck(spec.builtin().name(), scope_type, params));
        break;
      }
      case RuleSpec::CHECK_NOT_SET:
        return absl::InvalidArgumentError("no check");
    }
    return rule;
  }

  // Checks one element, appending findings.
  void Evaluate(const RuleContext& ctx, const Message& element, const std::string& path,
                std::vector<Finding>& out) const {
    FindingDrafts drafts;
    EvaluateElement(ctx, element, path, drafts);
    for (FindingDraft& d : drafts) out.push_back(ToFinding(element, path, std::move(d)));
  }

  // Every field path the check reads under `scope`, for the catalogue listing.
  std::vector<std::string> Cells(const std::string& scope) const {
    std::vector<std::string> cells;
    for (const Side* side : {&lhs_, &rhs_}) {
      for (const std::string& c : CellsOf(*side, scope)) cells.push_back(c);
    }
    if (numerator_) cells.push_back(numerator_->CellName(scope));
    if (denominator_) cells.push_back(denominator_->CellName(scope));
    if (rows_) {
      for (const FieldPath& c : columns_) cells.push_back(c.CellName(rows_->CellName(scope)));
    }
    if (cells.empty()) cells.push_back(scope.empty() ? "*" : scope);
    return cells;
  }

 private:
  CompiledCheck() = default;

  absl::Status CompileSides(const Descriptor* scope_type,
                            const google::protobuf::RepeatedPtrField<std::string>& lhs,
                            const google::protobuf::RepeatedPtrField<std::string>& rhs) {
    std::vector<std::string> literals_lhs, literals_rhs;
    std::optional<LeafKind> kind;
    auto compile = [&](const google::protobuf::RepeatedPtrField<std::string>& texts, Side& side,
                       std::vector<std::string>& literals) -> absl::Status {
      for (const std::string& text : texts) {
        Term term;
        if (IsLiteral(text)) {
          literals.push_back(text);
        } else {
          JUESUAN_ASSIGN_OR_RETURN(FieldPath path, FieldPath::CompileTerm(scope_type, text));
          if (kind.has_value() && *kind != path.kind()) {
            return absl::InvalidArgumentError(
                absl::StrCat("\"", text, "\" is of another kind than the rule's other terms"));
          }
          kind = path.kind();
          term.path = std::move(path);
        }
        side.terms.push_back(std::move(term));
      }
      return absl::OkStatus();
    };
    JUESUAN_RETURN_IF_ERROR(compile(lhs, lhs_, literals_lhs));
    JUESUAN_RETURN_IF_ERROR(compile(rhs, rhs_, literals_rhs));
    if (!kind.has_value()) return absl::InvalidArgumentError("no field terms");
    if (lhs_.terms.empty() || rhs_.terms.empty()) {
      return absl::InvalidArgumentError("both sides need terms");
    }
    kind_ = *kind;
    // Literals are written in the kind's natural unit (decimals, counts; money in 分).
    auto set_literals = [&](Side& side, const std::vector<std::string>& literals) -> absl::Status {
      size_t next = 0;
      for (Term& term : side.terms) {
        if (term.path.has_value()) continue;
        const std::string& text = literals[next++];
        JUESUAN_ASSIGN_OR_RETURN(term.literal,
                                 ParseScaledDecimal(text, kind_ == LeafKind::kDecimal ? 2 : 0));
      }
      return absl::OkStatus();
    };
    JUESUAN_RETURN_IF_ERROR(set_literals(lhs_, literals_lhs));
    return set_literals(rhs_, literals_rhs);
  }

  // The step of the last printed digit of the rule's kind, or 0 if exact.
  int64_t RoundingStep(const RuleContext& ctx) const {
    if (spec_.tolerance().kind_case() == juesuan::config::v1::Tolerance::kExact) return 0;
    switch (kind_) {
      case LeafKind::kMoney:
        return ctx.unit_step_fen;
      case LeafKind::kDecimal:
        return 1;  // 0.01
      case LeafKind::kCount:
        return 0;  // counts are exact
    }
    return 0;
  }

  void EvaluateElement(const RuleContext& ctx, const Message& element, const std::string& path,
                       FindingDrafts& out) const {
    switch (spec_.check_case()) {
      case RuleSpec::kIdentity:
      case RuleSpec::kInequality:
        EvaluateComparison(ctx, element, path, out);
        return;
      case RuleSpec::kRatio:
        EvaluateRatio(ctx, element, path, out);
        return;
      case RuleSpec::kHierarchy:
        EvaluateHierarchy(ctx, element, path, out);
        return;
      case RuleSpec::kBuiltin:
        builtin_->Run(ctx, element, path, out);
        return;
      case RuleSpec::CHECK_NOT_SET:
        return;
    }
  }

  // Compares lhs with rhs; `excess` is how far lhs is on the wrong side.
  void Report(const RuleContext& ctx, int64_t lhs, int64_t rhs, int64_t excess, int figures,
              std::string detail, std::vector<std::string> cells, FindingDrafts& out) const {
    if (excess <= 0) return;
    const int64_t step = RoundingStep(ctx);
    // An identity's sides are the same quantity: n summands rounded one by
    // one miss their printed total by up to n half-units. An inequality's
    // sides are different quantities, each printed rounded, so every figure
    // on either side may be half a unit off (PROC-SME: 246.47 + 4.79 against
    // a printed 251.25 holds before rounding).
    const int half_units =
        spec_.check_case() == RuleSpec::kInequality ? figures : std::max(figures - 1, 1);
    FindingDraft d;
    // In 128 bits: amounts are capped by the schema check, but never trust it here.
    const bool within = step > 0 && absl::int128(2) * excess <= absl::int128(half_units) * step;
    if (within) {
      d.severity = juesuan::ingestion::v1::SEVERITY_INFO;
      absl::StrAppend(&detail, "（舍入差异，在容差内）");
    }
    d.detail = std::move(detail);
    d.cells = std::move(cells);
    d.provided = FormatValue(kind_, lhs, ctx);
    d.expected = FormatValue(kind_, rhs, ctx);
    d.difference = FormatValue(kind_, lhs - rhs, ctx);
    d.tolerance = step > 0 ? FormatScaled(int64_t{half_units} * 5, 3) : "0";
    d.unit = UnitOf(kind_, ctx);
    out.push_back(std::move(d));
  }

  void EvaluateComparison(const RuleContext& ctx, const Message& element, const std::string& path,
                          FindingDrafts& out) const {
    const auto lhs = EvaluateSide(lhs_, element, ctx.blank_is_zero);
    const auto rhs = EvaluateSide(rhs_, element, ctx.blank_is_zero);
    if (!lhs || !rhs) return;
    int64_t excess = 0;
    const int64_t diff = lhs->value - rhs->value;
    if (spec_.check_case() == RuleSpec::kIdentity) {
      excess = std::abs(diff);
    } else if (spec_.inequality().relation() == juesuan::config::v1::RELATION_LE) {
      excess = diff;
    } else {
      excess = -diff;
    }
    // Most comparisons hold: the finding's words and cells are built only
    // for one that does not.
    if (excess <= 0) return;
    std::vector<std::string> cells = CellsOf(lhs_, path);
    for (std::string& c : CellsOf(rhs_, path)) cells.push_back(std::move(c));
    Report(ctx, lhs->value, rhs->value, excess, lhs->figures + rhs->figures,
           DescribeElement(element), std::move(cells), out);
  }

  void EvaluateRatio(const RuleContext& ctx, const Message& element, const std::string& path,
                     FindingDrafts& out) const {
    const auto numerator = numerator_->Evaluate(element);
    const auto denominator = denominator_->Evaluate(element);
    if (!numerator || !denominator || denominator->value == 0) return;
    const int64_t percent = PercentHundredths(numerator->value, denominator->value);
    const bool low = min_percent_.has_value() && percent < *min_percent_;
    const bool high = max_percent_.has_value() && percent > *max_percent_;
    if (!low && !high) return;
    FindingDraft d;
    d.detail = DescribeElement(element);
    d.cells = {numerator_->CellName(path), denominator_->CellName(path)};
    d.provided = FormatScaled(percent, 2);
    d.expected = absl::StrCat(min_percent_ ? FormatScaled(*min_percent_, 2) : "", "–",
                              max_percent_ ? FormatScaled(*max_percent_, 2) : "");
    d.difference = FormatScaled(low ? percent - *min_percent_ : percent - *max_percent_, 2);
    d.unit = "%";
    out.push_back(std::move(d));
  }

  void EvaluateHierarchy(const RuleContext& ctx, const Message& element, const std::string& path,
                         FindingDrafts& out) const {
    struct Row {
      std::string code;
      const Message* message;
      std::string path;
    };
    std::vector<Row> rows;
    rows_->ForEach(element, path, [&](const Message& row, const std::string& row_path) {
      rows.push_back({code_->ReadText(row), &row, row_path});
    });
    if (rows.empty()) return;
    // The nearest present ancestor of each row: the longest proper prefix of
    // its code that is another row's code. Looked up by prefix, so a table of
    // n rows costs O(n × code length), not O(n²).
    std::unordered_map<std::string, size_t> by_code;
    for (size_t i = 0; i < rows.size(); ++i) by_code.emplace(rows[i].code, i);
    std::vector<int> parent(rows.size(), -1);
    std::vector<std::vector<size_t>> children(rows.size());
    std::vector<size_t> top;
    for (size_t i = 0; i < rows.size(); ++i) {
      const std::string& code = rows[i].code;
      for (size_t len = code.size(); len-- > 1;) {
        auto it = by_code.find(code.substr(0, len));
        if (it != by_code.end() && it->second != i) {
          parent[i] = static_cast<int>(it->second);
          break;
        }
      }
      if (parent[i] < 0) {
        top.push_back(i);
      } else {
        children[parent[i]].push_back(i);
      }
    }
    for (const FieldPath& column : columns_) {
      // Each parent against the sum of its children.
      for (size_t p = 0; p < rows.size(); ++p) {
        if (children[p].empty()) continue;
        CompareSum(ctx, *rows[p].message, rows[p].path, rows, children[p], column,
                   absl::StrCat("（", rows[p].code, "）：上级科目与下级科目之和不等"), out);
      }
      // The total against the rows without a present ancestor.
      if (total_.has_value()) {
        total_->ForEach(element, path, [&](const Message& total, const std::string& total_path) {
          CompareSum(ctx, total, total_path, rows, top, column, "（合计）：合计与各类科目之和不等",
                     out);
        });
      }
    }
  }

  template <typename Rows>
  void CompareSum(const RuleContext& ctx, const Message& parent, const std::string& parent_path,
                  const Rows& rows, const std::vector<size_t>& children, const FieldPath& column,
                  std::string detail, FindingDrafts& out) const {
    // Where blank cells are nothing, a blank cell reads 0.
    const auto printed = column.Evaluate(parent, ctx.blank_is_zero);
    if (!printed) return;
    int64_t sum = 0;
    for (size_t i : children) {
      const auto v = column.Evaluate(*rows[i].message, ctx.blank_is_zero);
      if (!v) return;
      sum += v->value;
    }
    const int64_t step = RoundingStep(ctx);
    const int half_units = std::max(static_cast<int>(children.size()), 1);
    const int64_t excess = std::abs(printed->value - sum);
    if (excess == 0) return;
    FindingDraft d;
    if (step > 0 && absl::int128(2) * excess <= absl::int128(half_units) * step) {
      d.severity = juesuan::ingestion::v1::SEVERITY_INFO;
      absl::StrAppend(&detail, "（舍入差异，在容差内）");
    }
    d.detail = std::move(detail);
    d.cells = {column.CellName(parent_path)};
    for (size_t i : children) d.cells.push_back(column.CellName(rows[i].path));
    d.provided = FormatValue(column.kind(), printed->value, ctx);
    d.expected = FormatValue(column.kind(), sum, ctx);
    d.difference = FormatValue(column.kind(), printed->value - sum, ctx);
    d.tolerance = step > 0 ? FormatScaled(int64_t{half_units} * 5, 3) : "0";
    d.unit = UnitOf(column.kind(), ctx);
    out.push_back(std::move(d));
  }

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
  LeafKind kind_ = LeafKind::kMoney;
  Side lhs_;
  Side rhs_;
  std::optional<FieldPath> numerator_;
  std::optional<FieldPath> denominator_;
  std::optional<int64_t> min_percent_;
  std::optional<int64_t> max_percent_;
  std::optional<FieldPath> rows_;
  std::optional<FieldPath> total_;
  std::optional<FieldPath> code_;
  std::vector<FieldPath> columns_;
  std::unique_ptr<BuiltinCheck> builtin_;
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
