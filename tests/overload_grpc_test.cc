// Load shedding, over real gRPC on loopback: juesuan-ingestion with a small
// in-flight cap, hit by twice as many concurrent submitters as the cap for
// a fixed number of calls. Every call is answered, either served or refused
// at once with RESOURCE_EXHAUSTED carrying a retry delay; nothing crashes;
// once the load stops the server serves every call again.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/json_log.h"
#include "common/raw_unary.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
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

constexpr int kCap = 4;
constexpr int kClients = 2 * kCap;
constexpr int kCallsPerClient = 60;

// The RetryInfo and ErrorInfo reason of a refused call.
bool HasRetryAdvice(const grpc::Status& status, std::string* reason) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return false;
  bool retry = false;
  for (const auto& any : details.details()) {
    google::rpc::RetryInfo info;
    google::rpc::ErrorInfo error;
    if (any.UnpackTo(&info))
      retry = info.retry_delay().seconds() > 0 || info.retry_delay().nanos() > 0;
    if (any.UnpackTo(&error)) *reason = error.reason();
  }
  return retry;
}

TEST(OverloadGrpcTest, TwiceTheCapIsShedAndEveryCallIsAnswered) {
  SetLoggingEnabled(false);
  TempDir dir;
  ingestion::IngestionServerOptions options;
  options.data_dir = dir.path();
  options.security.max_in_flight = kCap;
  options.writer_threads = 1;  // submissions queue behind one fsync at a time
  auto server = ingestion::IngestionServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string address = (*server)->address();

  std::atomic<int> ok{0}, shed{0}, other{0}, without_advice{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto stub = iv1::AccountIngestionService::NewStub(
          grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
      iv1::SubmitAccountsRequest request;
      *request.mutable_accounts() = SeedAccounts();
      request.mutable_accounts()->mutable_department()->set_name(
          absl::StrCat("departments/overload-", c));
      for (int i = 0; i < kCallsPerClient; ++i) {
        request.set_request_id(absl::StrCat("overload-", c, "-", i));
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
        iv1::SubmitAccountsResponse response;
        const grpc::Status status = stub->SubmitAccounts(&context, request, &response);
        if (status.ok()) {
          ++ok;
        } else if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
          ++shed;
          std::string reason;
          if (!HasRetryAdvice(status, &reason) || reason != "OVERLOADED") ++without_advice;
        } else {
          ++other;
          ADD_FAILURE() << status.error_code() << " " << status.error_message();
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  std::cout << "overload: " << kClients << " clients, cap " << kCap << ": " << ok << " served, "
            << shed << " shed\n";
  EXPECT_EQ(ok + shed + other, kClients * kCallsPerClient);  // every call answered
  EXPECT_EQ(other, 0);
  EXPECT_GT(shed, 0) << "twice the cap never hit it";
  EXPECT_GT(ok, 0);
  EXPECT_EQ(without_advice, 0) << "refusals without RetryInfo and ErrorInfo OVERLOADED";

  // Recovered: nothing is left in flight, and calls one at a time are all
  // served.
  auto stub = iv1::AccountIngestionService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  for (int i = 0; i < 20; ++i) {
    grpc::ClientContext context;
    iv1::ListValidationRulesRequest request;
    iv1::ListValidationRulesResponse response;
    const grpc::Status status = stub->ListValidationRules(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

// Writes wait in a queue of at most kMaxQueuedCalls behind the writer
// threads; a write that finds it full is shed as the in-flight cap sheds:
// RESOURCE_EXHAUSTED with RetryInfo and ErrorInfo OVERLOADED.
TEST(OverloadGrpcTest, AFullWriterQueueShedsWithRetryAdvice) {
  SetLoggingEnabled(false);
  TempDir dir;
  ingestion::IngestionServerOptions options;
  options.data_dir = dir.path();
  options.writer_threads = 1;
  auto server = ingestion::IngestionServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  // The one writer is held until every call has been sent.
  absl::Notification release;
  (*server)->writer_pool_for_test().Schedule([&release] { release.WaitForNotification(); });

  constexpr int kCalls = static_cast<int>(kMaxQueuedCalls) + 40;
  // Two connections: one HTTP/2 connection carries at most 256 calls at once.
  std::unique_ptr<iv1::AccountIngestionService::Stub> stubs[2];
  for (int i = 0; i < 2; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("juesuan.test.connection", i);  // distinct arguments: distinct connections
    stubs[i] = iv1::AccountIngestionService::NewStub(
        grpc::CreateCustomChannel((*server)->address(), grpc::InsecureChannelCredentials(), args));
  }
  iv1::SubmitAccountsRequest request;
  *request.mutable_accounts() = SeedAccounts();
  request.set_validate_only(true);
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<iv1::SubmitAccountsResponse> responses(kCalls);
  std::vector<grpc::Status> statuses(kCalls);
  absl::Mutex mu;
  int answered = 0;
  for (int i = 0; i < kCalls; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    contexts.back()->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    stubs[i % 2]->async()->SubmitAccounts(contexts.back().get(), &request, &responses[i],
                                          [&, i](grpc::Status s) {
                                            absl::MutexLock lock(&mu);
                                            statuses[i] = std::move(s);
                                            ++answered;
                                          });
  }
  // The calls past the queue's room are refused while the writer is held.
  auto enough_shed = [&] { return answered >= kCalls - static_cast<int>(kMaxQueuedCalls); };
  bool shed_in_time = false;
  {
    absl::MutexLock lock(&mu);
    shed_in_time = mu.AwaitWithTimeout(absl::Condition(&enough_shed), absl::Seconds(60));
  }
  release.Notify();
  {
    absl::MutexLock lock(&mu);
    auto all = [&] { return answered == kCalls; };
    // Every call ends by its deadline, so this wait ends; the contexts
    // outlive it.
    mu.Await(absl::Condition(&all));
  }
  EXPECT_TRUE(shed_in_time) << "the calls past the queue's room were not refused at once";
  int shed = 0, served = 0;
  for (const grpc::Status& s : statuses) {
    if (s.ok()) {
      ++served;
      continue;
    }
    ASSERT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
    std::string reason;
    EXPECT_TRUE(HasRetryAdvice(s, &reason)) << s.error_message();
    EXPECT_EQ(reason, "OVERLOADED");
    ++shed;
  }
  EXPECT_GT(shed, 0);
  EXPECT_EQ(served + shed, kCalls);
}

}  // namespace
}  // namespace juesuan
