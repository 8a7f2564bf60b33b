#include "storage/backup.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "absl/base/call_once.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/json_log.h"
#include "common/metrics.h"
#include "common/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/utilities/backup_engine.h"
#include "storage/open_stores.h"

namespace juesuan::storage {
namespace {

namespace fs = std::filesystem;
using internal::FromRocks;

// The app metadata stored with a backup: the data directory it came from.
BackupInfo FromRocksInfo(const rocksdb::BackupInfo& info) {
  BackupInfo out;
  out.id = info.backup_id;
  out.create_time = absl::FromUnixSeconds(info.timestamp);
  out.size_bytes = info.size;
  out.files = info.number_files;
  out.data_dir = info.app_metadata;
  return out;
}

// A backup RocksDB set aside as corrupt when it opened the folder.
BackupInfo Damaged(const rocksdb::BackupEngineReadOnly& engine, const std::string& backup_dir,
                   rocksdb::BackupID id) {
  rocksdb::BackupInfo unused;
  const rocksdb::Status why = engine.GetBackupInfo(id, &unused);
  BackupInfo out;
  out.id = id;
  out.damage = absl::StrCat("backup ", id, " in ", backup_dir,
                            " cannot be read (a file it names is missing, or its metadata is "
                            "damaged): ",
                            why.getState() != nullptr ? why.getState() : why.ToString());
  return out;
}

rocksdb::BackupEngineOptions EngineOptions(const std::string& backup_dir) {
  rocksdb::BackupEngineOptions options(backup_dir);
  options.share_table_files = true;          // incremental
  options.share_files_with_checksum = true;  // named by content: safe to share
  options.sync = true;                       // a backup that is said done is on disk
  options.max_background_operations = 2;
  return options;
}

// The last backup of each data directory, for /metrics.
struct LastBackup {
  double time = 0;
  double size = 0;
  double directory = 0;
  double failures = 0;
  double verify_time = 0;  // the last verification, and what it found
  double damaged = 0;
};
absl::Mutex last_mu(absl::kConstInit);
std::map<std::string, LastBackup>& Last() ABSL_EXCLUSIVE_LOCKS_REQUIRED(last_mu) {
  static auto* last = new std::map<std::string, LastBackup>();
  return *last;
}

void CollectBackupMetrics(MetricsWriter& w) {
  absl::MutexLock lock(&last_mu);
  const struct {
    const char* name;
    const char* type;
    const char* help;
    double LastBackup::*value;
    bool after_verification = false;  // no figure before this process verified
  } figures[] = {
      {"juesuan_backup_last_success_timestamp_seconds", "gauge",
       "When the last backup of the store was taken (Unix seconds).", &LastBackup::time},
      {"juesuan_backup_last_size_bytes", "gauge", "Size of the last backup's files.",
       &LastBackup::size},
      {"juesuan_backup_directory_bytes", "gauge",
       "Bytes the backup directory holds, every kept backup.", &LastBackup::directory},
      {"juesuan_backup_failures_total", "counter", "Backups that failed.", &LastBackup::failures},
      // Only once this process has verified the store's nightly folder: a
      // verification never made is no figure (not one made in 1970).
      {"juesuan_backup_last_verify_timestamp_seconds", "gauge",
       "When this process last verified the store's nightly backups (Unix seconds).",
       &LastBackup::verify_time, true},
      {"juesuan_backup_damaged", "gauge",
       "Backups that verification found damaged in the nightly folder.", &LastBackup::damaged,
       true},
  };
  for (const auto& f : figures) {
    w.Family(f.name, f.type, f.help);
    for (const auto& [data_dir, last] : Last()) {
      if (f.after_verification && last.verify_time == 0) continue;
      w.Sample(f.name, Label("data_dir", data_dir), last.*f.value);
    }
  }
}

// The figures go on /metrics from the first one recorded. (Before taking
// last_mu: a scrape holds the registry's lock and then takes last_mu.)
void CollectOnce() ABSL_LOCKS_EXCLUDED(last_mu) {
  static absl::once_flag once;
  absl::call_once(once, [] { Metrics::Global().AddCollector(CollectBackupMetrics); });
}

void Record(const std::string& data_dir, const absl::StatusOr<BackupResult>& result) {
  CollectOnce();
  absl::MutexLock lock(&last_mu);
  LastBackup& last = Last()[data_dir];
  if (!result.ok()) {
    last.failures += 1;
    return;
  }
  last.time = absl::ToDoubleSeconds(result->backup.create_time - absl::UnixEpoch());
  last.size = static_cast<double>(result->backup.size_bytes);
  last.directory = static_cast<double>(result->directory_bytes);
}

absl::StatusOr<BackupResult> Backup(rocksdb::DB* db, const std::string& data_dir,
                                    const std::string& backup_dir, int keep) {
  const absl::Time began = absl::Now();
  std::error_code error;
  fs::create_directories(backup_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create backup directory ", backup_dir, ": ", error.message()));
  }
  rocksdb::BackupEngine* raw = nullptr;
  if (auto s =
          rocksdb::BackupEngine::Open(rocksdb::Env::Default(), EngineOptions(backup_dir), &raw);
      !s.ok()) {
    return FromRocks(s, absl::StrCat("opening backups in ", backup_dir));
  }
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  // RocksDB may delete a backup it found damaged once the folder is written
  // to: each is named in the log first.
  std::vector<rocksdb::BackupID> corrupt;
  engine->GetCorruptedBackups(&corrupt);
  for (const rocksdb::BackupID id : corrupt) {
    LogLine("error", "damaged backup found")
        .Add("backup_dir", backup_dir)
        .Add("backup_id", static_cast<int64_t>(id))
        .Emit();
  }
  // Without a flush: the live files and the write-ahead log at one instant,
  // which RocksDB replays on restore, so every column family is at the same
  // point (a flush of one family at a time would not be).
  rocksdb::CreateBackupOptions options;
  options.flush_before_backup = false;
  rocksdb::BackupID id = 0;
  if (auto s = engine->CreateNewBackupWithMetadata(options, db, data_dir, &id); !s.ok()) {
    return FromRocks(s, absl::StrCat("backing up ", data_dir, " into ", backup_dir));
  }
  if (auto s = engine->PurgeOldBackups(static_cast<uint32_t>(std::max(1, keep))); !s.ok()) {
    return FromRocks(s, absl::StrCat("deleting old backups in ", backup_dir));
  }
  rocksdb::BackupInfo info;
  if (auto s = engine->GetBackupInfo(id, &info); !s.ok()) {
    return FromRocks(s, absl::StrCat("reading backup ", id, " in ", backup_dir));
  }
  BackupResult result;
  result.backup = FromRocksInfo(info);
  result.directory_bytes = DirectoryBytes(backup_dir);
  result.duration = absl::Now() - began;
  return result;
}

// The folder's backups, read: NOT_FOUND when it is not a directory.
absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>> OpenReadOnly(
    const std::string& backup_dir) {
  std::error_code error;
  if (!fs::is_directory(backup_dir, error)) {
    return absl::NotFoundError(absl::StrCat("no backups in ", backup_dir, ": not a directory"));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  if (auto s = rocksdb::BackupEngineReadOnly::Open(rocksdb::Env::Default(),
                                                   EngineOptions(backup_dir), &raw);
      !s.ok()) {
    return FromRocks(s, absl::StrCat("opening backups in ", backup_dir));
  }
  return std::unique_ptr<rocksdb::BackupEngineReadOnly>(raw);
}

absl::StatusOr<std::vector<BackupInfo>> ListWith(const rocksdb::BackupEngineReadOnly& engine,
                                                 const std::string& backup_dir) {
  std::vector<rocksdb::BackupInfo> infos;
  engine.GetBackupInfo(&infos);
  std::vector<rocksdb::BackupID> corrupt;
  engine.GetCorruptedBackups(&corrupt);
  if (infos.empty() && corrupt.empty()) {
    return absl::NotFoundError(absl::StrCat("no backups in ", backup_dir));
  }
  std::vector<BackupInfo> out;
  for (const auto& info : infos) out.push_back(FromRocksInfo(info));
  for (const rocksdb::BackupID id : corrupt) out.push_back(Damaged(engine, backup_dir, id));
  std::sort(out.begin(), out.end(),
            [](const BackupInfo& a, const BackupInfo& b) { return a.id < b.id; });
  return out;
}

absl::Status VerifyWith(const rocksdb::BackupEngineReadOnly& engine, const std::string& backup_dir,
                        uint32_t id) {
  return FromRocks(engine.VerifyBackup(id, /*verify_with_checksum=*/true),
                   absl::StrCat("verifying backup ", id, " in ", backup_dir));
}

}  // namespace

uint64_t DirectoryBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    std::error_code size_error;
    if (it->is_regular_file(size_error)) total += it->file_size(size_error);
  }
  return total;
}

