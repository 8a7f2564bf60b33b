// The text of a PDF, page by page, through poppler (Debian's
// libpoppler-cpp-dev): what the audit reads a published disclosure from, and
// (issue 16) what the importer will place in tables.
//
// A PDF comes from outside, so every way it can be wrong is an error that
// says what is wrong, and its cost is bounded before poppler is asked:
//   INVALID_ARGUMENT    not a PDF; damaged; encrypted (a password is needed);
//                       no pages; no text layer (a scan: OCR is out of scope)
//   RESOURCE_EXHAUSTED  over the byte, page or text limits
//   DEADLINE_EXCEEDED   the deadline passed between two pages
#ifndef JUESUAN_PDF_PDF_TEXT_H_
#define JUESUAN_PDF_PDF_TEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace juesuan::pdf {

struct PdfLimits {
  // A department's disclosure is 20 to 80 pages and well under 5 MB; a
  // bureau's bundle of units a few hundred pages.
  int64_t max_bytes = 50 * 1000 * 1000;
  int max_pages = 500;
  // The text extracted, all pages together.
  int64_t max_text_bytes = int64_t{8} << 20;
};

// Each page's text in reading order with its layout kept (as
// `pdftotext -layout`), UTF-8; page i + 1 is element i. A page without text
// is an empty string; a document with no text on any page is refused.
absl::StatusOr<std::vector<std::string>> ExtractPages(absl::string_view pdf,
                                                      const PdfLimits& limits,
                                                      absl::Time deadline = absl::InfiniteFuture());

// A word as poppler places it: its text (UTF-8) and its box, in points
// from the page's top left corner.
struct PdfWord {
  std::string text;
  double x0 = 0;
  double y0 = 0;
  double x1 = 0;
  double y1 = 0;
};

// Each page's words, in poppler's reading order; the same limits and
// errors as ExtractPages.
absl::StatusOr<std::vector<std::vector<PdfWord>>> ExtractWords(
    absl::string_view pdf, const PdfLimits& limits, absl::Time deadline = absl::InfiniteFuture());

// The pages as one text, each ended by a form feed as pdftotext writes them:
// a text audited with form feeds names each finding's page.
std::string JoinPages(const std::vector<std::string>& pages);

// Whether `bytes` starts like a PDF ("%PDF-" within its first 1024 bytes,
// as readers accept it).
bool LooksLikePdf(absl::string_view bytes);

}  // namespace juesuan::pdf

#endif  // JUESUAN_PDF_PDF_TEXT_H_
