#include "services/ingestion/access.h"

namespace juesuan::ingestion {

const ServiceAccess& IngestionAccess() {
  using config::v1::ROLE_PUBLISHER;
  using config::v1::ROLE_REVIEWER;
  using config::v1::ROLE_SUBMITTER;
  static const auto* access = new ServiceAccess{
      "juesuan.ingestion.v1.AccountIngestionService",
      {
          {"SubmitAccounts", {ROLE_SUBMITTER}, Scope::kDepartment},
          {"GetAccounts", DepartmentReaders(), Scope::kDepartment},
          {"ListAccounts", BureauRoles(), Scope::kDepartment},
          {"ListAccountRevisions", DepartmentReaders(), Scope::kDepartment},
          {"ExplainFindings", {ROLE_SUBMITTER, ROLE_REVIEWER}, Scope::kDepartment},
          {"PublishAccounts", {ROLE_PUBLISHER}, Scope::kDepartment},
          {"GetDepartment", DepartmentReaders(), Scope::kDepartment},
          {"ListDepartments", {}, Scope::kShared},
          {"GetValidationRule", {}, Scope::kShared},
          {"ListValidationRules", {}, Scope::kShared},
          // Reads a public document, stores nothing: any reader.
          {"ImportAccounts", DepartmentReaders(), Scope::kShared},
      }};
  return *access;
}

}  // namespace juesuan::ingestion
