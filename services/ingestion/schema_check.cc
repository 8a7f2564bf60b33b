#include "services/ingestion/schema_check.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "common/resource_names.h"
#include "common/utf8.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/type/date.pb.h"
#include "services/ingestion/rules/field_accessors.h"
#include "services/ingestion/rules/field_path.h"

namespace juesuan::ingestion {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;
using ::juesuan::accounts::v1::FinalAccounts;

// Decimal string fields → fractional digits allowed, keyed by descriptor so
// the walk does no string work per field.
const absl::flat_hash_map<const FieldDescriptor*, int>& DecimalFields() {
  static const auto* const kFields = [] {
    auto* fields = new absl::flat_hash_map<const FieldDescriptor*, int>();
    const std::pair<const char*, int> kNames[] = {
        {"juesuan.accounts.v1.ExecutionScore.weight", 2},
        {"juesuan.accounts.v1.ExecutionScore.reported_rate_percent", 2},
        {"juesuan.accounts.v1.ExecutionScore.reported_score", 2},
        {"juesuan.accounts.v1.Indicator.weight", 2},
        {"juesuan.accounts.v1.Indicator.reported_score", 2},
        {"juesuan.accounts.v1.DepartmentSelfEvaluation.reported_total_score", 2},
        {"juesuan.accounts.v1.ProjectSelfEvaluation.reported_total_score", 2},
        {"juesuan.accounts.v1.StateAssets.building_area_m2", 2},
        {"juesuan.accounts.v1.Quantity.value", 6},
    };
    const auto* pool = FinalAccounts::descriptor()->file()->pool();
    for (const auto& [name, digits] : kNames) {
      const FieldDescriptor* field = pool->FindFieldByName(name);
      if (field == nullptr) std::abort();  // the schema renamed a field: fix the list
      fields->emplace(field, digits);
    }
    return fields;
  }();
  return *kFields;
}

// Where the walk is, as a chain on the stack; turned into "a.b[2].c" only
// when a violation needs it.
struct PathNode {
  const PathNode* parent;
  const FieldDescriptor* field;  // null at the root
  int index;                     // -1 unless an element of a repeated field
};

std::string RenderPath(const PathNode* node) {
  std::vector<const PathNode*> chain;
  for (; node != nullptr && node->field != nullptr; node = node->parent) chain.push_back(node);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!out.empty()) out += '.';
    out += (*it)->field->name();
    if ((*it)->index >= 0) absl::StrAppend(&out, "[", (*it)->index, "]");
  }
  return out;
}

// A value echoed in an error, cut to 64 bytes on a character boundary.
std::string Shorten(absl::string_view value) { return CutUtf8(value, 64); }

bool ValidDate(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 0 || month > 12 || day < 0 || day > 31) return false;
  if (month == 0) return day == 0;
  if (day == 0) return true;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

// What the shape walk reads of one message type, worked out once per type:
// every field in field-number order (the order ListFields gives, so
// violations come in the order they always did), with what to check.
struct ShapePlan {
  struct Entry {
    FieldReader read;                  // through the generated accessor
    const ShapePlan* child = nullptr;  // message fields
    int decimal_digits = -1;           // decimal strings
    bool fiscal_year = false;          // FinalAccounts.fiscal_year: no sign check
  };
  const Descriptor* type = nullptr;
  const Reflection* reflection = nullptr;
  bool is_date = false;
  std::vector<Entry> entries;
};

// Built once for FinalAccounts and every type it reaches; never changed after.
const ShapePlan& AccountsShapePlan() {
  // Every plan, kept for the life of the process (plans point at each other).
  static auto* const plans =
      new absl::flat_hash_map<const Descriptor*, std::unique_ptr<ShapePlan>>();
  static const ShapePlan* const kRoot = [] {
    static const FieldDescriptor* const kFiscalYear =
        FinalAccounts::descriptor()->FindFieldByName("fiscal_year");
    std::function<const ShapePlan*(const Descriptor*)> build =
        [&](const Descriptor* d) -> const ShapePlan* {
      if (auto it = plans->find(d); it != plans->end()) return it->second.get();
      ShapePlan* plan = plans->emplace(d, std::make_unique<ShapePlan>()).first->second.get();
      plan->type = d;
      plan->reflection = GeneratedReflection(d);
      plan->is_date = d == google::type::Date::descriptor();
      std::vector<const FieldDescriptor*> fields;
      for (int i = 0; i < d->field_count(); ++i) fields.push_back(d->field(i));
      std::sort(fields.begin(), fields.end(),
                [](const auto* x, const auto* y) { return x->number() < y->number(); });
      for (const FieldDescriptor* field : fields) {
        ShapePlan::Entry e{FieldReader(field, plan->reflection)};
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          e.child = build(field->message_type());
        }
        if (auto decimal = DecimalFields().find(field); decimal != DecimalFields().end()) {
          e.decimal_digits = decimal->second;
        }
        e.fiscal_year = field == kFiscalYear;
        plan->entries.push_back(e);
      }
      return plan;
    };
    return build(FinalAccounts::descriptor());
  }();
  return *kRoot;
}

