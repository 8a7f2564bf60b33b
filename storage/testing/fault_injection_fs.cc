#include "storage/testing/fault_injection_fs.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"

namespace juesuan::storage {
namespace {

using ::rocksdb::DirFsyncOptions;
using ::rocksdb::FileOptions;
using ::rocksdb::FSDirectory;
using ::rocksdb::FSRandomRWFile;
using ::rocksdb::FSWritableFile;
using ::rocksdb::IODebugContext;
using ::rocksdb::IOOptions;
using ::rocksdb::IOStatus;
using ::rocksdb::Slice;

// RocksDB names the same file "db/000004.log" and "db//000004.log" depending
// on how the directory was given; the model keys everything by one spelling.
std::string Normalize(const std::string& path) {
  std::string p = std::filesystem::path(path).lexically_normal().string();
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}
std::string DirOf(const std::string& normalized) {
  return std::filesystem::path(normalized).parent_path().string();
}
std::string BaseOf(const std::string& normalized) {
  return std::filesystem::path(normalized).filename().string();
}

}  // namespace

// A file open for writing: every call goes to the real file; appends grow
// the model's size, a completed Sync/Fsync makes what was appended before it
// durable. Close makes nothing durable (RocksDB's model syncs on Close; a
// real disk does not).
class FaultInjectionFileSystem::Writable : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  Writable(std::unique_ptr<FSWritableFile> file, FaultInjectionFileSystem* fs,
           std::shared_ptr<FileState> state)
      : FSWritableFileOwnerWrapper(std::move(file)), fs_(fs), state_(std::move(state)) {}

  IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = fs_->BeginMutation();
    if (s.ok()) s = target()->Append(data, options, dbg);
    if (s.ok()) Grow(data.size(), std::nullopt);
    return s;
  }
  IOStatus Append(const Slice& data, const IOOptions& options,
                  const rocksdb::DataVerificationInfo& verification_info,
                  IODebugContext* dbg) override {
    IOStatus s = fs_->BeginMutation();
    if (s.ok()) s = target()->Append(data, options, verification_info, dbg);
    if (s.ok()) Grow(data.size(), std::nullopt);
    return s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            IODebugContext* dbg) override {
    IOStatus s = fs_->BeginMutation();
    if (s.ok()) s = target()->PositionedAppend(data, offset, options, dbg);
    if (s.ok()) Grow(data.size(), offset);
    return s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            const rocksdb::DataVerificationInfo& verification_info,
                            IODebugContext* dbg) override {
    IOStatus s = fs_->BeginMutation();
    if (s.ok()) s = target()->PositionedAppend(data, offset, options, verification_info, dbg);
    if (s.ok()) Grow(data.size(), offset);
    return s;
  }
  IOStatus Truncate(uint64_t size, const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = fs_->BeginMutation();
    if (s.ok()) s = target()->Truncate(size, options, dbg);
    if (s.ok()) {
      absl::MutexLock lock(&fs_->mu_);
      state_->size = size;
      state_->durable = std::min(state_->durable, size);
    }
    return s;
  }
  IOStatus Sync(const IOOptions& options, IODebugContext* dbg) override {
    return SyncWith([&] { return target()->Sync(options, dbg); });
  }
  IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
    return SyncWith([&] { return target()->Fsync(options, dbg); });
  }
  // sync_file_range(2) starts writeback but promises nothing after a power
  // loss (no metadata, no disk cache flush): it changes nothing here.
  IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const IOOptions& options,
                     IODebugContext* dbg) override {
    IOStatus s = fs_->BeginMutation();
    if (s.ok()) s = target()->RangeSync(offset, nbytes, options, dbg);
    return s;
  }
  IOStatus Flush(const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = fs_->BeginMutation();
    if (s.ok()) s = target()->Flush(options, dbg);
    return s;
  }
  // The real file is closed either way (its descriptor must not leak when the
  // power is out); with the power out the caller is told it failed.
  IOStatus Close(const IOOptions& options, IODebugContext* dbg) override {
    IOStatus power = fs_->BeginMutation();
    IOStatus s = target()->Close(options, dbg);
    return power.ok() ? s : power;
  }

 private:
  // The file grew by `n` bytes at `offset` (at its end if none).
  void Grow(uint64_t n, std::optional<uint64_t> offset) {
    absl::MutexLock lock(&fs_->mu_);
    const uint64_t start = offset.has_value() ? *offset : state_->size;
    state_->size = std::max(state_->size, start + n);
  }
  // Whatever was appended before the sync started is durable once it returns
  // (RocksDB may append from one thread while syncing from another).
  template <typename SyncFn>
  IOStatus SyncWith(SyncFn sync) {
    IOStatus s = fs_->BeginMutation();
    if (!s.ok()) return s;
    uint64_t appended;
    {
      absl::MutexLock lock(&fs_->mu_);
      appended = state_->size;
    }
    s = sync();
    if (s.ok()) {
      absl::MutexLock lock(&fs_->mu_);
      state_->durable = std::max(state_->durable, std::min(appended, state_->size));
    }
    return s;
  }

  FaultInjectionFileSystem* const fs_;
  const std::shared_ptr<FileState> state_;
};

