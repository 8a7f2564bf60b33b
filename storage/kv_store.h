// A thin, typed face over one RocksDB instance. RocksDB types never leave
// storage/: callers see column-family IDs, strings, absl::Status and our own
// WriteBatch. One process opens a data directory at a time (RocksDB's LOCK
// file); a second opener gets FAILED_PRECONDITION.
#ifndef JUESUAN_STORAGE_KV_STORE_H_
#define JUESUAN_STORAGE_KV_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/column_families.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace juesuan::storage {

// Options for opening a store.
struct KvStoreOptions {
  // The data directory; created if missing.
  std::string path;
  // Shared block cache size.
  size_t block_cache_bytes = 128u << 20;
  // Tests: a simulated file system (storage/testing/), as an Env made with
  // rocksdb::NewCompositeEnv; not owned, outlives the store. Null: the real
  // one.
  rocksdb::Env* env = nullptr;
  // Keep the ledger of acknowledged writes (ack_ledger.h) and compare it
  // with what RocksDB recovered at Open.
  bool ack_ledger = true;
  // The store's own column families (`meta` and `default` come with every
  // store); empty: every one in the registry (tests of the KV layer). Any
  // other family found in the directory is dropped if empty, and refused if
  // not (store_format.h).
  std::vector<ColumnFamilyId> column_families;
};

// Puts and deletes applied atomically, all or none, by KvStore::Write. One
// WriteBatch per logical change.
class WriteBatch {
 public:
  void Put(ColumnFamilyId cf, std::string key, std::string value) {
    ops_.push_back({cf, std::move(key), std::move(value), false});
  }
  void Delete(ColumnFamilyId cf, std::string key) {
    ops_.push_back({cf, std::move(key), std::string(), true});
  }
  bool empty() const { return ops_.empty(); }
  size_t size() const { return ops_.size(); }

 private:
  friend class KvStore;
  struct Op {
    ColumnFamilyId cf;
    std::string key;
    std::string value;
    bool is_delete;
  };
  std::vector<Op> ops_;
};

// Which way a scan goes.
enum class ScanOrder { kForward, kReverse };

class KvStore {
 public:
  // Opens (creating if needed) the store at options.path with its column
  // families, and checks the on-disk format version, migrating format 1
  // (store_format.h).
  static absl::StatusOr<std::unique_ptr<KvStore>> Open(const KvStoreOptions& options);

  ~KvStore();
  KvStore(const KvStore&) = delete;
  KvStore& operator=(const KvStore&) = delete;

  // The value at `key`, or NOT_FOUND. A column family the store did not
  // open is an error (INTERNAL) in Get, Write and Scan.
  absl::StatusOr<std::string> Get(ColumnFamilyId cf, absl::string_view key) const;

  // Applies `batch` atomically. With `sync`, returns only once the write-ahead
  // log is on stable storage: use it for every write acknowledged to a client;
  // it is then recorded in the acknowledged-writes ledger as `what` (e.g. a
  // revision's name), which Open compares with what RocksDB recovered.
  // Refused (DATA_LOSS) while Integrity() is not OK.
  absl::Status Write(const WriteBatch& batch, bool sync, absl::string_view what = "");

  // OK, or DATA_LOSS when Open found that RocksDB recovered less than the
  // store had acknowledged (a damaged write-ahead log): the message says up
  // to which sequence it recovered and which acknowledged writes are
  // missing. Writes are then refused, so that no revision number or request
  // ID is given out twice; reads go on. Restore the data directory from a
  // backup (README, "When acknowledged writes are missing").
  absl::Status Integrity() const;

  // Visits the entries with start ≤ key < end (end empty: no upper bound) in
  // `order`, calling fn(key, value) until it returns false.
  absl::Status Scan(ColumnFamilyId cf, absl::string_view start, absl::string_view end,
                    ScanOrder order,
                    const std::function<bool(absl::string_view, absl::string_view)>& fn) const;

  // A RocksDB integer property (e.g. "rocksdb.estimate-live-data-size"),
  // summed over column families; nullopt if unknown.
  std::optional<uint64_t> IntProperty(absl::string_view name) const;

  // The on-disk format version this build writes; it also opens format 1,
  // migrating it (store_format.h).
  static constexpr uint32_t kFormatVersion = 2;

  struct Rep;  // RocksDB's handles; defined in kv_store.cc

 private:
  explicit KvStore(std::unique_ptr<Rep> rep);
  // OK if the store opened `cf`; INTERNAL otherwise.
  absl::Status Opened(ColumnFamilyId cf) const;
  std::unique_ptr<Rep> rep_;
};

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_KV_STORE_H_
