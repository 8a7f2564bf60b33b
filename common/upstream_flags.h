// Flags of the servers that call others (scoring, rendering): how they prove
// who they are to their upstreams.
#ifndef JUESUAN_COMMON_UPSTREAM_FLAGS_H_
#define JUESUAN_COMMON_UPSTREAM_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"
#include "common/client_security.h"

ABSL_DECLARE_FLAG(std::string, upstream_token_file);
ABSL_DECLARE_FLAG(std::string, upstream_tls_ca_file);
ABSL_DECLARE_FLAG(std::string, upstream_tls_cert_file);
ABSL_DECLARE_FLAG(std::string, upstream_tls_key_file);

namespace juesuan {

ClientSecurityOptions UpstreamSecurityFromFlags();

}  // namespace juesuan

#endif  // JUESUAN_COMMON_UPSTREAM_FLAGS_H_