// A directory: a completed fsync makes the names created in it (and the
// renames into it) durable. RocksDB 7.8 (as strace shows) fsyncs the DB
// directory after renaming CURRENT to a new MANIFEST (which also covers the
// SSTs of a recovery flush), after a compaction's SSTs are synced and before
// the MANIFEST records them, and before the first synced write to a new WAL.
class FaultInjectionFileSystem::Directory : public rocksdb::FSDirectoryWrapper {
 public:
  Directory(std::unique_ptr<FSDirectory> dir, FaultInjectionFileSystem* fs, std::string name)
      : FSDirectoryWrapper(std::move(dir)), fs_(fs), name_(std::move(name)) {}

  IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
    IOStatus s = fs_->BeginMutation();
    if (s.ok()) s = FSDirectoryWrapper::Fsync(options, dbg);
    if (s.ok()) fs_->OnDirectoryFsynced(name_);
    return s;
  }
  IOStatus FsyncWithDirOptions(const IOOptions& options, IODebugContext* dbg,
                               const DirFsyncOptions& dir_fsync_options) override {
    IOStatus s = fs_->BeginMutation();
    if (s.ok()) s = FSDirectoryWrapper::FsyncWithDirOptions(options, dbg, dir_fsync_options);
    if (s.ok()) fs_->OnDirectoryFsynced(name_);
    return s;
  }

 private:
  FaultInjectionFileSystem* const fs_;
  const std::string name_;
};

FaultInjectionFileSystem::FaultInjectionFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base)
    : FileSystemWrapper(base) {}

void FaultInjectionFileSystem::SetFilesystemActive(bool active) {
  absl::MutexLock lock(&mu_);
  active_ = active;
}

bool FaultInjectionFileSystem::IsFilesystemActive() const {
  absl::MutexLock lock(&mu_);
  return active_;
}

void FaultInjectionFileSystem::SchedulePowerLoss(int64_t n) {
  absl::MutexLock lock(&mu_);
  power_loss_countdown_ = n;
}

int64_t FaultInjectionFileSystem::MutationCount() const {
  absl::MutexLock lock(&mu_);
  return mutations_;
}

int64_t FaultInjectionFileSystem::DirectoryFsyncs() const {
  absl::MutexLock lock(&mu_);
  return directory_fsyncs_;
}

IOStatus FaultInjectionFileSystem::BeginMutation() {
  absl::MutexLock lock(&mu_);
  if (active_ && power_loss_countdown_ == 0) {
    active_ = false;
    power_loss_countdown_ = -1;
  }
  if (!active_) return IOStatus::IOError("simulated power loss: the file system is off");
  if (power_loss_countdown_ > 0) --power_loss_countdown_;
  ++mutations_;
  return IOStatus::OK();
}

