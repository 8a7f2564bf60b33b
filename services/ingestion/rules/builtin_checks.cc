#include "services/ingestion/rules/builtin_checks.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "common/decimal.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "services/ingestion/rules/builtin_params.h"
#include "services/ingestion/rules/code_checks.h"
#include "services/ingestion/rules/cross_table_checks.h"
#include "services/ingestion/rules/field_accessors.h"
#include "services/ingestion/rules/figure_checks.h"

namespace juesuan::ingestion {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;
using ::juesuan::ingestion::v1::SEVERITY_INFO;
using Params = std::map<std::string, std::string>;

// Where an amount walk is, as a chain on the stack: rendered into a cell
// name ("rows[3].total_fen") only when a finding needs it.
struct AmountCell {
  const AmountCell* parent;
  const FieldDescriptor* field;
  int index;  // -1 unless an element of a repeated field
};

std::string CellPath(const std::string& base, const AmountCell* cell) {
  std::vector<const AmountCell*> chain;
  for (; cell != nullptr; cell = cell->parent) chain.push_back(cell);
  std::string out = base;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!out.empty()) out += '.';
    out += (*it)->field->name();
    if ((*it)->index >= 0) absl::StrAppend(&out, "[", (*it)->index, "]");
  }
  return out;
}

// What an amount walk reads of one message type, worked out once per type:
// its singular int64 `*_fen` fields and the message fields whose types can
// hold one, in field-number order (the order findings come in). Subtrees
// without amounts (indicators, texts) are never entered.
struct AmountPlan {
  struct Entry {
    FieldReader read;         // through the generated accessor
    const AmountPlan* child;  // null for an amount
  };
  const Reflection* reflection = nullptr;
  std::vector<Entry> entries;
};

// The plan of `type`, built on first use with those of the types it reaches,
// and never changed after it is returned.
const AmountPlan* AmountPlanFor(const Descriptor* type) {
  static absl::Mutex mu(absl::kConstInit);
  static auto* const plans =
      new absl::flat_hash_map<const Descriptor*, std::unique_ptr<AmountPlan>>();
  absl::MutexLock lock(&mu);
  if (auto it = plans->find(type); it != plans->end()) return it->second.get();
  std::vector<AmountPlan*> fresh;
  std::function<AmountPlan*(const Descriptor*)> build = [&](const Descriptor* d) -> AmountPlan* {
    if (auto it = plans->find(d); it != plans->end()) return it->second.get();
    AmountPlan* plan = plans->emplace(d, std::make_unique<AmountPlan>()).first->second.get();
    fresh.push_back(plan);
    plan->reflection = GeneratedReflection(d);
    std::vector<const FieldDescriptor*> fields;
    for (int i = 0; i < d->field_count(); ++i) fields.push_back(d->field(i));
    std::sort(fields.begin(), fields.end(),
              [](const auto* a, const auto* b) { return a->number() < b->number(); });
    for (const FieldDescriptor* field : fields) {
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_INT64 && !field->is_repeated() &&
          absl::EndsWith(field->name(), "_fen")) {
        plan->entries.push_back({FieldReader(field, plan->reflection), nullptr});
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        plan->entries.push_back(
            {FieldReader(field, plan->reflection), build(field->message_type())});
      }
    }
    return plan;
  };
  AmountPlan* root = build(type);
  // Cut the message fields that lead to no amount, in the new plans only.
  // Whether a subtree holds an amount, to a fixed point (types may recurse).
  absl::flat_hash_map<const AmountPlan*, bool> holds;
  for (const auto& [d, plan] : *plans) holds[plan.get()] = false;
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [d, plan] : *plans) {
      if (holds[plan.get()]) continue;
      for (const auto& e : plan->entries) {
        if (e.child == nullptr || holds[e.child]) {
          holds[plan.get()] = changed = true;
          break;
        }
      }
    }
  }
  for (AmountPlan* plan : fresh) {
    std::vector<AmountPlan::Entry> kept;
    for (const auto& e : plan->entries) {
      if (e.child == nullptr || holds[e.child]) kept.push_back(e);
    }
    plan->entries = std::move(kept);
  }
  return root;
}

