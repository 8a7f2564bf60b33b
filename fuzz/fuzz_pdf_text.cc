// A PDF's text: any bytes as the PDF an auditor uploads (AuditDisclosure's
// `pdf`, `juesuanctl audit --pdf`), read by poppler under the limits the
// server uses, scaled down. Invariants: no crash, no hang (libFuzzer's
// timeout), and a document that reads has between one page and the page
// limit, with some text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "pdf/pdf_text.h"

namespace juesuan::fuzz {

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pdf::PdfLimits limits;
  limits.max_bytes = 1 << 20;
  limits.max_pages = 64;
  limits.max_text_bytes = 1 << 20;
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<std::string>> pages =
      pdf::ExtractPages(bytes, limits, absl::Now() + absl::Seconds(5));
  if (!pages.ok()) return 0;
  Require(!pages->empty() && static_cast<int>(pages->size()) <= limits.max_pages,
          "a PDF that reads has between one page and the limit");
  size_t total = 0;
  for (const std::string& page : *pages) total += page.size() + 1;
  Require(pdf::JoinPages(*pages).size() == total, "the joined text is every page and its break");
  Require(total <= static_cast<size_t>(limits.max_text_bytes) + pages->size(),
          "the text stays within its limit");
  return 0;
}

}  // namespace juesuan::fuzz
