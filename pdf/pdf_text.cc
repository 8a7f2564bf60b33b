#include "pdf/pdf_text.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "poppler/cpp/poppler-document.h"
#include "poppler/cpp/poppler-global.h"
#include "poppler/cpp/poppler-page.h"

namespace juesuan::pdf {
namespace {

// Poppler writes what it repairs to stderr; a damaged document is reported
// by what ExtractPages returns, not by a server's log.
void Quiet(const std::string&, void*) {}

void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(Quiet, nullptr); });
}

absl::Status CheckBytes(absl::string_view pdf, const PdfLimits& limits) {
  if (static_cast<int64_t>(pdf.size()) > limits.max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the PDF is ", pdf.size(), " bytes, over the limit of ", limits.max_bytes));
  }
  if (!LooksLikePdf(pdf)) {
    return absl::InvalidArgumentError("not a PDF: no %PDF- header in its first 1024 bytes");
  }
  return absl::OkStatus();
}

std::string PageText(const poppler::page& page) {
  const poppler::byte_array utf8 =
      page.text(page.page_rect(), poppler::page::physical_layout).to_utf8();
  std::string text(utf8.begin(), utf8.end());
  // Poppler ends a page with a form feed; JoinPages puts them between pages.
  text.erase(std::remove(text.begin(), text.end(), '\f'), text.end());
  return text;
}

}  // namespace

bool LooksLikePdf(absl::string_view bytes) {
  return bytes.substr(0, 1024).find("%PDF-") != absl::string_view::npos;
}

absl::StatusOr<std::vector<std::string>> ExtractPages(absl::string_view pdf,
                                                      const PdfLimits& limits,
                                                      absl::Time deadline) {
  if (absl::Status ok = CheckBytes(pdf, limits); !ok.ok()) return ok;
  SilencePoppler();
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  if (doc == nullptr) {
    return absl::InvalidArgumentError("the PDF is damaged: poppler cannot read its structure");
  }
  if (doc->is_locked()) {
    return absl::InvalidArgumentError("the PDF is encrypted: it opens only with a password");
  }
  const int count = doc->pages();
  if (count <= 0) return absl::InvalidArgumentError("the PDF has no pages");
  if (count > limits.max_pages) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the PDF has ", count, " pages, over the limit of ", limits.max_pages));
  }
  std::vector<std::string> pages;
  int64_t total = 0;
  bool any_text = false;
  for (int i = 0; i < count; ++i) {
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("the deadline passed while reading page ", i + 1, " of ", count));
    }
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    pages.push_back(page == nullptr ? std::string() : PageText(*page));
    total += static_cast<int64_t>(pages.back().size());
    if (total > limits.max_text_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "the PDF's text passes the limit of ", limits.max_text_bytes, " bytes on page ", i + 1));
    }
    any_text = any_text || pages.back().find_first_not_of(" \t\r\n\f") != std::string::npos;
  }
  if (!any_text) {
    return absl::InvalidArgumentError(
        absl::StrCat("the PDF's ", count,
                     " page(s) have no text layer: a scanned document? (OCR is out of "
                     "scope)"));
  }
  return pages;
}

std::string JoinPages(const std::vector<std::string>& pages) {
  std::string out;
  for (const std::string& page : pages) absl::StrAppend(&out, page, "\f");
  return out;
}

}  // namespace juesuan::pdf
