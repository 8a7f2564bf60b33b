#include "services/ingestion/rules/field_path.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/decimal.h"
#include "google/protobuf/message.h"

namespace juesuan::ingestion {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

const Reflection* GeneratedReflection(const Descriptor* type) {
  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
  if (prototype == nullptr) std::abort();  // not a compiled-in type: a programming error
  return prototype->GetReflection();
}

namespace {

// The money cells the nine tables print: every amount of their row types,
// but for the figures the national forms do not print as cells (表五's 上年
// 决算 and 表六's 基本支出合计 come from the narrative, and comparisons and
// budgets are messages of their own). 表四's 收入总计 prints only its 合计,
// so no rule reads its split.
bool IsPrintedTableCell(const FieldDescriptor* field) {
  if (field->cpp_type() != FieldDescriptor::CPPTYPE_INT64 || field->is_repeated()) return false;
  static const auto* const kTableTypes =
      new std::set<std::string>{"juesuan.accounts.v1.IncomeExpenditureSummary",
                                "juesuan.accounts.v1.FunctionAmountRow",
                                "juesuan.accounts.v1.IncomeRow",
                                "juesuan.accounts.v1.ExpenditureRow",
                                "juesuan.accounts.v1.FundColumns",
                                "juesuan.accounts.v1.EconomicRow",
                                "juesuan.accounts.v1.ThreePublicItem",
                                "juesuan.accounts.v1.FundBudgetTable"};
  const std::string& type = field->containing_type()->full_name();
  if (type == "juesuan.accounts.v1.GeneralBudgetRow") return field->name() != "prior_year_fen";
  if (type == "juesuan.accounts.v1.BasicExpenditureTable") return field->name() != "total_fen";
  return kTableTypes->count(type) > 0;
}

}  // namespace

std::string JoinPath(absl::string_view base, absl::string_view path) {
  if (base.empty()) return std::string(path);
  if (path.empty()) return std::string(base);
  return absl::StrCat(base, ".", path);
}

absl::StatusOr<FieldPath> FieldPath::CompileTerm(const Descriptor* root, absl::string_view path) {
  return Compile(root, path, Mode::kTerm);
}
absl::StatusOr<FieldPath> FieldPath::CompileScope(const Descriptor* root, absl::string_view path) {
  return Compile(root, path, Mode::kScope);
}
absl::StatusOr<FieldPath> FieldPath::CompileText(const Descriptor* root, absl::string_view path) {
  return Compile(root, path, Mode::kText);
}

absl::StatusOr<FieldPath> FieldPath::Compile(const Descriptor* root, absl::string_view path,
                                             Mode mode) {
  FieldPath out;
  out.text_ = std::string(path);
  const Descriptor* current = root;
  if (path.empty()) {
    if (mode != Mode::kScope) return absl::InvalidArgumentError("empty field path");
    out.scope_type_ = root;
    return out;
  }
  const std::vector<absl::string_view> segments = absl::StrSplit(path, '.');
  for (size_t i = 0; i < segments.size(); ++i) {
    absl::string_view segment = segments[i];
    const bool last = i + 1 == segments.size();
    bool sum_over = false;
    if (absl::EndsWith(segment, "[*]")) {
      sum_over = true;
      segment.remove_suffix(3);
    }
    if (current == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("path \"", path, "\": \"", segment,
                                                     "\" follows a field that is not a message"));
    }
    const FieldDescriptor* field = current->FindFieldByName(std::string(segment));
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("path \"", path, "\": ", current->full_name(),
                                                     " has no field \"", segment, "\""));
    }
    if (sum_over && (mode != Mode::kTerm || !field->is_repeated() ||
                     field->type() != FieldDescriptor::TYPE_MESSAGE)) {
      return absl::InvalidArgumentError(
          absl::StrCat("path \"", path, "\": [*] only follows a repeated message field in a term"));
    }
    if (mode == Mode::kTerm && field->is_repeated() && !sum_over) {
      return absl::InvalidArgumentError(
          absl::StrCat("path \"", path, "\": repeated field \"", segment, "\" needs [*]"));
    }
    if (mode == Mode::kText && field->is_repeated()) {
      return absl::InvalidArgumentError(
          absl::StrCat("path \"", path, "\": a text path cannot cross repeated \"", segment, "\""));
    }
    out.steps_.push_back({field, sum_over, FieldReader(field, GeneratedReflection(current))});
    current = field->type() == FieldDescriptor::TYPE_MESSAGE ? field->message_type() : nullptr;
    if (!last) continue;
    switch (mode) {
      case Mode::kScope:
        if (current == nullptr) {
          return absl::InvalidArgumentError(
              absl::StrCat("scope path \"", path, "\" must end at a message field"));
        }
        out.scope_type_ = current;
        break;
      case Mode::kText:
        if (field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
          return absl::InvalidArgumentError(
              absl::StrCat("text path \"", path, "\" must end at a string field"));
        }
        break;
      case Mode::kTerm:
        out.printed_cell_ = IsPrintedTableCell(field);
        switch (field->cpp_type()) {
          case FieldDescriptor::CPPTYPE_INT64:
            out.kind_ = absl::EndsWith(field->name(), "_fen") ? LeafKind::kMoney : LeafKind::kCount;
            break;
          case FieldDescriptor::CPPTYPE_INT32:
            out.kind_ = LeafKind::kCount;
            break;
          case FieldDescriptor::CPPTYPE_STRING:
            out.kind_ = LeafKind::kDecimal;
            break;
          default:
            return absl::InvalidArgumentError(absl::StrCat(
                "term path \"", path, "\" must end at an int64, int32 or decimal string field"));
        }
        break;
    }
  }
  return out;
}

