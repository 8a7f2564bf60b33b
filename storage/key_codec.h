// Order-preserving binary keys. Bytewise order of encoded keys equals the
// logical order of their parts, so prefix scans list records in order.
//
// Primitives
//   u16 / u64   fixed width, big-endian.
//   ordstr      the string's bytes with each 0x00 written as 0x00 0xFF, then
//               the terminator 0x00 0x01. Shorter strings sort first ("a" <
//               "ab"), and no encoded string is a prefix of another, so a
//               following part never changes the order.
//
// Keys (one per column family; see column_families.h)
//
//   revisions        +------------------+-----------+---------------+
//                    | department ordstr| year u16  | revision u64  |
//                    +------------------+-----------+---------------+
//     All revisions of a department-year are contiguous, oldest first;
//     the latest is found by seeking before (department, year, 2^64−1).
//
//   accounts_index   +-----------+---------------+------------------+
//                    | year u16  | region ordstr | department ordstr|
//                    +-----------+---------------+------------------+
//     Lists by fiscal year, then region, then department.
//
//   heads            +------------------+-----------+
//                    | department ordstr| year u16  |
//                    +------------------+-----------+
//
//   explanations     +------------------+-----------+---------------+
//                    | department ordstr| year u16  | revision u64  |
//                    +------------------+-----------+---------------+
//
//   requests         | request_id (raw bytes) |
//
//   departments      | department ordstr |
//
//   meta             | ASCII name ("format_version") |
//
//   scorecards       +------------------+-----------+----------------+
//                    | department ordstr| year u16  | profile ordstr |
//                    +------------------+-----------+----------------+
//
//   scorecard_ranking
//                    +----------------+-----------+-------------------+------------------+
//                    | profile ordstr | year u16  | ~total u64        | department ordstr|
//                    +----------------+-----------+-------------------+------------------+
//     ~total is 2^64−1 minus the total in hundredths: highest total first,
//     ties by department.
//
//   scorecard_region_ranking
//                    | profile ordstr | year u16 | region ordstr | ~total u64 | department ordstr |
//
//   scoring_jobs     | job ID (raw bytes; IDs embed an inverted time, so
//                    |   bytewise order is newest first) |
//
//   scoring_job_requests | request ID (raw bytes) |
//
//   disclosures, disclosure_contents
//                    +------------------+-----------+-----------------+-----------+
//                    | department ordstr| year u16  | template ordstr | format u16|
//                    +------------------+-----------+-----------------+-----------+
//     A department's documents are contiguous, by year, template, format.
#ifndef JUESUAN_STORAGE_KEY_CODEC_H_
#define JUESUAN_STORAGE_KEY_CODEC_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace juesuan::storage {

// Primitives. Append* write to the end of `out`; Consume* read from the front
// of `in`, advancing it, and fail on truncated or malformed input.
void AppendU16(std::string* out, uint16_t value);
void AppendU64(std::string* out, uint64_t value);
void AppendOrderedString(std::string* out, absl::string_view value);
absl::StatusOr<uint16_t> ConsumeU16(absl::string_view* in);
absl::StatusOr<uint64_t> ConsumeU64(absl::string_view* in);
absl::StatusOr<std::string> ConsumeOrderedString(absl::string_view* in);

// A department-year, the unit most keys are about.
struct DepartmentYear {
  std::string department_id;
  int32_t fiscal_year = 0;

  bool operator==(const DepartmentYear& other) const {
    return department_id == other.department_id && fiscal_year == other.fiscal_year;
  }
};

// revisions: department | year | revision.
std::string RevisionKey(const DepartmentYear& dy, uint64_t revision_id);
// The prefix shared by all revisions of `dy`.
std::string RevisionPrefix(const DepartmentYear& dy);
// Decodes a RevisionKey.
absl::StatusOr<std::pair<DepartmentYear, uint64_t>> DecodeRevisionKey(absl::string_view key);

// accounts_index: year | region | department.
std::string AccountsIndexKey(int32_t fiscal_year, absl::string_view region_code,
                             absl::string_view department_id);
// Prefix for one year (region empty) or one year and region.
std::string AccountsIndexPrefix(int32_t fiscal_year, absl::string_view region_code);
// Decodes an AccountsIndexKey into (year, region, department).
struct AccountsIndexParts {
  int32_t fiscal_year = 0;
  std::string region_code;
  std::string department_id;
};
absl::StatusOr<AccountsIndexParts> DecodeAccountsIndexKey(absl::string_view key);

// heads: department | year.
std::string HeadKey(const DepartmentYear& dy);

// explanations: department | year | revision.
std::string ExplanationsKey(const DepartmentYear& dy, uint64_t revision_id);

// requests: the request ID's bytes.
std::string RequestKey(absl::string_view request_id);

// departments: department.
std::string DepartmentKey(absl::string_view department_id);
absl::StatusOr<std::string> DecodeDepartmentKey(absl::string_view key);

// scorecards: department | year | profile.
std::string ScorecardKey(const DepartmentYear& dy, absl::string_view profile);

// scorecard_ranking: profile | year | ~total | department; the prefix is
// profile | year.
std::string RankingKey(absl::string_view profile, int32_t fiscal_year, uint64_t total_hundredths,
                       absl::string_view department_id);
std::string RankingPrefix(absl::string_view profile, int32_t fiscal_year);
// scorecard_region_ranking: profile | year | region | ~total | department.
std::string RegionRankingKey(absl::string_view profile, int32_t fiscal_year,
                             absl::string_view region_code, uint64_t total_hundredths,
                             absl::string_view department_id);
std::string RegionRankingPrefix(absl::string_view profile, int32_t fiscal_year,
                                absl::string_view region_code);
// The department of a ranking key whose prefix (everything before ~total)
// is `prefix_size` bytes long.
absl::StatusOr<std::string> RankingKeyDepartment(absl::string_view key, size_t prefix_size);

// disclosures: department | year | template | format.
std::string DisclosureKey(const DepartmentYear& dy, absl::string_view template_name, int format);
// audits: department | year | audit ID.
std::string AuditKey(const DepartmentYear& dy, absl::string_view audit_id);

// The smallest key greater than every key starting with `prefix`; empty if
// there is none (prefix all 0xFF).
std::string PrefixSuccessor(absl::string_view prefix);

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_KEY_CODEC_H_