// Calls fn(fen, cell) for every singular int64 `*_fen` field under `message`
// (unset reads 0, as it prints); stops when fn returns false.
template <typename Fn>
bool ForEachAmountIn(const Message& message, const AmountPlan& plan, const AmountCell* cell,
                     Fn& fn) {
  for (const AmountPlan::Entry& e : plan.entries) {
    const FieldDescriptor* field = e.read.field();
    if (e.child == nullptr) {
      const AmountCell here{cell, field, -1};
      if (!fn(e.read.Int64(message), &here)) return false;
    } else if (field->is_repeated()) {
      const int n = e.read.Size(message);
      for (int i = 0; i < n; ++i) {
        const AmountCell here{cell, field, i};
        if (!ForEachAmountIn(e.read.Element(message, i), *e.child, &here, fn)) return false;
      }
    } else if (e.read.Has(message)) {
      const AmountCell here{cell, field, -1};
      if (!ForEachAmountIn(e.read.MessageOf(message), *e.child, &here, fn)) return false;
    }
  }
  return true;
}

template <typename Fn>
void ForEachAmount(const Message& message, const AmountPlan& plan, Fn fn) {
  ForEachAmountIn(message, plan, nullptr, fn);
}

// Each check below looks its message type's plan up once, when it is made.
//
// Amounts are printed to `decimals` places of the declared unit (2 for the
// nine tables; self-evaluation tables print 3 or 4 in 万元). The scope's own
// fields named in `exclude` are left to another rule.
class UnitPrecision final : public Check {
 public:
  UnitPrecision(const Descriptor* scope, int decimals, const std::set<std::string>& exclude)
      : decimals_(decimals) {
    plan_ = *AmountPlanFor(scope);
    std::vector<AmountPlan::Entry> kept;
    for (const AmountPlan::Entry& e : plan_.entries) {
      if (exclude.count(e.read.field()->name()) == 0) kept.push_back(e);
    }
    plan_.entries = std::move(kept);
  }

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    int64_t step = ctx.unit_step_fen;  // the last digit of 2 decimals
    for (int d = 2; d < decimals_ && step > 1; ++d) step /= 10;
    if (step <= 1) return;
    ForEachAmount(element, plan_, [&](int64_t fen, const AmountCell* cell) {
      if (fen % step == 0) return true;
      if (out.size() >= 50) return false;
      FindingDraft d;
      d.detail = absl::StrCat("：金额最多保留 ", decimals_, " 位小数（", UnitName(ctx.unit), "）");
      d.cells = {CellPath(path, cell)};
      d.provided = absl::StrCat(FormatScaled(fen, 6), " ", UnitName(ctx.unit));
      out.push_back(std::move(d));
      return true;
    });
  }

 private:
  int decimals_;
  AmountPlan plan_;  // the scope's plan without the excluded fields
};

// Whether a message (of `plan`'s type) has any non-zero int64 amount.
bool HasNonZeroAmount(const Message& message, const AmountPlan& plan) {
  bool any = false;
  ForEachAmount(message, plan, [&any](int64_t fen, const AmountCell*) {
    any = fen != 0;
    return !any;
  });
  return any;
}

class DetailRows final : public Check {
 public:
  // Either `total` (a total row) or `amount` (a total figure) says whether
  // the table has anything to break down.
  DetailRows(FieldPath rows, std::optional<FieldPath> total, std::optional<FieldPath> amount)
      : rows_(std::move(rows)),
        total_(std::move(total)),
        amount_(std::move(amount)),
        total_plan_(total_.has_value() ? AmountPlanFor(total_->scope_type()) : nullptr) {}

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    int rows = 0;
    rows_.ForEach(element, path, [&rows](const Message&, const std::string&) { ++rows; });
    if (rows > 0) return;
    bool nonzero = false;
    if (total_.has_value()) {
      total_->ForEach(element, path, [this, &nonzero](const Message& total, const std::string&) {
        nonzero = HasNonZeroAmount(total, *total_plan_);
      });
    }
    if (amount_.has_value()) {
      const auto v = amount_->Evaluate(element);
      nonzero = v.has_value() && v->value != 0;
    }
    if (!nonzero) return;
    FindingDraft d;
    d.detail = "：合计不为零，但未填报明细行";
    d.cells = {rows_.CellName(path)};
    d.provided = "0 行";
    out.push_back(std::move(d));
  }

 private:
  FieldPath rows_;
  std::optional<FieldPath> total_;
  std::optional<FieldPath> amount_;
  const AmountPlan* total_plan_;  // of total_'s type; null without total_
};

class CellsPresent final : public Check {
 public:
  CellsPresent(std::vector<FieldPath> messages, std::vector<FieldPath> columns)
      : messages_(std::move(messages)), columns_(std::move(columns)) {}

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    if (ctx.blank_is_zero) return;  // a blank printed cell is a figure: nothing
    std::vector<std::string> missing;
    for (const FieldPath& m : messages_) {
      m.ForEach(element, path, [&](const Message& row, const std::string& row_path) {
        for (const FieldPath& column : columns_) {
          if (!column.Evaluate(row).has_value()) missing.push_back(column.CellName(row_path));
        }
      });
    }
    if (missing.empty()) return;
    FindingDraft d;
    const size_t count = missing.size();
    d.detail = absl::StrCat("：", count, " 个单元格未填报");
    d.cells = std::move(missing);
    d.provided = absl::StrCat(count, " 个未填报");
    d.expected = "全部填报";
    out.push_back(std::move(d));
  }

 private:
  std::vector<FieldPath> messages_;
  std::vector<FieldPath> columns_;
};

