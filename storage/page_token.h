// Page tokens: opaque to clients (base64url of a storage.v1.PageToken), bound
// to the query they came from.
#ifndef JUESUAN_STORAGE_PAGE_TOKEN_H_
#define JUESUAN_STORAGE_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace juesuan::storage {

// A token that resumes after `last_key` for the query hashed as `query_hash`.
std::string EncodePageToken(absl::string_view last_key, uint64_t query_hash);

// The last key of a token; "" for an empty token. INVALID_ARGUMENT for a
// token that is malformed or belongs to another query.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t query_hash);

// Clamps a requested page size: 0 → default_size, above max_size → max_size;
// negative → INVALID_ARGUMENT.
absl::StatusOr<int> EffectivePageSize(int requested, int default_size, int max_size);

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_PAGE_TOKEN_H_
