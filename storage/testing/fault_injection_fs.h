// Tests only: a RocksDB FileSystem that models a disk's volatile cache, so a
// test can cut the power and see what a real machine would find on restart.
//
// Writes go straight through to the real files (reads see them, as they would
// see the page cache), while the wrapper keeps, for every file it opened for
// writing, the bytes appended and the length durable as of the last
// Sync/Fsync, and for every directory the names created in it since it was
// last fsynced. SimulatePowerLoss() then makes the real directory look like
// the durable state: files are cut back to their durable length, files whose
// creation no directory fsync made durable are removed, and a file replaced
// by a rename that no directory fsync made durable gets its old content back.
//
// The rules follow RocksDB's own FaultInjectionTestFS
// (facebook/rocksdb utilities/fault_injection_fs.cc), simplified, with two
// differences:
//   - stricter: Close does not make data durable (RocksDB's test syncs the
//     file on Close);
//   - more faithful: a rename of a not-yet-durable file over an existing one
//     (how RocksDB replaces CURRENT) is undone on power loss, the old content
//     coming back, where RocksDB's model deletes the name outright, which no
//     real file system does to a rename.
// Like RocksDB's model, deletions and renames of durable files are durable at
// once, RangeSync (bytes_per_sync) makes nothing durable, and a power loss may
// keep any prefix of what was written but not synced (DropRandomUnsyncedData).
//
// Typical use (what RocksDB's db/fault_injection_test.cc does):
//   fs->SetFilesystemActive(false);  // the power goes out: writes now fail
//   store.reset();                   // close the DB; it can write nothing more
//   fs->SimulatePowerLoss();         // drop what was not durable; power back on
//   ... reopen on the same directory and check what survived.
//
// RocksDB types here are fine: this header is for tests under storage/.
#ifndef JUESUAN_STORAGE_TESTING_FAULT_INJECTION_FS_H_
#define JUESUAN_STORAGE_TESTING_FAULT_INJECTION_FS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/file_system.h"
#include "rocksdb/io_status.h"

namespace juesuan::storage {

class FaultInjectionFileSystem : public rocksdb::FileSystemWrapper {
 public:
  // What a power loss did, for diagnostics.
  struct PowerLossReport {
    std::vector<std::string> truncated;  // "name: 1234 -> 1000"
    std::vector<std::string> removed;    // created, never made durable
    std::vector<std::string> restored;   // replaced by a rename, undone
    std::vector<std::string> errors;     // what could not be done (a test bug)
  };

  explicit FaultInjectionFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base);

  static const char* kClassName() { return "JuesuanFaultInjectionFileSystem"; }
  const char* Name() const override { return kClassName(); }

  // False: the power is out. Every write, sync, create, rename, delete and
  // directory fsync fails with an IOError and changes nothing; reads work.
  void SetFilesystemActive(bool active);
  bool IsFilesystemActive() const;

  // The power goes out just before the `n`-th mutating operation from now
  // (n = 0: before the next one); that operation and all later ones fail.
  // Negative: never (the default).
  void SchedulePowerLoss(int64_t n);

  // Mutating operations seen so far (appends, flushes, syncs, closes,
  // creates, renames, deletes, directory fsyncs), to size SchedulePowerLoss.
  // RocksDB's info LOG is not among them: FileSystemWrapper::NewLogger
  // hands it to the base file system, outside the model.
  int64_t MutationCount() const;

  // How much of a file survives, given the length made durable by its last
  // sync and the length written: a disk may have written back part of its
  // cache before the power went out. Clamped to [durable, written].
  using SurvivingLength = std::function<uint64_t(uint64_t durable, uint64_t written)>;

  // Makes the real files what survives a power loss, then forgets all
  // tracking and turns the power back on. Each file written since the last
  // power loss keeps `surviving_length` bytes (default: only what was
  // synced); names not made durable by a directory fsync vanish. Call only
  // once nothing uses the file system (the DB is closed). The base file
  // system must be the local disk: files are cut with truncate(2).
  PowerLossReport SimulatePowerLoss(const SurvivingLength& surviving_length = nullptr);

  // Directory fsyncs seen so far (diagnostics).
  int64_t DirectoryFsyncs() const;

  // rocksdb::FileSystem.
  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& file_opts,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& fname,
                                       const rocksdb::FileOptions& file_opts,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  // Not modelled (WAL recycling, recycle_log_file_num > 0; random-access
  // writes): NotSupported, so a RocksDB that starts using them fails loudly
  // instead of being tested against a model that does not hold.
  rocksdb::IOStatus ReuseWritableFile(const std::string& fname, const std::string& old_fname,
                                      const rocksdb::FileOptions& file_opts,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewRandomRWFile(const std::string& fname, const rocksdb::FileOptions& file_opts,
                                    std::unique_ptr<rocksdb::FSRandomRWFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewDirectory(const std::string& name, const rocksdb::IOOptions& io_opts,
                                 std::unique_ptr<rocksdb::FSDirectory>* result,
                                 rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteFile(const std::string& fname, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus RenameFile(const std::string& src, const std::string& dst,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus LinkFile(const std::string& src, const std::string& dst,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus Truncate(const std::string& fname, size_t size,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus CreateDir(const std::string& dirname, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus CreateDirIfMissing(const std::string& dirname,
                                       const rocksdb::IOOptions& options,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteDir(const std::string& dirname, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override;

 private:
  class Writable;   // a file open for writing; defined in the .cc
  class Directory;  // a directory handle; defined in the .cc

  // A file's sizes as the model sees them: shared with its open writer and
  // moved along by renames.
  struct FileState {
    uint64_t size = 0;     // bytes in the file now
    uint64_t durable = 0;  // bytes a power loss keeps
  };

  // OK if the power is on (and counts the operation), else the IOError.
  rocksdb::IOStatus BeginMutation();
  void OnDirectoryFsynced(const std::string& dirname);
  // Starts tracking `fname` (normalized) as a file just opened for writing.
  std::shared_ptr<FileState> Track(const std::string& fname, uint64_t existing_size, bool created)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  bool active_ ABSL_GUARDED_BY(mu_) = true;
  int64_t power_loss_countdown_ ABSL_GUARDED_BY(mu_) = -1;
  int64_t mutations_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t directory_fsyncs_ ABSL_GUARDED_BY(mu_) = 0;
  // Files opened for writing since the last power loss, by normalized path.
  std::map<std::string, std::shared_ptr<FileState>> files_ ABSL_GUARDED_BY(mu_);
  // Per directory: names created in it since its last fsync.
  std::map<std::string, std::set<std::string>> created_since_dir_sync_ ABSL_GUARDED_BY(mu_);
  // Per directory: durable files replaced by a rename since its last fsync,
  // with the content they had (restored on power loss).
  std::map<std::string, std::map<std::string, std::string>> replaced_since_dir_sync_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_TESTING_FAULT_INJECTION_FS_H_
