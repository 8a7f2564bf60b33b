// The request errors rendering's methods share: a field at fault (with its
// google.rpc.BadRequest violation) and a page size.
#ifndef JUESUAN_SERVICES_RENDERING_SERVICE_ERRORS_H_
#define JUESUAN_SERVICES_RENDERING_SERVICE_ERRORS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace juesuan::rendering {

// INVALID_ARGUMENT "invalid request: <field> <description>", with the
// violation attached.
absl::Status BadField(absl::string_view field, absl::string_view description);

// The department a list's `parent` names: its ID, or "" for all
// (`departments/-`); otherwise the error naming `parent`.
absl::StatusOr<std::string> ParentDepartment(absl::string_view parent);

// The page size a list returns: 50 when unset, at most 1,000.
absl::StatusOr<int> PageSize(int requested);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_SERVICE_ERRORS_H_
