// Page tokens: opaque to clients (base64url of a storage.v1.PageToken), bound
// to the query they came from.
#ifndef JUESUAN_STORAGE_PAGE_TOKEN_H_
#define JUESUAN_STORAGE_PAGE_TOKEN_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/kv_store.h"

namespace juesuan::storage {

// A token that resumes after `last_key` for the query hashed as `query_hash`.
std::string EncodePageToken(absl::string_view last_key, uint64_t query_hash);

// The last key of a token; "" for an empty token. INVALID_ARGUMENT for a
// token that is malformed or belongs to another query.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t query_hash);

// A hash of a query that stays the same across processes and builds (page
// tokens outlive a restart): the first 8 bytes of SHA-256 of kind and query.
uint64_t PageQueryHash(absl::string_view kind, absl::string_view query);

// The key a page of the scan over `prefix` resumes after ("" for the first
// page); INVALID_ARGUMENT if the token is malformed, of another query, or
// points outside the prefix.
absl::StatusOr<std::string> ResumeKey(absl::string_view token, uint64_t query_hash,
                                      absl::string_view prefix);

// One page of a forward scan of `cf` over the keys starting with `prefix`
// ("" for all), resuming after the key `page_token` holds (the token must
// belong to `query_hash`). Calls visit(key, value) for at most `page_size`
// entries, and stops before the entry whose value would take the values
// visited past `max_bytes` (a page always holds at least one entry): no page
// is built that cannot be sent. An error from visit ends the scan and is returned. Returns the next
// page's token, "" after the last page.
absl::StatusOr<std::string> ScanPage(
    const KvStore& kv, ColumnFamilyId cf, absl::string_view prefix, uint64_t query_hash,
    int page_size, absl::string_view page_token,
    const std::function<absl::Status(absl::string_view key, absl::string_view value)>& visit,
    size_t max_bytes = SIZE_MAX);

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_PAGE_TOKEN_H_
