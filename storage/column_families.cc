#include "storage/column_families.h"

namespace juesuan::storage {

const std::vector<ColumnFamilyDef>& AllColumnFamilies() {
  static const auto* const kAll = new std::vector<ColumnFamilyDef>{
      {ColumnFamilyId::kDefault, "default"},
      {ColumnFamilyId::kMeta, "meta"},
      {ColumnFamilyId::kRevisions, "revisions"},
      {ColumnFamilyId::kAccountsIndex, "accounts_index"},
      {ColumnFamilyId::kHeads, "heads"},
      {ColumnFamilyId::kExplanations, "explanations"},
      {ColumnFamilyId::kRequests, "requests"},
      {ColumnFamilyId::kDepartments, "departments"},
      {ColumnFamilyId::kScorecards, "scorecards"},
      {ColumnFamilyId::kScorecardRanking, "scorecard_ranking"},
      {ColumnFamilyId::kScorecardRegionRanking, "scorecard_region_ranking"},
      {ColumnFamilyId::kScoringJobs, "scoring_jobs"},
      {ColumnFamilyId::kScoringJobRequests, "scoring_job_requests"},
      {ColumnFamilyId::kDisclosures, "disclosures"},
      {ColumnFamilyId::kDisclosureContents, "disclosure_contents"},
      {ColumnFamilyId::kAudits, "audits"},
  };
  return *kAll;
}

absl::string_view ColumnFamilyName(ColumnFamilyId id) {
  return AllColumnFamilies()[static_cast<uint32_t>(id)].name;
}

}  // namespace juesuan::storage
