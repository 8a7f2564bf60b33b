// In-process gRPC tests: the real juesuan-ingestion server (IngestionServer)
// on a loopback port, called through the generated stub.
#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/json_log.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "services/ingestion/ingestion_server.h"
#include "tests/support/test_support.h"

namespace juesuan::ingestion {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::testing::SeedAccounts;
using ::juesuan::testing::TempDir;

constexpr int64_t kWan = 1000000;

class IngestionGrpcTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { SetLoggingEnabled(false); }

  void SetUp() override { StartServer(); }

  void StartServer(int max_request_bytes = 8 * 1024 * 1024) {
    server_.reset();
    IngestionServerOptions options;
    options.data_dir = dir_.path();
    options.listen = "127.0.0.1:0";
    options.max_request_bytes = max_request_bytes;
    auto server = IngestionServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    stub_ = v1::AccountIngestionService::NewStub(channel_);
  }

  void StopServer() {
    server_->Shutdown(absl::Seconds(5));
    server_.reset();
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    return context;
  }

  grpc::Status Submit(const FinalAccounts& accounts, const std::string& request_id,
                      v1::SubmitAccountsResponse* response) {
    v1::SubmitAccountsRequest request;
    *request.mutable_accounts() = accounts;
    request.set_request_id(request_id);
    return stub_->SubmitAccounts(Context().get(), request, response);
  }

  grpc::Status Get(const std::string& name, v1::AccountsRevision* response) {
    v1::GetAccountsRequest request;
    request.set_name(name);
    return stub_->GetAccounts(Context().get(), request, response);
  }

  TempDir dir_;
  std::unique_ptr<IngestionServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::AccountIngestionService::Stub> stub_;
};

TEST_F(IngestionGrpcTest, SeedSurvivesARestartOnTheSameDataDirectory) {
  v1::SubmitAccountsResponse response;
  ASSERT_TRUE(Submit(SeedAccounts(), "seed-1", &response).ok());
  EXPECT_EQ(response.name(), "departments/changji-kejiju/accounts/2023/revisions/1");

  StopServer();
  StartServer();

  v1::AccountsRevision read;
  const grpc::Status status = Get(response.name(), &read);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::string diff;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(SeedAccounts(), read.accounts())) << diff;
  EXPECT_EQ(read.validation_report().SerializeAsString(),
            response.validation_report().SerializeAsString());

  // The retry after the restart still answers the original response.
  v1::SubmitAccountsResponse again;
  ASSERT_TRUE(Submit(SeedAccounts(), "seed-1", &again).ok());
  EXPECT_EQ(again.SerializeAsString(), response.SerializeAsString());
}

