// field_accessors_gen OUT.cc: writes the FieldAccessor table
// (field_accessors.h) for FinalAccounts and every message type it reaches,
// one entry per field, each read through the generated C++ accessor.
// Run by the build; its output is never edited or checked in.
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "juesuan/accounts/v1/accounts.pb.h"

namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;

// The C++ class of a message type: its package as namespaces, nested types
// joined by '_' (what protoc generates).
std::string ClassName(const Descriptor* d) {
  const std::string& package = d->file()->package();
  std::string relative = d->full_name().substr(package.empty() ? 0 : package.size() + 1);
  return absl::StrCat("::", absl::StrReplaceAll(package, {{".", "::"}}),
                      "::", absl::StrReplaceAll(relative, {{".", "_"}}));
}

// The accessor's name: the field's, with '_' after a C++ keyword (as protoc).
std::string AccessorName(const FieldDescriptor* f) {
  static const std::set<std::string> kKeywords = {
      "alignas",      "alignof",  "and",       "and_eq",   "asm",       "auto",
      "bitand",       "bitor",    "bool",      "break",    "case",      "catch",
      "char",         "class",    "compl",     "const",    "constexpr", "const_cast",
      "continue",     "decltype", "default",   "delete",   "do",        "double",
      "dynamic_cast", "else",     "enum",      "explicit", "export",    "extern",
      "false",        "float",    "for",       "friend",   "goto",      "if",
      "inline",       "int",      "long",      "mutable",  "namespace", "new",
      "noexcept",     "not",      "not_eq",    "nullptr",  "operator",  "or",
      "or_eq",        "private",  "protected", "public",   "register",  "reinterpret_cast",
      "return",       "short",    "signed",    "sizeof",   "static",    "static_assert",
      "static_cast",  "struct",   "switch",    "template", "this",      "thread_local",
      "throw",        "true",     "try",       "typedef",  "typeid",    "typename",
      "union",        "unsigned", "using",     "virtual",  "void",      "volatile",
      "wchar_t",      "while",    "xor",       "xor_eq"};
  std::string name = f->name();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (kKeywords.count(name) > 0) name += '_';
  return name;
}

void Collect(const Descriptor* d, std::vector<const Descriptor*>& out,
             std::set<const Descriptor*>& seen) {
  if (!seen.insert(d).second) return;
  out.push_back(d);
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->message_type() != nullptr) Collect(d->field(i)->message_type(), out, seen);
  }
}

