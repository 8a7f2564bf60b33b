// Backups of an open store and their restore, at the storage level: what a
// backup holds is exactly what was written before it, a restore makes a
// store that opens, `keep` keeps the newest, and a restore never overwrites.
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/backup.h"
#include "storage/kv_store.h"
#include "tests/support/test_support.h"

namespace juesuan::storage {
namespace {

using ::juesuan::testing::TempDir;

absl::Status PutAll(KvStore& store, int from, int to) {
  for (int i = from; i < to; ++i) {
    WriteBatch batch;
    batch.Put(ColumnFamilyId::kMeta, absl::StrCat("key-", i), absl::StrCat("value-", i));
    if (absl::Status s = store.Write(batch, /*sync=*/true); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::unique_ptr<KvStore> OpenAt(const std::string& path) {
  KvStoreOptions options;
  options.path = path;
  auto store = KvStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

TEST(Backup, HoldsWhatWasWrittenBeforeItAndRestoresIntoAStoreThatOpens) {
  TempDir dir;
  auto store = OpenAt(dir.Sub("data"));
  ASSERT_TRUE(PutAll(*store, 0, 100).ok());
  absl::StatusOr<BackupResult> first = BackupOpenStore(dir.Sub("data"), dir.Sub("backups"), 3);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_GT(first->backup.size_bytes, 0u);
  EXPECT_EQ(first->backup.data_dir, dir.Sub("data"));
  ASSERT_TRUE(PutAll(*store, 100, 150).ok());
  absl::StatusOr<BackupResult> second = BackupOpenStore(dir.Sub("data"), dir.Sub("backups"), 3);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_GT(second->backup.id, first->backup.id);

  // The first backup: keys 0–99 and nothing after; the latest: 0–149.
  ASSERT_TRUE(RestoreBackup(dir.Sub("backups"), first->backup.id, dir.Sub("first")).ok());
  ASSERT_TRUE(RestoreBackup(dir.Sub("backups"), 0, dir.Sub("latest")).ok());
  auto restored_first = OpenAt(dir.Sub("first"));
  auto restored_latest = OpenAt(dir.Sub("latest"));
  ASSERT_NE(restored_first, nullptr);
  ASSERT_NE(restored_latest, nullptr);
  EXPECT_TRUE(restored_first->Integrity().ok());
  for (int i = 0; i < 150; ++i) {
    const std::string key = absl::StrCat("key-", i);
    EXPECT_EQ(restored_latest->Get(ColumnFamilyId::kMeta, key).value_or(""),
              absl::StrCat("value-", i));
    EXPECT_EQ(restored_first->Get(ColumnFamilyId::kMeta, key).ok(), i < 100) << key;
  }
  // The restored store takes writes.
  EXPECT_TRUE(PutAll(*restored_latest, 150, 151).ok());
}

TEST(Backup, KeepsTheNewest) {
  TempDir dir;
  auto store = OpenAt(dir.Sub("data"));
  uint32_t last = 0;
  for (int round = 0; round < 4; ++round) {
    ASSERT_TRUE(PutAll(*store, round * 10, round * 10 + 10).ok());
    auto taken = BackupOpenStore(dir.Sub("data"), dir.Sub("backups"), 2);
    ASSERT_TRUE(taken.ok()) << taken.status();
    last = taken->backup.id;
  }
  absl::StatusOr<std::vector<BackupInfo>> kept = ListBackups(dir.Sub("backups"));
  ASSERT_TRUE(kept.ok()) << kept.status();
  ASSERT_EQ(kept->size(), 2u);
  EXPECT_EQ(kept->back().id, last);
  EXPECT_EQ(kept->front().id, last - 1);
}

TEST(Restore, NeverOverwritesAStoreAndNamesWhatIsMissing) {
  TempDir dir;
  auto store = OpenAt(dir.Sub("data"));
  ASSERT_TRUE(PutAll(*store, 0, 5).ok());
  ASSERT_TRUE(BackupOpenStore(dir.Sub("data"), dir.Sub("backups"), 1).ok());
  const absl::StatusOr<BackupInfo> over = RestoreBackup(dir.Sub("backups"), 0, dir.Sub("data"));
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition) << over.status();
  EXPECT_NE(over.status().message().find("not empty"), absl::string_view::npos);
  EXPECT_EQ(RestoreBackup(dir.Sub("backups"), 99, dir.Sub("new")).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(RestoreBackup(dir.Sub("nothing"), 0, dir.Sub("new")).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(BackupOpenStore(dir.Sub("not-open"), dir.Sub("backups"), 1).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(Restore, RefusesABackupWhoseFileWasDamaged) {
  TempDir dir;
  auto store = OpenAt(dir.Sub("data"));
  ASSERT_TRUE(PutAll(*store, 0, 50).ok());
  absl::StatusOr<BackupResult> taken = BackupOpenStore(dir.Sub("data"), dir.Sub("backups"), 1);
  ASSERT_TRUE(taken.ok()) << taken.status();
  EXPECT_TRUE(VerifyBackup(dir.Sub("backups"), taken->backup.id).ok());
  // Flip a byte in every shared table file and in the private files.
  ASSERT_GT(::juesuan::testing::DamageBackupFiles(dir.Sub("backups")), 0);
  // Verified ahead of need: the damage is found without restoring, and named.
  const absl::Status verified = VerifyBackup(dir.Sub("backups"), taken->backup.id);
  EXPECT_EQ(verified.code(), absl::StatusCode::kDataLoss) << verified;
  EXPECT_NE(verified.message().find("verifying backup"), absl::string_view::npos) << verified;
  const absl::StatusOr<BackupInfo> restored =
      RestoreBackup(dir.Sub("backups"), 0, dir.Sub("restored"));
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kDataLoss) << restored.status();
}

// A backup one of whose files went missing is set aside by RocksDB when it
// opens the folder: it is listed damaged (not left out), and a restore of
// "the newest" refuses it rather than restoring an older one unasked.
TEST(Backup, OneMissingAFileIsListedDamagedAndNeverRestoredInPlaceOfTheNewest) {
  TempDir dir;
  auto store = OpenAt(dir.Sub("data"));
  ASSERT_TRUE(PutAll(*store, 0, 50).ok());
  ASSERT_TRUE(BackupOpenStore(dir.Sub("data"), dir.Sub("backups"), 3).ok());
  ASSERT_TRUE(PutAll(*store, 50, 100).ok());
  absl::StatusOr<BackupResult> newest = BackupOpenStore(dir.Sub("data"), dir.Sub("backups"), 3);
  ASSERT_TRUE(newest.ok()) << newest.status();
  int removed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           dir.Sub(absl::StrCat("backups/private/", newest->backup.id)))) {
    if (entry.path().filename().string().rfind("MANIFEST", 0) == 0) {
      removed += std::filesystem::remove(entry.path()) ? 1 : 0;
    }
  }
  ASSERT_EQ(removed, 1);

  absl::StatusOr<std::vector<BackupInfo>> listed = ListBackups(dir.Sub("backups"));
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].damage, "");
  EXPECT_EQ((*listed)[1].id, newest->backup.id);
  EXPECT_NE((*listed)[1].damage.find(absl::StrCat("backup ", newest->backup.id)), std::string::npos)
      << (*listed)[1].damage;

  const absl::StatusOr<BackupInfo> refused =
      RestoreBackup(dir.Sub("backups"), 0, dir.Sub("restored"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kDataLoss) << refused.status();
  EXPECT_NE(refused.status().message().find("name an older one"), absl::string_view::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("restored/CURRENT")));
  // Named, the older one restores: keys 0–49.
  ASSERT_TRUE(RestoreBackup(dir.Sub("backups"), (*listed)[0].id, dir.Sub("restored")).ok());
  auto restored = OpenAt(dir.Sub("restored"));
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(restored->Get(ColumnFamilyId::kMeta, "key-49").value_or(""), "value-49");
  EXPECT_FALSE(restored->Get(ColumnFamilyId::kMeta, "key-50").ok());
}

}  // namespace
}  // namespace juesuan::storage