TEST_F(IngestionGrpcTest, ARefusalCarriesErrorInfoAndBadRequestOnTheWire) {
  FinalAccounts accounts = SeedAccounts();
  auto* t1 = accounts.mutable_income_expenditure_summary();
  t1->set_total_income_fen(t1->total_income_fen() + kWan);
  v1::SubmitAccountsResponse response;
  const grpc::Status status = Submit(accounts, "bad-1", &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), grpc::StatusCode::INVALID_ARGUMENT);
  bool saw_error_info = false;
  bool saw_bad_request = false;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&info)) {
      saw_error_info = true;
      EXPECT_EQ(info.reason(), "T1-IN");
    } else if (any.UnpackTo(&bad_request)) {
      saw_bad_request = true;
      EXPECT_EQ(bad_request.field_violations(0).field(),
                "accounts.income_expenditure_summary.total_income_fen");
    }
  }
  EXPECT_TRUE(saw_error_info);
  EXPECT_TRUE(saw_bad_request);
  v1::AccountsRevision read;
  EXPECT_EQ(Get("departments/changji-kejiju/accounts/2023", &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(IngestionGrpcTest, AnOversizedRequestIsRefusedBeforeAnyHandler) {
  StartServer(/*max_request_bytes=*/256 * 1024);
  FinalAccounts accounts = SeedAccounts();
  accounts.set_other_matters(std::string(300 * 1024, 'x'));
  v1::SubmitAccountsResponse response;
  EXPECT_EQ(Submit(accounts, "", &response).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  // The server is fine afterwards.
  EXPECT_TRUE(Submit(SeedAccounts(), "", &response).ok());
}

// Bytes that are not a SubmitAccountsRequest at all (a truncated field, and
// a string that is not UTF-8) are INVALID_ARGUMENT naming the expected type
// (gRPC's typed handlers would answer UNIMPLEMENTED with no message); the
// server keeps serving.
TEST_F(IngestionGrpcTest, UndecodableRequestsAreRefusedAndTheServerStaysUp) {
  grpc::GenericStub generic(channel_);
  for (const std::string& bytes :
       {std::string("\x0a\xff\xff\xff\x0f", 5), std::string("\x12\x02\xc3\x28", 4)}) {
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    absl::Notification done;
    grpc::Status status;
    generic.UnaryCall(&context, "/juesuan.ingestion.v1.AccountIngestionService/SubmitAccounts",
                      grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
                        status = std::move(s);
                        done.Notify();
                      });
    done.WaitForNotification();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(),
                ::testing::HasSubstr("not a valid juesuan.ingestion.v1.SubmitAccountsRequest"));
  }
  v1::SubmitAccountsResponse response;
  EXPECT_TRUE(Submit(SeedAccounts(), "", &response).ok());
}

TEST_F(IngestionGrpcTest, HealthIsServedFromHealthProto) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(Context().get(), request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  request.set_service("juesuan.ingestion.v1.AccountIngestionService");
  ASSERT_TRUE(health->Check(Context().get(), request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  request.set_service("no.such.Service");
  EXPECT_EQ(health->Check(Context().get(), request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(IngestionGrpcTest, WatchStreamsTheStatusAndEndsOnShutdown) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  auto reader = health->Watch(&context, request);
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  std::thread stopper([this] { StopServer(); });
  grpc::health::v1::HealthCheckResponse last = response;
  while (reader->Read(&response)) last = response;
  const grpc::Status end = reader->Finish();
  stopper.join();
  // The watcher is told the server stops serving before the stream ends.
  EXPECT_EQ(last.status(), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_TRUE(end.ok()) << end.error_message();
}

TEST_F(IngestionGrpcTest, ConcurrentSubmissionsAreAllStoredWithConsecutiveRevisions) {
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::vector<std::string> same_year_names(kThreads);
  std::vector<grpc::StatusCode> codes(2 * kThreads, grpc::StatusCode::UNKNOWN);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      FinalAccounts own = SeedAccounts();
      own.mutable_department()->set_name(absl::StrCat("departments/unit-", t));
      v1::SubmitAccountsResponse response;
      codes[t] = Submit(own, absl::StrCat("own-", t), &response).error_code();
      v1::SubmitAccountsResponse shared;
      codes[kThreads + t] =
          Submit(SeedAccounts(), absl::StrCat("shared-", t), &shared).error_code();
      same_year_names[t] = shared.name();
    });
  }
  for (auto& th : threads) th.join();
  for (grpc::StatusCode code : codes) EXPECT_EQ(code, grpc::StatusCode::OK);
  const std::set<std::string> distinct(same_year_names.begin(), same_year_names.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads));
  for (int n = 1; n <= kThreads; ++n) {
    EXPECT_EQ(
        distinct.count(absl::StrCat("departments/changji-kejiju/accounts/2023/revisions/", n)), 1u);
  }
  v1::ListAccountsRequest list;
  list.set_parent("departments/-");
  list.set_fiscal_year(2023);
  list.set_page_size(100);
  v1::ListAccountsResponse listed;
  ASSERT_TRUE(stub_->ListAccounts(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.accounts_size(), kThreads + 1);
}

// A write whose deadline passes while it waits for a writer is not started:
// its client has given up, so nothing is stored for it.
TEST_F(IngestionGrpcTest, AWriteThatTimesOutWhileQueuedStoresNothing) {
  // Warm the channel so the call reaches the server.
  v1::AccountsRevision unused;
  ASSERT_EQ(Get("departments/changji-kejiju/accounts/2023", &unused).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Occupy every writer.
  absl::Notification release;
  std::atomic<int> held{0};
  for (int i = 0; i < 8; ++i) {
    server_->writer_pool_for_test().Schedule([&] {
      held.fetch_add(1);
      release.WaitForNotification();
    });
  }
  while (held.load() < 8) absl::SleepFor(absl::Milliseconds(5));

  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Milliseconds(300)));
  v1::SubmitAccountsRequest request;
  *request.mutable_accounts() = SeedAccounts();
  v1::SubmitAccountsResponse response;
  EXPECT_EQ(stub_->SubmitAccounts(&context, request, &response).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server's deadline starts when the request arrives, a little after
  // the client's: let it pass too before the writers are freed.
  absl::SleepFor(absl::Milliseconds(100));
  release.Notify();
  // Let the queued call run (and be dropped), then look.
  absl::SleepFor(absl::Milliseconds(300));
  v1::AccountsRevision read;
  EXPECT_EQ(Get("departments/changji-kejiju/accounts/2023", &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(IngestionGrpcTest, ATakenPortIsAnErrorNotACrash) {
  IngestionServerOptions options;
  TempDir other;
  options.data_dir = other.path();
  options.listen = server_->address();  // already bound
  auto second = IngestionServer::Start(options);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(second.status().message()), ::testing::HasSubstr("cannot listen"));
}

TEST_F(IngestionGrpcTest, ExplainAndPublishOverTheWire) {
  v1::SubmitAccountsResponse submitted;
  ASSERT_TRUE(Submit(SeedAccounts(), "", &submitted).ok());
  v1::PublishAccountsRequest publish;
  publish.set_name(submitted.name());
  v1::AccountsRevision revision;
  const grpc::Status refused = stub_->PublishAccounts(Context().get(), publish, &revision);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::ExplainFindingsRequest explain;
  explain.set_name(submitted.name());
  for (const auto& f : submitted.validation_report().findings()) {
    if (f.severity() == v1::SEVERITY_WARNING && !f.has_explanation()) {
      auto* e = explain.add_explanations();
      e->set_finding_id(f.finding_id());
      e->set_text("已核实。");
    }
  }
  ASSERT_TRUE(stub_->ExplainFindings(Context().get(), explain, &revision).ok());
  ASSERT_TRUE(stub_->PublishAccounts(Context().get(), publish, &revision).ok());
  EXPECT_EQ(revision.state(), v1::REVISION_STATE_PUBLISHED);
}

}  // namespace
}  // namespace juesuan::ingestion
