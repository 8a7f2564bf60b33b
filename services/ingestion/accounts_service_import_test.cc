// ImportAccounts: the Shanghai fixture's PDF read into accounts with its
// report, validated on request; a document that cannot be read is named.
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingestion/accounts_service.h"
#include "storage/account_store.h"
#include "tests/support/test_support.h"

namespace juesuan::ingestion {
namespace {

using ::juesuan::testing::StatusIs;

class AccountsServiceImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::KvStoreOptions options;
    options.path = dir_.Sub("db");
    auto store = storage::OpenAccountStore(options);
    ASSERT_TRUE(store.ok()) << store.status();
    auto catalogue = RuleEngine::EmbeddedCatalogue();
    ASSERT_TRUE(catalogue.ok()) << catalogue.status();
    auto engine = RuleEngine::Create(*catalogue, *codes::CodeTables::Embedded());
    ASSERT_TRUE(engine.ok()) << engine.status();
    auto service = AccountsService::Create(*std::move(store), *std::move(engine), &clock_,
                                           AccountsServiceOptions());
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = *std::move(service);
  }

  juesuan::testing::TempDir dir_;
  SystemClock clock_;
  std::unique_ptr<AccountsService> service_;
};

TEST_F(AccountsServiceImportTest, APublishedPdfIsReadValidatedAndNotStored) {
  v1::ImportAccountsRequest request;
  request.set_pdf(juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.pdf"));
  request.set_department("departments/putuo-shehuigongzuobu");
  auto imported = service_->Import(request, absl::InfiniteFuture());
  ASSERT_TRUE(imported.ok()) << imported.status();
  const auto want = juesuan::testing::ShanghaiAccounts();
  EXPECT_EQ(imported->accounts().department().name(), "departments/putuo-shehuigongzuobu");
  EXPECT_EQ(imported->accounts().income().SerializeAsString(), want.income().SerializeAsString());
  EXPECT_EQ(imported->report().tables_size(), 9);
  EXPECT_FALSE(imported->has_validation_report());

  request.set_validate(true);
  auto validated = service_->Import(request, absl::InfiniteFuture());
  ASSERT_TRUE(validated.ok()) << validated.status();
  EXPECT_EQ(validated->validation_report().fatal_count(), 0)
      << validated->validation_report().DebugString();
  EXPECT_GT(validated->validation_report().rules_evaluated(), 100);
  // Nothing was stored.
  v1::GetAccountsRequest get;
  get.set_name("departments/putuo-shehuigongzuobu/accounts/2024");
  EXPECT_THAT(service_->Get(get), StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST_F(AccountsServiceImportTest, ADocumentThatCannotBeReadIsNamed) {
  v1::ImportAccountsRequest request;
  EXPECT_THAT(service_->Import(request, absl::InfiniteFuture()),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("pdf")));
  request.set_pdf("plain text");
  EXPECT_THAT(service_->Import(request, absl::InfiniteFuture()),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("not a PDF")));
  request.set_pdf(juesuan::testing::ReadSourceFile("tests/data/pdf/encrypted.pdf"));
  EXPECT_THAT(service_->Import(request, absl::InfiniteFuture()),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("encrypted")));
  request.set_pdf(juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.pdf"));
  request.set_department("Not A Department");
  EXPECT_THAT(service_->Import(request, absl::InfiniteFuture()),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("department")));
}

}  // namespace
}  // namespace juesuan::ingestion
