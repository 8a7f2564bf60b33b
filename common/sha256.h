// SHA-256 digests (OpenSSL's libcrypto) for provenance and idempotency.
#ifndef JUESUAN_COMMON_SHA256_H_
#define JUESUAN_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace juesuan {

// The 32-byte digest of `data`.
std::string Sha256(absl::string_view data);

// Lowercase hex of the digest of `data`.
std::string Sha256Hex(absl::string_view data);

// The deterministic serialization of `message` (map entries sorted), the
// form every digest of a message is taken over.
std::string DeterministicBytes(const google::protobuf::Message& message);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_SHA256_H_
