#include "storage/kv_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"

namespace juesuan::storage {
namespace {

constexpr absl::string_view kFormatVersionKey = "format_version";

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(what, ": ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(message);
  if (s.IsCorruption()) return absl::DataLossError(message);
  if (s.IsNoSpace()) return absl::ResourceExhaustedError(message);
  if (s.IsBusy() || s.IsTryAgain() || s.IsTimedOut()) return absl::UnavailableError(message);
  // Another opener holds the LOCK file ("While lock file: …/LOCK: …" from
  // another process, "lock hold by current process …/LOCK" from this one).
  if (s.IsIOError() && s.ToString().find("/LOCK") != std::string::npos) {
    return absl::FailedPreconditionError(
        absl::StrCat(message, " (is another process using this data directory?)"));
  }
  if (s.IsIOError()) return absl::UnavailableError(message);
  if (s.IsInvalidArgument()) return absl::FailedPreconditionError(message);
  return absl::InternalError(message);
}

rocksdb::ColumnFamilyOptions CfOptions(const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.block_size = 16 * 1024;  // records are 5–50 KB protos
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Chinese text and repeated field tags compress well; LZ4 is cheap enough
  // to make scans faster, ZSTD at the bottom saves space.
  cf.compression = rocksdb::kLZ4Compression;
  cf.bottommost_compression = rocksdb::kZSTD;
  cf.write_buffer_size = 32u << 20;
  return cf;
}

}  // namespace

struct KvStore::Rep {
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // indexed by ColumnFamilyId

  ~Rep() {
    if (db == nullptr) return;
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    db->Close();
    delete db;
  }

  rocksdb::ColumnFamilyHandle* handle(ColumnFamilyId cf) const {
    return handles[static_cast<uint32_t>(cf)];
  }
};

KvStore::KvStore(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
KvStore::~KvStore() = default;

absl::StatusOr<std::unique_ptr<KvStore>> KvStore::Open(const KvStoreOptions& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("data directory not set");
  auto rep = std::make_unique<Rep>();
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;  // 2 cores: more just competes with requests
  db_options.bytes_per_sync = 1u << 20;
  db_options.wal_bytes_per_sync = 1u << 20;
  db_options.keep_log_file_num = 5;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const ColumnFamilyDef& def : AllColumnFamilies()) {
    descriptors.emplace_back(std::string(def.name), CfOptions(cache));
  }
  rocksdb::Status s =
      rocksdb::DB::Open(db_options, options.path, descriptors, &rep->handles, &rep->db);
  if (!s.ok()) {
    rep->db = nullptr;
    return FromRocks(s, absl::StrCat("opening ", options.path));
  }
  std::unique_ptr<KvStore> store(new KvStore(std::move(rep)));

  // Format version: write it on a new store, refuse a store of another format.
  auto version = store->Get(ColumnFamilyId::kMeta, kFormatVersionKey);
  if (version.ok()) {
    if (*version != absl::StrCat(kFormatVersion)) {
      return absl::FailedPreconditionError(
          absl::StrCat("data directory ", options.path, " has format version ", *version,
                       "; this build reads version ", kFormatVersion));
    }
  } else if (absl::IsNotFound(version.status())) {
    WriteBatch batch;
    batch.Put(ColumnFamilyId::kMeta, std::string(kFormatVersionKey), absl::StrCat(kFormatVersion));
    if (absl::Status w = store->Write(batch, /*sync=*/true); !w.ok()) return w;
  } else {
    return version.status();
  }
  return store;
}

absl::StatusOr<std::string> KvStore::Get(ColumnFamilyId cf, absl::string_view key) const {
  std::string value;
  rocksdb::Status s = rep_->db->Get(rocksdb::ReadOptions(), rep_->handle(cf),
                                    rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return absl::NotFoundError("not found");
  if (!s.ok()) return FromRocks(s, "get");
  return value;
}

absl::Status KvStore::Write(const WriteBatch& batch, bool sync) {
  rocksdb::WriteBatch wb;
  for (const WriteBatch::Op& op : batch.ops_) {
    rocksdb::Status s = op.is_delete ? wb.Delete(rep_->handle(op.cf), op.key)
                                     : wb.Put(rep_->handle(op.cf), op.key, op.value);
    if (!s.ok()) return FromRocks(s, "batch");
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = sync;
  return FromRocks(rep_->db->Write(write_options, &wb), "write");
}

absl::Status KvStore::Scan(ColumnFamilyId cf, absl::string_view start, absl::string_view end,
                           ScanOrder order,
                           const std::function<bool(absl::string_view, absl::string_view)>& fn) const {
  rocksdb::ReadOptions read_options;
  const rocksdb::Slice lower(start.data(), start.size());
  const rocksdb::Slice upper(end.data(), end.size());
  read_options.iterate_lower_bound = &lower;
  if (!end.empty()) read_options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(rep_->db->NewIterator(read_options, rep_->handle(cf)));
  if (order == ScanOrder::kForward) {
    it->Seek(lower);
  } else if (end.empty()) {
    it->SeekToLast();
  } else {
    it->SeekForPrev(upper);
    // SeekForPrev lands on `end` itself if present; the range excludes it.
    if (it->Valid() && it->key() == upper) it->Prev();
  }
  for (; it->Valid(); order == ScanOrder::kForward ? it->Next() : it->Prev()) {
    const rocksdb::Slice k = it->key();
    const rocksdb::Slice v = it->value();
    if (!fn(absl::string_view(k.data(), k.size()), absl::string_view(v.data(), v.size()))) break;
  }
  return FromRocks(it->status(), "scan");
}

std::optional<uint64_t> KvStore::IntProperty(absl::string_view name) const {
  uint64_t total = 0;
  bool any = false;
  for (auto* h : rep_->handles) {
    uint64_t value = 0;
    if (rep_->db->GetIntProperty(h, rocksdb::Slice(name.data(), name.size()), &value)) {
      total += value;
      any = true;
    }
  }
  if (!any) return std::nullopt;
  return total;
}

}  // namespace juesuan::storage
