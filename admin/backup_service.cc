#include "admin/backup_service.h"

#include <chrono>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/raw_unary.h"
#include "common/request_errors.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "storage/backup.h"

namespace juesuan::admin {
namespace {

namespace fs = std::filesystem;

constexpr char kDomain[] = "juesuan.admin";

av1::Backup ToProto(const storage::BackupInfo& info, const std::string& directory,
                    const BackupStore& store) {
  av1::Backup out;
  out.set_backup_id(info.id);
  out.set_directory(directory);
  out.set_service(store.service);
  out.set_store(store.name);
  if (!info.damage.empty()) {  // nothing else is known of it
    out.set_damage(info.damage);
    return out;
  }
  out.set_data_dir(info.data_dir);
  *out.mutable_create_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(info.create_time));
  out.set_size_bytes(static_cast<int64_t>(info.size_bytes));
  out.set_file_count(static_cast<int32_t>(info.files));
  return out;
}

// Whether the call's client has stopped waiting: its deadline passed, or it
// cancelled. (Checked from the pool's thread; gRPC allows IsCancelled there.)
BackupService::Stopped StopsWith(grpc::CallbackServerContext* context) {
  return [context]() -> absl::Status {
    if (context->deadline() <= std::chrono::system_clock::now()) {
      return absl::DeadlineExceededError("the deadline passed while it waited or worked");
    }
    if (context->IsCancelled()) return absl::CancelledError("cancelled while it waited or worked");
    return absl::OkStatus();
  };
}

}  // namespace

const ServiceAccess& BackupAccess() {
  static const auto* access =
      new ServiceAccess{kBackupServiceName,
                        {
                            {"CreateBackup", {config::v1::ROLE_SCHEDULER}, Scope::kDepartment},
                            {"ListBackups", {config::v1::ROLE_SCHEDULER}, Scope::kDepartment},
                        }};
  return *access;
}

absl::StatusOr<std::string> BackupDirectory(const std::string& root, const std::string& requested) {
  if (root.empty()) {
    return absl::FailedPreconditionError(
        "this server was started without --backup_dir: it takes no backups");
  }
  const fs::path base = fs::path(root).lexically_normal();
  if (requested.empty()) return base.string();
  const fs::path asked = fs::path(requested).lexically_normal();
  const fs::path full = asked.is_absolute() ? asked : (base / asked).lexically_normal();
  const fs::path relative = full.lexically_relative(base);
  if (relative.empty() || *relative.begin() == "..") {
    return BadField(kDomain, "directory",
                    absl::StrCat("must be under the server's --backup_dir ", root, ", got \"",
                                 requested, "\""));
  }
  return full.string();
}

absl::StatusOr<std::unique_ptr<BackupService>> BackupService::Create(
    BackupServiceOptions options, const ServerSecurityOptions& security) {
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<CallGuard> guard,
                           MakeCallGuard(BackupAccess(), security));
  return std::unique_ptr<BackupService>(new BackupService(std::move(options), std::move(guard)));
}

BackupService::BackupService(BackupServiceOptions options, std::unique_ptr<CallGuard> guard)
    : options_(std::move(options)), guard_(std::move(guard)) {}

absl::StatusOr<const BackupStore*> BackupService::Store(const std::string& name) const {
  std::string held;
  for (const BackupStore& store : options_.stores) {
    if (store.name == name || (name.empty() && options_.stores.size() == 1)) return &store;
    absl::StrAppend(&held, held.empty() ? "" : ", ", store.name);
  }
  return BadField(kDomain, "store",
                  name.empty() ? absl::StrCat("name one: this server holds ", held)
                               : absl::StrCat("this server holds no store \"", name,
                                              "\" (it holds ", held, ")"));
}

absl::StatusOr<std::string> BackupService::Directory(const BackupStore& store,
                                                     const std::string& requested) const {
  if (options_.backup_dir.empty() || options_.stores.size() == 1) {
    return BackupDirectory(options_.backup_dir, requested);
  }
  // Several stores: each its own folder under --backup_dir.
  return BackupDirectory((fs::path(options_.backup_dir) / store.name).string(), requested);
}

