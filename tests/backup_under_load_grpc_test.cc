// A backup taken over gRPC while submissions keep arriving, restored into a
// new data directory and served by a second server: every revision
// acknowledged before the backup began is there, byte for byte; every
// revision the restored store holds is whole and the same as the original's
// (none half there: each was one batch); revisions are numbered without a
// gap; /metrics shows the backup.
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/json_log.h"
#include "common/metrics.h"
#include "gen/accounts_generator.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "juesuan/admin/v1/backup_service.grpc.pb.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "services/ingestion/ingestion_server.h"
#include "storage/backup.h"
#include "tests/support/test_support.h"

namespace juesuan {
namespace {

namespace iv1 = ::juesuan::ingestion::v1;
namespace av1 = ::juesuan::admin::v1;
using ::juesuan::testing::TempDir;

std::shared_ptr<grpc::Channel> ChannelTo(const ingestion::IngestionServer& server) {
  return grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
}

std::unique_ptr<ingestion::IngestionServer> Start(const std::string& data_dir,
                                                  const std::string& backup_dir) {
  ingestion::IngestionServerOptions options;
  options.data_dir = data_dir;
  options.backup_dir = backup_dir;
  auto server = ingestion::IngestionServer::Start(options);
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

// The revision `name` in FULL, serialized; "" if it cannot be read.
std::string RevisionBytes(iv1::AccountIngestionService::Stub& stub, const std::string& name) {
  grpc::ClientContext context;
  iv1::GetAccountsRequest request;
  request.set_name(name);
  request.set_view(iv1::ACCOUNTS_VIEW_FULL);
  iv1::AccountsRevision revision;
  if (!stub.GetAccounts(&context, request, &revision).ok()) return "";
  return revision.SerializeAsString();
}

// Every revision name the store behind `stub` holds, by accounts.
std::map<std::string, std::vector<std::string>> AllRevisions(
    iv1::AccountIngestionService::Stub& stub) {
  std::map<std::string, std::vector<std::string>> out;
  iv1::ListAccountsRequest list;
  list.set_parent("departments/-");
  list.set_page_size(100);
  do {
    grpc::ClientContext context;
    iv1::ListAccountsResponse page;
    EXPECT_TRUE(stub.ListAccounts(&context, list, &page).ok());
    for (const auto& latest : page.accounts()) {
      const std::string accounts = latest.name().substr(0, latest.name().find("/revisions/"));
      grpc::ClientContext revisions_context;
      iv1::ListAccountRevisionsRequest request;
      request.set_parent(accounts);
      request.set_page_size(100);
      iv1::ListAccountRevisionsResponse revisions;
      EXPECT_TRUE(stub.ListAccountRevisions(&revisions_context, request, &revisions).ok());
      for (const auto& r : revisions.revisions()) out[accounts].push_back(r.name());
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  return out;
}

TEST(BackupUnderLoad, EveryAcknowledgedRevisionIsRestoredWholeAndNothingIsHalfThere) {
  SetLoggingEnabled(false);
  TempDir dir;
  auto server = Start(dir.Sub("data"), dir.Sub("backups"));
  ASSERT_NE(server, nullptr);
  const gen::AccountsGenerator generator = gen::DefaultGenerator(gen::GeneratorOptions());

  absl::Mutex mu;
  std::vector<std::pair<std::string, absl::Time>> acknowledged;  // name, when
  std::atomic<bool> stop{false};
  std::atomic<int> count{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      auto stub = iv1::AccountIngestionService::NewStub(ChannelTo(*server));
      for (int n = 0; !stop; ++n) {
        iv1::SubmitAccountsRequest request;
        // Five department-years a writer, submitted again and again: new
        // revisions of the same accounts as well as new accounts.
        *request.mutable_accounts() = generator.Generate(t * 5 + n % 5);
        iv1::SubmitAccountsResponse response;
        grpc::ClientContext context;
        if (!stub->SubmitAccounts(&context, request, &response).ok()) continue;
        const absl::Time now = absl::Now();
        absl::MutexLock lock(&mu);
        acknowledged.emplace_back(response.name(), now);
        ++count;
      }
    });
  }
  while (count < 40) absl::SleepFor(absl::Milliseconds(5));

  auto backups = av1::StoreBackupService::NewStub(ChannelTo(*server));
  av1::CreateBackupRequest request;
  request.set_directory("nightly");
  av1::Backup backup;
  grpc::ClientContext context;
  const absl::Time began = absl::Now();
  const grpc::Status taken = backups->CreateBackup(&context, request, &backup);
  const int during = count;
  while (count < during + 20) absl::SleepFor(absl::Milliseconds(5));
  stop = true;
  for (auto& w : writers) w.join();
  ASSERT_TRUE(taken.ok()) << taken.error_message();
  EXPECT_EQ(backup.directory(), dir.Sub("backups/nightly"));
  EXPECT_GT(backup.size_bytes(), 0);
  EXPECT_NE(
      Metrics::Global().Render().find(absl::StrCat("juesuan_backup_last_size_bytes{data_dir=\"",
                                                   dir.Sub("data"), "\"} ", backup.size_bytes())),
      std::string::npos);
  // Listed with verify: every file read back against its checksum.
  av1::ListBackupsRequest list;
  list.set_directory("nightly");
  list.set_verify(true);
  av1::ListBackupsResponse listed;
  grpc::ClientContext list_context;
  ASSERT_TRUE(backups->ListBackups(&list_context, list, &listed).ok());
  ASSERT_EQ(listed.backups_size(), 1);
  EXPECT_TRUE(listed.backups(0).verified());
  EXPECT_EQ(listed.backups(0).damage(), "");

  ASSERT_TRUE(storage::RestoreBackup(dir.Sub("backups/nightly"), 0, dir.Sub("restored")).ok());
  auto restored = Start(dir.Sub("restored"), "");
  ASSERT_NE(restored, nullptr);
  auto original_stub = iv1::AccountIngestionService::NewStub(ChannelTo(*server));
  auto restored_stub = iv1::AccountIngestionService::NewStub(ChannelTo(*restored));

  int before = 0;
  for (const auto& [name, when] : acknowledged) {
    if (when >= began) continue;
    ++before;
    const std::string bytes = RevisionBytes(*restored_stub, name);
    ASSERT_FALSE(bytes.empty()) << name << " acknowledged before the backup is missing";
    EXPECT_EQ(bytes, RevisionBytes(*original_stub, name)) << name;
  }
  EXPECT_GE(before, 40);
  // What the restored store holds: revisions 1..n of each accounts, each the
  // original's, and no more than was acknowledged by the end.
  int held = 0;
  for (const auto& [accounts, names] : AllRevisions(*restored_stub)) {
    for (size_t i = 0; i < names.size(); ++i) {
      ++held;
      const std::string expected = absl::StrCat(accounts, "/revisions/", i + 1);
      EXPECT_EQ(names[i], expected) << "revisions oldest first, without a gap";
      EXPECT_EQ(RevisionBytes(*restored_stub, names[i]), RevisionBytes(*original_stub, names[i]));
    }
  }
  EXPECT_GE(held, before);
  EXPECT_LE(held, static_cast<int>(acknowledged.size()));
  restored->Shutdown(absl::ZeroDuration());
  server->Shutdown(absl::ZeroDuration());
}

av1::ListBackupsResponse Verify(av1::StoreBackupService::Stub& stub) {
  av1::ListBackupsRequest request;
  request.set_verify(true);
  av1::ListBackupsResponse listed;
  grpc::ClientContext context;
  EXPECT_TRUE(stub.ListBackups(&context, request, &listed).ok());
  return listed;
}

// /metrics tells of the nightly folder's last verification only once one
// was made, and counts what it found damaged.
TEST(BackupVerification, TheNightlyFoldersDamageIsOnMetrics) {
  SetLoggingEnabled(false);
  TempDir dir;
  auto server = Start(dir.Sub("data"), dir.Sub("backups"));
  ASSERT_NE(server, nullptr);
  auto backups = av1::StoreBackupService::NewStub(ChannelTo(*server));
  av1::Backup backup;
  grpc::ClientContext context;
  ASSERT_TRUE(backups->CreateBackup(&context, av1::CreateBackupRequest(), &backup).ok());
  const std::string damaged = absl::StrCat("juesuan_backup_damaged{data_dir=\"", dir.Sub("data"));
  EXPECT_EQ(Metrics::Global().Render().find(damaged), std::string::npos) << "none verified yet";

  ASSERT_TRUE(Verify(*backups).backups(0).verified());
  EXPECT_NE(Metrics::Global().Render().find(damaged + "\"} 0\n"), std::string::npos);
  EXPECT_NE(Metrics::Global().Render().find(absl::StrCat(
                "juesuan_backup_last_verify_timestamp_seconds{data_dir=\"", dir.Sub("data"))),
            std::string::npos);

  ASSERT_GT(::juesuan::testing::DamageBackupFiles(dir.Sub("backups")), 0);
  const av1::ListBackupsResponse listed = Verify(*backups);
  ASSERT_EQ(listed.backups_size(), 1);
  EXPECT_FALSE(listed.backups(0).verified());
  EXPECT_NE(listed.backups(0).damage().find("verifying backup"), std::string::npos);
  EXPECT_NE(Metrics::Global().Render().find(damaged + "\"} 1\n"), std::string::npos);
  server->Shutdown(absl::ZeroDuration());
}

}  // namespace
}  // namespace juesuan
