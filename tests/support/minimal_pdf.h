// Small, valid PDFs written from scratch for tests and fuzz seeds: one page
// per element, each line of it set in Helvetica (ASCII text only). A real
// document's PDF (CJK, tables over pages) is a fixture, not this.
#ifndef JUESUAN_TESTS_SUPPORT_MINIMAL_PDF_H_
#define JUESUAN_TESTS_SUPPORT_MINIMAL_PDF_H_

#include <string>
#include <vector>

namespace juesuan::testing {

// A PDF of `pages.size()` pages; page i shows the lines of pages[i] ('\n'
// between lines). An empty string is a page with no text (as a scan's).
std::string MinimalPdf(const std::vector<std::string>& pages);

}  // namespace juesuan::testing

#endif  // JUESUAN_TESTS_SUPPORT_MINIMAL_PDF_H_