// The body of one entry's maker: sets the reads the field has.
std::string Reads(const Descriptor* d, const FieldDescriptor* f) {
  const std::string cls = ClassName(d);
  const std::string m = absl::StrCat("static_cast<const ", cls, "&>(m)");
  const std::string name = AccessorName(f);
  std::string out;
  auto set = [&](const char* member, const std::string& signature, const std::string& body) {
    absl::StrAppend(&out, "  a.", member, " = [](", signature, " { return ", body, "; };\n");
  };
  using FD = FieldDescriptor;
  if (f->is_map()) return out;  // none in the accounts; read by reflection if ever added
  if (f->is_repeated()) {
    set("size", "const Message& m) -> int", absl::StrCat(m, ".", name, "_size()"));
    if (f->cpp_type() == FD::CPPTYPE_MESSAGE) {
      set("get_repeated_message", "const Message& m, int i) -> const Message&",
          absl::StrCat(m, ".", name, "(i)"));
    } else if (f->cpp_type() == FD::CPPTYPE_STRING) {
      set("get_repeated_string", "const Message& m, int i) -> const std::string&",
          absl::StrCat(m, ".", name, "(i)"));
    }
    return out;
  }
  if (f->has_presence()) {
    set("has", "const Message& m) -> bool", absl::StrCat(m, ".has_", name, "()"));
  }
  switch (f->cpp_type()) {
    case FD::CPPTYPE_INT64:
      set("get_int64", "const Message& m) -> int64_t", absl::StrCat(m, ".", name, "()"));
      break;
    case FD::CPPTYPE_INT32:
      set("get_int32", "const Message& m) -> int32_t", absl::StrCat(m, ".", name, "()"));
      break;
    case FD::CPPTYPE_ENUM:
      set("get_int32", "const Message& m) -> int32_t",
          absl::StrCat("static_cast<int32_t>(", m, ".", name, "())"));
      break;
    case FD::CPPTYPE_STRING:
      set("get_string", "const Message& m) -> const std::string&",
          absl::StrCat(m, ".", name, "()"));
      break;
    case FD::CPPTYPE_MESSAGE:
      set("get_message", "const Message& m) -> const Message&", absl::StrCat(m, ".", name, "()"));
      break;
    default:
      break;  // other scalars: read by reflection (none in the accounts)
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: field_accessors_gen OUT.cc\n");
    return 2;
  }
  std::vector<const Descriptor*> types;
  std::set<const Descriptor*> seen;
  Collect(juesuan::accounts::v1::FinalAccounts::descriptor(), types, seen);

  std::set<std::string> headers;
  std::string makers;
  std::string entries;
  int n = 0;
  for (const Descriptor* d : types) {
    std::string header = d->file()->name();
    header = header.substr(0, header.size() - 6) + ".pb.h";  // "x.proto" -> "x.pb.h"
    headers.insert(header);
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      absl::StrAppend(&makers, "// ", f->full_name(), "\nFieldAccessor Make", n,
                      "() {\n  FieldAccessor a;\n", Reads(d, f), "  return a;\n}\n\n");
      absl::StrAppend(&entries, "      {\"", f->full_name(), "\", Make", n, "()},\n");
      ++n;
    }
  }
  std::string text =
      "// Generated by field_accessors_gen from the accounts' descriptors. Do not edit.\n"
      "#include <cstdlib>\n#include <string>\n#include <vector>\n\n"
      "#include \"absl/container/flat_hash_map.h\"\n"
      "#include \"services/ingestion/rules/field_accessors.h\"\n";
  for (const std::string& h : headers) absl::StrAppend(&text, "#include \"", h, "\"\n");
  absl::StrAppend(
      &text,
      "\nnamespace juesuan::ingestion {\nnamespace {\n\n"
      "using ::google::protobuf::Message;\n\n",
      makers,
      "struct Entry {\n  const char* name;\n  FieldAccessor accessor;\n};\n\n"
      "const std::vector<Entry>& Entries() {\n"
      "  static const auto* const kEntries = new std::vector<Entry>{\n",
      entries,
      "  };\n  return *kEntries;\n}\n\n}  // namespace\n\n"
      "const FieldAccessor* FindFieldAccessor(const google::protobuf::FieldDescriptor* "
      "field) {\n"
      "  static const auto* const kByField = [] {\n"
      "    auto* map = new absl::flat_hash_map<const google::protobuf::FieldDescriptor*,\n"
      "                                        const FieldAccessor*>();\n"
      "    const auto* pool = google::protobuf::DescriptorPool::generated_pool();\n"
      "    for (const Entry& e : Entries()) {\n"
      "      const google::protobuf::FieldDescriptor* f = pool->FindFieldByName(e.name);\n"
      "      if (f == nullptr) std::abort();  // generated from these very descriptors\n"
      "      map->emplace(f, &e.accessor);\n"
      "    }\n    return map;\n  }();\n"
      "  auto it = kByField->find(field);\n"
      "  return it == kByField->end() ? nullptr : it->second;\n}\n\n"
      "}  // namespace juesuan::ingestion\n");
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    fprintf(stderr, "field_accessors_gen: cannot write %s\n", argv[1]);
    return 1;
  }
  fprintf(stderr, "field_accessors_gen: %d fields of %zu types\n", n, types.size());
  return 0;
}
