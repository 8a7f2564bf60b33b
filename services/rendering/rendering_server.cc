#include "services/rendering/rendering_server.h"

#include <utility>

#include "admin/serving.h"
#include "common/status_macros.h"
#include "juesuan/version.h"
#include "services/rendering/access.h"

namespace juesuan::rendering {

namespace {
constexpr char kService[] = "juesuan.disclosure.v1.DisclosureRenderingService";
}  // namespace

absl::StatusOr<std::unique_ptr<RenderingServer>> RenderingServer::Prepare(
    const RenderingServerOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("--data_dir is required");
  if (options.ingestion_addr.empty())
    return absl::InvalidArgumentError("--ingestion_addr is required");
  if (options.scoring_addr.empty()) return absl::InvalidArgumentError("--scoring_addr is required");
  std::unique_ptr<RenderingServer> server(new RenderingServer());
  std::shared_ptr<const TemplateRegistry> templates;
  if (options.templates_dir.empty()) {
    JUESUAN_ASSIGN_OR_RETURN(templates, TemplateRegistry::Embedded());
  } else {
    JUESUAN_ASSIGN_OR_RETURN(templates, TemplateRegistry::FromDirectory(options.templates_dir));
  }
  JUESUAN_ASSIGN_OR_RETURN(std::shared_ptr<const juesuan::codes::CodeTables> codes,
                           juesuan::codes::CodeTables::Load(options.code_tables_dir));
  storage::KvStoreOptions store_options;
  store_options.path = options.data_dir;
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<storage::DisclosureStore> store,
                           storage::OpenDisclosureStore(store_options));
  server->integrity_ = store->Integrity();
  server->data_dir_ = options.data_dir;
  JUESUAN_ASSIGN_OR_RETURN(const ClientSecurity upstream,
                           ClientSecurity::Load(options.upstream_security));
  server->upstreams_ = std::make_unique<GrpcUpstreams>(options.ingestion_addr, options.scoring_addr,
                                                       options.upstream_timeout, upstream);
  const Clock* clock = options.clock != nullptr ? options.clock : &server->system_clock_;
  RenderingServiceOptions service_options;
  service_options.suite_version = juesuan::kVersion;
  service_options.memory_budget_bytes = options.memory_budget_bytes;
  JUESUAN_ASSIGN_OR_RETURN(
      server->domain_,
      RenderingService::Create(std::move(store), std::move(templates), std::move(codes),
                               server->upstreams_.get(), clock, std::move(service_options)));
  server->workers_ = std::make_unique<ThreadPool>(options.worker_threads);
  JUESUAN_ASSIGN_OR_RETURN(server->guard_, MakeCallGuard(RenderingAccess(), options.security));
  server->service_ = std::make_unique<DisclosureRenderingServiceImpl>(
      server->domain_.get(), server->workers_.get(), server->guard_.get());
  return server;
}

absl::StatusOr<std::unique_ptr<RenderingServer>> RenderingServer::Start(
    const RenderingServerOptions& options) {
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<RenderingServer> server, Prepare(options));
  JUESUAN_ASSIGN_OR_RETURN(server->serving_,
                           admin::ServeWithBackups(options, options.max_request_bytes,
                                                   {server->served()}, {server->backup_store()}));
  server->ReportServing(*server->serving_.server);
  return server;
}

ServedService RenderingServer::served() { return {kService, service_.get()}; }

admin::BackupStore RenderingServer::backup_store() const {
  return {"rendering", kService, data_dir_};
}

void RenderingServer::ReportServing(GrpcServer& server) const {
  server.ReportServing(kService, integrity_);
}

RenderingServer::~RenderingServer() { Shutdown(absl::ZeroDuration()); }

void RenderingServer::Shutdown(absl::Duration grace) {
  serving_.Shutdown(grace);
  workers_.reset();
  service_.reset();
  domain_.reset();  // closes the store
  upstreams_.reset();
}

}  // namespace juesuan::rendering
