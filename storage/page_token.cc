#include "storage/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "juesuan/storage/v1/ingestion_store.pb.h"
#include "storage/key_codec.h"

namespace juesuan::storage {

std::string EncodePageToken(absl::string_view last_key, uint64_t query_hash) {
  juesuan::storage::v1::PageToken token;
  token.set_format_version(1);
  token.set_last_key(std::string(last_key));
  token.set_query_hash(query_hash);
  return absl::WebSafeBase64Escape(token.SerializeAsString());
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t query_hash) {
  if (token.empty()) return std::string();
  std::string bytes;
  juesuan::storage::v1::PageToken parsed;
  if (token.size() > 4096 || !absl::WebSafeBase64Unescape(token, &bytes) ||
      !parsed.ParseFromString(bytes) || parsed.format_version() != 1 || parsed.last_key().empty()) {
    return absl::InvalidArgumentError("page_token: malformed");
  }
  if (parsed.query_hash() != query_hash) {
    return absl::InvalidArgumentError(
        "page_token: belongs to a different query (the filter changed since the first page)");
  }
  return parsed.last_key();
}

uint64_t PageQueryHash(absl::string_view kind, absl::string_view query) {
  const std::string digest = Sha256(absl::StrCat(kind, std::string(1, '\0'), query));
  uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = (h << 8) | static_cast<unsigned char>(digest[i]);
  return h;
}

absl::StatusOr<std::string> ResumeKey(absl::string_view token, uint64_t query_hash,
                                      absl::string_view prefix) {
  absl::StatusOr<std::string> after = DecodePageToken(token, query_hash);
  if (after.ok() && !after->empty() && !absl::StartsWith(*after, prefix)) {
    return absl::InvalidArgumentError("page_token: malformed");
  }
  return after;
}

absl::StatusOr<std::string> ScanPage(
    const KvStore& kv, ColumnFamilyId cf, absl::string_view prefix, uint64_t query_hash,
    int page_size, absl::string_view page_token,
    const std::function<absl::Status(absl::string_view key, absl::string_view value)>& visit,
    size_t max_bytes) {
  absl::StatusOr<std::string> after = ResumeKey(page_token, query_hash, prefix);
  if (!after.ok()) return after.status();
  int taken = 0;
  size_t bytes = 0;
  std::string last_key;
  bool more = false;
  absl::Status visit_status;
  absl::Status scan_status =
      kv.Scan(cf, after->empty() ? prefix : *after, PrefixSuccessor(prefix), ScanOrder::kForward,
              [&](absl::string_view key, absl::string_view value) {
                if (key == *after) return true;
                // Stop before the entry that would take the page past
                // max_bytes (a page always holds one).
                if (taken == page_size || (taken > 0 && bytes + value.size() > max_bytes)) {
                  more = true;
                  return false;
                }
                visit_status = visit(key, value);
                if (!visit_status.ok()) return false;
                ++taken;
                bytes += value.size();
                last_key = std::string(key);
                return true;
              });
  if (!scan_status.ok()) return scan_status;
  if (!visit_status.ok()) return visit_status;
  return more ? EncodePageToken(last_key, query_hash) : std::string();
}

}  // namespace juesuan::storage
