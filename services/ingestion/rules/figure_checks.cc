#include "services/ingestion/rules/figure_checks.h"

#include <array>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "common/status_macros.h"
#include "services/ingestion/rules/field_path.h"

namespace juesuan::ingestion {

using ::google::protobuf::Descriptor;
using ::google::protobuf::Message;
using CheckOrError = absl::StatusOr<std::unique_ptr<Check>>;

namespace {

class ReasonRequired final : public Check {
 public:
  ReasonRequired(FieldPath current, FieldPath prior, FieldPath reason)
      : current_(std::move(current)), prior_(std::move(prior)), reason_(std::move(reason)) {}

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    const auto current = current_.Evaluate(element);
    const auto prior = prior_.Evaluate(element);
    if (!current || !prior || current->value == prior->value) return;
    if (!reason_.ReadText(element).empty()) return;
    FindingDraft d;
    d.detail = absl::StrCat(DescribeElement(element), "：有增减变化但未说明主要原因");
    d.cells = {reason_.CellName(path), current_.CellName(path), prior_.CellName(path)};
    d.provided = FormatValue(current_.kind(), current->value, ctx);
    d.expected = FormatValue(prior_.kind(), prior->value, ctx);
    d.difference = FormatValue(current_.kind(), current->value - prior->value, ctx);
    d.unit = UnitOf(current_.kind(), ctx);
    out.push_back(std::move(d));
  }

 private:
  FieldPath current_;
  FieldPath prior_;
  FieldPath reason_;
};

class ReportedPercent final : public Check {
 public:
  ReportedPercent(FieldPath numerator, FieldPath denominator, FieldPath reported)
      : numerator_(std::move(numerator)),
        denominator_(std::move(denominator)),
        reported_(std::move(reported)) {}

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    const auto numerator = numerator_.Evaluate(element);
    const auto denominator = denominator_.Evaluate(element);
    const auto reported = reported_.Evaluate(element);
    if (!numerator || !denominator || !reported || denominator->value == 0) return;
    const int64_t computed = PercentHundredths(numerator->value, denominator->value);
    if (computed == reported->value) return;
    FindingDraft d;
    d.detail = absl::StrCat(DescribeElement(element), "：填报的百分比与计算值不符");
    d.cells = {reported_.CellName(path), numerator_.CellName(path), denominator_.CellName(path)};
    d.provided = FormatScaled(reported->value, 2);
    d.expected = FormatScaled(computed, 2);
    d.difference = FormatScaled(reported->value - computed, 2);
    d.unit = "%";
    out.push_back(std::move(d));
  }

 private:
  FieldPath numerator_;
  FieldPath denominator_;
  FieldPath reported_;
};

class ScoreShortfallReason final : public Check {
 public:
  ScoreShortfallReason(FieldPath weight, FieldPath score, FieldPath reason)
      : weight_(std::move(weight)), score_(std::move(score)), reason_(std::move(reason)) {}

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    const auto weight = weight_.Evaluate(element);
    const auto score = score_.Evaluate(element);
    if (!weight || !score || score->value >= weight->value) return;
    if (!reason_.ReadText(element).empty()) return;
    FindingDraft d;
    d.detail = absl::StrCat(DescribeElement(element), "：得分低于分值，未填写偏差原因分析");
    d.cells = {reason_.CellName(path), score_.CellName(path), weight_.CellName(path)};
    d.provided = FormatScaled(score->value, 2);
    d.expected = FormatScaled(weight->value, 2);
    d.difference = FormatScaled(score->value - weight->value, 2);
    d.unit = "分";
    out.push_back(std::move(d));
  }

 private:
  FieldPath weight_;
  FieldPath score_;
  FieldPath reason_;
};

// Two figures and a third path (a figure or a text), named by `keys`.
template <typename CheckType, bool kThirdIsText>
CheckOrError MakeOfThree(const Descriptor* scope, ParamReader& p,
                         const std::array<const char*, 3>& keys) {
  std::array<std::string, 3> texts;
  for (size_t i = 0; i < keys.size(); ++i) {
    JUESUAN_ASSIGN_OR_RETURN(texts[i], p.Required(keys[i]));
  }
  JUESUAN_ASSIGN_OR_RETURN(FieldPath a, FieldPath::CompileTerm(scope, texts[0]));
  JUESUAN_ASSIGN_OR_RETURN(FieldPath b, FieldPath::CompileTerm(scope, texts[1]));
  JUESUAN_ASSIGN_OR_RETURN(FieldPath c, kThirdIsText ? FieldPath::CompileText(scope, texts[2])
                                                     : FieldPath::CompileTerm(scope, texts[2]));
  return std::make_unique<CheckType>(std::move(a), std::move(b), std::move(c));
}

}  // namespace

CheckOrError MakeReasonRequired(const Descriptor* scope, ParamReader& p) {
  return MakeOfThree<ReasonRequired, true>(scope, p, {"current", "prior", "reason"});
}

CheckOrError MakeReportedPercent(const Descriptor* scope, ParamReader& p) {
  return MakeOfThree<ReportedPercent, false>(scope, p, {"numerator", "denominator", "reported"});
}

CheckOrError MakeScoreShortfallReason(const Descriptor* scope, ParamReader& p) {
  return MakeOfThree<ScoreShortfallReason, true>(scope, p, {"weight", "score", "reason"});
}

}  // namespace juesuan::ingestion