absl::Mutex& BackupService::FolderLock(const std::string& directory) const {
  absl::MutexLock lock(&folders_mu_);
  std::unique_ptr<absl::Mutex>& folder = folders_[directory];
  if (folder == nullptr) folder = std::make_unique<absl::Mutex>();
  return *folder;
}

absl::StatusOr<av1::Backup> BackupService::Create(const av1::CreateBackupRequest& request,
                                                  const Stopped& stopped) const {
  if (request.keep() < 0) return BadField(kDomain, "keep", "must not be negative");
  JUESUAN_ASSIGN_OR_RETURN(const BackupStore* store, Store(request.store()));
  JUESUAN_ASSIGN_OR_RETURN(const std::string directory, Directory(*store, request.directory()));
  absl::WriterMutexLock lock(&FolderLock(directory));
  // It may have waited out a verification of the folder: not taken for a
  // caller who has stopped waiting.
  JUESUAN_RETURN_IF_ERROR(stopped());
  JUESUAN_ASSIGN_OR_RETURN(
      const storage::BackupResult taken,
      storage::BackupOpenStore(store->data_dir, directory,
                               request.keep() > 0 ? request.keep() : options_.keep));
  av1::Backup out = ToProto(taken.backup, directory, *store);
  out.set_directory_bytes(static_cast<int64_t>(taken.directory_bytes));
  out.set_duration_ms(absl::ToInt64Milliseconds(taken.duration));
  return out;
}

absl::StatusOr<av1::ListBackupsResponse> BackupService::List(const av1::ListBackupsRequest& request,
                                                             const Stopped& stopped) const {
  JUESUAN_ASSIGN_OR_RETURN(const BackupStore* store, Store(request.store()));
  JUESUAN_ASSIGN_OR_RETURN(const std::string directory, Directory(*store, request.directory()));
  absl::ReaderMutexLock lock(&FolderLock(directory));
  JUESUAN_ASSIGN_OR_RETURN(const std::vector<storage::BackupInfo> backups,
                           storage::ListBackups(directory));
  av1::ListBackupsResponse out;
  int damaged = 0;
  for (const auto& b : backups) {
    av1::Backup& listed = *out.add_backups();
    listed = ToProto(b, directory, *store);
    if (request.verify() && b.damage.empty()) {
      JUESUAN_RETURN_IF_ERROR(stopped());
      const absl::Status verified = storage::VerifyBackup(directory, b.id);
      listed.set_verified(verified.ok());
      listed.set_damage(std::string(verified.message()));
    }
    damaged += listed.damage().empty() ? 0 : 1;
  }
  // /metrics tells of the nightly folder (--backup_dir); a folder under it
  // (before-upgrade, a drill) is verified for its caller only.
  if (request.verify() && request.directory().empty()) {
    storage::RecordVerification(store->data_dir, damaged);
  }
  return out;
}

grpc::ServerUnaryReactor* BackupService::CreateBackup(grpc::CallbackServerContext* context,
                                                      const grpc::ByteBuffer* request,
                                                      grpc::ByteBuffer* response) {
  return ServeUnary<av1::CreateBackupRequest, av1::Backup>(
      context, request, response, guard_.get(), "CreateBackup", &pool_,
      [](const av1::CreateBackupRequest& r, CallInfo& info) { info.resource = r.directory(); },
      [this, context](const av1::CreateBackupRequest& r) { return Create(r, StopsWith(context)); });
}

grpc::ServerUnaryReactor* BackupService::ListBackups(grpc::CallbackServerContext* context,
                                                     const grpc::ByteBuffer* request,
                                                     grpc::ByteBuffer* response) {
  return ServeUnary<av1::ListBackupsRequest, av1::ListBackupsResponse>(
      context, request, response, guard_.get(), "ListBackups", &list_pool_,
      [](const av1::ListBackupsRequest& r, CallInfo& info) { info.resource = r.directory(); },
      [this, context](const av1::ListBackupsRequest& r) { return List(r, StopsWith(context)); });
}

}  // namespace juesuan::admin
