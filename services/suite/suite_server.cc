#include "services/suite/suite_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "admin/serving.h"
#include "common/status_macros.h"

namespace juesuan::suite {
namespace {

// A port no one listens on now, from the kernel (bound, read, released).
absl::StatusOr<int> FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::UnavailableError("cannot open a socket to find a free port");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  const bool found = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                     getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  if (!found) return absl::UnavailableError("cannot find a free port");
  return ntohs(address.sin_port);
}

}  // namespace

absl::StatusOr<std::string> ListenWithPort(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("--listen must be host:port, got ", listen));
  }
  if (listen.substr(colon + 1) != "0") return listen;
  JUESUAN_ASSIGN_OR_RETURN(const int port, FreeLoopbackPort());
  return absl::StrCat(listen.substr(0, colon), ":", port);
}

std::string SelfAddress(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  const std::string host = listen.substr(0, colon);
  if (host == "0.0.0.0" || host == "[::]" || host.empty()) {
    return absl::StrCat("127.0.0.1", listen.substr(colon));
  }
  return listen;
}

absl::StatusOr<std::unique_ptr<SuiteServer>> SuiteServer::Start(const SuiteOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("--data_dir is required");
  JUESUAN_ASSIGN_OR_RETURN(const std::string listen, ListenWithPort(options.listen));
  const std::string self = SelfAddress(listen);
  std::unique_ptr<SuiteServer> suite(new SuiteServer());

  ingestion::IngestionServerOptions ingestion;
  ingestion.security = options.security;
  ingestion.data_dir = options.data_dir + "/ingestion";
  ingestion.rule_catalogue_path = options.rule_catalogue_path;
  ingestion.code_tables_dir = options.code_tables_dir;
  JUESUAN_ASSIGN_OR_RETURN(suite->ingestion_, ingestion::IngestionServer::Prepare(ingestion));

  scoring::ScoringServerOptions scoring;
  scoring.security = options.security;
  scoring.upstream_security = options.upstream_security;
  scoring.data_dir = options.data_dir + "/scoring";
  scoring.ingestion_addr = self;
  scoring.profiles_dir = options.profiles_dir;
  JUESUAN_ASSIGN_OR_RETURN(suite->scoring_, scoring::ScoringServer::Prepare(scoring));

  rendering::RenderingServerOptions rendering;
  rendering.security = options.security;
  rendering.upstream_security = options.upstream_security;
  rendering.data_dir = options.data_dir + "/rendering";
  rendering.ingestion_addr = self;
  rendering.scoring_addr = self;
  rendering.templates_dir = options.templates_dir;
  rendering.code_tables_dir = options.code_tables_dir;
  JUESUAN_ASSIGN_OR_RETURN(suite->rendering_, rendering::RenderingServer::Prepare(rendering));

  ServerBasics basics = options;
  basics.listen = listen;
  // The largest request any of the three takes: an audited PDF (rendering).
  JUESUAN_ASSIGN_OR_RETURN(
      suite->serving_,
      admin::ServeWithBackups(
          basics, rendering.max_request_bytes,
          {suite->ingestion_->served(), suite->scoring_->served(), suite->rendering_->served()},
          {suite->ingestion_->backup_store(), suite->scoring_->backup_store(),
           suite->rendering_->backup_store()}));
  suite->ingestion_->ReportServing(*suite->serving_.server);
  suite->scoring_->ReportServing(*suite->serving_.server);
  suite->rendering_->ReportServing(*suite->serving_.server);
  return suite;
}

SuiteServer::~SuiteServer() { Shutdown(absl::ZeroDuration()); }

void SuiteServer::Shutdown(absl::Duration grace) {
  serving_.Shutdown(grace);
  // Rendering and scoring first: they call ingestion.
  rendering_.reset();
  scoring_.reset();
  ingestion_.reset();
}

}  // namespace juesuan::suite
