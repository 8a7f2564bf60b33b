// Concurrent writers over real gRPC on loopback: submissions racing for the
// same department-year get consecutive revisions, none lost or duplicated;
// changes racing with the same etag have exactly one winner, the rest are
// ABORTED. Also run under ThreadSanitizer in CI.
#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/json_log.h"
#include "common/sha256.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "services/ingestion/ingestion_server.h"
#include "tests/support/test_support.h"

namespace juesuan {
namespace {

namespace iv1 = ::juesuan::ingestion::v1;
using ::juesuan::testing::SeedAccounts;
using ::juesuan::testing::TempDir;

constexpr char kAccounts[] = "departments/changji-kejiju/accounts/2023";

class ConcurrencyGrpcTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { SetLoggingEnabled(false); }

  void SetUp() override {
    ingestion::IngestionServerOptions options;
    options.data_dir = dir_.path();
    auto server = ingestion::IngestionServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  std::unique_ptr<iv1::AccountIngestionService::Stub> Stub() {
    return iv1::AccountIngestionService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  TempDir dir_;
  std::unique_ptr<ingestion::IngestionServer> server_;
};

TEST_F(ConcurrencyGrpcTest, RacingSubmissionsGetConsecutiveRevisions) {
  constexpr int kThreads = 8, kEach = 12;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto stub = Stub();
      for (int i = 0; i < kEach; ++i) {
        iv1::SubmitAccountsRequest request;
        *request.mutable_accounts() = SeedAccounts();
        request.mutable_accounts()->mutable_department()->add_functions(absl::StrCat(t, "-", i));
        request.set_request_id(absl::StrCat("race-", t, "-", i));
        grpc::ClientContext context;
        iv1::SubmitAccountsResponse response;
        const grpc::Status status = stub->SubmitAccounts(&context, request, &response);
        if (!status.ok()) {
          ++failed;
          ADD_FAILURE() << status.error_message();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failed, 0);

  auto stub = Stub();
  std::vector<iv1::AccountsRevision> revisions;
  std::string token;
  do {
    grpc::ClientContext context;
    iv1::ListAccountRevisionsRequest request;
    request.set_parent(kAccounts);
    request.set_view(iv1::ACCOUNTS_VIEW_FULL);
    request.set_page_size(50);
    request.set_page_token(token);
    iv1::ListAccountRevisionsResponse response;
    ASSERT_TRUE(stub->ListAccountRevisions(&context, request, &response).ok());
    for (const auto& r : response.revisions()) revisions.push_back(r);
    token = response.next_page_token();
  } while (!token.empty());
  ASSERT_EQ(revisions.size(), static_cast<size_t>(kThreads * kEach));
  std::sort(revisions.begin(), revisions.end(),
            [](const auto& a, const auto& b) { return a.revision_id() < b.revision_id(); });
  std::set<std::string> request_ids;
  for (size_t i = 0; i < revisions.size(); ++i) {
    EXPECT_EQ(revisions[i].revision_id(), static_cast<int64_t>(i + 1));
    EXPECT_TRUE(request_ids.insert(revisions[i].request_id()).second)
        << revisions[i].request_id() << " twice";
    // Each revision holds the accounts its own request sent.
    const auto& functions = revisions[i].accounts().department().functions();
    EXPECT_EQ("race-" + functions.Get(functions.size() - 1), revisions[i].request_id());
  }
}

TEST_F(ConcurrencyGrpcTest, OneEtagOneWinner) {
  auto stub = Stub();
  iv1::SubmitAccountsRequest submit;
  *submit.mutable_accounts() = SeedAccounts();
  iv1::SubmitAccountsResponse submitted;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub->SubmitAccounts(&context, submit, &submitted).ok());
  }
  std::vector<std::string> warnings;
  for (const auto& f : submitted.validation_report().findings()) {
    if (f.severity() == iv1::SEVERITY_WARNING) warnings.push_back(f.finding_id());
  }
  ASSERT_FALSE(warnings.empty()) << "the seed has warnings to explain";
  iv1::AccountsRevision revision;
  {
    grpc::ClientContext context;
    iv1::GetAccountsRequest get;
    get.set_name(submitted.name());
    ASSERT_TRUE(stub->GetAccounts(&context, get, &revision).ok());
  }

  // Eight reviewers explain from the same read: one change goes in.
  constexpr int kRacers = 8;
  std::atomic<int> won{0}, aborted{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kRacers; ++t) {
    threads.emplace_back([&, t] {
      auto own = Stub();
      iv1::ExplainFindingsRequest explain;
      explain.set_name(submitted.name());
      explain.set_etag(revision.etag());
      auto* e = explain.add_explanations();
      e->set_finding_id(warnings.front());
      e->set_text(absl::StrCat("已核实（", t, "）。"));
      grpc::ClientContext context;
      iv1::AccountsRevision out;
      const grpc::Status status = own->ExplainFindings(&context, explain, &out);
      if (status.ok()) {
        ++won;
      } else if (status.error_code() == grpc::StatusCode::ABORTED) {
        ++aborted;
      } else {
        ++other;
        ADD_FAILURE() << status.error_code() << " " << status.error_message();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won, 1);
  EXPECT_EQ(aborted, kRacers - 1);
  EXPECT_EQ(other, 0);
}

}  // namespace
}  // namespace juesuan