void FaultInjectionFileSystem::OnDirectoryFsynced(const std::string& dirname) {
  absl::MutexLock lock(&mu_);
  ++directory_fsyncs_;
  created_since_dir_sync_.erase(dirname);
  replaced_since_dir_sync_.erase(dirname);
}

std::shared_ptr<FaultInjectionFileSystem::FileState> FaultInjectionFileSystem::Track(
    const std::string& fname, uint64_t existing_size, bool created) {
  auto state = std::make_shared<FileState>();
  state->size = existing_size;
  state->durable = existing_size;
  files_[fname] = state;
  if (created) created_since_dir_sync_[DirOf(fname)].insert(BaseOf(fname));
  return state;
}

IOStatus FaultInjectionFileSystem::NewWritableFile(const std::string& fname,
                                                   const FileOptions& file_opts,
                                                   std::unique_ptr<FSWritableFile>* result,
                                                   IODebugContext* dbg) {
  IOStatus s = BeginMutation();
  if (!s.ok()) return s;
  std::unique_ptr<FSWritableFile> file;
  s = target()->NewWritableFile(fname, file_opts, &file, dbg);
  if (!s.ok()) return s;
  std::shared_ptr<FileState> state;
  {
    // Like RocksDB's model, a file (re)created by NewWritableFile is new to
    // its directory until the directory is fsynced, even if the name existed.
    absl::MutexLock lock(&mu_);
    state = Track(Normalize(fname), 0, /*created=*/true);
  }
  *result = std::make_unique<Writable>(std::move(file), this, std::move(state));
  return IOStatus::OK();
}

IOStatus FaultInjectionFileSystem::ReopenWritableFile(const std::string& fname,
                                                      const FileOptions& file_opts,
                                                      std::unique_ptr<FSWritableFile>* result,
                                                      IODebugContext* dbg) {
  IOStatus s = BeginMutation();
  if (!s.ok()) return s;
  const bool existed = target()->FileExists(fname, IOOptions(), dbg).ok();
  std::unique_ptr<FSWritableFile> file;
  s = target()->ReopenWritableFile(fname, file_opts, &file, dbg);
  if (!s.ok()) return s;
  uint64_t size = 0;
  if (existed) {
    s = target()->GetFileSize(fname, IOOptions(), &size, dbg);
    if (!s.ok()) return s;
  }
  std::shared_ptr<FileState> state;
  {
    absl::MutexLock lock(&mu_);
    const std::string name = Normalize(fname);
    auto it = files_.find(name);
    // Written earlier since the last power loss: keep what is known to be
    // durable. Otherwise what is there survived the last power loss.
    state = it != files_.end() ? it->second : Track(name, size, /*created=*/!existed);
  }
  *result = std::make_unique<Writable>(std::move(file), this, std::move(state));
  return IOStatus::OK();
}

IOStatus FaultInjectionFileSystem::ReuseWritableFile(const std::string& fname,
                                                     const std::string& old_fname,
                                                     const FileOptions&,
                                                     std::unique_ptr<FSWritableFile>*,
                                                     IODebugContext*) {
  return IOStatus::NotSupported(absl::StrCat(
      "FaultInjectionFileSystem does not model recycled files: ", old_fname, " -> ", fname));
}

IOStatus FaultInjectionFileSystem::NewRandomRWFile(const std::string& fname, const FileOptions&,
                                                   std::unique_ptr<FSRandomRWFile>*,
                                                   IODebugContext*) {
  return IOStatus::NotSupported(
      absl::StrCat("FaultInjectionFileSystem does not model random-access writes: ", fname));
}

IOStatus FaultInjectionFileSystem::NewDirectory(const std::string& name, const IOOptions& io_opts,
                                                std::unique_ptr<FSDirectory>* result,
                                                IODebugContext* dbg) {
  std::unique_ptr<FSDirectory> dir;
  IOStatus s = target()->NewDirectory(name, io_opts, &dir, dbg);
  if (!s.ok()) return s;
  *result = std::make_unique<Directory>(std::move(dir), this, Normalize(name));
  return IOStatus::OK();
}

