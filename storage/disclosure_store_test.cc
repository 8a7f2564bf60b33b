#include "storage/disclosure_store.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace juesuan::storage {
namespace {

namespace dv1 = ::juesuan::disclosure::v1;
using ::juesuan::testing::IsOk;
using ::juesuan::testing::StatusIs;
using ::juesuan::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

StoredDisclosure Record(const std::string& department, int year, dv1::Format format,
                        const std::string& inputs = "i1") {
  StoredDisclosure record;
  record.set_inputs_sha256(inputs);
  dv1::Disclosure* d = record.mutable_disclosure();
  d->set_name(absl::StrCat("departments/", department, "/disclosures/", year));
  d->set_format(format);
  d->set_template_("templates/xinjiang-2023");
  d->set_content_bytes(3);
  return record;
}

std::vector<std::string> Names(const DisclosureStore::Page& page) {
  std::vector<std::string> out;
  for (const auto& r : page.records) {
    out.push_back(absl::StrCat(r.disclosure().name(), " ",
                               dv1::Format_Name(r.disclosure().format()),
                               r.disclosure().content().empty() ? "" : " +content"));
  }
  return out;
}

class DisclosureStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() {
    store_.reset();
    KvStoreOptions options;
    options.path = dir_.path();
    auto store = OpenDisclosureStore(options);
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
  }
  TempDir dir_;
  std::unique_ptr<DisclosureStore> store_;
};

TEST_F(DisclosureStoreTest, OneDocumentPerDepartmentYearTemplateAndFormat) {
  ASSERT_THAT(store_->Put({"a", 2023}, Record("a", 2023, dv1::FORMAT_TEXT), "txt"), IsOk());
  ASSERT_THAT(store_->Put({"a", 2023}, Record("a", 2023, dv1::FORMAT_HTML), "<p>"), IsOk());
  auto text = store_->Get({"a", 2023}, "templates/xinjiang-2023", dv1::FORMAT_TEXT, true);
  ASSERT_THAT(text, IsOk());
  EXPECT_EQ(text->disclosure().content(), "txt");
  EXPECT_EQ(text->inputs_sha256(), "i1");
  EXPECT_EQ(store_->Get({"a", 2023}, "templates/xinjiang-2023", dv1::FORMAT_HTML, true)
                ->disclosure()
                .content(),
            "<p>");
  // Without content on request.
  EXPECT_EQ(store_->Get({"a", 2023}, "templates/xinjiang-2023", dv1::FORMAT_TEXT, false)
                ->disclosure()
                .content(),
            "");
  EXPECT_THAT(store_->Get({"a", 2023}, "templates/xinjiang-2023", dv1::FORMAT_MARKDOWN, true),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(store_->Get({"a", 2023}, "templates/other", dv1::FORMAT_TEXT, true),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  // A new rendering replaces the old, record and content together, and
  // survives a reopen.
  ASSERT_THAT(store_->Put({"a", 2023}, Record("a", 2023, dv1::FORMAT_TEXT, "i2"), "txt v2"),
              IsOk());
  Open();
  text = store_->Get({"a", 2023}, "templates/xinjiang-2023", dv1::FORMAT_TEXT, true);
  ASSERT_THAT(text, IsOk());
  EXPECT_EQ(text->disclosure().content(), "txt v2");
  EXPECT_EQ(text->inputs_sha256(), "i2");
}

TEST_F(DisclosureStoreTest, ListsByDepartmentWithoutContentInPages) {
  for (const char* d : {"a", "ab", "b"}) {
    for (int year : {2022, 2023}) {
      ASSERT_THAT(store_->Put({d, year}, Record(d, year, dv1::FORMAT_TEXT), "x"), IsOk());
    }
  }
  ASSERT_THAT(store_->Put({"a", 2023}, Record("a", 2023, dv1::FORMAT_HTML), "y"), IsOk());
  // "a" is not a prefix of "ab": department a's documents only.
  auto a = store_->List("a", 10, "");
  ASSERT_THAT(a, IsOk());
  EXPECT_THAT(Names(*a), ElementsAre("departments/a/disclosures/2022 FORMAT_TEXT",
                                     "departments/a/disclosures/2023 FORMAT_TEXT",
                                     "departments/a/disclosures/2023 FORMAT_HTML"));
  EXPECT_EQ(a->next_page_token, "");
  // Every department, two at a time.
  std::vector<std::string> all;
  std::string token;
  int pages = 0;
  do {
    auto page = store_->List("", 2, token);
    ASSERT_THAT(page, IsOk());
    for (auto& n : Names(*page)) all.push_back(n);
    token = page->next_page_token;
    ++pages;
    if (pages == 2) Open();  // tokens survive a reopen
  } while (!token.empty());
  EXPECT_EQ(all.size(), 7u);
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(all.front(), "departments/a/disclosures/2022 FORMAT_TEXT");
  EXPECT_EQ(all.back(), "departments/b/disclosures/2023 FORMAT_TEXT");
  // A token belongs to its query.
  auto first = store_->List("", 2, "");
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(store_->List("b", 2, first->next_page_token),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

}  // namespace
}  // namespace juesuan::storage
