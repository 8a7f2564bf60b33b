#include "services/ingestion/rules/finding_sink.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/decimal.h"
#include "common/money.h"

namespace juesuan::ingestion {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

std::string FormatValue(LeafKind kind, int64_t value, const RuleContext& ctx) {
  switch (kind) {
    case LeafKind::kMoney:
      return FormatFen(value, ctx.unit);
    case LeafKind::kDecimal:
      return FormatScaled(value, 2);
    case LeafKind::kCount:
      return absl::StrCat(value);
  }
  return absl::StrCat(value);
}

std::string UnitOf(LeafKind kind, const RuleContext& ctx) {
  return kind == LeafKind::kMoney ? UnitName(ctx.unit) : "";
}

std::string DescribeElement(const Message& element) {
  const Descriptor* d = element.GetDescriptor();
  const Reflection* r = element.GetReflection();
  auto text = [&](const char* name) -> std::string {
    const FieldDescriptor* f = d->FindFieldByName(name);  // only for a finding: not hot
    if (f == nullptr || f->cpp_type() != FieldDescriptor::CPPTYPE_STRING || f->is_repeated()) {
      return "";
    }
    return r->GetString(element, f);
  };
  for (const auto& [code, name] :
       {std::pair{"function_code", "function_name"}, std::pair{"economic_code", "economic_name"}}) {
    const std::string c = text(code);
    const std::string n = text(name);
    if (!c.empty() || !n.empty()) return absl::StrCat("（", absl::StrJoin({c, n}, " "), "）");
  }
  for (const char* name : {"project_name", "label", "name"}) {
    const std::string n = text(name);
    if (!n.empty()) return absl::StrCat("（", n, "）");
  }
  return "";
}

}  // namespace juesuan::ingestion
