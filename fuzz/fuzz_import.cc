// Importing a published PDF's tables: any positioned words (the part of
// the importer after poppler, which fuzz_pdf_text fuzzes), as lines
// "page<TAB>x0<TAB>y0<TAB>x1<TAB>y1<TAB>text". Invariants: no crash,
// bounded work, every placed figure counted in the report, nothing placed
// from a table the report does not list as read.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "fuzz/fuzz_support.h"
#include "import/importer.h"

namespace juesuan::fuzz {
namespace {

constexpr int kMaxPages = 64;
constexpr size_t kMaxWords = 20000;

std::vector<std::vector<pdf::PdfWord>> Words(absl::string_view input) {
  std::vector<std::vector<pdf::PdfWord>> pages;
  size_t words = 0;
  for (absl::string_view line : absl::StrSplit(input, '\n')) {
    std::vector<std::string> f = absl::StrSplit(line, absl::MaxSplits('\t', 5));
    if (f.size() != 6 || ++words > kMaxWords) continue;
    const int page = std::atoi(f[0].c_str());
    if (page < 1 || page > kMaxPages) continue;
    if (static_cast<int>(pages.size()) < page) pages.resize(page);
    pages[page - 1].push_back(
        {f[5], std::strtod(f[1].c_str(), nullptr), std::strtod(f[2].c_str(), nullptr),
         std::strtod(f[3].c_str(), nullptr), std::strtod(f[4].c_str(), nullptr)});
  }
  return pages;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const import::Imported imported = import::ImportWords(Words(input));
  int cells = 0;
  for (const auto& t : imported.report.tables()) {
    Require(t.read() || t.cells() == 0, "figures placed from a table not read");
    cells += t.cells();
  }
  const auto& a = imported.accounts;
  int placed = 0;
  auto count = [&placed](const google::protobuf::Message& m) {
    std::vector<const google::protobuf::FieldDescriptor*> fields;
    m.GetReflection()->ListFields(m, &fields);
    for (const auto* f : fields) {
      if (f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT64) ++placed;
    }
  };
  for (const auto* table : std::vector<const google::protobuf::Message*>{
           &a.income(), &a.expenditure(), &a.general_budget_expenditure()}) {
    const auto* rows = table->GetDescriptor()->FindFieldByName("rows");
    const auto* total = table->GetDescriptor()->FindFieldByName("total");
    count(table->GetReflection()->GetMessage(*table, total));
    for (int i = 0; i < table->GetReflection()->FieldSize(*table, rows); ++i) {
      count(table->GetReflection()->GetRepeatedMessage(*table, rows, i));
    }
  }
  Require(placed <= cells, "a figure placed that the report does not count");
  return 0;
}

}  // namespace juesuan::fuzz
