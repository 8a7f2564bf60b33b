#include "services/scoring/access.h"

namespace juesuan::scoring {

const ServiceAccess& ScoringAccess() {
  using config::v1::ROLE_REVIEWER;
  using config::v1::ROLE_SCHEDULER;
  static const auto* access = new ServiceAccess{
      "juesuan.scoring.v1.PerformanceScoringService",
      {
          {"ScoreAccounts", {ROLE_REVIEWER, ROLE_SCHEDULER}, Scope::kDepartment},
          {"GetScorecard", DepartmentReaders(), Scope::kDepartment},
          {"ListScorecards", DepartmentReaders(), Scope::kDepartment},
          {"GetScoringProfile", {}, Scope::kShared},
          {"ListScoringProfiles", {}, Scope::kShared},
          {"StartScoringJob", {ROLE_REVIEWER, ROLE_SCHEDULER}, Scope::kDepartment},
          {"GetScoringJob", BureauRoles(), Scope::kDepartment},
          {"ListScoringJobs", BureauRoles(), Scope::kDepartment},
          {"WatchScoringJob", BureauRoles(), Scope::kDepartment},
      }};
  return *access;
}

}  // namespace juesuan::scoring