// As in RocksDB's model, a deletion is durable at once (a deleted file never
// comes back).
IOStatus FaultInjectionFileSystem::DeleteFile(const std::string& fname, const IOOptions& options,
                                              IODebugContext* dbg) {
  IOStatus s = BeginMutation();
  if (s.ok()) s = target()->DeleteFile(fname, options, dbg);
  if (s.ok()) {
    absl::MutexLock lock(&mu_);
    const std::string name = Normalize(fname);
    files_.erase(name);
    created_since_dir_sync_[DirOf(name)].erase(BaseOf(name));
    replaced_since_dir_sync_[DirOf(name)].erase(BaseOf(name));
  }
  return s;
}

// As in RocksDB's model, a rename moves the file's state to its new name, and
// a file created since its directory's last fsync is still not durable under
// its new name. Stricter than RocksDB's model: when such a file replaces an
// existing durable one (RocksDB writes CURRENT this way), a power loss before
// the directory fsync brings the old content back rather than leaving no file.
IOStatus FaultInjectionFileSystem::RenameFile(const std::string& src, const std::string& dst,
                                              const IOOptions& options, IODebugContext* dbg) {
  IOStatus s = BeginMutation();
  if (!s.ok()) return s;
  const std::string from = Normalize(src);
  const std::string to = Normalize(dst);

  // The content `dst` would come back with, read before the rename replaces it.
  std::optional<std::string> replaced;
  {
    absl::MutexLock lock(&mu_);
    const bool from_is_new = created_since_dir_sync_[DirOf(from)].count(BaseOf(from)) > 0;
    const bool to_is_new = created_since_dir_sync_[DirOf(to)].count(BaseOf(to)) > 0;
    const bool to_saved = replaced_since_dir_sync_[DirOf(to)].count(BaseOf(to)) > 0;
    if (from_is_new && !to_is_new && !to_saved &&
        FileSystemWrapper::FileExists(dst, options, dbg).ok()) {
      std::string content;
      IOStatus read = rocksdb::ReadFileToString(target(), dst, &content);
      if (!read.ok()) return read;
      auto it = files_.find(to);
      if (it != files_.end() && content.size() > it->second->durable) {
        content.resize(it->second->durable);
      }
      replaced = std::move(content);
    }
  }

  s = FileSystemWrapper::RenameFile(src, dst, options, dbg);
  if (!s.ok()) return s;

  absl::MutexLock lock(&mu_);
  if (replaced.has_value()) replaced_since_dir_sync_[DirOf(to)][BaseOf(to)] = *std::move(replaced);
  auto it = files_.find(from);
  if (it != files_.end()) {
    files_[to] = it->second;
    files_.erase(from);
  } else {
    files_.erase(to);
  }
  if (created_since_dir_sync_[DirOf(from)].erase(BaseOf(from)) > 0) {
    created_since_dir_sync_[DirOf(to)].insert(BaseOf(to));
  } else {
    // A durable file renamed: durable at once, as in RocksDB's model.
    created_since_dir_sync_[DirOf(to)].erase(BaseOf(to));
    replaced_since_dir_sync_[DirOf(to)].erase(BaseOf(to));
  }
  return s;
}

IOStatus FaultInjectionFileSystem::LinkFile(const std::string& src, const std::string& dst,
                                            const IOOptions& options, IODebugContext* dbg) {
  IOStatus s = BeginMutation();
  if (s.ok()) s = FileSystemWrapper::LinkFile(src, dst, options, dbg);
  if (s.ok()) {
    absl::MutexLock lock(&mu_);
    const std::string to = Normalize(dst);
    created_since_dir_sync_[DirOf(to)].insert(BaseOf(to));
  }
  return s;
}

