// Opening stores of other formats: a format-1 directory (every service's
// column families) is migrated to its own families; a directory holding
// another service's data is refused, naming the family; a format this build
// does not know is refused; an older build's reopening (the families back,
// empty) is tidied again; a directory refused for its ledger leaves nothing
// open.
#include <filesystem>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "storage/account_store.h"
#include "storage/disclosure_store.h"
#include "storage/kv_store.h"
#include "storage/scoring_store.h"
#include "tests/support/test_support.h"

namespace juesuan::storage {
namespace {

using ::juesuan::testing::TempDir;

// A store of every family with `version` written as its format.
void WriteEveryFamilyStore(const std::string& path, const std::string& version) {
  KvStoreOptions options;
  options.path = path;
  auto store = KvStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  WriteBatch batch;
  batch.Put(ColumnFamilyId::kMeta, "format_version", version);
  batch.Put(ColumnFamilyId::kDepartments, "d", "a department");
  ASSERT_TRUE((*store)->Write(batch, /*sync=*/true).ok());
}

KvStoreOptions At(const std::string& path) {
  KvStoreOptions options;
  options.path = path;
  return options;
}

TEST(MigrateFormat1, DropsTheOtherServicesFamiliesAndKeepsItsData) {
  TempDir dir;
  WriteEveryFamilyStore(dir.path(), "1");
  {
    auto store = OpenAccountStore(At(dir.path()));
    ASSERT_TRUE(store.ok()) << store.status();
  }
  // Now format 2, holding only ingestion's families: the department is
  // there, a scoring family is not.
  auto kv = KvStore::Open([&] {
    KvStoreOptions o = At(dir.path());
    o.column_families = {ColumnFamilyId::kDepartments};
    return o;
  }());
  ASSERT_TRUE(kv.ok()) << kv.status();
  EXPECT_EQ((*kv)->Get(ColumnFamilyId::kMeta, "format_version").value_or(""), "2");
  EXPECT_EQ((*kv)->Get(ColumnFamilyId::kDepartments, "d").value_or(""), "a department");
  EXPECT_EQ((*kv)->Get(ColumnFamilyId::kScorecards, "x").status().code(),
            absl::StatusCode::kInternal);
}

TEST(MigrateFormat1, RefusesADirectoryHoldingAnotherServicesData) {
  TempDir dir;
  WriteEveryFamilyStore(dir.path(), "1");
  // The departments family holds data: this is ingestion's directory.
  auto scoring = OpenScoringStore(At(dir.path()));
  EXPECT_EQ(scoring.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(scoring.status().message().find("\"departments\""), absl::string_view::npos)
      << scoring.status();
  EXPECT_NE(scoring.status().message().find("another service's data directory"),
            absl::string_view::npos);
  // Refused, not changed: ingestion still opens it.
  EXPECT_TRUE(OpenAccountStore(At(dir.path())).ok());
}

TEST(MigrateFormat1, RefusesAFormatItDoesNotKnow) {
  TempDir dir;
  WriteEveryFamilyStore(dir.path(), "3");
  auto store = OpenDisclosureStore(At(dir.path()));
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("format version 3"), absl::string_view::npos)
      << store.status();
}

TEST(MigrateFormat1, TidiesTheFamiliesAnOlderBuildRecreated) {
  TempDir dir;
  ASSERT_TRUE(OpenDisclosureStore(At(dir.path())).ok());
  {
    // An older build opens every family again (empty) and refuses format 2.
    KvStoreOptions every = At(dir.path());
    auto kv = KvStore::Open(every);
    ASSERT_TRUE(kv.ok()) << kv.status();
  }
  auto store = OpenDisclosureStore(At(dir.path()));
  ASSERT_TRUE(store.ok()) << store.status();
}

TEST(MigrateFormat1, ARefusedLedgerLeavesTheStoreClosedAndWhole) {
  TempDir dir;
  WriteEveryFamilyStore(dir.path(), "1");
  // A ledger that cannot be opened (a directory in its place): refused,
  // with every family handle released (LeakSanitizer watches the ASan run).
  std::filesystem::remove(dir.Sub("ACK-LEDGER"));
  ASSERT_TRUE(std::filesystem::create_directory(dir.Sub("ACK-LEDGER")));
  KvStoreOptions options = At(dir.path());
  options.column_families = {ColumnFamilyId::kDepartments};
  options.ack_ledger = true;
  EXPECT_EQ(KvStore::Open(options).status().code(), absl::StatusCode::kFailedPrecondition);
  // The directory is as it was: with the ledger back, it opens, migrated.
  std::filesystem::remove(dir.Sub("ACK-LEDGER"));
  auto store = KvStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->Get(ColumnFamilyId::kMeta, "format_version").value_or(""), "2");
  EXPECT_EQ((*store)->Get(ColumnFamilyId::kDepartments, "d").value_or(""), "a department");
}

}  // namespace
}  // namespace juesuan::storage
