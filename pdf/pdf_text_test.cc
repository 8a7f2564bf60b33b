#include "pdf/pdf_text.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/minimal_pdf.h"
#include "tests/support/test_support.h"

namespace juesuan::pdf {
namespace {

using ::juesuan::testing::MinimalPdf;
using ::juesuan::testing::ReadSourceFile;
using ::juesuan::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ExtractPagesTest, ReadsEachPageOfAPublishedDisclosure) {
  const std::string pdf = ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.pdf");
  absl::StatusOr<std::vector<std::string>> pages = ExtractPages(pdf, PdfLimits());
  ASSERT_TRUE(pages.ok()) << pages.status();
  ASSERT_EQ(pages->size(), 24u);
  EXPECT_THAT((*pages)[0], HasSubstr("部门决算"));
  // The pages stay apart and in order: 表一 (收入支出决算总表) is on page 5,
  // the narrative's 财政拨款支出 statement later.
  EXPECT_THAT((*pages)[4], HasSubstr("收入支出决算总表"));
  EXPECT_EQ((*pages)[0].find("收入支出决算总表"), std::string::npos);
  for (const std::string& page : *pages) EXPECT_EQ(page.find('\f'), std::string::npos);
  EXPECT_EQ(JoinPages(*pages).size(), [&] {
    size_t n = 0;
    for (const std::string& p : *pages) n += p.size() + 1;
    return n;
  }());
}

TEST(ExtractPagesTest, ReadsTextPageByPage) {
  absl::StatusOr<std::vector<std::string>> pages =
      ExtractPages(MinimalPdf({"first page", "", "third page\nsecond line"}), PdfLimits());
  ASSERT_TRUE(pages.ok()) << pages.status();
  ASSERT_EQ(pages->size(), 3u);
  EXPECT_THAT((*pages)[0], HasSubstr("first page"));
  EXPECT_EQ((*pages)[1].find_first_not_of(" \n\f"), std::string::npos);
  EXPECT_THAT((*pages)[2], HasSubstr("second line"));
  EXPECT_EQ(JoinPages({"a", "b"}), "a\fb\f");
}

TEST(ExtractPagesTest, RefusesWhatIsNotAPdf) {
  EXPECT_THAT(ExtractPages("决算公开说明 in plain text", PdfLimits()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a PDF")));
  EXPECT_THAT(ExtractPages("", PdfLimits()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a PDF")));
  // GBK bytes of 部门决算: text in another encoding is not a PDF either.
  EXPECT_THAT(ExtractPages("\xb2\xbf\xc3\xc5\xbe\xf6\xcb\xe3", PdfLimits()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a PDF")));
}

TEST(ExtractPagesTest, RefusesADamagedPdf) {
  EXPECT_THAT(ExtractPages("%PDF-1.7\n\x01\x02 garbage, no objects, no trailer", PdfLimits()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("damaged")));
}

TEST(ExtractPagesTest, RefusesAnEncryptedPdf) {
  // MinimalPdf({"secret"}) encrypted by qpdf with a user password (AES-256).
  const std::string pdf = ReadSourceFile("tests/data/pdf/encrypted.pdf");
  EXPECT_THAT(ExtractPages(pdf, PdfLimits()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("encrypted")));
}

TEST(ExtractPagesTest, RefusesAPdfWithoutPages) {
  EXPECT_THAT(ExtractPages(MinimalPdf({}), PdfLimits()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no pages")));
}

TEST(ExtractPagesTest, SaysAScanHasNoTextLayer) {
  EXPECT_THAT(ExtractPages(MinimalPdf({"", ""}), PdfLimits()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no text layer")));
}

TEST(ExtractPagesTest, BoundsPagesBytesAndText) {
  const std::string thousand = MinimalPdf(std::vector<std::string>(1000, "page"));
  EXPECT_THAT(ExtractPages(thousand, PdfLimits()),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("1000 pages")));
  // Over 50 MB is refused before poppler reads a byte of it.
  std::string huge = "%PDF-1.7\n";
  huge.resize(50 * 1000 * 1000 + 1, ' ');
  EXPECT_THAT(ExtractPages(huge, PdfLimits()),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("50000000")));
  PdfLimits small;
  small.max_text_bytes = 100;
  EXPECT_THAT(ExtractPages(MinimalPdf({std::string(40, 'x') + "\n" + std::string(40, 'y') + "\n" +
                                       std::string(40, 'z')}),
                           small),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("page 1")));
}

TEST(ExtractPagesTest, StopsAtTheDeadline) {
  EXPECT_THAT(ExtractPages(MinimalPdf({"a", "b"}), PdfLimits(), absl::InfinitePast()),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("page 1 of 2")));
}

}  // namespace
}  // namespace juesuan::pdf
