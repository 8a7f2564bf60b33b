#include "storage/account_store.h"

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/kv_store.h"
#include "storage/testing/seed_revision.h"
#include "tests/support/test_support.h"

namespace juesuan::storage {
namespace {

using ::juesuan::storage::testing::SeedRevisionBuilder;
using ::juesuan::testing::IsOk;
using ::juesuan::testing::StatusIs;
using ::juesuan::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class AccountStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() {
    store_.reset();
    KvStoreOptions options;
    options.path = dir_.path();
    auto store = OpenAccountStore(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  TempDir dir_;
  std::unique_ptr<AccountStore> store_;
};

TEST_F(AccountStoreTest, RevisionsAreNumberedFromOneAndReadBack) {
  const DepartmentYear dy{"kejiju", 2023};
  auto first = store_->AppendRevision(dy, "", "", SeedRevisionBuilder("kejiju", "652300"));
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->revision_id(), 1);
  auto second = store_->AppendRevision(dy, "", "", SeedRevisionBuilder("kejiju", "652300"));
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->revision_id(), 2);

  auto latest = store_->GetRevision(dy, 0);
  ASSERT_THAT(latest, IsOk());
  EXPECT_EQ(latest->revision_id(), 2);
  auto one = store_->GetRevision(dy, 1);
  ASSERT_THAT(one, IsOk());
  EXPECT_EQ(one->accounts().department().display_name(), "昌吉回族自治州科学技术局");
  EXPECT_EQ(one->format_version(), 1u);
  auto head = store_->GetHead(dy);
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->latest_revision_id(), 2);
  EXPECT_EQ(head->region_code(), "652300");
}

// Accounts handed over as bytes are stored as the same revision, read back
// whole and as a summary, with the head and department records filled from
// the department given beside them.
TEST_F(AccountStoreTest, AccountsGivenAsBytesAreStoredAsTheSameRevision) {
  const DepartmentYear dy{"kejiju", 2023};
  auto as_message = SeedRevisionBuilder("kejiju", "652300")(1);
  ASSERT_THAT(as_message, IsOk());
  const juesuan::accounts::v1::FinalAccounts accounts = as_message->revision.accounts();
  auto stored =
      store_->AppendRevision(dy, "req-bytes", "sha",
                             [&](int64_t revision_id) -> absl::StatusOr<AccountStore::NewRevision> {
                               AccountStore::NewRevision fresh;
                               fresh.revision.set_revision_id(revision_id);
                               fresh.revision.set_create_time_micros(7);
                               fresh.accounts_bytes = accounts.SerializeAsString();
                               fresh.department = accounts.department();
                               fresh.response.set_name("r");
                               return fresh;
                             });
  ASSERT_THAT(stored, IsOk());
  EXPECT_FALSE(stored->has_accounts());

  auto read = store_->GetRevision(dy, 1);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->accounts().SerializeAsString(), accounts.SerializeAsString());
  EXPECT_EQ(read->create_time_micros(), 7);
  EXPECT_EQ(read->revision_id(), 1);
  auto summary = store_->GetRevisionSummary(dy, 1);
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->accounts().department().SerializeAsString(),
            accounts.department().SerializeAsString());
  EXPECT_EQ(summary->accounts().general_budget_expenditure().rows_size(), 0);
  auto head = store_->GetHead(dy);
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->department_display_name(), "昌吉回族自治州科学技术局");
  EXPECT_EQ(head->region_code(), "652300");
  auto department = store_->GetDepartment("kejiju");
  ASSERT_THAT(department, IsOk());
  EXPECT_EQ(department->display_name(), "昌吉回族自治州科学技术局");

  // Both at once is a programming error, and writes nothing.
  auto both =
      store_->AppendRevision(dy, "", "", [&](int64_t) -> absl::StatusOr<AccountStore::NewRevision> {
        AccountStore::NewRevision fresh = *as_message;
        fresh.accounts_bytes = accounts.SerializeAsString();
        return fresh;
      });
  EXPECT_THAT(both, StatusIs(absl::StatusCode::kInternal, HasSubstr("both")));
  EXPECT_EQ(store_->GetHead(dy)->latest_revision_id(), 1);
}