class EmptyFundTable final : public Check {
 public:
  EmptyFundTable(const Descriptor* scope, FieldPath rows)
      : rows_(std::move(rows)), plan_(*AmountPlanFor(scope)) {}

  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    int rows = 0;
    rows_.ForEach(element, path, [&rows](const Message&, const std::string&) { ++rows; });
    if (rows > 0 || HasNonZeroAmount(element, plan_)) return;
    FindingDraft d;
    d.severity = SEVERITY_INFO;
    d.detail = "：本表为空表，公开时须说明";
    d.cells = {path};
    out.push_back(std::move(d));
  }

 private:
  FieldPath rows_;
  const AmountPlan& plan_;
};

class BasicExpenseClasses final : public Check {
 public:
  void Run(const RuleContext& ctx, const Message& element, const std::string& path,
           FindingDrafts& out) const override {
    const auto& table = static_cast<const juesuan::accounts::v1::BasicExpenditureTable&>(element);
    if (table.rows().empty()) return;
    int64_t personnel = 0;
    int64_t public_funds = 0;
    int personnel_rows = 0;
    int public_rows = 0;
    for (const auto& row : table.rows()) {
      if (!row.has_amount_fen()) return;  // amounts not submitted: cells_present reports it
      // Only 款 rows are summed; a 类 row is their subtotal.
      if (row.economic_code().size() != 5) continue;
      if (row.expense_class() == juesuan::accounts::v1::EXPENSE_CLASS_PERSONNEL) {
        personnel += row.amount_fen();
        ++personnel_rows;
      } else if (row.expense_class() == juesuan::accounts::v1::EXPENSE_CLASS_PUBLIC) {
        public_funds += row.amount_fen();
        ++public_rows;
      }
    }
    Compare(ctx, table.has_personnel_fen(), table.personnel_fen(), personnel, personnel_rows,
            "人员经费", JoinPath(path, "personnel_fen"), out);
    Compare(ctx, table.has_public_fen(), table.public_fen(), public_funds, public_rows, "公用经费",
            JoinPath(path, "public_fen"), out);
  }

 private:
  static void Compare(const RuleContext& ctx, bool present, int64_t printed, int64_t sum, int rows,
                      const char* what, const std::string& cell, FindingDrafts& out) {
    if (!present || rows == 0) return;
    const int64_t diff = printed - sum;
    if (diff == 0) return;
    FindingDraft d;
    // n rows summed to one printed total: n half-units of rounding.
    const bool within = 2 * std::abs(diff) <= static_cast<int64_t>(rows) * ctx.unit_step_fen;
    if (within) d.severity = SEVERITY_INFO;
    d.detail = absl::StrCat("：", what, "合计与各经济科目之和不等",
                            within ? "（舍入差异，在容差内）" : "");
    d.cells = {cell};
    d.provided = FormatFen(printed, ctx.unit);
    d.expected = FormatFen(sum, ctx.unit);
    d.difference = FormatFen(diff, ctx.unit);
    d.tolerance = FormatScaled(int64_t{rows} * 5, 3);
    d.unit = UnitName(ctx.unit);
    out.push_back(std::move(d));
  }
};

absl::StatusOr<std::vector<FieldPath>> CompileList(const Descriptor* scope, const std::string& list,
                                                   bool as_scope) {
  std::vector<FieldPath> out;
  for (absl::string_view item : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    absl::StatusOr<FieldPath> path =
        as_scope ? FieldPath::CompileScope(scope, item) : FieldPath::CompileTerm(scope, item);
    if (!path.ok()) return path.status();
    out.push_back(*std::move(path));
  }
  if (out.empty()) return absl::InvalidArgumentError(absl::StrCat("empty list \"", list, "\""));
  return out;
}

using CheckOrError = absl::StatusOr<std::unique_ptr<Check>>;

