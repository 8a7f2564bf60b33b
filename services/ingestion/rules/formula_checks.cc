#include "services/ingestion/rules/formula_checks.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "common/status_macros.h"
#include "services/ingestion/rules/field_path.h"

namespace juesuan::ingestion {

using ::google::protobuf::Descriptor;
using ::google::protobuf::Message;
using ::google::protobuf::RepeatedPtrField;
using ::juesuan::config::v1::RuleSpec;

namespace {

// Whether the rule allows no rounding difference at all.
bool IsExact(const RuleSpec& spec) {
  return spec.tolerance().kind_case() == juesuan::config::v1::Tolerance::kExact;
}

// The step of the last printed digit of `kind`, or 0 where the rule is exact.
int64_t RoundingStep(bool exact, LeafKind kind, const RuleContext& ctx) {
  if (exact) return 0;
  switch (kind) {
    case LeafKind::kMoney:
      return ctx.unit_step_fen;
    case LeafKind::kDecimal:
      return 1;  // 0.01
    case LeafKind::kCount:
      return 0;  // counts are exact
  }
  return 0;
}

// States the tolerance on `d`, and marks a difference of at most
// `half_units` half-steps as rounding (INFO, said so in the detail).
void JudgeRounding(int64_t excess, int half_units, int64_t step, FindingDraft& d) {
  // In 128 bits: amounts are capped by the schema check, but never trust it here.
  if (step > 0 && absl::int128(2) * excess <= absl::int128(half_units) * step) {
    d.severity = juesuan::ingestion::v1::SEVERITY_INFO;
    absl::StrAppend(&d.detail, "（舍入差异，在容差内）");
  }
  d.tolerance = step > 0 ? FormatScaled(int64_t{half_units} * 5, 3) : "0";
}

// A term of an identity or inequality: a field path or a literal number.
struct Term {
  std::optional<FieldPath> path;
  int64_t literal = 0;  // in the rule's kind's minor unit
};

using Side = std::vector<Term>;

// The sum of one side, or nullopt if any field term is absent. Where blank
// cells are nothing (`blank_is_zero`), a blank cell of a printed table reads
// 0 (FieldPath::Evaluate).
std::optional<TermValue> EvaluateSide(const Side& side, const Message& element,
                                      bool blank_is_zero) {
  TermValue total;
  for (const Term& term : side) {
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

void AppendCells(const Side& side, const std::string& base, std::vector<std::string>& cells) {
  for (const Term& term : side) {
    if (term.path.has_value()) cells.push_back(term.path->CellName(base));
  }
}

bool IsLiteral(const std::string& text) {
  static const std::regex* const kNumber = new std::regex(R"(-?[0-9]+(\.[0-9]+)?)");
  return std::regex_match(text, *kNumber);
}

// Compiles the field terms of one side; literals are kept as text until the
// rule's kind, which sets their unit, is known from all its field terms.
absl::Status CompileFieldTerms(const Descriptor* scope, const RepeatedPtrField<std::string>& texts,
                               Side& side, std::optional<LeafKind>& kind) {
  for (const std::string& text : texts) {
    Term term;
    if (!IsLiteral(text)) {
      JUESUAN_ASSIGN_OR_RETURN(FieldPath path, FieldPath::CompileTerm(scope, text));
      if (kind.has_value() && *kind != path.kind()) {
        return absl::InvalidArgumentError(
            absl::StrCat("\"", text, "\" is of another kind than the rule's other terms"));
      }
      kind = path.kind();
      term.path = std::move(path);
    }
    side.push_back(std::move(term));
  }
  return absl::OkStatus();
}

// Reads the literals of one side in the kind's natural unit (decimals,
// counts; money in 分).
absl::Status SetLiterals(const RepeatedPtrField<std::string>& texts, LeafKind kind, Side& side) {
  for (int i = 0; i < texts.size(); ++i) {
    if (side[i].path.has_value()) continue;
    JUESUAN_ASSIGN_OR_RETURN(side[i].literal,
                             ParseScaledDecimal(texts[i], kind == LeafKind::kDecimal ? 2 : 0));
  }
  return absl::OkStatus();
}

// lhs = rhs, lhs ≤ rhs or lhs ≥ rhs.
class ComparisonCheck final : public Check {
 public:
  static absl::StatusOr<std::unique_ptr<Check>> Compile(const RuleSpec& spec,
                                                        const Descriptor* scope) {
    const bool identity = spec.check_case() == RuleSpec::kIdentity;
    const auto& lhs = identity ? spec.identity().lhs() : spec.inequality().lhs();
    const auto& rhs = identity ? spec.identity().rhs() : spec.inequality().rhs();
    if (!identity && spec.inequality().relation() == juesuan::config::v1::RELATION_UNSPECIFIED) {
      return absl::InvalidArgumentError("inequality: relation not set");
    }
    auto check = std::unique_ptr<ComparisonCheck>(new ComparisonCheck(spec));
    std::optional<LeafKind> kind;
    JUESUAN_RETURN_IF_ERROR(CompileFieldTerms(scope, lhs, check->lhs_, kind));
    JUESUAN_RETURN_IF_ERROR(CompileFieldTerms(scope, rhs, check->rhs_, kind));
    if (!kind.has_value()) return absl::InvalidArgumentError("no field terms");
    if (check->lhs_.empty() || check->rhs_.empty()) {
      return absl::InvalidArgumentError("both sides need terms");
    }
    check->kind_ = *kind;
    JUESUAN_RETURN_IF_ERROR(SetLiterals(lhs, check->kind_, check->lhs_));
    JUESUAN_RETURN_IF_ERROR(SetLiterals(rhs, check->kind_, check->rhs_));
    return check;
  }

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    const auto lhs = EvaluateSide(lhs_, element, ctx.blank_is_zero);
    const auto rhs = EvaluateSide(rhs_, element, ctx.blank_is_zero);
    if (!lhs || !rhs) return;
    const int64_t diff = lhs->value - rhs->value;
    int64_t excess = -diff;  // how far lhs is on the wrong side
    if (!inequality_) {
      excess = std::abs(diff);
    } else if (at_most_) {
      excess = diff;
    }
    // Most comparisons hold: the finding's words and cells are built only
    // for one that does not.
    if (excess <= 0) return;
    // An identity's sides are the same quantity: n summands rounded one by
    // one miss their printed total by up to n half-units. An inequality's
    // sides are different quantities, each printed rounded, so every figure
    // on either side may be half a unit off (PROC-SME: 246.47 + 4.79 against
    // a printed 251.25 holds before rounding).
    const int figures = lhs->figures + rhs->figures;
    const int half_units = inequality_ ? figures : std::max(figures - 1, 1);
    FindingDraft d;
    d.detail = DescribeElement(element);
    JudgeRounding(excess, half_units, RoundingStep(exact_, kind_, ctx), d);
    AppendCells(lhs_, path, d.cells);
    AppendCells(rhs_, path, d.cells);
    d.provided = FormatValue(kind_, lhs->value, ctx);
    d.expected = FormatValue(kind_, rhs->value, ctx);
    d.difference = FormatValue(kind_, diff, ctx);
    d.unit = UnitOf(kind_, ctx);
    out.push_back(std::move(d));
  }

  std::vector<std::string> Cells(const std::string& scope) const override {
    std::vector<std::string> cells;
    AppendCells(lhs_, scope, cells);
    AppendCells(rhs_, scope, cells);
    return cells;
  }

 private:
  explicit ComparisonCheck(const RuleSpec& spec)
      : exact_(IsExact(spec)),
        inequality_(spec.check_case() == RuleSpec::kInequality),
        at_most_(inequality_ && spec.inequality().relation() == juesuan::config::v1::RELATION_LE) {}

  bool exact_;
  bool inequality_;
  bool at_most_;  // lhs ≤ rhs (else ≥, for an inequality)
  LeafKind kind_ = LeafKind::kMoney;
  Side lhs_;
  Side rhs_;
};

// numerator ÷ denominator, in hundredths of a percent, within bounds.
class RatioCheck final : public Check {
 public:
  static absl::StatusOr<std::unique_ptr<Check>> Compile(const RuleSpec& spec,
                                                        const Descriptor* scope) {
    const auto& ratio = spec.ratio();
    JUESUAN_ASSIGN_OR_RETURN(FieldPath numerator, FieldPath::CompileTerm(scope, ratio.numerator()));
    JUESUAN_ASSIGN_OR_RETURN(FieldPath denominator,
                             FieldPath::CompileTerm(scope, ratio.denominator()));
    auto check =
        std::unique_ptr<RatioCheck>(new RatioCheck(std::move(numerator), std::move(denominator)));
    if (!ratio.min_percent().empty()) {
      JUESUAN_ASSIGN_OR_RETURN(check->min_percent_, ParseScaledDecimal(ratio.min_percent(), 2));
    }
    if (!ratio.max_percent().empty()) {
      JUESUAN_ASSIGN_OR_RETURN(check->max_percent_, ParseScaledDecimal(ratio.max_percent(), 2));
    }
    return check;
  }

  void Run(const RuleContext& /*ctx*/, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    const auto numerator = numerator_.Evaluate(element);
    const auto denominator = denominator_.Evaluate(element);
    if (!numerator || !denominator || denominator->value == 0) return;
    const int64_t percent = PercentHundredths(numerator->value, denominator->value);
    const bool low = min_percent_.has_value() && percent < *min_percent_;
    const bool high = max_percent_.has_value() && percent > *max_percent_;
    if (!low && !high) return;
    FindingDraft d;
    d.detail = DescribeElement(element);
    d.cells = {numerator_.CellName(path), denominator_.CellName(path)};
    d.provided = FormatScaled(percent, 2);
    d.expected = absl::StrCat(min_percent_ ? FormatScaled(*min_percent_, 2) : "", "–",
                              max_percent_ ? FormatScaled(*max_percent_, 2) : "");
    d.difference = FormatScaled(low ? percent - *min_percent_ : percent - *max_percent_, 2);
    d.unit = "%";
    out.push_back(std::move(d));
  }

  std::vector<std::string> Cells(const std::string& scope) const override {
    return {numerator_.CellName(scope), denominator_.CellName(scope)};
  }

 private:
  RatioCheck(FieldPath numerator, FieldPath denominator)
      : numerator_(std::move(numerator)), denominator_(std::move(denominator)) {}

  FieldPath numerator_;
  FieldPath denominator_;
  std::optional<int64_t> min_percent_;
  std::optional<int64_t> max_percent_;
};

// Each row of a coded table against the sum of its sub-rows (by code
// prefix), and the total against the rows with no parent, column by column.
class HierarchyCheck final : public Check {
 public:
  static absl::StatusOr<std::unique_ptr<Check>> Compile(const RuleSpec& spec,
                                                        const Descriptor* scope) {
    const auto& h = spec.hierarchy();
    JUESUAN_ASSIGN_OR_RETURN(FieldPath rows, FieldPath::CompileScope(scope, h.rows()));
    JUESUAN_ASSIGN_OR_RETURN(FieldPath code,
                             FieldPath::CompileText(rows.scope_type(), h.code_field()));
    std::vector<FieldPath> columns;
    for (const std::string& column : h.columns()) {
      JUESUAN_ASSIGN_OR_RETURN(FieldPath c, FieldPath::CompileTerm(rows.scope_type(), column));
      columns.push_back(std::move(c));
    }
    std::optional<FieldPath> total;
    if (!h.total().empty()) {
      JUESUAN_ASSIGN_OR_RETURN(total, FieldPath::CompileScope(scope, h.total()));
      if (total->scope_type() != rows.scope_type()) {
        return absl::InvalidArgumentError("hierarchy: total and rows differ in type");
      }
    }
    return std::unique_ptr<Check>(new HierarchyCheck(spec, std::move(rows), std::move(code),
                                                     std::move(columns), std::move(total)));
  }

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    std::vector<Row> rows;
    rows_.ForEach(element, path, [&](const Message& row, const std::string& row_path) {
      rows.push_back({code_.ReadText(row), &row, row_path});
    });
    if (rows.empty()) return;
    const Tree tree = TreeOf(rows);
    for (const FieldPath& column : columns_) {
      // Each parent against the sum of its children.
      for (size_t p = 0; p < rows.size(); ++p) {
        if (tree.children[p].empty()) continue;
        CompareSum(ctx, *rows[p].message, rows[p].path, rows, tree.children[p], column,
                   absl::StrCat("（", rows[p].code, "）：上级科目与下级科目之和不等"), out);
      }
      // The total against the rows without a present ancestor.
      if (total_.has_value()) {
        total_->ForEach(element, path, [&](const Message& total, const std::string& total_path) {
          CompareSum(ctx, total, total_path, rows, tree.top, column,
                     "（合计）：合计与各类科目之和不等", out);
        });
      }
    }
  }

  std::vector<std::string> Cells(const std::string& scope) const override {
    std::vector<std::string> cells;
    for (const FieldPath& c : columns_) cells.push_back(c.CellName(rows_.CellName(scope)));
    return cells;
  }

 private:
  struct Row {
    std::string code;
    const Message* message;
    std::string path;
  };
  struct Tree {
    std::vector<std::vector<size_t>> children;
    std::vector<size_t> top;  // rows without a present ancestor
  };

  HierarchyCheck(const RuleSpec& spec, FieldPath rows, FieldPath code,
                 std::vector<FieldPath> columns, std::optional<FieldPath> total)
      : exact_(IsExact(spec)),
        rows_(std::move(rows)),
        code_(std::move(code)),
        columns_(std::move(columns)),
        total_(std::move(total)) {}

  // The nearest present ancestor of each row: the longest proper prefix of
  // its code that is another row's code. Looked up by prefix, so a table of
  // n rows costs O(n × code length), not O(n²).
  static Tree TreeOf(const std::vector<Row>& rows) {
    std::unordered_map<std::string, size_t> by_code;
    for (size_t i = 0; i < rows.size(); ++i) by_code.emplace(rows[i].code, i);
    Tree tree;
    tree.children.resize(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      const std::string& code = rows[i].code;
      bool has_parent = false;
      for (size_t len = code.size(); len-- > 1 && !has_parent;) {
        auto it = by_code.find(code.substr(0, len));
        if (it != by_code.end() && it->second != i) {
          tree.children[it->second].push_back(i);
          has_parent = true;
        }
      }
      if (!has_parent) tree.top.push_back(i);
    }
    return tree;
  }

  void CompareSum(const RuleContext& ctx, const Message& parent, const std::string& parent_path,
                  const std::vector<Row>& rows, const std::vector<size_t>& children,
                  const FieldPath& column, std::string detail, FindingDrafts& out) const {
    // Where blank cells are nothing, a blank cell reads 0.
    const auto printed = column.Evaluate(parent, ctx.blank_is_zero);
    if (!printed) return;
    int64_t sum = 0;
    for (size_t i : children) {
      const auto v = column.Evaluate(*rows[i].message, ctx.blank_is_zero);
      if (!v) return;
      sum += v->value;
    }
    const int64_t excess = std::abs(printed->value - sum);
    if (excess == 0) return;
    FindingDraft d;
    d.detail = std::move(detail);
    JudgeRounding(excess, std::max(static_cast<int>(children.size()), 1),
                  RoundingStep(exact_, column.kind(), ctx), d);
    d.cells = {column.CellName(parent_path)};
    for (size_t i : children) d.cells.push_back(column.CellName(rows[i].path));
    d.provided = FormatValue(column.kind(), printed->value, ctx);
    d.expected = FormatValue(column.kind(), sum, ctx);
    d.difference = FormatValue(column.kind(), printed->value - sum, ctx);
    d.unit = UnitOf(column.kind(), ctx);
    out.push_back(std::move(d));
  }

  bool exact_;
  FieldPath rows_;
  FieldPath code_;
  std::vector<FieldPath> columns_;
  std::optional<FieldPath> total_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Check>> MakeComparisonCheck(const RuleSpec& spec,
                                                           const Descriptor* scope) {
  return ComparisonCheck::Compile(spec, scope);
}

absl::StatusOr<std::unique_ptr<Check>> MakeRatioCheck(const RuleSpec& spec,
                                                      const Descriptor* scope) {
  return RatioCheck::Compile(spec, scope);
}

absl::StatusOr<std::unique_ptr<Check>> MakeHierarchyCheck(const RuleSpec& spec,
                                                          const Descriptor* scope) {
  return HierarchyCheck::Compile(spec, scope);
}

}  // namespace juesuan::ingestion