TEST_F(AccountStoreTest, MissingRecordsAreNotFound) {
  EXPECT_THAT(store_->GetRevision({"nobody", 2023}, 0),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("departments/nobody/accounts/2023")));
  ASSERT_THAT(
      store_->AppendRevision({"kejiju", 2023}, "", "", SeedRevisionBuilder("kejiju", "652300")),
      IsOk());
  EXPECT_THAT(store_->GetRevision({"kejiju", 2023}, 7),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("revisions/7")));
  EXPECT_THAT(store_->GetRevision({"kejiju", 2022}, 1),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(store_->GetRequest("r-none"), StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(store_->GetDepartment("nobody"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("departments/nobody")));
}

TEST_F(AccountStoreTest, ARequestIdIsRecordedWithItsRevisionAndNotReused) {
  const DepartmentYear dy{"kejiju", 2023};
  ASSERT_THAT(store_->AppendRevision(dy, "req-1", "sha", SeedRevisionBuilder("kejiju", "652300")),
              IsOk());
  auto request = store_->GetRequest("req-1");
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->request_sha256(), "sha");
  EXPECT_EQ(request->response().name(), "departments/kejiju/accounts/2023/revisions/1");
  EXPECT_THAT(store_->AppendRevision(dy, "req-1", "sha", SeedRevisionBuilder("kejiju", "652300")),
              StatusIs(absl::StatusCode::kAlreadyExists, ::testing::_));
  EXPECT_EQ(store_->GetHead(dy)->latest_revision_id(), 1);
}