std::optional<TermValue> FieldPath::Evaluate(const Message& message, bool blank_is_zero) const {
  return EvaluateFrom(message, 0, blank_is_zero);
}

std::optional<TermValue> FieldPath::EvaluateFrom(const Message& message, size_t step,
                                                 bool blank_is_zero) const {
  const Step& s = steps_[step];
  const bool last = step + 1 == steps_.size();
  if (s.sum_over) {
    const int n = s.read.Size(message);
    std::optional<TermValue> total;
    for (int i = 0; i < n; ++i) {
      const Message& element = s.read.Element(message, i);
      std::optional<TermValue> v =
          last ? std::nullopt : EvaluateFrom(element, step + 1, blank_is_zero);
      if (!v.has_value()) {
        if (blank_is_zero) continue;
        return std::nullopt;
      }
      if (!total.has_value()) total.emplace();
      total->value += v->value;
      total->figures += v->figures;
    }
    return total;
  }
  if (s.field->has_presence() && !s.read.Has(message)) {
    // A blank printed cell, or a row of them, is nothing, inside a table
    // that is there; a table not there at all (the path's first step) was
    // not transcribed.
    if (blank_is_zero && printed_cell_ && (last || step > 0)) return TermValue{0, 0};
    return std::nullopt;
  }
  if (!last) return EvaluateFrom(s.read.MessageOf(message), step + 1, blank_is_zero);
  switch (s.field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT64:
      return TermValue{s.read.Int64(message), 1};
    case FieldDescriptor::CPPTYPE_INT32:
      return TermValue{s.read.Int32(message), 1};
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& text = s.read.String(message, &scratch);
      if (text.empty()) return std::nullopt;
      absl::StatusOr<int64_t> parsed = ParseScaledDecimal(text, 2);
      if (!parsed.ok()) return std::nullopt;
      return TermValue{*parsed, 1};
    }
    default:
      return std::nullopt;
  }
}

std::string FieldPath::ReadText(const Message& message) const {
  const Message* current = &message;
  std::string scratch;
  for (size_t i = 0; i < steps_.size(); ++i) {
    const FieldReader& read = steps_[i].read;
    if (i + 1 == steps_.size()) return read.String(*current, &scratch);
    if (!read.Has(*current)) return "";
    current = &read.MessageOf(*current);
  }
  return "";
}

void FieldPath::ForEach(const Message& message, absl::string_view base,
                        const std::function<void(const Message&, const std::string&)>& fn) const {
  std::string path(base);
  if (steps_.empty()) {
    fn(message, path);
    return;
  }
  path.reserve(path.size() + 96);
  ForEachFrom(message, 0, &path, fn);
}

// `path` is one buffer for the whole walk: each step appends its segment and
// cuts it off again, so no path string is allocated per element.
void FieldPath::ForEachFrom(
    const Message& message, size_t step, std::string* path,
    const std::function<void(const Message&, const std::string&)>& fn) const {
  const Step& s = steps_[step];
  const bool last = step + 1 == steps_.size();
  const size_t mark = path->size();
  if (!path->empty()) path->push_back('.');
  path->append(s.field->name());
  if (s.field->is_repeated()) {
    const size_t field_mark = path->size();
    const int n = s.read.Size(message);
    for (int i = 0; i < n; ++i) {
      const Message& element = s.read.Element(message, i);
      path->resize(field_mark);
      absl::StrAppend(path, "[", i, "]");
      if (last) {
        fn(element, *path);
      } else {
        ForEachFrom(element, step + 1, path, fn);
      }
    }
  } else if (s.read.Has(message)) {
    const Message& child = s.read.MessageOf(message);
    if (last) {
      fn(child, *path);
    } else {
      ForEachFrom(child, step + 1, path, fn);
    }
  }
  path->resize(mark);
}

std::string FieldPath::CellName(absl::string_view base) const { return JoinPath(base, text_); }

}  // namespace juesuan::ingestion
