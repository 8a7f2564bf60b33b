#include "common/client_security.h"

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/support/client_interceptor.h"
#include "grpcpp/support/interceptor.h"

namespace juesuan {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path, const char* option) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(option, ": cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Adds the bearer token to every call of a channel. An interceptor, not call
// credentials: gRPC sends call credentials only over TLS, and a plaintext
// channel inside a cluster (or to loopback) must carry the token too.
class BearerInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit BearerInterceptor(const std::string* header) : header_(header) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace("authorization", *header_);
    }
    methods->Proceed();
  }

 private:
  const std::string* header_;
};

class BearerInterceptorFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerInterceptorFactory(std::string token) : header_("Bearer " + std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new BearerInterceptor(&header_);
  }

 private:
  const std::string header_;
};

}  // namespace

ClientSecurity::ClientSecurity() : credentials_(grpc::InsecureChannelCredentials()) {}

absl::StatusOr<ClientSecurity> ClientSecurity::Load(const ClientSecurityOptions& options) {
  ClientSecurity security;
  if (!options.token_file.empty()) {
    absl::StatusOr<std::string> token = ReadFile(options.token_file, "token_file");
    if (!token.ok()) return token.status();
    security.token_ = std::string(absl::StripAsciiWhitespace(*token));
    if (security.token_.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("token_file: ", options.token_file, " is empty"));
    }
  }
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return absl::InvalidArgumentError("tls_cert_file and tls_key_file go together");
  }
  if (!options.tls_cert_file.empty() && options.tls_ca_file.empty()) {
    return absl::InvalidArgumentError("tls_cert_file needs tls_ca_file (the servers' CA)");
  }
  if (!options.tls_ca_file.empty()) {
    grpc::SslCredentialsOptions ssl;
    absl::StatusOr<std::string> ca = ReadFile(options.tls_ca_file, "tls_ca_file");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *std::move(ca);
    if (!options.tls_cert_file.empty()) {
      absl::StatusOr<std::string> cert = ReadFile(options.tls_cert_file, "tls_cert_file");
      if (!cert.ok()) return cert.status();
      absl::StatusOr<std::string> key = ReadFile(options.tls_key_file, "tls_key_file");
      if (!key.ok()) return key.status();
      ssl.pem_cert_chain = *std::move(cert);
      ssl.pem_private_key = *std::move(key);
    }
    security.credentials_ = grpc::SslCredentials(ssl);
    security.tls_ = true;
  }
  return security;
}

std::shared_ptr<grpc::Channel> ClientSecurity::Channel(const std::string& address,
                                                       const grpc::ChannelArguments& args) const {
  if (token_.empty()) return grpc::CreateCustomChannel(address, credentials_, args);
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<BearerInterceptorFactory>(token_));
  return grpc::experimental::CreateCustomChannelWithInterceptors(address, credentials_, args,
                                                                 std::move(interceptors));
}

}  // namespace juesuan
