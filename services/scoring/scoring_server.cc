#include "services/scoring/scoring_server.h"

#include <utility>

#include "admin/serving.h"
#include "common/status_macros.h"
#include "juesuan/version.h"
#include "services/scoring/access.h"

namespace juesuan::scoring {

namespace {
constexpr char kService[] = "juesuan.scoring.v1.PerformanceScoringService";
}  // namespace

absl::StatusOr<std::unique_ptr<ScoringServer>> ScoringServer::Prepare(
    const ScoringServerOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("--data_dir is required");
  if (options.ingestion_addr.empty())
    return absl::InvalidArgumentError("--ingestion_addr is required");
  std::unique_ptr<ScoringServer> server(new ScoringServer());
  std::shared_ptr<const ProfileRegistry> profiles;
  if (options.profiles_dir.empty()) {
    JUESUAN_ASSIGN_OR_RETURN(profiles, ProfileRegistry::Embedded());
  } else {
    JUESUAN_ASSIGN_OR_RETURN(profiles, ProfileRegistry::FromDirectory(options.profiles_dir));
  }
  storage::KvStoreOptions store_options;
  store_options.path = options.data_dir;
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<storage::ScoringStore> store,
                           storage::OpenScoringStore(store_options));
  server->integrity_ = store->Integrity();
  server->data_dir_ = options.data_dir;
  JUESUAN_ASSIGN_OR_RETURN(const ClientSecurity upstream,
                           ClientSecurity::Load(options.upstream_security));
  server->ingestion_ = std::make_unique<IngestionClient>(options.ingestion_addr,
                                                         options.ingestion_timeout, upstream);
  const Clock* clock = options.clock != nullptr ? options.clock : &server->system_clock_;
  ScoringServiceOptions service_options = options.service;
  service_options.suite_version = juesuan::kVersion;
  JUESUAN_ASSIGN_OR_RETURN(
      server->domain_,
      ScoringService::Create(std::move(store), std::move(profiles), server->ingestion_.get(), clock,
                             std::move(service_options)));
  server->workers_ = std::make_unique<ThreadPool>(options.worker_threads);
  JUESUAN_ASSIGN_OR_RETURN(server->guard_, MakeCallGuard(ScoringAccess(), options.security));
  server->service_ = std::make_unique<PerformanceScoringServiceImpl>(
      server->domain_.get(), server->workers_.get(), server->guard_.get());
  return server;
}

absl::StatusOr<std::unique_ptr<ScoringServer>> ScoringServer::Start(
    const ScoringServerOptions& options) {
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<ScoringServer> server, Prepare(options));
  JUESUAN_ASSIGN_OR_RETURN(server->serving_,
                           admin::ServeWithBackups(options, options.max_request_bytes,
                                                   {server->served()}, {server->backup_store()}));
  server->ReportServing(*server->serving_.server);
  return server;
}

ServedService ScoringServer::served() { return {kService, service_.get()}; }

admin::BackupStore ScoringServer::backup_store() const { return {"scoring", kService, data_dir_}; }

void ScoringServer::ReportServing(GrpcServer& server) const {
  server.ReportServing(kService, integrity_);
}

ScoringServer::~ScoringServer() { Shutdown(absl::ZeroDuration()); }

void ScoringServer::Shutdown(absl::Duration grace) {
  serving_.Shutdown(grace);
  workers_.reset();
  service_.reset();
  domain_.reset();  // stops the job worker, closes the store
  ingestion_.reset();
}

}  // namespace juesuan::scoring