CheckOrError MakeUnitPrecision(const Descriptor* scope, ParamReader& p) {
  int decimals = 2;
  const std::string given = p.Optional("decimals");
  if (!given.empty() && (!absl::SimpleAtoi(given, &decimals) || decimals < 2 || decimals > 6)) {
    return absl::InvalidArgumentError("unit_precision: decimals must be 2 to 6");
  }
  std::set<std::string> exclude;
  for (absl::string_view field : absl::StrSplit(p.Optional("exclude"), ',', absl::SkipEmpty())) {
    if (scope->FindFieldByName(std::string(field)) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unit_precision: no field \"", field, "\" to exclude"));
    }
    exclude.emplace(field);
  }
  return std::make_unique<UnitPrecision>(scope, decimals, exclude);
}

CheckOrError MakeDetailRows(const Descriptor* scope, ParamReader& p) {
  JUESUAN_ASSIGN_OR_RETURN(std::string rows, p.Required("rows"));
  JUESUAN_ASSIGN_OR_RETURN(FieldPath rows_path, FieldPath::CompileScope(scope, rows));
  const std::string total = p.Optional("total");
  const std::string amount = p.Optional("amount");
  if (total.empty() == amount.empty()) {
    return absl::InvalidArgumentError("detail_rows: give exactly one of total and amount");
  }
  std::optional<FieldPath> total_path;
  std::optional<FieldPath> amount_path;
  if (!total.empty()) {
    JUESUAN_ASSIGN_OR_RETURN(total_path, FieldPath::CompileScope(scope, total));
  } else {
    JUESUAN_ASSIGN_OR_RETURN(amount_path, FieldPath::CompileTerm(scope, amount));
  }
  return std::make_unique<DetailRows>(std::move(rows_path), std::move(total_path),
                                      std::move(amount_path));
}

CheckOrError MakeCellsPresent(const Descriptor* scope, ParamReader& p) {
  JUESUAN_ASSIGN_OR_RETURN(std::string messages, p.Required("messages"));
  JUESUAN_ASSIGN_OR_RETURN(std::string columns, p.Required("columns"));
  JUESUAN_ASSIGN_OR_RETURN(std::vector<FieldPath> message_paths,
                           CompileList(scope, messages, /*as_scope=*/true));
  const Descriptor* row_type = message_paths.front().scope_type();
  for (const FieldPath& m : message_paths) {
    if (m.scope_type() != row_type) {
      return absl::InvalidArgumentError("cells_present: messages must be of one type");
    }
  }
  JUESUAN_ASSIGN_OR_RETURN(std::vector<FieldPath> column_paths,
                           CompileList(row_type, columns, /*as_scope=*/false));
  return std::make_unique<CellsPresent>(std::move(message_paths), std::move(column_paths));
}

CheckOrError MakeEmptyFundTable(const Descriptor* scope, ParamReader& /*p*/) {
  JUESUAN_ASSIGN_OR_RETURN(FieldPath rows, FieldPath::CompileScope(scope, "expenditure_rows"));
  return std::make_unique<EmptyFundTable>(scope, std::move(rows));
}

CheckOrError MakeBasicExpenseClasses(const Descriptor* scope, ParamReader& /*p*/) {
  if (scope != juesuan::accounts::v1::BasicExpenditureTable::descriptor()) {
    return absl::InvalidArgumentError(
        "basic_expense_classes applies to juesuan.accounts.v1.BasicExpenditureTable");
  }
  return std::make_unique<BasicExpenseClasses>();
}

using Factory = CheckOrError (*)(const Descriptor* scope, ParamReader& p);

const std::map<std::string, Factory>& Factories() {
  static const auto* const kFactories = new std::map<std::string, Factory>{
      {"code_exists", &MakeCodeExists},
      {"code_name", &MakeCodeName},
      {"unit_precision", &MakeUnitPrecision},
      {"detail_rows", &MakeDetailRows},
      {"cells_present", &MakeCellsPresent},
      {"reason_required", &MakeReasonRequired},
      {"reported_percent", &MakeReportedPercent},
      {"score_shortfall_reason", &MakeScoreShortfallReason},
      {"empty_fund_table", &MakeEmptyFundTable},
      {"row_match", &MakeRowMatch},
      {"code_table_year",
       [](const Descriptor* /*scope*/, ParamReader& /*p*/) -> CheckOrError {
         return MakeCodeTableYear();
       }},
      {"basic_expense_classes", &MakeBasicExpenseClasses},
  };
  return *kFactories;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Check>> MakeBuiltinCheck(const std::string& name,
                                                        const Descriptor* scope,
                                                        const Params& params) {
  const auto factory = Factories().find(name);
  if (factory == Factories().end()) {
    return absl::InvalidArgumentError(absl::StrCat("unknown builtin \"", name, "\""));
  }
  ParamReader p(name, params);
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<Check> check, factory->second(scope, p));
  JUESUAN_RETURN_IF_ERROR(p.Finish());
  return check;
}

}  // namespace juesuan::ingestion
