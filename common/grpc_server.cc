#include "common/grpc_server.h"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/json_log.h"
#include "common/status_macros.h"
#include "grpc/grpc.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"
#include "grpcpp/server_builder.h"

namespace juesuan {

namespace {

bool IsLoopbackHost(absl::string_view host) {
  return host == "localhost" || host == "[::1]" || absl::StartsWith(host, "127.");
}

bool Readable(const std::string& path) { return access(path.c_str(), R_OK) == 0; }

// `listen` (host:port), moved to 127.0.0.1 when nobody is authenticated
// (`open`) and it names another host: then only this machine may call.
absl::StatusOr<std::string> LoopbackUnlessAuthenticated(absl::string_view flag,
                                                        const std::string& listen, bool open) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": \"", listen, "\" is not host:port"));
  }
  if (!open || IsLoopbackHost(listen.substr(0, colon))) return listen;
  std::string loopback = absl::StrCat("127.0.0.1", listen.substr(colon));
  LogLine("warning", "no access policy: serving on loopback only")
      .Add("flag", flag)
      .Add("requested", listen)
      .Add("listen", loopback)
      .Emit();
  return loopback;
}

// The API port's credentials: plaintext, TLS, or mutual TLS, from files a
// watcher reads again every reload interval (rotated certificates are
// picked up without a restart).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ApiCredentials(
    const ServerSecurityOptions& security) {
  if (security.tls_cert_file.empty() != security.tls_key_file.empty()) {
    return absl::InvalidArgumentError("--tls_cert_file and --tls_key_file go together");
  }
  if (security.tls_cert_file.empty()) {
    if (!security.tls_client_ca_file.empty()) {
      return absl::InvalidArgumentError(
          "--tls_client_ca_file needs --tls_cert_file and --tls_key_file");
    }
    return grpc::InsecureServerCredentials();
  }
  // The watcher only logs a file it cannot read; a server must not start
  // without its certificate.
  const std::pair<const char*, const std::string*> files[] = {
      {"--tls_cert_file", &security.tls_cert_file},
      {"--tls_key_file", &security.tls_key_file},
      {"--tls_client_ca_file", &security.tls_client_ca_file}};
  for (const auto& [flag, path] : files) {
    if (!path->empty() && !Readable(*path)) {
      return absl::NotFoundError(absl::StrCat(flag, ": cannot read ", *path));
    }
  }
  const unsigned refresh = static_cast<unsigned>(
      std::max<int64_t>(1, absl::ToInt64Seconds(security.tls_reload_interval)));
  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      security.tls_key_file, security.tls_cert_file, security.tls_client_ca_file, refresh);
  grpc::experimental::TlsServerCredentialsOptions tls(provider);
  tls.watch_identity_key_cert_pairs();
  if (security.tls_client_ca_file.empty()) {
    tls.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  } else {
    tls.watch_root_certs();
    tls.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  return grpc::experimental::TlsServerCredentials(tls);
}

}  // namespace

std::string AuthenticationSummary(const ServerSecurityOptions& security) {
  return security.access_policy_file.empty() ? "none: loopback only" : security.access_policy_file;
}

std::string TlsSummary(const ServerSecurityOptions& security) {
  if (security.tls_cert_file.empty()) return "off";
  return security.tls_client_ca_file.empty() ? "on" : "mutual";
}

absl::StatusOr<std::unique_ptr<CallGuard>> MakeCallGuard(const ServiceAccess& access,
                                                         const ServerSecurityOptions& security) {
  CallGuardOptions options;
  options.access = &access;
  options.max_in_flight = security.max_in_flight;
  if (!security.access_policy_file.empty()) {
    auto policy = AccessPolicyFile::Open(security.access_policy_file);
    if (!policy.ok()) return policy.status();
    options.policy = *std::move(policy);
  }
  return std::make_unique<CallGuard>(access.service, std::move(options));
}

