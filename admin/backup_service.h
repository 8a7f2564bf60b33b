// juesuan.admin.v1.StoreBackupService: every server's online backups of its
// own store (storage/backup.h) over gRPC, beside its API on the same port,
// under the same guard of who may call (the scheduler role: a backup holds
// every department). Backups go only under the server's --backup_dir, never
// where a caller names: a caller picks a folder under it.
#ifndef JUESUAN_ADMIN_BACKUP_SERVICE_H_
#define JUESUAN_ADMIN_BACKUP_SERVICE_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/access_control.h"
#include "common/grpc_server.h"
#include "common/thread_pool.h"
#include "juesuan/admin/v1/backup_service.grpc.pb.h"

namespace juesuan::admin {

namespace av1 = ::juesuan::admin::v1;

inline constexpr char kBackupServiceName[] = "juesuan.admin.v1.StoreBackupService";

// A store the server holds.
struct BackupStore {
  std::string name;      // "ingestion", "scoring" or "rendering"
  std::string service;   // its API service's full name
  std::string data_dir;  // open in this process
};

struct BackupServiceOptions {
  std::vector<BackupStore> stores;  // one; juesuan-suite's three
  std::string backup_dir;           // --backup_dir; empty: backups refused
  int keep = 7;                     // --backup_keep: kept when a request says 0
};

// Who may call it: the scheduler (the nightly CronJob), not limited to
// departments, for a backup holds every department.
const ServiceAccess& BackupAccess();

// `requested` (CreateBackupRequest.directory) as a directory under `root`,
// or INVALID_ARGUMENT naming the field (absolute elsewhere, or with "..").
absl::StatusOr<std::string> BackupDirectory(const std::string& root, const std::string& requested);

using RawBackupService = av1::StoreBackupService::WithRawCallbackMethod_CreateBackup<
    av1::StoreBackupService::WithRawCallbackMethod_ListBackups<av1::StoreBackupService::Service>>;

class BackupService final : public RawBackupService {
 public:
  // Says when a call's client has stopped waiting (a status to end with), or OK.
  using Stopped = std::function<absl::Status()>;

  // Its guard from `security` (as the server's API has); INVALID_ARGUMENT
  // if the policy does not load.
  static absl::StatusOr<std::unique_ptr<BackupService>> Create(
      BackupServiceOptions options, const ServerSecurityOptions& security);

  grpc::ServerUnaryReactor* CreateBackup(grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListBackups(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;

  // What to register with GrpcServer::Start.
  ServedService served() { return {kBackupServiceName, this}; }

 private:
  BackupService(BackupServiceOptions options, std::unique_ptr<CallGuard> guard);

  // The store a request names (or the only one), and the folder its
  // backups go to; errors name the field.
  absl::StatusOr<const BackupStore*> Store(const std::string& name) const;
  absl::StatusOr<std::string> Directory(const BackupStore& store,
                                        const std::string& requested) const;
  // `stopped` says when the caller has stopped waiting: a backup is not
  // taken for it once the folder is free, a verification stops between
  // backups.
  absl::StatusOr<av1::Backup> Create(const av1::CreateBackupRequest& request,
                                     const Stopped& stopped) const;
  absl::StatusOr<av1::ListBackupsResponse> List(const av1::ListBackupsRequest& request,
                                                const Stopped& stopped) const;
  // The lock of one backup folder: a backup writes it (new files, old
  // backups purged) while no listing reads it, or a verification would find
  // files vanishing.
  absl::Mutex& FolderLock(const std::string& directory) const;

  const BackupServiceOptions options_;
  std::unique_ptr<CallGuard> guard_;
  // Backups run here, one at a time, off gRPC's threads.
  ThreadPool pool_{1};
  // Listings run here, off gRPC's threads (one that verifies reads every
  // backup): two, so a listing of one folder is not queued behind a
  // verification of another.
  ThreadPool list_pool_{2};
  mutable absl::Mutex folders_mu_;
  mutable std::map<std::string, std::unique_ptr<absl::Mutex>> folders_ ABSL_GUARDED_BY(folders_mu_);
};

}  // namespace juesuan::admin

#endif  // JUESUAN_ADMIN_BACKUP_SERVICE_H_
