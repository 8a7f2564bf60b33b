#include "common/upstream_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, upstream_token_file, "",
          "file holding the bearer token this server sends to its upstreams; empty: none");
ABSL_FLAG(std::string, upstream_tls_ca_file, "",
          "PEM CA of the upstreams' certificates; set: call them over TLS");
ABSL_FLAG(std::string, upstream_tls_cert_file, "",
          "PEM client certificate for upstreams that require mutual TLS");
ABSL_FLAG(std::string, upstream_tls_key_file, "", "PEM private key of --upstream_tls_cert_file");

namespace juesuan {

ClientSecurityOptions UpstreamSecurityFromFlags() {
  ClientSecurityOptions options;
  options.token_file = absl::GetFlag(FLAGS_upstream_token_file);
  options.tls_ca_file = absl::GetFlag(FLAGS_upstream_tls_ca_file);
  options.tls_cert_file = absl::GetFlag(FLAGS_upstream_tls_cert_file);
  options.tls_key_file = absl::GetFlag(FLAGS_upstream_tls_key_file);
  return options;
}

}  // namespace juesuan