absl::StatusOr<BackupResult> BackupOpenStore(const std::string& data_dir,
                                             const std::string& backup_dir, int keep) {
  absl::StatusOr<BackupResult> result = absl::InternalError("no backup taken");
  const absl::Status found = internal::WithOpenDb(data_dir, [&](rocksdb::DB* db) {
    result = Backup(db, data_dir, backup_dir, keep);
    return absl::OkStatus();
  });
  if (!found.ok()) return found;
  Record(data_dir, result);
  LogLine(result.ok() ? "info" : "error", result.ok() ? "backup taken" : "backup failed")
      .Add("data_dir", data_dir)
      .Add("backup_dir", backup_dir)
      .Add("backup_id", result.ok() ? static_cast<int64_t>(result->backup.id) : 0)
      .Add("size_bytes", result.ok() ? static_cast<int64_t>(result->backup.size_bytes) : 0)
      .Add("duration_ms", result.ok() ? absl::ToInt64Milliseconds(result->duration) : 0)
      .Add("error", result.ok() ? "" : std::string(result.status().message()))
      .Emit();
  return result;
}

absl::StatusOr<std::vector<BackupInfo>> ListBackups(const std::string& backup_dir) {
  JUESUAN_ASSIGN_OR_RETURN(const std::unique_ptr<rocksdb::BackupEngineReadOnly> engine,
                           OpenReadOnly(backup_dir));
  return ListWith(*engine, backup_dir);
}

