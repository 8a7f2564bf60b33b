// Page tokens as clients send them back (List* page_token): decoding,
// resuming a prefix scan, and the keys a token can carry.
//
// Input: the query hash as 8 big-endian bytes, then the token. An input
// shorter than 8 bytes is a token under a fixed hash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/request_errors.h"
#include "fuzz/fuzz_support.h"
#include "storage/key_codec.h"
#include "storage/page_token.h"

namespace juesuan::fuzz {
namespace {

// The hash of the revisions of departments/changji-kejiju in 2023, as
// ListRevisions computes it; any fixed value would do.
uint64_t FixedHash() {
  static const uint64_t kHash =
      storage::PageQueryHash("revisions", storage::RevisionPrefix({"changji-kejiju", 2023}));
  return kHash;
}

// The longest key whose token stays under DecodePageToken's 4096-byte limit:
// base64 of the key and at most 14 bytes of framing.
constexpr size_t kMaxRoundTripKey = 3000;

// A key decoded from a token is handed to the key codec by the stores'
// scans; what the codec accepts must encode back to the same bytes.
void CheckKeyCodec(absl::string_view key) {
  if (auto revision = storage::DecodeRevisionKey(key); revision.ok()) {
    Require(storage::RevisionKey(revision->first, revision->second) == key,
            "a decoded revision key encodes differently");
  }
  if (auto index = storage::DecodeAccountsIndexKey(key); index.ok()) {
    Require(storage::AccountsIndexKey(index->fiscal_year, index->region_code,
                                      index->department_id) == key,
            "a decoded accounts index key encodes differently");
  }
  if (auto department = storage::DecodeDepartmentKey(key); department.ok()) {
    Require(storage::DepartmentKey(*department) == key,
            "a decoded department key encodes differently");
  }
  static const std::string* const kRankingPrefix =
      new std::string(storage::RankingPrefix("scoringProfiles/changji-2023", 2023));
  // Only the department of a ranking key is read back; nothing to compare.
  const absl::StatusOr<std::string> ranked =
      storage::RankingKeyDepartment(key, kRankingPrefix->size());
  static_cast<void>(ranked);
  const std::string successor = storage::PrefixSuccessor(key);
  if (!successor.empty()) {
    Require(successor > key && !absl::StartsWith(successor, key),
            "PrefixSuccessor is not past every key with the prefix");
  }
}

void CheckRoundTrip(absl::string_view key, uint64_t hash) {
  if (key.empty() || key.size() > kMaxRoundTripKey) return;
  const std::string token = storage::EncodePageToken(key, hash);
  const absl::StatusOr<std::string> decoded = storage::DecodePageToken(token, hash);
  Require(decoded.ok() && *decoded == key, "a token does not decode to the key it was made of");
  // A token belongs to its query.
  Require(!storage::DecodePageToken(token, hash ^ 1).ok(), "a token is accepted by another query");
}

void FuzzOne(absl::string_view input) {
  uint64_t hash = FixedHash();
  absl::string_view token = input;
  if (input.size() >= 8) {
    hash = 0;
    for (int i = 0; i < 8; ++i) hash = (hash << 8) | static_cast<unsigned char>(input[i]);
    token = input.substr(8);
  }

  const absl::StatusOr<std::string> key = storage::DecodePageToken(token, hash);
  if (key.ok()) {
    Require(!key->empty() || token.empty(), "a non-empty token decoded to no key");
    // Re-encoding the key gives a token that decodes to it again.
    CheckRoundTrip(*key, hash);
    CheckKeyCodec(*key);
  }

  // ResumeKey is DecodePageToken plus the prefix check.
  const std::string stores_prefixes[] = {
      "",
      storage::RevisionPrefix({"changji-kejiju", 2023}),
      storage::AccountsIndexPrefix(2023, ""),
      storage::AccountsIndexPrefix(2023, "652300"),
      storage::DepartmentKey("changji-kejiju"),
      storage::RankingPrefix("scoringProfiles/changji-2023", 2023),
      // A prefix of the key itself, so that the accepting path runs too.
      key.ok() ? key->substr(0, key->size() / 2) : std::string(),
  };
  for (const std::string& prefix : stores_prefixes) {
    const absl::StatusOr<std::string> after = storage::ResumeKey(token, hash, prefix);
    if (!after.ok()) continue;
    Require(key.ok() && *after == *key, "ResumeKey accepts what DecodePageToken refuses");
    Require(after->empty() || absl::StartsWith(*after, prefix),
            "ResumeKey resumes outside its prefix");
  }

  // Any bytes can be a key (request and job IDs are raw bytes).
  CheckRoundTrip(token, hash);
  CheckKeyCodec(token);

  // A page size is a client's int32.
  if (input.size() >= 4) {
    const auto requested =
        static_cast<int32_t>((static_cast<uint32_t>(static_cast<unsigned char>(input[0])) << 24) |
                             (static_cast<uint32_t>(static_cast<unsigned char>(input[1])) << 16) |
                             (static_cast<uint32_t>(static_cast<unsigned char>(input[2])) << 8) |
                             static_cast<uint32_t>(static_cast<unsigned char>(input[3])));
    const absl::StatusOr<int> size = PageSize("juesuan.fuzz", requested, 50, 1000);
    Require(size.ok() == (requested >= 0), "PageSize refuses a non-negative size");
    if (size.ok()) Require(*size >= 1 && *size <= 1000, "a page size outside [1, max]");
  }
}

}  // namespace
}  // namespace juesuan::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  juesuan::fuzz::FuzzOne(juesuan::fuzz::AsText(data, size));
  return 0;
}
