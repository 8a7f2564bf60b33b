#include "common/grpc_server.h"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/json_log.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/security/server_credentials.h"
#include "grpc/grpc.h"
#include "grpcpp/server_builder.h"

namespace juesuan {

namespace {

bool IsLoopbackHost(absl::string_view host) {
  return host == "localhost" || host == "[::1]" || absl::StartsWith(host, "127.");
}

bool Readable(const std::string& path) { return access(path.c_str(), R_OK) == 0; }

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
      return absl::InvalidArgumentError("--tls_client_ca_file needs --tls_cert_file and --tls_key_file");
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

absl::StatusOr<std::unique_ptr<CallGuard>> MakeCallGuard(const std::string& service,
                                                         const ServerSecurityOptions& security) {
  CallGuardOptions options;
  options.max_in_flight = security.max_in_flight;
  if (!security.access_policy_file.empty()) {
    auto policy = AccessPolicyFile::Open(security.access_policy_file);
    if (!policy.ok()) return policy.status();
    options.policy = *std::move(policy);
  }
  return std::make_unique<CallGuard>(service, std::move(options));
}

absl::StatusOr<std::unique_ptr<GrpcServer>> GrpcServer::Start(
    const GrpcServerOptions& options, const std::vector<grpc::Service*>& services) {
  std::unique_ptr<GrpcServer> server(new GrpcServer());
  server->health_ = std::make_unique<HealthService>();
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ApiCredentials(options.security);
  if (!credentials.ok()) return credentials.status();
  std::string listen = options.listen;
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("--listen: \"", listen, "\" is not host:port"));
  }
  if (options.security.access_policy_file.empty() && !IsLoopbackHost(listen.substr(0, colon))) {
    // Nobody is authenticated: only this machine may call.
    listen = absl::StrCat("127.0.0.1", listen.substr(colon));
    LogLine("warning", "no access policy: serving on loopback only")
        .Add("requested", options.listen)
        .Add("listen", listen)
        .Emit();
  }
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, *credentials, &server->port_);
  // Bounds on what one caller may hold: metadata (tokens included) and
  // concurrent streams per connection.
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 16 * 1024);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, 256);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  builder.SetMaxSendMessageSize(options.max_send_message_bytes);
  // gRPC sets SO_REUSEPORT by default: a second server on the same port would
  // silently share its traffic (with another data directory). A taken port
  // must be an error instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(server->health_.get());
  for (grpc::Service* service : services) builder.RegisterService(service);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", listen));
  }
  if (!options.health_listen.empty()) {
    // The same HealthService object: both ports always tell the same status.
    grpc::ServerBuilder health_builder;
    health_builder.AddListeningPort(options.health_listen, grpc::InsecureServerCredentials(),
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
    auto metrics = MetricsHttpServer::Start(options.metrics_listen, &Metrics::Global());
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
