#include "services/rendering/service_errors.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/error_details.h"
#include "common/resource_names.h"
#include "common/utf8.h"
#include "storage/page_token.h"

namespace juesuan::rendering {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

absl::Status BadField(absl::string_view field, absl::string_view description) {
  return InvalidArgumentWithViolations(absl::StrCat("invalid request: ", field, " ", description),
                                       {{std::string(field), std::string(description)}});
}

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
  auto size = storage::EffectivePageSize(requested, kDefaultPageSize, kMaxPageSize);
  if (!size.ok()) return BadField("page_size", "must not be negative");
  return size;
}

}  // namespace juesuan::rendering