absl::StatusOr<std::unique_ptr<GrpcServer>> GrpcServer::Start(
    const GrpcServerOptions& options, const std::vector<ServedService>& services) {
  std::unique_ptr<GrpcServer> server(new GrpcServer());
  server->health_ = std::make_unique<HealthService>();
  // Reflection of the public API only (not every file linked in).
  std::vector<std::string> names = {"grpc.health.v1.Health",
                                    "grpc.reflection.v1alpha.ServerReflection"};
  for (const ServedService& s : services) names.push_back(s.name);
  server->reflection_ = std::make_unique<ReflectionService>(names);
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ApiCredentials(options.security);
  if (!credentials.ok()) return credentials.status();
  const bool open = options.security.access_policy_file.empty();
  JUESUAN_ASSIGN_OR_RETURN(const std::string listen,
                           LoopbackUnlessAuthenticated("--listen", options.listen, open));
  const size_t colon = listen.rfind(':');
  // Health and metrics answer anyone who reaches them: without a policy they
  // keep to loopback as the API port does, unless asked otherwise.
  const bool open_aux = open && !options.security.public_health_metrics_without_policy;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, *credentials, &server->port_);
  // Bounds on what one caller may hold: metadata (tokens included) and
  // concurrent streams per connection.
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 16 * 1024);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, 256);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  grpc::ResourceQuota quota("juesuan-transport");
  quota.Resize(static_cast<size_t>(options.transport_memory_bytes));
  builder.SetResourceQuota(quota);
  builder.SetMaxSendMessageSize(options.max_send_message_bytes);
  // gRPC sets SO_REUSEPORT by default: a second server on the same port would
  // silently share its traffic (with another data directory). A taken port
  // must be an error instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(server->health_.get());
  builder.RegisterService(server->reflection_.get());
  for (const ServedService& s : services) builder.RegisterService(s.service);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", listen));
  }
  if (!options.health_listen.empty()) {
    JUESUAN_ASSIGN_OR_RETURN(
        const std::string health_listen,
        LoopbackUnlessAuthenticated("--health_listen", options.health_listen, open_aux));
    // The same HealthService object: both ports always tell the same status.
    grpc::ServerBuilder health_builder;
    health_builder.AddListeningPort(health_listen, grpc::InsecureServerCredentials(),
                                    &server->health_port_);
    health_builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    health_builder.RegisterService(server->health_.get());
    server->health_server_ = health_builder.BuildAndStart();
    if (server->health_server_ == nullptr || server->health_port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("--health_listen: cannot listen on ", options.health_listen));
    }
  }
  if (!options.metrics_listen.empty()) {
    JUESUAN_ASSIGN_OR_RETURN(
        const std::string metrics_listen,
        LoopbackUnlessAuthenticated("--metrics_listen", options.metrics_listen, open_aux));
    auto metrics = MetricsHttpServer::Start(metrics_listen, &Metrics::Global());
    if (!metrics.ok()) return metrics.status();
    server->metrics_server_ = std::move(*metrics);
  }
  // Reuse the host the caller gave; a wildcard host is reached on loopback.
  std::string host = listen.substr(0, colon);
  if (host.empty() || host == "0.0.0.0" || host == "[::]") host = "127.0.0.1";
  server->address_ = absl::StrCat(host, ":", server->port_);
  return server;
}

GrpcServer::~GrpcServer() { Shutdown(absl::ZeroDuration()); }

void GrpcServer::ReportServing(const std::string& service, const absl::Status& integrity) {
  if (integrity.ok()) {
    health_->SetStatus(service, grpc::health::v1::HealthCheckResponse::SERVING);
    return;
  }
  health_->SetStatus(service, grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  health_->SetStatus("", grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  LogLine("error", "not serving: the store lost acknowledged writes")
      .Add("service", service)
      .Add("error", integrity.ToString())
      .Emit();
}

int GrpcServer::metrics_port() const {
  return metrics_server_ == nullptr ? 0 : metrics_server_->port();
}

void GrpcServer::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  if (health_ != nullptr) health_->Shutdown();  // both ports now say NOT_SERVING
  if (server_ != nullptr) {
    server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    server_->Wait();
  }
  // The health port answers NOT_SERVING until the API port has drained.
  if (health_server_ != nullptr) {
    health_server_->Shutdown(absl::ToChronoTime(absl::Now()));
    health_server_->Wait();
  }
  metrics_server_.reset();
}

void BlockTerminationSignals() {
  // A write past the file-size limit (ulimit -f) must fail with EFBIG and be
  // reported, not kill the server with SIGXFSZ.
  signal(SIGXFSZ, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

}  // namespace juesuan