class ShapeChecker {
 public:
  ShapeChecker(const SchemaLimits& limits, std::vector<FieldViolation>& out)
      : limits_(limits), out_(out) {}

  void Add(std::string field, std::string description) {
    if (out_.size() < 100) out_.push_back({std::move(field), std::move(description)});
  }

  // Walks every field: sizes, signs, enums, decimals, dates, unknown fields.
  // An unset field reads as its default, which passes every check, so the
  // walk reads values without asking whether each one is set.
  //
  // `fits`: the message's wire size is within the string limit, so no string
  // in it can exceed it and only decimal strings need reading. Sizes are the
  // ones the root's ByteSizeLong() cached.
  void Walk(const Message& message, const ShapePlan& plan, const PathNode* path, bool fits) {
    const Reflection* r = plan.reflection;
    fits = fits || static_cast<size_t>(message.GetCachedSize()) <= limits_.max_string_bytes;
    if (!r->GetUnknownFields(message).empty()) {
      Add(RenderPath(path), absl::StrCat("contains fields unknown to this server's schema (",
                                         plan.type->full_name(), ")"));
    }
    if (plan.is_date) {
      const auto& date = static_cast<const google::type::Date&>(message);
      if (!ValidDate(date.year(), date.month(), date.day())) {
        Add(RenderPath(path),
            absl::StrCat("not a valid date: ", date.year(), "-", date.month(), "-", date.day()));
      }
      return;
    }
    for (const ShapePlan::Entry& e : plan.entries) {
      const FieldDescriptor* field = e.read.field();
      const PathNode here{path, field, -1};
      if (field->is_repeated()) {
        const int n = e.read.Size(message);
        elements_ += n;
        if (n > limits_.max_repeated) {
          Add(RenderPath(&here), absl::StrCat("has ", n, " elements; at most ",
                                              limits_.max_repeated, " are accepted"));
          continue;
        }
        for (int i = 0; i < n; ++i) {
          const PathNode element{path, field, i};
          if (e.child != nullptr) {
            Walk(e.read.Element(message, i), *e.child, &element, fits);
          } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING && !fits) {
            CheckString(e.read.StringElement(message, i, &scratch_), &element);
          }
        }
        continue;
      }
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_MESSAGE:
          if (e.read.Has(message)) {
            Walk(e.read.MessageOf(message), *e.child, &here, fits);
          }
          break;
        case FieldDescriptor::CPPTYPE_STRING: {
          if (fits && e.decimal_digits < 0) break;
          const std::string& value = e.read.String(message, &scratch_);
          CheckString(value, &here);
          if (e.decimal_digits >= 0 && !value.empty()) CheckDecimal(value, e.decimal_digits, &here);
          break;
        }
        default:
          CheckNumber(message, e, &here);
          break;
      }
    }
  }

 private:
  // A decimal string: its digits, its sign, its size.
  void CheckDecimal(const std::string& value, int digits, const PathNode* path) {
    absl::StatusOr<int64_t> parsed = ParseScaledDecimal(value, digits);
    if (!parsed.ok()) {
      Add(RenderPath(path), absl::StrCat("must be a decimal with at most ", digits,
                                         " fractional digits, got \"", Shorten(value), "\""));
    } else if (*parsed < 0) {
      Add(RenderPath(path), absl::StrCat("must not be negative, got \"", Shorten(value), "\""));
    } else {
      int64_t scale = 1;
      for (int k = 0; k < digits; ++k) scale *= 10;
      if (*parsed > limits_.max_decimal * scale || *parsed < -limits_.max_decimal * scale) {
        Add(RenderPath(path), absl::StrCat("must not exceed ", limits_.max_decimal));
      }
    }
  }

  // An amount, a count or an enum.
  void CheckNumber(const Message& message, const ShapePlan::Entry& e, const PathNode* path) {
    const FieldDescriptor* field = e.read.field();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT64: {
        const int64_t value = e.read.Int64(message);
        if (value < 0) {
          Add(RenderPath(path), absl::StrCat("amount must not be negative, got ", value, " 分"));
        } else if (value > limits_.max_amount_fen) {
          Add(RenderPath(path), absl::StrCat("amount ", value, " 分 exceeds the largest accepted, ",
                                             limits_.max_amount_fen, " 分 (10 万亿元)"));
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_INT32: {
        const int32_t value = e.read.Int32(message);
        if (value < 0 && !e.fiscal_year) {
          Add(RenderPath(path), absl::StrCat("count must not be negative, got ", value));
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const int value = e.read.Int32(message);
        if (field->enum_type()->FindValueByNumber(value) == nullptr) {
          Add(RenderPath(path),
              absl::StrCat("unknown ", field->enum_type()->name(), " value ", value));
        }
        break;
      }
      default:
        break;
    }
  }

  void CheckString(const std::string& value, const PathNode* path) {
    if (value.size() > limits_.max_string_bytes) {
      Add(RenderPath(path), absl::StrCat("is ", value.size(), " bytes long; at most ",
                                         limits_.max_string_bytes, " are accepted"));
    }
  }

  const SchemaLimits& limits_;
  std::vector<FieldViolation>& out_;
  std::string scratch_;
  int64_t elements_ = 0;

 public:
  // Elements of repeated fields walked so far, at every depth (what
  // CountRepeatedElements counts, without a second walk).
  int64_t elements() const { return elements_; }
};

}  // namespace