void RecordVerification(const std::string& data_dir, int damaged) {
  CollectOnce();
  absl::MutexLock lock(&last_mu);
  LastBackup& last = Last()[data_dir];
  last.verify_time = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  last.damaged = damaged;
}

absl::Status VerifyBackup(const std::string& backup_dir, uint32_t id) {
  JUESUAN_ASSIGN_OR_RETURN(const std::unique_ptr<rocksdb::BackupEngineReadOnly> engine,
                           OpenReadOnly(backup_dir));
  return VerifyWith(*engine, backup_dir, id);
}

absl::StatusOr<BackupInfo> RestoreBackup(const std::string& backup_dir, uint32_t id,
                                         const std::string& data_dir) {
  std::error_code error;
  if (fs::exists(data_dir, error) && !fs::is_empty(data_dir, error)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data directory ", data_dir,
        " is not empty: a restore never overwrites a store (move it aside, or restore into a "
        "new directory)"));
  }
  JUESUAN_ASSIGN_OR_RETURN(const std::unique_ptr<rocksdb::BackupEngineReadOnly> engine,
                           OpenReadOnly(backup_dir));
  JUESUAN_ASSIGN_OR_RETURN(std::vector<BackupInfo> backups, ListWith(*engine, backup_dir));
  const BackupInfo* chosen = &backups.back();
  if (id != 0) {
    chosen = nullptr;
    for (const BackupInfo& b : backups) {
      if (b.id == id) chosen = &b;
    }
    if (chosen == nullptr) {
      return absl::NotFoundError(absl::StrCat("no backup ", id, " in ", backup_dir));
    }
  }
  if (!chosen->damage.empty()) {
    // Never an older one in its place unasked: the operator must know what
    // the restored store lacks.
    return absl::DataLossError(
        absl::StrCat(chosen->damage, id == 0 ? "; it is the newest: name an older one" : ""));
  }
  JUESUAN_RETURN_IF_ERROR(VerifyWith(*engine, backup_dir, chosen->id));
  if (auto s =
          engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), chosen->id, data_dir, data_dir);
      !s.ok()) {
    return FromRocks(s, absl::StrCat("restoring backup ", chosen->id, " into ", data_dir));
  }
  return *chosen;
}

}  // namespace juesuan::storage
