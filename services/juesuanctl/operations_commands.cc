// The operators' commands on the servers' stores: online backups (each
// server's StoreBackupService, admin/backup_service.h) and the offline
// restore of one into an empty data directory, on this machine.
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/time_util.h"
#include "juesuan/admin/v1/backup_service.grpc.pb.h"
#include "services/juesuanctl/cli.h"
#include "services/juesuanctl/command.h"
#include "services/juesuanctl/flags.h"
#include "storage/backup.h"

namespace juesuan::ctl {
namespace {

namespace av1 = ::juesuan::admin::v1;
using google::protobuf::util::TimeUtil;

struct Server {
  const char* name;
  std::string address;
};

// The servers --service names: one, or all three.
absl::StatusOr<std::vector<Server>> Servers() {
  const std::vector<Server> all = {{"ingestion", absl::GetFlag(FLAGS_ingestion_addr)},
                                   {"scoring", absl::GetFlag(FLAGS_scoring_addr)},
                                   {"rendering", absl::GetFlag(FLAGS_rendering_addr)}};
  const std::string wanted = absl::GetFlag(FLAGS_service);
  if (wanted == "all") return all;
  for (const Server& s : all) {
    if (wanted == s.name) return std::vector<Server>{s};
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--service must be ingestion, scoring, rendering or all, got \"", wanted, "\""));
}

std::string BackupLine(const std::string& server, const av1::Backup& b) {
  std::string verified;
  if (b.verified()) verified = "  verified";
  if (!b.damage().empty()) verified = absl::StrCat("  DAMAGED: ", b.damage());
  if (!b.has_create_time()) {  // set aside as damaged: nothing else is known of it
    return absl::StrFormat("%-10s backup %u  %s%s\n", server, b.backup_id(), b.directory(),
                           verified);
  }
  return absl::StrFormat("%-10s backup %u  %s  %d files  %d B%s  %s%s\n", server, b.backup_id(),
                         TimeUtil::ToString(b.create_time()), b.file_count(), b.size_bytes(),
                         b.duration_ms() > 0 ? absl::StrCat(" in ", b.duration_ms(), " ms") : "",
                         b.directory(), verified);
}

// Calls `call` on each server, naming its store (juesuan-suite, at every
// address, holds all three); every answer's backups in one response (the
// JSON form), a line each (the text form); 1 if any server failed or any
// backup was found damaged.
using BackupCall = std::function<grpc::Status(av1::StoreBackupService::Stub&, grpc::ClientContext&,
                                              const std::string& store, av1::ListBackupsResponse&)>;
int OnEachServer(const BackupCall& call) {
  absl::StatusOr<std::vector<Server>> servers = Servers();
  if (!servers.ok()) return UsageError(std::string(servers.status().message()));
  av1::ListBackupsResponse all;
  std::string text;
  int exit = kExitOk;
  for (const Server& server : *servers) {
    auto stub = av1::StoreBackupService::NewStub(Dial(server.address));
    grpc::ClientContext context;
    SetDeadline(context);
    av1::ListBackupsResponse answer;
    if (const grpc::Status s = call(*stub, context, server.name, answer); !s.ok()) {
      std::cerr << server.name << " (" << server.address << "):\n";
      exit = PrintError(s);
      continue;
    }
    for (const av1::Backup& b : answer.backups()) {
      if (!b.damage().empty()) exit = kExitFailed;
      *all.add_backups() = b;
      absl::StrAppend(&text, BackupLine(server.name, b));
    }
  }
  Print(all, [&] { return text; });
  return exit;
}

int CreateBackups(const Invocation&) {
  return OnEachServer([&](av1::StoreBackupService::Stub& stub, grpc::ClientContext& context,
                          const std::string& store, av1::ListBackupsResponse& out) {
    av1::CreateBackupRequest request;
    request.set_directory(absl::GetFlag(FLAGS_to));
    request.set_keep(absl::GetFlag(FLAGS_keep));
    request.set_store(store);
    return stub.CreateBackup(&context, request, out.add_backups());
  });
}

int ListBackups(const Invocation&) {
  return OnEachServer([&](av1::StoreBackupService::Stub& stub, grpc::ClientContext& context,
                          const std::string& store, av1::ListBackupsResponse& out) {
    av1::ListBackupsRequest request;
    request.set_directory(absl::GetFlag(FLAGS_to));
    request.set_store(store);
    request.set_verify(absl::GetFlag(FLAGS_verify));
    return stub.ListBackups(&context, request, &out);
  });
}

int Restore(const Invocation&) {
  const std::string from = absl::GetFlag(FLAGS_from);
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (from.empty() || data_dir.empty()) {
    return UsageError("restore: --from=BACKUP_DIR and --data_dir=EMPTY_DIR are required");
  }
  const absl::Time began = absl::Now();
  absl::StatusOr<storage::BackupInfo> restored =
      storage::RestoreBackup(from, static_cast<uint32_t>(absl::GetFlag(FLAGS_backup_id)), data_dir);
  if (!restored.ok()) return Fail(restored.status());
  av1::Backup out;
  out.set_backup_id(restored->id);
  out.set_directory(from);
  out.set_data_dir(restored->data_dir);
  *out.mutable_create_time() =
      TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(restored->create_time));
  out.set_size_bytes(static_cast<int64_t>(restored->size_bytes));
  out.set_file_count(static_cast<int32_t>(restored->files));
  out.set_duration_ms(absl::ToInt64Milliseconds(absl::Now() - began));
  return Print(out, [&] {
    return absl::StrCat("restored backup ", out.backup_id(), " (",
                        TimeUtil::ToString(out.create_time()), ", of ", out.data_dir(), ") into ",
                        data_dir, " in ", out.duration_ms(),
                        " ms: verified against its checksums; start the server on it\n");
  });
}

}  // namespace

std::vector<Command> OperationsCommands() {
  return {
      {"backup",
       "operations",
       "",
       "take an online backup of each server's store (--service) into its --backup_dir (or "
       "--to, a folder under it), keeping the newest --keep; incremental",
       {},
       {"service", "to", "keep"},
       "juesuanctl backup --service=all --keep=14",
       CreateBackups},
      {"backups",
       "operations",
       "",
       "the backups each server keeps (--service, --to); --verify reads each back against its "
       "checksums",
       {},
       {"service", "to", "verify"},
       "juesuanctl backups --service=ingestion --verify",
       ListBackups},
      {"restore",
       "operations",
       "",
       "restore a backup folder into an empty data directory, on this machine, verified against "
       "its checksums; then start the server on it (the server must not be running on it)",
       {},
       {"from", "data_dir", "backup_id"},
       "juesuanctl restore --from=/backup/ingestion --data_dir=/var/lib/juesuan/ingestion",
       Restore},
  };
}

}  // namespace juesuan::ctl