std::vector<FieldViolation> CheckAccountsShape(const FinalAccounts& accounts, int current_year,
                                               const SchemaLimits& limits,
                                               absl::string_view prefix) {
  std::vector<FieldViolation> raw;
  ShapeChecker checker(limits, raw);
  static const std::regex* const kRegion = new std::regex(R"([0-9]{6})");
  static const std::regex* const kDigits = new std::regex(R"([0-9]{1,32})");
  static const std::regex* const kCreditCode = new std::regex(R"([0-9A-HJ-NP-RTUW-Y]{18})");

  if (!accounts.has_department()) {
    checker.Add("department", "is required");
  } else {
    const auto& d = accounts.department();
    if (DepartmentIdFromName(d.name()).empty()) {
      checker.Add("department.name",
                  absl::StrCat("must be departments/{id} with an id of lowercase letters, digits "
                               "and hyphens starting with a letter (at most 63), got \"",
                               Shorten(d.name()), "\""));
    }
    if (d.display_name().empty()) checker.Add("department.display_name", "is required");
    if (d.region_code().size() != 6 || !std::regex_match(d.region_code(), *kRegion)) {
      checker.Add("department.region_code", absl::StrCat("must be a 6-digit 行政区划代码, got \"",
                                                         Shorten(d.region_code()), "\""));
    }
    if (!d.budget_unit_code().empty() &&
        (d.budget_unit_code().size() > 32 || !std::regex_match(d.budget_unit_code(), *kDigits))) {
      checker.Add("department.budget_unit_code", "must be digits (at most 32)");
    }
    if (!d.credit_code().empty() &&
        (d.credit_code().size() != 18 || !std::regex_match(d.credit_code(), *kCreditCode))) {
      checker.Add("department.credit_code", "must be an 18-character 统一社会信用代码");
    }
  }
  if (accounts.fiscal_year() < limits.min_fiscal_year ||
      accounts.fiscal_year() > current_year + 1) {
    checker.Add("fiscal_year",
                absl::StrCat("must be a fiscal year between ", limits.min_fiscal_year, " and ",
                             current_year + 1, ", got ", accounts.fiscal_year()));
  }
  if (accounts.amount_unit() == juesuan::accounts::v1::AMOUNT_UNIT_UNSPECIFIED) {
    checker.Add("amount_unit", "is required (AMOUNT_UNIT_YUAN or AMOUNT_UNIT_WAN_YUAN)");
  }
  // Computes and caches every message's wire size, which Walk reads.
  const size_t bytes = accounts.ByteSizeLong();
  const bool fits = bytes <= limits.max_string_bytes;
  if (bytes > limits.max_total_bytes) {
    checker.Add("",
                absl::StrCat("the accounts are ", bytes, " bytes; at most ", limits.max_total_bytes,
                             " are accepted (the document's cost budget)"));
  }
  checker.Walk(accounts, AccountsShapePlan(), nullptr, fits);
  if (checker.elements() > limits.max_total_elements) {
    checker.Add(
        "", absl::StrCat("the accounts hold ", checker.elements(),
                         " rows, indicators and other listed elements; at most ",
                         limits.max_total_elements, " are accepted (the document's cost budget)"));
  }

  std::vector<FieldViolation> out;
  out.reserve(raw.size());
  for (FieldViolation& v : raw) {
    out.push_back({JoinPath(prefix, v.field), std::move(v.description)});
  }
  return out;
}

}  // namespace juesuan::ingestion
