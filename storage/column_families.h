// The one registry of RocksDB column families. Every CF any juesuan service
// stores into is listed here with a fixed ID; a data directory is opened with
// all of them. IDs and names are on-disk format: never renumber or rename,
// only append.
#ifndef JUESUAN_STORAGE_COLUMN_FAMILIES_H_
#define JUESUAN_STORAGE_COLUMN_FAMILIES_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"

namespace juesuan::storage {

enum class ColumnFamilyId : uint32_t {
  // RocksDB's own default CF; unused.
  kDefault = 0,
  // Store metadata: format version.
  kMeta = 1,
  // Immutable accounts revisions (StoredRevision).
  kRevisions = 2,
  // Head of each department-year, keyed for listing by year and region
  // (StoredAccountsHead).
  kAccountsIndex = 3,
  // Head of each department-year by department-year (StoredAccountsHead).
  kHeads = 4,
  // Explanations per revision (StoredExplanations).
  kExplanations = 5,
  // Idempotency records by request ID (StoredRequest).
  kRequests = 6,
  // Departments (StoredDepartment).
  kDepartments = 7,
  // Scorecards by department-year-profile (StoredScorecard).
  kScorecards = 8,
  // Scorecards ranked by total, per profile and year (empty values).
  kScorecardRanking = 9,
  // The same ranking per profile, year and region (empty values).
  kScorecardRegionRanking = 10,
  // Scoring jobs by ID, newest first (StoredScoringJob).
  kScoringJobs = 11,
  // Scoring-job idempotency records: request ID → job ID.
  kScoringJobRequests = 12,
  // Rendered disclosures' records, without content (StoredDisclosure).
  kDisclosures = 13,
  // Rendered disclosures' content (raw UTF-8), keyed as kDisclosures.
  kDisclosureContents = 14,
  // Audits of published documents by department | year | audit ID
  // (StoredAudit).
  kAudits = 15,
};

// A CF's ID and its on-disk name.
struct ColumnFamilyDef {
  ColumnFamilyId id;
  absl::string_view name;
};

// Every CF, in ID order. DB::Open must open every one of them.
const std::vector<ColumnFamilyDef>& AllColumnFamilies();

// The name of `id`.
absl::string_view ColumnFamilyName(ColumnFamilyId id);

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_COLUMN_FAMILIES_H_
