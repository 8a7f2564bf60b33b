#include "services/rendering/service_errors.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/resource_names.h"
#include "common/utf8.h"

namespace juesuan::rendering {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

absl::StatusOr<std::string> ParentDepartment(absl::string_view parent) {
  if (parent == "departments/-") return std::string();
  std::string department = DepartmentIdFromName(parent);
  if (department.empty()) {
    return BadField("parent",
                    absl::StrCat("must be departments/{department} or departments/-, got \"",
                                 CutUtf8(parent, 80), "\""));
  }
  return department;
}

absl::StatusOr<int> PageSize(int requested) {
  return juesuan::PageSize(kErrorDomain, requested, kDefaultPageSize, kMaxPageSize);
}

}  // namespace juesuan::rendering
