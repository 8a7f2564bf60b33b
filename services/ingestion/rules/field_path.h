// Field paths into a protobuf message, compiled once against its descriptor
// and evaluated by reflection. The rule catalogue names cells with them.
//
//   income_expenditure_summary.total_income_fen      a leaf
//   funds.sources[*].annual_budget_fen               the sum over a repeated field
//   performance.projects.indicators                  (scope) every indicator of
//                                                    every project
//
// Leaves are int64 money fields (name ends in `_fen`, in 分), other integers
// (counts) or decimal strings ("60.27", in hundredths). A leaf is absent when
// it has explicit presence and is unset, when a string is empty, or when a
// message on the way is unset. A sum over a repeated field is absent when an
// element lacks the figure; an empty repeated field is absent too (no rows is
// "not submitted", not zero).
//
// Where blank cells are nothing (accounts.blank_cells: the nine tables were
// transcribed as printed), an unset money cell of a printed table (a column
// of 表一 … 表九's rows, not a narrative figure such as a prior-year amount
// or a budget), or a row of them, reads 0 inside a table that is there (a
// table not there at all stays not stated), and a `[*]` sum adds the
// elements that state the figure.
#ifndef JUESUAN_SERVICES_INGESTION_RULES_FIELD_PATH_H_
#define JUESUAN_SERVICES_INGESTION_RULES_FIELD_PATH_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "services/ingestion/rules/field_accessors.h"

namespace juesuan::ingestion {

// What a leaf holds.
enum class LeafKind {
  kMoney,    // int64 分
  kCount,    // integer
  kDecimal,  // decimal string, in hundredths
};

// The value of a term: the sum of the figures it covers.
struct TermValue {
  int64_t value = 0;
  // How many printed figures were summed (for the rounding tolerance).
  int figures = 0;
};

class FieldPath {
 public:
  // A term: ends at a leaf; `[*]` after a repeated message field sums over it.
  static absl::StatusOr<FieldPath> CompileTerm(const google::protobuf::Descriptor* root,
                                               absl::string_view path);
  // A scope: ends at a message field; repeated fields on the way (and at the
  // end) are iterated.
  static absl::StatusOr<FieldPath> CompileScope(const google::protobuf::Descriptor* root,
                                                absl::string_view path);
  // A text leaf (a string field), read as text: reasons, codes, names.
  static absl::StatusOr<FieldPath> CompileText(const google::protobuf::Descriptor* root,
                                               absl::string_view path);

  // The path as written.
  const std::string& text() const { return text_; }
  // The leaf kind (terms only).
  LeafKind kind() const { return kind_; }
  // The message type a scope ends at.
  const google::protobuf::Descriptor* scope_type() const { return scope_type_; }

  // `message` below is always a compiled-in message of the root type (the
  // walk uses the compiled-in classes' reflection).

  // Evaluates a term on `message`; nullopt if absent. A decimal string that
  // does not parse counts as absent (the schema check refuses it first).
  // `blank_is_zero`: the tables were transcribed as printed (see above).
  std::optional<TermValue> Evaluate(const google::protobuf::Message& message,
                                    bool blank_is_zero = false) const;

  // Reads a text leaf; "" if unset.
  std::string ReadText(const google::protobuf::Message& message) const;

  // Calls fn(element, element_path) for every message a scope reaches, with
  // `base` prefixed to the path ("rows[3]").
  void ForEach(
      const google::protobuf::Message& message, absl::string_view base,
      const std::function<void(const google::protobuf::Message&, const std::string&)>& fn) const;

  // The cell name of this path under `base` ("x.rows[*].total_fen").
  std::string CellName(absl::string_view base) const;

 private:
  struct Step {
    const google::protobuf::FieldDescriptor* field;
    bool sum_over = false;  // `[*]`
    // Reads the field of the message the step reads from: through the
    // generated accessor, or by reflection looked up once (a message's
    // GetReflection() costs a call_once on every call).
    FieldReader read;
  };
  enum class Mode { kTerm, kScope, kText };

  static absl::StatusOr<FieldPath> Compile(const google::protobuf::Descriptor* root,
                                           absl::string_view path, Mode mode);
  std::optional<TermValue> EvaluateFrom(const google::protobuf::Message& message, size_t step,
                                        bool blank_is_zero) const;
  void ForEachFrom(
      const google::protobuf::Message& message, size_t step, std::string* path,
      const std::function<void(const google::protobuf::Message&, const std::string&)>& fn) const;

  std::string text_;
  std::vector<Step> steps_;
  LeafKind kind_ = LeafKind::kMoney;
  bool printed_cell_ = false;  // the leaf is a money cell of one of the nine tables
  const google::protobuf::Descriptor* scope_type_ = nullptr;
};

// The reflection of `type`'s compiled-in class: what GetReflection() returns
// on any of its messages. Paths and walks look it up once, at compile time.
// Aborts for a type with no compiled-in class (a programming error).
const google::protobuf::Reflection* GeneratedReflection(const google::protobuf::Descriptor* type);

// Joins a base path and a relative path with a dot ("" base: the path).
std::string JoinPath(absl::string_view base, absl::string_view path);

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_FIELD_PATH_H_
