#include "pdf/pdf_text.h"

#include <algorithm>
#include <functional>
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

namespace {

absl::StatusOr<std::unique_ptr<poppler::document>> Open(absl::string_view pdf,
                                                        const PdfLimits& limits) {
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
  return doc;
}

// Reads each page with read(page) → the bytes of text it took, under the
// limits and the deadline; refuses a document without text.
absl::Status ForEachPage(absl::string_view pdf, const PdfLimits& limits, absl::Time deadline,
                         const std::function<int64_t(const poppler::page*)>& read) {
  absl::StatusOr<std::unique_ptr<poppler::document>> doc = Open(pdf, limits);
  if (!doc.ok()) return doc.status();
  const int count = (*doc)->pages();
  int64_t total = 0;
  for (int i = 0; i < count; ++i) {
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("the deadline passed while reading page ", i + 1, " of ", count));
    }
    std::unique_ptr<poppler::page> page((*doc)->create_page(i));
    total += read(page.get());
    if (total > limits.max_text_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "the PDF's text passes the limit of ", limits.max_text_bytes, " bytes on page ", i + 1));
    }
  }
  if (total == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("the PDF's ", count,
                     " page(s) have no text layer: a scanned document? (OCR is out of scope)"));
  }
  return absl::OkStatus();
}

std::string Utf8(const poppler::ustring& text) {
  const poppler::byte_array utf8 = text.to_utf8();
  return std::string(utf8.begin(), utf8.end());
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ExtractPages(absl::string_view pdf,
                                                      const PdfLimits& limits,
                                                      absl::Time deadline) {
  std::vector<std::string> pages;
  absl::Status read =
      ForEachPage(pdf, limits, deadline, [&pages](const poppler::page* page) -> int64_t {
        pages.push_back(page == nullptr ? std::string() : PageText(*page));
        const bool blank = pages.back().find_first_not_of(" \t\r\n") == std::string::npos;
        return blank ? 0 : static_cast<int64_t>(pages.back().size());
      });
  if (!read.ok()) return read;
  return pages;
}

absl::StatusOr<std::vector<std::vector<PdfWord>>> ExtractWords(absl::string_view pdf,
                                                               const PdfLimits& limits,
                                                               absl::Time deadline) {
  std::vector<std::vector<PdfWord>> pages;
  absl::Status read =
      ForEachPage(pdf, limits, deadline, [&pages](const poppler::page* page) -> int64_t {
        pages.emplace_back();
        if (page == nullptr) return 0;
        int64_t bytes = 0;
        for (const poppler::text_box& box : page->text_list()) {
          const poppler::rectf r = box.bbox();
          PdfWord word{Utf8(box.text()), r.left(), r.top(), r.left() + r.width(),
                       r.top() + r.height()};
          if (word.text.empty()) continue;
          bytes += static_cast<int64_t>(word.text.size());
          pages.back().push_back(std::move(word));
        }
        return bytes;
      });
  if (!read.ok()) return read;
  return pages;
}

std::string JoinPages(const std::vector<std::string>& pages) {
  std::string out;
  for (const std::string& page : pages) absl::StrAppend(&out, page, "\f");
  return out;
}

}  // namespace juesuan::pdf
