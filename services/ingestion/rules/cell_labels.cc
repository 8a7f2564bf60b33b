#include "services/ingestion/rules/cell_labels.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace juesuan::ingestion {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

std::string FieldLabel(const FieldDescriptor* field) {
  const auto& labels = internal::FieldLabels();
  auto it = labels.find(field->full_name());
  return it == labels.end() ? field->name() : it->second;
}

// A string field of `message` by name, "" if none.
std::string Text(const Message& message, const char* name) {
  const FieldDescriptor* f = message.GetDescriptor()->FindFieldByName(name);
  if (f == nullptr || f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
    return "";
  }
  return message.GetReflection()->GetString(message, f);
}

// A row as the printed table names it: its code and name, or its own name.
std::string RowLabel(const Message& row) {
  for (const auto& [code, name] :
       {std::pair{"function_code", "function_name"}, std::pair{"economic_code", "economic_name"}}) {
    const std::string c = Text(row, code);
    const std::string n = Text(row, name);
    if (!c.empty() || !n.empty()) return absl::StrJoin({c, n}, " ");
  }
  for (const char* name : {"project_name", "label", "name"}) {
    std::string n = Text(row, name);
    if (!n.empty()) return n;
  }
  return "";
}

}  // namespace

std::string CellLabel(const juesuan::accounts::v1::FinalAccounts& accounts,
                      absl::string_view path) {
  const Message* message = &accounts;
  std::string table;                // the first segment's words
  std::vector<std::string> middle;  // rows and sub-blocks
  std::string column;               // the last segment's words
  const std::vector<absl::string_view> segments = absl::StrSplit(path, '.');
  for (size_t i = 0; i < segments.size(); ++i) {
    absl::string_view segment = segments[i];
    int index = -1;  // -2: [*]
    if (absl::ConsumeSuffix(&segment, "[*]")) {
      index = -2;
    } else if (const size_t open = segment.find('['); open != absl::string_view::npos) {
      if (segment.back() != ']' ||
          !absl::SimpleAtoi(segment.substr(open + 1, segment.size() - open - 2), &index)) {
        return std::string(path);
      }
      segment = segment.substr(0, open);
    }
    if (message == nullptr) return std::string(path);
    const FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(std::string(segment));
    if (field == nullptr) return std::string(path);
    const std::string label = FieldLabel(field);
    const bool last = i + 1 == segments.size();
    if (i == 0) {
      table = label;
    } else if (last) {
      column = label;
    } else if (!label.empty() && !(field->is_repeated() && index >= 0)) {
      middle.push_back(index == -2 ? absl::StrCat(label, "（各行）") : label);
    }
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      message = nullptr;
      continue;
    }
    const Reflection* r = message->GetReflection();
    if (field->is_repeated()) {
      if (index < 0 || index >= r->FieldSize(*message, field)) {
        message = nullptr;
        if (i == 0 && index == -2) table = absl::StrCat(label, "（各行）");
        continue;
      }
      message = &r->GetRepeatedMessage(*message, field, index);
      if (std::string row = RowLabel(*message); !row.empty()) middle.push_back(row);
    } else {
      message = &r->GetMessage(*message, field);
    }
  }
  std::string out = table;
  if (!middle.empty()) absl::StrAppend(&out, " ", absl::StrJoin(middle, " "));
  if (!column.empty())
    absl::StrAppend(&out, middle.empty() && segments.size() > 1 ? " " : " · ", column);
  return out;
}

}  // namespace juesuan::ingestion
