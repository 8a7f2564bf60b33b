#include "storage/store_format.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/json_log.h"
#include "common/status_macros.h"
#include "rocksdb/db.h"
#include "storage/open_stores.h"

namespace juesuan::storage::internal {
namespace {

constexpr absl::string_view kFormatVersionKey = "format_version";
// The versions this build opens: its own, and the one it migrates from.
constexpr uint32_t kMigratedFrom = 1;

bool Empty(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* handle) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handle));
  it->SeekToFirst();
  return !it->Valid() && it->status().ok();
}

absl::Status WriteVersion(KvStore& store) {
  WriteBatch batch;
  batch.Put(ColumnFamilyId::kMeta, std::string(kFormatVersionKey),
            absl::StrCat(KvStore::kFormatVersion));
  return store.Write(batch, /*sync=*/true);
}

// Drops each family of `foreign` if `drop` and it is empty;
// FAILED_PRECONDITION naming the first that holds data. The handles are
// destroyed either way.
absl::Status DropForeignColumnFamilies(rocksdb::DB* db,
                                       std::vector<rocksdb::ColumnFamilyHandle*>& foreign,
                                       const std::string& path, bool drop, int* dropped) {
  absl::Status result = absl::OkStatus();
  for (rocksdb::ColumnFamilyHandle* handle : foreign) {
    if (drop && result.ok() && !Empty(db, handle)) {
      result = absl::FailedPreconditionError(absl::StrCat(
          "data directory ", path, " holds data in column family \"", handle->GetName(),
          "\", which is not this service's: is it another service's data directory?"));
    } else if (drop && result.ok()) {
      result = FromRocks(db->DropColumnFamily(handle),
                         absl::StrCat("dropping column family ", handle->GetName()));
      if (result.ok()) ++*dropped;
    }
    db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  foreign.clear();
  return result;
}

}  // namespace

absl::Status CheckFormatVersion(KvStore& store, rocksdb::DB* db,
                                std::vector<rocksdb::ColumnFamilyHandle*>& foreign,
                                const std::string& path) {
  auto version = store.Get(ColumnFamilyId::kMeta, kFormatVersionKey);
  const bool known = absl::IsNotFound(version.status()) ||
                     (version.ok() && (*version == absl::StrCat(KvStore::kFormatVersion) ||
                                       *version == absl::StrCat(kMigratedFrom)));
  int dropped = 0;
  JUESUAN_RETURN_IF_ERROR(DropForeignColumnFamilies(db, foreign, path, known, &dropped));
  if (absl::IsNotFound(version.status())) {
    // A new store; or one that lost its writes (even its format version),
    // which opens to say so and refuses writes.
    return store.Integrity().ok() ? WriteVersion(store) : absl::OkStatus();
  }
  if (!version.ok()) return version.status();
  if (!known) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data directory ", path, " has format version ", *version, "; this build reads versions ",
        kMigratedFrom, " (migrating it) and ", KvStore::kFormatVersion));
  }
  if (*version == absl::StrCat(KvStore::kFormatVersion)) return absl::OkStatus();
  if (!store.Integrity().ok()) return absl::OkStatus();  // no writes: it stays as it is
  if (absl::Status written = WriteVersion(store); !written.ok()) return written;
  LogLine("info", "store migrated")
      .Add("data_dir", path)
      .Add("from_format", static_cast<int64_t>(kMigratedFrom))
      .Add("to_format", static_cast<int64_t>(KvStore::kFormatVersion))
      .Add("dropped_column_families", static_cast<int64_t>(dropped))
      .Emit();
  return absl::OkStatus();
}

}  // namespace juesuan::storage::internal