TEST_F(AccountStoreTest, AFailingBuilderWritesNothing) {
  const DepartmentYear dy{"kejiju", 2023};
  auto result = store_->AppendRevision(dy, "req-x", "sha",
                                       [](int64_t) -> absl::StatusOr<AccountStore::NewRevision> {
                                         return absl::InternalError("builder failed");
                                       });
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kInternal, "builder failed"));
  EXPECT_THAT(store_->GetHead(dy), StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(store_->GetRequest("req-x"), StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(store_->GetDepartment("kejiju"), StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(AccountStoreTest, EverythingSurvivesAReopen) {
  const DepartmentYear dy{"kejiju", 2023};
  auto stored = store_->AppendRevision(dy, "req-1", "sha", SeedRevisionBuilder("kejiju", "652300"));
  ASSERT_THAT(stored, IsOk());
  Open();
  auto read = store_->GetRevision(dy, 1);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->SerializeAsString(), stored->SerializeAsString());
  EXPECT_THAT(store_->GetRequest("req-1"), IsOk());
  EXPECT_THAT(store_->GetDepartment("kejiju"), IsOk());
}

TEST_F(AccountStoreTest, ConcurrentAppendsToOneDepartmentYearGetConsecutiveRevisions) {
  const DepartmentYear dy{"kejiju", 2023};
  constexpr int kThreads = 8;
  constexpr int kEach = 6;
  std::vector<std::thread> threads;
  std::vector<std::vector<int64_t>> got(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = store_->AppendRevision(dy, absl::StrCat("req-", t, "-", i), "sha",
                                        SeedRevisionBuilder("kejiju", "652300"));
        if (r.ok()) got[t].push_back(r->revision_id());
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<int64_t> all;
  for (const auto& g : got) all.insert(g.begin(), g.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kThreads * kEach);
  auto page = store_->ListRevisions(dy, 1000, "");
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->revisions.size(), static_cast<size_t>(kThreads * kEach));
  for (size_t i = 0; i < page->revisions.size(); ++i) {
    EXPECT_EQ(page->revisions[i].revision_id(), static_cast<int64_t>(i + 1));
  }
}

// A page ends before the revision that would take it past its byte cap (so
// no page is built that cannot be sent), holds one however large, and the
// pages together list every revision once; the summary read is the same
// revision without its accounts.
TEST_F(AccountStoreTest, RevisionPagesStopBeforeTheirByteCap) {
  const DepartmentYear dy{"bytes", 2023};
  for (int i = 0; i < 5; ++i) {
    ASSERT_THAT(store_->AppendRevision(dy, "", "", SeedRevisionBuilder("bytes", "652300")), IsOk());
  }
  auto one = store_->ListRevisions(dy, 1, "");
  ASSERT_THAT(one, IsOk());
  const size_t each = one->revisions[0].ByteSizeLong();
  // Room for two and a half: pages of 2, 2 and 1.
  std::vector<size_t> sizes;
  std::set<int64_t> ids;
  std::string token;
  do {
    auto page = store_->ListRevisions(dy, 100, token, /*with_accounts=*/true, each * 5 / 2);
    ASSERT_THAT(page, IsOk());
    sizes.push_back(page->revisions.size());
    for (const auto& r : page->revisions) EXPECT_TRUE(ids.insert(r.revision_id()).second);
    token = page->next_page_token;
  } while (!token.empty());
  EXPECT_EQ(sizes, (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(ids.size(), 5u);
  // A cap below one revision still gives one a page.
  auto tiny = store_->ListRevisions(dy, 100, "", true, 1);
  ASSERT_THAT(tiny, IsOk());
  EXPECT_EQ(tiny->revisions.size(), 1u);
  auto summary = store_->ListRevisions(dy, 100, "", /*with_accounts=*/false);
  ASSERT_THAT(summary, IsOk());
  ASSERT_EQ(summary->revisions.size(), 5u);
  EXPECT_EQ(summary->revisions[0].accounts().performance().projects_size(), 0);
  EXPECT_EQ(summary->revisions[0].accounts().department().name(), "departments/bytes");
}

TEST_F(AccountStoreTest, HeadsListByYearAndRegionAcrossPages) {
  for (const auto& [dept, region] :
       std::vector<std::pair<std::string, std::string>>{{"b-unit", "652300"},
                                                        {"a-unit", "652300"},
                                                        {"c-unit", "650100"},
                                                        {"d-unit", "652300"}}) {
    ASSERT_THAT(store_->AppendRevision({dept, 2023}, "", "", SeedRevisionBuilder(dept, region)),
                IsOk());
  }
  ASSERT_THAT(
      store_->AppendRevision({"a-unit", 2022}, "", "", SeedRevisionBuilder("a-unit", "652300")),
      IsOk());

  std::vector<std::string> seen;
  std::string token;
  do {
    auto page = store_->ListHeads(2023, "652300", 2, token);
    ASSERT_THAT(page, IsOk());
    EXPECT_LE(page->heads.size(), 2u);
    for (const auto& h : page->heads) seen.push_back(h.dy.department_id);
    token = page->next_page_token;
  } while (!token.empty());
  EXPECT_THAT(seen, ElementsAre("a-unit", "b-unit", "d-unit"));

  auto all_2023 = store_->ListHeads(2023, "", 100, "");
  ASSERT_THAT(all_2023, IsOk());
  EXPECT_EQ(all_2023->heads.size(), 4u);
  EXPECT_EQ(all_2023->heads.front().dy.department_id, "c-unit");  // region 650100 first
  auto everything = store_->ListHeads(0, "", 100, "");
  ASSERT_THAT(everything, IsOk());
  EXPECT_EQ(everything->heads.size(), 5u);
  EXPECT_EQ(everything->heads.front().dy.fiscal_year, 2022);
}

TEST_F(AccountStoreTest, PageTokensBelongToTheirQuery) {
  for (const std::string dept : {"a-unit", "b-unit", "c-unit"}) {
    ASSERT_THAT(store_->AppendRevision({dept, 2023}, "", "", SeedRevisionBuilder(dept, "652300")),
                IsOk());
  }
  auto page = store_->ListHeads(2023, "652300", 1, "");
  ASSERT_THAT(page, IsOk());
  ASSERT_FALSE(page->next_page_token.empty());
  EXPECT_THAT(store_->ListHeads(2023, "650100", 1, page->next_page_token),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different query")));
  EXPECT_THAT(store_->ListHeads(2023, "652300", 1, "not-a-token!"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST_F(AccountStoreTest, AForgedTokenCannotReadOutsideItsQuery) {
  for (const std::string dept : {"a-unit", "b-unit"}) {
    ASSERT_THAT(store_->AppendRevision({dept, 2023}, "", "", SeedRevisionBuilder(dept, "652300")),
                IsOk());
    ASSERT_THAT(store_->AppendRevision({dept, 2023}, "", "", SeedRevisionBuilder(dept, "652300")),
                IsOk());
  }
  auto page = store_->ListRevisions({"b-unit", 2023}, 1, "");
  ASSERT_THAT(page, IsOk());
  ASSERT_FALSE(page->next_page_token.empty());
  // Keep the query hash, point the key at another department's range.
  std::string bytes;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(page->next_page_token, &bytes));
  juesuan::storage::v1::PageToken token;
  ASSERT_TRUE(token.ParseFromString(bytes));
  token.set_last_key(std::string("\x01", 1));
  const std::string forged = absl::WebSafeBase64Escape(token.SerializeAsString());
  EXPECT_THAT(store_->ListRevisions({"b-unit", 2023}, 10, forged),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST_F(AccountStoreTest, ARegionChangeMovesTheIndexEntry) {
  const DepartmentYear dy{"kejiju", 2023};
  ASSERT_THAT(store_->AppendRevision(dy, "", "", SeedRevisionBuilder("kejiju", "652300")), IsOk());
  ASSERT_THAT(store_->AppendRevision(dy, "", "", SeedRevisionBuilder("kejiju", "650100")), IsOk());
  EXPECT_TRUE(store_->ListHeads(2023, "652300", 10, "")->heads.empty());
  auto moved = store_->ListHeads(2023, "650100", 10, "");
  ASSERT_EQ(moved->heads.size(), 1u);
  EXPECT_EQ(moved->heads[0].head.latest_revision_id(), 2);
}

TEST_F(AccountStoreTest, StateUpdatesAreAtomicAndPersist) {
  const DepartmentYear dy{"kejiju", 2023};
  ASSERT_THAT(store_->AppendRevision(dy, "", "", SeedRevisionBuilder("kejiju", "652300")), IsOk());
  auto updated = store_->UpdateRevisionState(
      dy, 1, [](const StoredRevision& r, AccountStore::RevisionState& s) {
        (*s.explanations.mutable_by_finding())["YN05:x"].set_text("说明");
        s.head.mutable_publication()->set_revision_id(r.revision_id());
        return absl::OkStatus();
      });
  ASSERT_THAT(updated, IsOk());
  // A failing mutator changes nothing.
  EXPECT_THAT(
      store_->UpdateRevisionState(dy, 1,
                                  [](const StoredRevision&, AccountStore::RevisionState& s) {
                                    s.head.mutable_publication()->set_revision_id(99);
                                    return absl::AbortedError("no");
                                  }),
      StatusIs(absl::StatusCode::kAborted, "no"));
  Open();
  EXPECT_EQ(store_->GetHead(dy)->publication().revision_id(), 1);
  EXPECT_EQ(store_->GetExplanations(dy, 1)->by_finding().at("YN05:x").text(), "说明");
  // The listing index carries the same head.
  EXPECT_EQ(store_->ListHeads(2023, "", 10, "")->heads[0].head.publication().revision_id(), 1);
  EXPECT_THAT(store_->UpdateRevisionState(dy, 5,
                                          [](const StoredRevision&, AccountStore::RevisionState&) {
                                            return absl::OkStatus();
                                          }),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(AccountStoreTest, DepartmentsListByRegion) {
  ASSERT_THAT(
      store_->AppendRevision({"b-unit", 2023}, "", "", SeedRevisionBuilder("b-unit", "652300")),
      IsOk());
  ASSERT_THAT(
      store_->AppendRevision({"a-unit", 2023}, "", "", SeedRevisionBuilder("a-unit", "650100")),
      IsOk());
  auto all = store_->ListDepartments("", 10, "");
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->departments.size(), 2u);
  EXPECT_EQ(all->departments[0].name(), "departments/a-unit");
  auto region = store_->ListDepartments("652300", 10, "");
  ASSERT_EQ(region->departments.size(), 1u);
  EXPECT_EQ(region->departments[0].name(), "departments/b-unit");
}

TEST(KvStoreTest, ASecondOpenerOfTheDirectoryIsRefused) {
  TempDir dir;
  KvStoreOptions options;
  options.path = dir.path();
  auto first = KvStore::Open(options);
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(KvStore::Open(options),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("another process")));
}

TEST(KvStoreTest, AnotherFormatVersionIsRefused) {
  TempDir dir;
  KvStoreOptions options;
  options.path = dir.path();
  {
    auto store = KvStore::Open(options);
    ASSERT_THAT(store, IsOk());
    WriteBatch batch;
    batch.Put(ColumnFamilyId::kMeta, "format_version", "99");
    ASSERT_THAT((*store)->Write(batch, true), IsOk());
  }
  EXPECT_THAT(KvStore::Open(options),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("format version 99")));
}

TEST(KvStoreTest, ScansRespectBoundsInBothDirections) {
  TempDir dir;
  KvStoreOptions options;
  options.path = dir.path();
  auto store = *KvStore::Open(options);
  WriteBatch batch;
  for (const char* k : {"a", "b", "c", "d"}) batch.Put(ColumnFamilyId::kDepartments, k, k);
  ASSERT_THAT(store->Write(batch, false), IsOk());
  std::string forward, reverse;
  ASSERT_THAT(store->Scan(ColumnFamilyId::kDepartments, "b", "d", ScanOrder::kForward,
                          [&](absl::string_view k, absl::string_view) {
                            forward.append(k.data(), k.size());
                            return true;
                          }),
              IsOk());
  ASSERT_THAT(store->Scan(ColumnFamilyId::kDepartments, "b", "d", ScanOrder::kReverse,
                          [&](absl::string_view k, absl::string_view) {
                            reverse.append(k.data(), k.size());
                            return true;
                          }),
              IsOk());
  EXPECT_EQ(forward, "bc");
  EXPECT_EQ(reverse, "cb");
}

}  // namespace
}  // namespace juesuan::storage
