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

absl::Status CheckFormat(juesuan::disclosure::v1::Format format) {
  namespace dv1 = ::juesuan::disclosure::v1;
  if (format == dv1::FORMAT_TEXT || format == dv1::FORMAT_MARKDOWN || format == dv1::FORMAT_HTML ||
      format == dv1::FORMAT_XLSX) {
    return absl::OkStatus();
  }
  return BadField(
      "format",
      absl::StrCat("must be FORMAT_TEXT, FORMAT_MARKDOWN, FORMAT_HTML or FORMAT_XLSX, got ",
                   format == dv1::FORMAT_UNSPECIFIED ? std::string("FORMAT_UNSPECIFIED")
                                                     : std::to_string(static_cast<int>(format))));
}

absl::StatusOr<juesuan::disclosure::v1::View> ViewOf(juesuan::disclosure::v1::View view) {
  namespace dv1 = ::juesuan::disclosure::v1;
  if (view == dv1::VIEW_UNSPECIFIED || view == dv1::VIEW_PUBLISHED) return dv1::VIEW_PUBLISHED;
  if (view == dv1::VIEW_REVIEW) return dv1::VIEW_REVIEW;
  return BadField(
      "view", absl::StrCat("must be VIEW_PUBLISHED or VIEW_REVIEW, got ", static_cast<int>(view)));
}

}  // namespace juesuan::rendering
