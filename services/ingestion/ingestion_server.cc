#include "services/ingestion/ingestion_server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "admin/serving.h"
#include "common/status_macros.h"
#include "common/text_proto.h"
#include "juesuan/version.h"
#include "services/ingestion/access.h"

namespace juesuan::ingestion {

namespace {
constexpr char kService[] = "juesuan.ingestion.v1.AccountIngestionService";
}  // namespace

const char* SuiteVersion() { return juesuan::kVersion; }

absl::StatusOr<std::unique_ptr<IngestionServer>> IngestionServer::Prepare(
    const IngestionServerOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("--data_dir is required");
  std::unique_ptr<IngestionServer> server(new IngestionServer());

  juesuan::config::v1::RuleCatalogue catalogue;
  if (options.rule_catalogue_path.empty()) {
    JUESUAN_ASSIGN_OR_RETURN(catalogue, RuleEngine::EmbeddedCatalogue());
  } else {
    JUESUAN_ASSIGN_OR_RETURN(const std::string text, ReadFileText(options.rule_catalogue_path));
    JUESUAN_ASSIGN_OR_RETURN(catalogue, RuleEngine::ParseCatalogue(text));
  }
  JUESUAN_ASSIGN_OR_RETURN(std::shared_ptr<const codes::CodeTables> tables,
                           codes::CodeTables::Load(options.code_tables_dir));
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<RuleEngine> engine,
                           RuleEngine::Create(catalogue, std::move(tables)));
  storage::KvStoreOptions store_options;
  store_options.path = options.data_dir;
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<storage::AccountStore> store,
                           storage::OpenAccountStore(store_options));
  server->integrity_ = store->Integrity();
  server->data_dir_ = options.data_dir;
  AccountsServiceOptions domain_options;
  domain_options.limits = options.limits;
  domain_options.suite_version = SuiteVersion();
  domain_options.bulk_read_max_wait = options.bulk_read_max_wait;
  const Clock* clock = options.clock != nullptr ? options.clock : &server->system_clock_;
  JUESUAN_ASSIGN_OR_RETURN(server->domain_,
                           AccountsService::Create(std::move(store), std::move(engine), clock,
                                                   std::move(domain_options)));
  server->writers_ = std::make_unique<ThreadPool>(options.writer_threads);
  // Listing pages (a scoring job's FULL pages above all) yields to submissions.
  server->bulk_readers_ = std::make_unique<ThreadPool>(2, /*nice=*/10);
  JUESUAN_ASSIGN_OR_RETURN(server->guard_, MakeCallGuard(IngestionAccess(), options.security));
  server->service_ = std::make_unique<AccountIngestionServiceImpl>(
      server->domain_.get(), server->writers_.get(), server->bulk_readers_.get(),
      server->guard_.get());
  return server;
}

absl::StatusOr<std::unique_ptr<IngestionServer>> IngestionServer::Start(
    const IngestionServerOptions& options) {
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<IngestionServer> server, Prepare(options));
  JUESUAN_ASSIGN_OR_RETURN(server->serving_,
                           admin::ServeWithBackups(options, options.max_request_bytes,
                                                   {server->served()}, {server->backup_store()}));
  server->ReportServing(*server->serving_.server);
  return server;
}

ServedService IngestionServer::served() { return {kService, service_.get()}; }

admin::BackupStore IngestionServer::backup_store() const {
  return {"ingestion", kService, data_dir_};
}

void IngestionServer::ReportServing(GrpcServer& server) const {
  server.ReportServing(kService, integrity_);
}

IngestionServer::~IngestionServer() { Shutdown(absl::ZeroDuration()); }

void IngestionServer::Shutdown(absl::Duration grace) {
  serving_.Shutdown(grace);  // calls finish (their writes run on the pool)
  writers_.reset();          // runs anything still queued, then joins
  bulk_readers_.reset();
  service_.reset();
  guard_.reset();
  domain_.reset();  // closes the store
}

}  // namespace juesuan::ingestion
