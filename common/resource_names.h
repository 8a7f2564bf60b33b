// Parsing and building the suite's resource names (AIP-122):
//
//   departments/{department}
//   departments/{department}/accounts/{fiscal_year}[/revisions/{revision}]
//   departments/{department}/scorecards/{fiscal_year}
//   departments/{department}/disclosures/{fiscal_year}
//
// A department ID is lowercase letters, digits and hyphens, starting with a
// letter and not ending with a hyphen, at most 63 characters. Years are four
// digits, revisions positive integers, both without signs or spaces.
#ifndef JUESUAN_COMMON_RESOURCE_NAMES_H_
#define JUESUAN_COMMON_RESOURCE_NAMES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace juesuan {

// The department ID of `departments/{id}`, or "" if `name` is not one.
std::string DepartmentIdFromName(absl::string_view name);

// The `departments/{d}` a resource name is under (`departments/{d}/…`), or
// "" for a name under no department or under the wildcard `departments/-`.
// Not checked further: for logs and authorization, which compare it.
absl::string_view DepartmentOfResource(absl::string_view resource);

// A parsed accounts, revision or scorecard name.
struct DepartmentYearName {
  std::string department_id;
  int32_t fiscal_year = 0;
  int64_t revision_id = 0;  // 0: no revision given
};

// Parses `departments/{d}/accounts/{y}` or `…/revisions/{n}` (the latter
// required if `require_revision`). INVALID_ARGUMENT with a BadRequest naming
// `field` otherwise.
absl::StatusOr<DepartmentYearName> ParseAccountsName(absl::string_view name,
                                                     absl::string_view field,
                                                     bool require_revision);

// Parses `departments/{d}/scorecards/{y}`; INVALID_ARGUMENT naming `field`.
absl::StatusOr<DepartmentYearName> ParseScorecardName(absl::string_view name,
                                                      absl::string_view field);

// Parses `departments/{d}/disclosures/{y}`; INVALID_ARGUMENT naming `field`.
absl::StatusOr<DepartmentYearName> ParseDisclosureName(absl::string_view name,
                                                       absl::string_view field);

std::string AccountsName(absl::string_view department_id, int32_t fiscal_year);
std::string RevisionName(absl::string_view department_id, int32_t fiscal_year, int64_t revision_id);
std::string ScorecardName(absl::string_view department_id, int32_t fiscal_year);
std::string DisclosureName(absl::string_view department_id, int32_t fiscal_year);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_RESOURCE_NAMES_H_
