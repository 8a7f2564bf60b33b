// How a juesuan client (juesuanctl, and each server calling its upstreams)
// proves who it is: TLS, optionally with its own certificate (mutual TLS),
// and a bearer token sent with every call. Read once from files.
#ifndef JUESUAN_COMMON_CLIENT_SECURITY_H_
#define JUESUAN_COMMON_CLIENT_SECURITY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace juesuan {

// Where a client's credentials are. Every field is optional.
struct ClientSecurityOptions {
  // A file holding the bearer token (surrounding whitespace ignored).
  std::string token_file;
  // PEM of the CA that signed the servers' certificates; set: TLS.
  std::string tls_ca_file;
  // PEM certificate and key of this client, for servers that require mutual
  // TLS; both or neither, and only with tls_ca_file.
  std::string tls_cert_file;
  std::string tls_key_file;
};

// Credentials loaded from ClientSecurityOptions.
class ClientSecurity {
 public:
  // No TLS, no token.
  ClientSecurity();
  // NOT_FOUND for a file that cannot be read; INVALID_ARGUMENT naming the
  // option for an inconsistent set (a certificate without its key, or
  // without a CA) or an empty token file.
  static absl::StatusOr<ClientSecurity> Load(const ClientSecurityOptions& options);

  // A channel to `address` with these credentials; the token, if any, goes
  // in an `authorization: Bearer` header of every call.
  std::shared_ptr<grpc::Channel> Channel(const std::string& address,
                                         const grpc::ChannelArguments& args) const;

  bool tls() const { return tls_; }
  bool has_token() const { return !token_.empty(); }

 private:
  std::shared_ptr<grpc::ChannelCredentials> credentials_;
  std::string token_;
  bool tls_ = false;
};

}  // namespace juesuan

#endif  // JUESUAN_COMMON_CLIENT_SECURITY_H_
