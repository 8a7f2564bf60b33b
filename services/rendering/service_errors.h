// Rendering's request errors: common/request_errors.h in rendering's domain
// ("juesuan.disclosure.v1"), and the parent of its lists.
#ifndef JUESUAN_SERVICES_RENDERING_SERVICE_ERRORS_H_
#define JUESUAN_SERVICES_RENDERING_SERVICE_ERRORS_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/request_errors.h"
#include "juesuan/disclosure/v1/disclosure.pb.h"

namespace juesuan::rendering {

inline constexpr absl::string_view kErrorDomain = "juesuan.disclosure.v1";

inline absl::Status BadField(absl::string_view field, absl::string_view description) {
  return juesuan::BadField(kErrorDomain, field, description);
}

// A store's refusal of a page token as BadField page_token.
template <typename T>
absl::StatusOr<T> AsPageTokenError(absl::StatusOr<T> result) {
  return juesuan::AsPageTokenError(kErrorDomain, std::move(result));
}

// The department a list's `parent` names: its ID, or "" for all
// (`departments/-`); otherwise the error naming `parent`.
absl::StatusOr<std::string> ParentDepartment(absl::string_view parent);

// The page size a list returns: 50 when unset, at most 1,000.
absl::StatusOr<int> PageSize(int requested);

// OK for a format rendering knows, else BadField format.
absl::Status CheckFormat(juesuan::disclosure::v1::Format format);

// The view asked for: VIEW_PUBLISHED unless VIEW_REVIEW; BadField view for
// another value.
absl::StatusOr<juesuan::disclosure::v1::View> ViewOf(juesuan::disclosure::v1::View view);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_SERVICE_ERRORS_H_