IOStatus FaultInjectionFileSystem::Truncate(const std::string& fname, size_t size,
                                            const IOOptions& options, IODebugContext* dbg) {
  IOStatus s = BeginMutation();
  if (s.ok()) s = FileSystemWrapper::Truncate(fname, size, options, dbg);
  if (s.ok()) {
    absl::MutexLock lock(&mu_);
    auto it = files_.find(Normalize(fname));
    if (it != files_.end()) {
      it->second->size = size;
      it->second->durable = std::min<uint64_t>(it->second->durable, size);
    }
  }
  return s;
}

IOStatus FaultInjectionFileSystem::CreateDir(const std::string& dirname, const IOOptions& options,
                                             IODebugContext* dbg) {
  IOStatus s = BeginMutation();
  return s.ok() ? FileSystemWrapper::CreateDir(dirname, options, dbg) : s;
}

IOStatus FaultInjectionFileSystem::CreateDirIfMissing(const std::string& dirname,
                                                      const IOOptions& options,
                                                      IODebugContext* dbg) {
  IOStatus s = BeginMutation();
  return s.ok() ? FileSystemWrapper::CreateDirIfMissing(dirname, options, dbg) : s;
}

IOStatus FaultInjectionFileSystem::DeleteDir(const std::string& dirname, const IOOptions& options,
                                             IODebugContext* dbg) {
  IOStatus s = BeginMutation();
  return s.ok() ? FileSystemWrapper::DeleteDir(dirname, options, dbg) : s;
}

FaultInjectionFileSystem::PowerLossReport FaultInjectionFileSystem::SimulatePowerLoss(
    const SurvivingLength& surviving_length) {
  absl::MutexLock lock(&mu_);
  PowerLossReport report;
  const IOOptions io;
  // 1. Every file written since the last power loss keeps its durable bytes.
  // (RocksDB 7.8's PosixFileSystem has no path-level Truncate: truncate(2).)
  for (const auto& [name, state] : files_) {
    std::error_code error;
    const uint64_t size = std::filesystem::file_size(name, error);
    if (error) continue;  // deleted since
    if (size <= state->durable) continue;
    uint64_t keep = state->durable;
    if (surviving_length) {
      keep = std::clamp<uint64_t>(surviving_length(state->durable, size), state->durable, size);
    }
    if (keep == size) continue;
    std::filesystem::resize_file(name, keep, error);
    if (error) {
      report.errors.push_back(absl::StrCat("truncating ", name, ": ", error.message()));
    } else {
      report.truncated.push_back(absl::StrCat(name, ": ", size, " -> ", keep));
    }
  }
  // 2. Names no directory fsync made durable vanish.
  for (const auto& [dir, names] : created_since_dir_sync_) {
    for (const std::string& base : names) {
      const std::string name = absl::StrCat(dir, "/", base);
      if (!target()->FileExists(name, io, nullptr).ok()) continue;
      if (IOStatus s = target()->DeleteFile(name, io, nullptr); !s.ok()) {
        report.errors.push_back(absl::StrCat("removing ", name, ": ", s.ToString()));
      } else {
        report.removed.push_back(name);
      }
    }
  }
  // 3. Files replaced by a rename no directory fsync made durable come back.
  for (const auto& [dir, saved] : replaced_since_dir_sync_) {
    for (const auto& [base, content] : saved) {
      const std::string name = absl::StrCat(dir, "/", base);
      if (IOStatus s = rocksdb::WriteStringToFile(target(), content, name, /*should_sync=*/true);
          !s.ok()) {
        report.errors.push_back(absl::StrCat("restoring ", name, ": ", s.ToString()));
      } else {
        report.restored.push_back(name);
      }
    }
  }
  files_.clear();
  created_since_dir_sync_.clear();
  replaced_since_dir_sync_.clear();
  active_ = true;
  power_loss_countdown_ = -1;
  return report;
}

}  // namespace juesuan::storage
