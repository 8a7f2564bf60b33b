// Online backups of a store and their restore, with RocksDB's BackupEngine.
//
// Why BackupEngine rather than a Checkpoint: a checkpoint is a whole copy
// (hard links only on the same file system, and a backup volume is another
// one), so ten nightly checkpoints of a province's store are ten stores;
// BackupEngine copies only the SST files a directory does not hold yet
// (they are immutable and named by content checksum), so a night's backup
// copies what changed, each backup is still a whole point in time, and
// every file is checksummed, verified before a restore.
//
// A backup is taken of the store open in this process at a data directory
// while it serves: its live files and write-ahead log at one instant, so a
// write batch (a revision with its head and index) is in it whole or not
// at all, and every write acknowledged before the backup began is in it.
// Restoring writes a data directory that must not hold a store; the server
// then opens it as its own.
#ifndef JUESUAN_STORAGE_BACKUP_H_
#define JUESUAN_STORAGE_BACKUP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace juesuan::storage {

struct BackupInfo {
  uint32_t id = 0;
  absl::Time create_time;
  uint64_t size_bytes = 0;  // this backup's files (shared ones included)
  uint32_t files = 0;
  std::string data_dir;  // what was backed up (stored with the backup)
  // Set when RocksDB set this backup aside as corrupt on opening its folder
  // (a file it names is missing, or its own metadata is unreadable): it
  // cannot be restored, and only `id` is known of it.
  std::string damage;
};

// What a new backup took.
struct BackupResult {
  BackupInfo backup;
  uint64_t directory_bytes = 0;  // the backup directory on disk, every kept backup
  absl::Duration duration;
};

// Backs up the store open at `data_dir` into `backup_dir` (created if
// missing) and then deletes all but the newest `keep` (≥ 1). NOT_FOUND when
// no store is open there. Backups of one process run one at a time.
absl::StatusOr<BackupResult> BackupOpenStore(const std::string& data_dir,
                                             const std::string& backup_dir, int keep);

// The backups in `backup_dir`, oldest first, the damaged ones among them
// (`damage` set); NOT_FOUND if it holds none.
absl::StatusOr<std::vector<BackupInfo>> ListBackups(const std::string& backup_dir);

// Bytes under `dir` on disk (0 if missing).
uint64_t DirectoryBytes(const std::string& dir);

// Reads every file of backup `id` of `backup_dir` and checks it against
// the checksum recorded when it was taken: OK, or what does not match
// (DATA_LOSS for a damaged file, NOT_FOUND for a missing one).
absl::Status VerifyBackup(const std::string& backup_dir, uint32_t id);

// For /metrics: the backups of the store at `data_dir` were just verified
// and `damaged` of them were not whole.
void RecordVerification(const std::string& data_dir, int damaged);

// Verifies backup `id` (0: the newest) of `backup_dir` against its
// checksums and restores it into `data_dir`, which must be missing or
// empty (FAILED_PRECONDITION otherwise: a restore never overwrites a
// store). Returns the backup restored. A damaged backup is DATA_LOSS, the
// newest too: an older one is restored only when named.
absl::StatusOr<BackupInfo> RestoreBackup(const std::string& backup_dir, uint32_t id,
                                         const std::string& data_dir);

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_BACKUP_H_
