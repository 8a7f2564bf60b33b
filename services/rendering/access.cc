#include "services/rendering/access.h"

namespace juesuan::rendering {

const ServiceAccess& RenderingAccess() {
  using config::v1::ROLE_PUBLISHER;
  static const auto* access =
      new ServiceAccess{"juesuan.disclosure.v1.DisclosureRenderingService",
                        {
                            {"RenderDisclosure", {ROLE_PUBLISHER}, Scope::kDepartment},
                            {"GetDisclosure", DepartmentReaders(), Scope::kDepartment},
                            {"ListDisclosures", DepartmentReaders(), Scope::kDepartment},
                            {"GetTemplate", {}, Scope::kShared},
                            {"ListTemplates", {}, Scope::kShared},
                            {"AuditDisclosure", DepartmentReaders(), Scope::kDepartment},
                            {"GetDisclosureAudit", DepartmentReaders(), Scope::kDepartment},
                            {"ListDisclosureAudits", DepartmentReaders(), Scope::kDepartment},
                        }};
  return *access;
}

}  // namespace juesuan::rendering
