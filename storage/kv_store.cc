#include "storage/kv_store.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <utility>

#include "absl/base/call_once.h"
#include "absl/base/internal/endian.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/error_details.h"
#include "common/json_log.h"
#include "common/metrics.h"
#include "common/status_macros.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/statistics.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "storage/ack_ledger.h"
#include "storage/open_stores.h"
#include "storage/store_format.h"

namespace juesuan::storage {
namespace internal {

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(what, ": ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(message);
  if (s.IsCorruption()) return absl::DataLossError(message);
  if (s.IsNoSpace()) return absl::ResourceExhaustedError(message);
  // EFBIG: a file reached the process's file-size limit (ulimit -f).
  if (s.IsIOError() && s.ToString().find("File too large") != std::string::npos) {
    return absl::ResourceExhaustedError(message);
  }
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

}  // namespace internal

namespace {

using internal::FromRocks;

rocksdb::ColumnFamilyOptions CfOptions(const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.block_size = size_t{16} * 1024;  // records are 5–50 KB protos
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
  std::unique_ptr<AckLedger> ledger;
  absl::Status integrity;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // indexed by ColumnFamilyId
  // The other services' families RocksDB had to open, until the format
  // check drops them; whatever is left here is released on close.
  std::vector<rocksdb::ColumnFamilyHandle*> foreign;
  std::shared_ptr<rocksdb::Statistics> statistics;
  std::string path;

  ~Rep();

  rocksdb::ColumnFamilyHandle* handle(ColumnFamilyId cf) const {
    return handles[static_cast<uint32_t>(cf)];
  }
  // An integer property summed over column families; nullopt if unknown.
  std::optional<uint64_t> SumProperty(absl::string_view name) const {
    uint64_t total = 0;
    bool any = false;
    for (auto* h : handles) {
      if (h == nullptr) continue;  // not this store's
      uint64_t value = 0;
      if (db->GetIntProperty(h, rocksdb::Slice(name.data(), name.size()), &value)) {
        total += value;
        any = true;
      }
    }
    if (!any) return std::nullopt;
    return total;
  }
  // A DB-wide property (asked of the default column family; 0 if unknown).
  uint64_t DbProperty(const char* name) const {
    uint64_t value = 0;
    return db->GetIntProperty(db->DefaultColumnFamily(), name, &value) ? value : 0;
  }
};

namespace {

// The open stores, for /metrics: one collector writes every family once with
// a sample per data directory (one store per process in production; tests
// open several).
absl::Mutex open_stores_mu(absl::kConstInit);
// Held while a store is used from outside its owner (a backup) and while one
// closes, so that none closes under such a use.
absl::Mutex store_use_mu(absl::kConstInit);
std::set<const KvStore::Rep*>& OpenStores() ABSL_EXCLUSIVE_LOCKS_REQUIRED(open_stores_mu) {
  static auto* stores = new std::set<const KvStore::Rep*>();
  return *stores;
}

void CollectStoreMetrics(MetricsWriter& w) {
  absl::MutexLock lock(&open_stores_mu);
  const auto& stores = OpenStores();
  struct Figure {
    const char* name;
    const char* type;
    const char* help;
    std::function<double(const KvStore::Rep&)> value;
  };
  auto ticker = [](uint32_t t) {
    return
        [t](const KvStore::Rep& r) { return static_cast<double>(r.statistics->getTickerCount(t)); };
  };
  auto summed = [](const char* property) {  // over column families
    return [property](const KvStore::Rep& r) {
      return static_cast<double>(r.SumProperty(property).value_or(0));
    };
  };
  auto db_wide = [](const char* property) {  // asked of the default column family
    return
        [property](const KvStore::Rep& r) { return static_cast<double>(r.DbProperty(property)); };
  };
  const Figure figures[] = {
      {"juesuan_rocksdb_stall_micros_total", "counter",
       "Time writes were stalled or slowed by RocksDB, in microseconds.",
       ticker(rocksdb::STALL_MICROS)},
      {"juesuan_rocksdb_wal_syncs_total", "counter", "WAL fsyncs.",
       ticker(rocksdb::WAL_FILE_SYNCED)},
      {"juesuan_rocksdb_wal_bytes_total", "counter", "Bytes written to the WAL.",
       ticker(rocksdb::WAL_FILE_BYTES)},
      {"juesuan_rocksdb_keys_written_total", "counter", "Keys written.",
       ticker(rocksdb::NUMBER_KEYS_WRITTEN)},
      {"juesuan_rocksdb_live_sst_bytes", "gauge", "Size of the live SST files.",
       summed("rocksdb.live-sst-files-size")},
      {"juesuan_rocksdb_memtable_bytes", "gauge", "Size of all memtables.",
       summed("rocksdb.cur-size-all-mem-tables")},
      {"juesuan_rocksdb_estimated_keys", "gauge", "Estimated number of keys.",
       summed("rocksdb.estimate-num-keys")},
      {"juesuan_rocksdb_pending_compaction_bytes", "gauge",
       "Estimated bytes compaction must rewrite.",
       summed("rocksdb.estimate-pending-compaction-bytes")},
      {"juesuan_rocksdb_running_compactions", "gauge", "Compactions running now.",
       db_wide("rocksdb.num-running-compactions")},
      {"juesuan_rocksdb_write_stopped", "gauge", "1 if writes are stopped now.",
       db_wide("rocksdb.is-write-stopped")},
      {"juesuan_rocksdb_block_cache_bytes", "gauge", "Memory held by the block cache.",
       db_wide("rocksdb.block-cache-usage")},
  };
  for (const Figure& f : figures) {
    w.Family(f.name, f.type, f.help);
    for (const KvStore::Rep* rep : stores) {
      w.Sample(f.name, Label("data_dir", rep->path), f.value(*rep));
    }
  }
}

void RegisterOpenStore(const KvStore::Rep* rep) {
  static absl::once_flag once;
  absl::call_once(once, [] { Metrics::Global().AddCollector(CollectStoreMetrics); });
  absl::MutexLock lock(&open_stores_mu);
  OpenStores().insert(rep);
}

// DATA_LOSS naming what is missing if the ledger holds acknowledged writes
// past the sequence RocksDB recovered to; OK otherwise.
absl::Status CompareWithLedger(const AckLedger& ledger, uint64_t recovered,
                               const std::string& path) {
  std::vector<const AckLedger::Entry*> missing;
  for (const AckLedger::Entry& e : ledger.recovered()) {
    if (e.sequence > recovered) missing.push_back(&e);
  }
  if (missing.empty()) return absl::OkStatus();
  // The latest 20, the ones a caller most likely retries.
  std::string names = missing.size() > 20 ? "…" : "";
  for (size_t i = missing.size() > 20 ? missing.size() - 20 : 0; i < missing.size(); ++i) {
    absl::StrAppend(&names, names.empty() ? "" : ", ",
                    missing[i]->what.empty() ? "(a write)" : missing[i]->what);
  }
  const uint64_t acknowledged = missing.back()->sequence;
  LogLine("error", "acknowledged writes are missing: writes refused")
      .Add("data_dir", path)
      .Add("recovered_sequence", static_cast<int64_t>(recovered))
      .Add("acknowledged_sequence", static_cast<int64_t>(acknowledged))
      .Add("missing_writes", static_cast<int64_t>(missing.size()))
      .Add("missing", names)
      .Emit();
  // The names go to the log only: a caller may not learn of other
  // departments' revisions from a refusal.
  absl::Status status = absl::DataLossError(absl::StrCat(
      "acknowledged writes are missing from this server's store (", missing.size(),
      " writes: it recovered up to sequence ", recovered, ", acknowledged up to ", acknowledged,
      "); writes are refused until the operator restores it from a backup"));
  AttachErrorInfo(status, "ACKNOWLEDGED_WRITES_MISSING", "juesuan.storage",
                  {{"missing_writes", absl::StrCat(missing.size())}});
  return status;
}

}  // namespace

namespace {

// The names of the families `options` wants: default, meta and its own (or
// every one in the registry).
std::set<std::string> WantedFamilies(const KvStoreOptions& options) {
  std::set<std::string> wanted = {std::string(ColumnFamilyName(ColumnFamilyId::kDefault)),
                                  std::string(ColumnFamilyName(ColumnFamilyId::kMeta))};
  for (const ColumnFamilyDef& def : AllColumnFamilies()) {
    if (options.column_families.empty() ||
        std::find(options.column_families.begin(), options.column_families.end(), def.id) !=
            options.column_families.end()) {
      wanted.insert(std::string(def.name));
    }
  }
  return wanted;
}

// Opens the DB with the families it wants and every other one the directory
// holds (RocksDB must open them all): rep->handles gets the wanted ones by
// ID (null for the rest), `foreign` the others.
rocksdb::Status OpenFamilies(const rocksdb::DBOptions& db_options, const KvStoreOptions& options,
                             const std::shared_ptr<rocksdb::Cache>& cache, KvStore::Rep* rep,
                             std::vector<rocksdb::ColumnFamilyHandle*>* foreign) {
  const std::set<std::string> wanted = WantedFamilies(options);
  std::vector<std::string> existing;  // none when the directory is new
  rocksdb::DB::ListColumnFamilies(db_options, options.path, &existing).PermitUncheckedError();
  std::vector<std::string> names(wanted.begin(), wanted.end());
  for (const std::string& name : existing) {
    if (wanted.count(name) == 0) names.push_back(name);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) descriptors.emplace_back(name, CfOptions(cache));
  std::vector<rocksdb::ColumnFamilyHandle*> opened;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, descriptors, &opened, &rep->db);
  if (!s.ok()) return s;
  rep->handles.assign(AllColumnFamilies().size(), nullptr);
  for (rocksdb::ColumnFamilyHandle* h : opened) {
    const ColumnFamilyDef* def = nullptr;
    for (const ColumnFamilyDef& d : AllColumnFamilies()) {
      if (d.name == h->GetName()) def = &d;
    }
    if (def != nullptr && wanted.count(h->GetName()) > 0) {
      rep->handles[static_cast<uint32_t>(def->id)] = h;
    } else {
      foreign->push_back(h);
    }
  }
  return s;
}

}  // namespace

namespace internal {

absl::Status WithOpenDb(const std::string& path,
                        const std::function<absl::Status(rocksdb::DB*)>& fn) {
  absl::MutexLock use(&store_use_mu);
  rocksdb::DB* db = nullptr;
  {
    absl::MutexLock lock(&open_stores_mu);
    for (const KvStore::Rep* rep : OpenStores()) {
      if (rep->path == path) db = rep->db;
    }
  }
  if (db == nullptr) return absl::NotFoundError(absl::StrCat("no store is open at ", path));
  return fn(db);
}

}  // namespace internal

KvStore::Rep::~Rep() {
  absl::MutexLock use(&store_use_mu);
  {
    absl::MutexLock lock(&open_stores_mu);
    OpenStores().erase(this);
  }
  ledger.reset();
  if (db == nullptr) return;
  for (auto* h : handles) {
    if (h != nullptr) db->DestroyColumnFamilyHandle(h);
  }
  for (auto* h : foreign) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  db->Close();
  delete db;
}

KvStore::KvStore(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
KvStore::~KvStore() = default;

absl::StatusOr<std::unique_ptr<KvStore>> KvStore::Open(const KvStoreOptions& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("data directory not set");
  // RocksDB creates only the last component; an operator's
  // --data_dir=/var/lib/juesuan/ingestion on a fresh volume needs the rest.
  std::error_code mkdir_error;
  std::filesystem::create_directories(options.path, mkdir_error);
  if (mkdir_error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create data directory ", options.path, ": ", mkdir_error.message()));
  }
  auto rep = std::make_unique<Rep>();
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);

  rocksdb::DBOptions db_options;
  if (options.env != nullptr) db_options.env = options.env;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;  // 2 cores: more just competes with requests
  db_options.bytes_per_sync = 1u << 20;
  db_options.wal_bytes_per_sync = 1u << 20;
  db_options.keep_log_file_num = 5;
  // Every column family has its memtables: together they may hold this much
  // before the largest is flushed (a data directory opens many families).
  db_options.db_write_buffer_size = 64u << 20;
  // Tickers only (no timers or histograms): what /metrics reports.
  rep->statistics = rocksdb::CreateDBStatistics();
  rep->statistics->set_stats_level(rocksdb::StatsLevel::kExceptHistogramOrTimers);
  db_options.statistics = rep->statistics;
  rep->path = options.path;

  rocksdb::Status s = OpenFamilies(db_options, options, cache, rep.get(), &rep->foreign);
  if (!s.ok()) {
    rep->db = nullptr;
    return FromRocks(s, absl::StrCat("opening ", options.path));
  }
  RegisterOpenStore(rep.get());
  rocksdb::DB* db = rep->db;
  if (options.ack_ledger) {
    auto ledger = AckLedger::Open(absl::StrCat(options.path, "/ACK-LEDGER"));
    if (!ledger.ok()) return ledger.status();
    rep->ledger = *std::move(ledger);
    rep->integrity =
        CompareWithLedger(*rep->ledger, rep->db->GetLatestSequenceNumber(), options.path);
  }
  std::unique_ptr<KvStore> store(new KvStore(std::move(rep)));
  JUESUAN_RETURN_IF_ERROR(
      internal::CheckFormatVersion(*store, db, store->rep_->foreign, options.path));
  return store;
}

absl::StatusOr<std::string> KvStore::Get(ColumnFamilyId cf, absl::string_view key) const {
  JUESUAN_RETURN_IF_ERROR(Opened(cf));
  std::string value;
  rocksdb::Status s = rep_->db->Get(rocksdb::ReadOptions(), rep_->handle(cf),
                                    rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return absl::NotFoundError("not found");
  if (!s.ok()) return FromRocks(s, "get");
  return value;
}

absl::Status KvStore::Write(const WriteBatch& batch, bool sync, absl::string_view what) {
  if (!rep_->integrity.ok()) return rep_->integrity;
  rocksdb::WriteBatch wb;
  for (const WriteBatch::Op& op : batch.ops_) {
    JUESUAN_RETURN_IF_ERROR(Opened(op.cf));
    rocksdb::Status s = op.is_delete ? wb.Delete(rep_->handle(op.cf), op.key)
                                     : wb.Put(rep_->handle(op.cf), op.key, op.value);
    if (!s.ok()) return FromRocks(s, "batch");
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = sync;
  const rocksdb::Status written = rep_->db->Write(write_options, &wb);
  if (!written.ok()) {
    absl::Status status = FromRocks(written, "write");
    LogLine("error", "write failed")
        .Add("data_dir", rep_->path)
        .Add("error", status.ToString())
        .Emit();
    // A failed WAL write stops RocksDB's writes until it is resumed; the
    // next write tries (it succeeds once the cause, e.g. a full disk or the
    // file-size limit, is gone).
    rep_->db->Resume().PermitUncheckedError();
    return status;
  }
  if (sync && rep_->ledger != nullptr && wb.Count() > 0) {
    // The batch's sequence numbers run from the one its header holds, one
    // per operation: RocksDB stamps it on the caller's batch as it writes
    // (crash_wal_damage_test fails should a release stop doing so).
    const uint64_t first = absl::little_endian::Load64(wb.Data().data());
    const uint64_t last = first + wb.Count() - 1;
    if (absl::Status recorded = rep_->ledger->Record(last, what); !recorded.ok()) {
      // The write is durable: acknowledge it, and say the ledger missed it.
      LogLine("error", "acknowledged write not recorded").Add("error", recorded.ToString()).Emit();
    }
  }
  return absl::OkStatus();
}

absl::Status KvStore::Integrity() const { return rep_->integrity; }

absl::Status KvStore::Opened(ColumnFamilyId cf) const {
  if (rep_->handle(cf) != nullptr) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("column family ", ColumnFamilyName(cf), " is not one of this store's"));
}

absl::Status KvStore::Scan(
    ColumnFamilyId cf, absl::string_view start, absl::string_view end, ScanOrder order,
    const std::function<bool(absl::string_view, absl::string_view)>& fn) const {
  JUESUAN_RETURN_IF_ERROR(Opened(cf));
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
  return rep_->SumProperty(name);
}

}  // namespace juesuan::storage
