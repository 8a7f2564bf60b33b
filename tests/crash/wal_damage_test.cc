// No silent loss after a damaged write-ahead log. The ingestion server
// acknowledges submissions (each synced to RocksDB's WAL), stops, and its
// WAL is damaged as an outside tester damaged it: 32 bytes flipped, the tail
// cut off, or the file deleted. RocksDB's point-in-time recovery then opens
// the store without the writes from the damage on, and says nothing.
//
// The server must notice: on restart it compares what RocksDB recovered
// with its ledger of acknowledged writes, and when writes are missing it
// answers NOT_SERVING on health, refuses every write with DATA_LOSS (so no
// revision number or request ID is given out twice), names the missing
// revisions in the error, and still serves what it has. An undamaged WAL
// (the control) recovers every write and serves normally.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/health_service.h"
#include "common/json_log.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "services/ingestion/ingestion_server.h"
#include "tests/support/test_support.h"

namespace juesuan {
namespace {

namespace iv1 = ::juesuan::ingestion::v1;
using ::juesuan::testing::SeedAccounts;
using ::juesuan::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kSubmissions = 40;

enum class Damage { kNone, kFlipBytes, kCutTail, kDeleteWal };

std::vector<std::filesystem::path> WalFiles(const std::string& dir) {
  std::vector<std::filesystem::path> logs;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".log") logs.push_back(e.path());
  }
  std::sort(logs.begin(), logs.end());
  return logs;
}

void DamageWal(const std::string& dir, Damage damage) {
  const std::vector<std::filesystem::path> logs = WalFiles(dir);
  ASSERT_FALSE(logs.empty()) << "no WAL in " << dir;
  const std::filesystem::path& wal = logs.back();
  const auto size = std::filesystem::file_size(wal);
  ASSERT_GT(size, 4096u);
  switch (damage) {
    case Damage::kNone:
      return;
    case Damage::kFlipBytes: {
      std::fstream f(wal, std::ios::in | std::ios::out | std::ios::binary);
      f.seekg(static_cast<std::streamoff>(size / 2));
      std::string bytes(32, '\0');
      f.read(bytes.data(), 32);
      for (char& c : bytes) c = static_cast<char>(~c);
      f.seekp(static_cast<std::streamoff>(size / 2));
      f.write(bytes.data(), 32);
      return;
    }
    case Damage::kCutTail:
      std::filesystem::resize_file(wal, size / 3);
      return;
    case Damage::kDeleteWal:
      for (const auto& log : logs) std::filesystem::remove(log);
      return;
  }
}

std::unique_ptr<ingestion::IngestionServer> Start(const std::string& dir) {
  ingestion::IngestionServerOptions options;
  options.data_dir = dir;
  auto server = ingestion::IngestionServer::Start(options);
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

grpc::health::v1::HealthCheckResponse::ServingStatus Health(const std::string& address,
                                                            const std::string& service = "") {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_TRUE(stub->Check(&context, request, &response).ok());
  return response.status();
}

iv1::SubmitAccountsRequest Submission(int i) {
  iv1::SubmitAccountsRequest request;
  *request.mutable_accounts() = SeedAccounts();
  request.mutable_accounts()->mutable_department()->set_name(
      absl::StrCat("departments/wal-", i % 4));
  request.set_request_id(absl::StrCat("wal-", i));
  return request;
}

class WalDamageTest : public ::testing::TestWithParam<Damage> {
 protected:
  static void SetUpTestSuite() { SetLoggingEnabled(false); }
};

TEST_P(WalDamageTest, AcknowledgedWritesAreNeverLostSilently) {
  TempDir dir;
  {
    auto server = Start(dir.path());
    ASSERT_NE(server, nullptr);
    for (int i = 0; i < kSubmissions; ++i) {
      ASSERT_TRUE(server->domain().Submit(Submission(i)).ok()) << i;  // each acknowledged
    }
  }  // stopped: the writes are in the WAL only (the memtable was never flushed)
  DamageWal(dir.path(), GetParam());

  auto server = Start(dir.path());
  ASSERT_NE(server, nullptr) << "the server must start, to say what is wrong";
  auto& domain = server->domain();
  const auto retry = domain.Submit(Submission(kSubmissions - 1));
  if (GetParam() == Damage::kNone) {
    EXPECT_EQ(Health(server->address()), grpc::health::v1::HealthCheckResponse::SERVING);
    ASSERT_TRUE(retry.ok()) << retry.status();  // the retry answers the stored revision
    EXPECT_EQ(retry->name(),
              absl::StrCat("departments/wal-3/accounts/2023/revisions/", kSubmissions / 4));
    EXPECT_TRUE(domain.Submit(Submission(kSubmissions)).ok());
    return;
  }
  EXPECT_EQ(Health(server->address()), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Health(server->address(), "juesuan.ingestion.v1.AccountIngestionService"),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  // Out of service, not dead: liveness is not restarted in a loop.
  EXPECT_EQ(Health(server->address(), kLivenessService),
            grpc::health::v1::HealthCheckResponse::SERVING);
  // Writes refused, naming what is missing: never a revision number again.
  const auto fresh = domain.Submit(Submission(kSubmissions));
  ASSERT_FALSE(fresh.ok());
  EXPECT_EQ(fresh.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(fresh.status().message()), HasSubstr("acknowledged writes are missing"));
  // The refusal names no revision: a caller may not learn of other
  // departments' records from it (the log names them, for the operator).
  EXPECT_THAT(std::string(fresh.status().message()), Not(HasSubstr("departments/")));
  // A retry of an acknowledged request is not stored again.
  // A retry of an acknowledged request answers what it made, or is refused;
  // never stored again under another number.
  if (retry.ok()) {
    EXPECT_EQ(retry->name(),
              absl::StrCat("departments/wal-3/accounts/2023/revisions/", kSubmissions / 4));
  } else {
    EXPECT_EQ(retry.status().code(), absl::StatusCode::kDataLoss);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryDamage, WalDamageTest,
                         ::testing::Values(Damage::kNone, Damage::kFlipBytes, Damage::kCutTail,
                                           Damage::kDeleteWal),
                         [](const ::testing::TestParamInfo<Damage>& param_info) {
                           switch (param_info.param) {
                             case Damage::kNone:
                               return "Undamaged";
                             case Damage::kFlipBytes:
                               return "ThirtyTwoBytesFlipped";
                             case Damage::kCutTail:
                               return "TailCutOff";
                             case Damage::kDeleteWal:
                               return "WalDeleted";
                           }
                           return "";
                         });

}  // namespace
}  // namespace juesuan
