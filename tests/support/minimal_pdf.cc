#include "tests/support/minimal_pdf.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace juesuan::testing {
namespace {

// The page's content stream: each line 14 points below the last.
std::string Content(const std::string& text) {
  if (text.empty()) return "";
  std::string out = "BT /F1 12 Tf 72 760 Td 14 TL\n";
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    std::string escaped;
    for (char c : line) {
      if (c == '(' || c == ')' || c == '\\') escaped.push_back('\\');
      escaped.push_back(c);
    }
    absl::StrAppend(&out, "(", escaped, ") Tj T*\n");
  }
  return out + "ET\n";
}

}  // namespace

std::string MinimalPdf(const std::vector<std::string>& pages) {
  // Objects: 1 catalog, 2 page tree, 3 font, then a page and its content
  // for each page.
  std::vector<std::string> objects;
  std::string kids;
  for (size_t i = 0; i < pages.size(); ++i) absl::StrAppend(&kids, 4 + 2 * i, " 0 R ");
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back(
      absl::StrCat("<< /Type /Pages /Kids [", kids, "] /Count ", pages.size(), " >>"));
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (size_t i = 0; i < pages.size(); ++i) {
    objects.push_back(absl::StrCat(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R "
        ">> >> /Contents ",
        5 + 2 * i, " 0 R >>"));
    const std::string content = Content(pages[i]);
    objects.push_back(
        absl::StrCat("<< /Length ", content.size(), " >>\nstream\n", content, "endstream"));
  }
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    absl::StrAppend(&pdf, i + 1, " 0 obj\n", objects[i], "\nendobj\n");
  }
  const size_t xref = pdf.size();
  absl::StrAppend(&pdf, "xref\n0 ", objects.size() + 1, "\n0000000000 65535 f \n");
  for (size_t offset : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  absl::StrAppend(&pdf, "trailer\n<< /Size ", objects.size() + 1, " /Root 1 0 R >>\nstartxref\n",
                  xref, "\n%%EOF\n");
  return pdf;
}

}  // namespace juesuan::testing
