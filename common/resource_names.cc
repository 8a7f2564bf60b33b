#include "common/resource_names.h"

#include <algorithm>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/error_details.h"
#include "common/utf8.h"

namespace juesuan {
namespace {

bool IsDepartmentId(absl::string_view id) {
  if (id.empty() || id.size() > 63 || id[0] < 'a' || id[0] > 'z' || id.back() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool IsDigits(absl::string_view s, size_t max) {
  return !s.empty() && s.size() <= max &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

absl::Status BadName(absl::string_view field, absl::string_view pattern, absl::string_view name) {
  return InvalidArgumentWithViolations(
      absl::StrCat("invalid request: ", field, " must be ", pattern, ", got \"", CutUtf8(name, 120),
                   "\""),
      {{std::string(field),
        absl::StrCat("must be ", pattern, ", got \"", CutUtf8(name, 120), "\"")}});
}

// Parses departments/{d}/{collection}/{year}[/revisions/{n}].
absl::StatusOr<DepartmentYearName> ParseYearName(absl::string_view name, absl::string_view field,
                                                 absl::string_view collection, bool allow_revision,
                                                 bool require_revision, absl::string_view pattern) {
  if (name.size() > 200) return BadName(field, pattern, name);
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  const bool with_revision = parts.size() == 6;
  DepartmentYearName out;
  if ((parts.size() != 4 && !(allow_revision && with_revision)) || parts[0] != "departments" ||
      parts[2] != collection || !IsDepartmentId(parts[1]) || parts[3].size() != 4 ||
      !IsDigits(parts[3], 4) || !absl::SimpleAtoi(parts[3], &out.fiscal_year) ||
      (with_revision && (parts[4] != "revisions" || !IsDigits(parts[5], 18) ||
                         !absl::SimpleAtoi(parts[5], &out.revision_id) || out.revision_id < 1))) {
    return BadName(field, pattern, name);
  }
  if (require_revision && !with_revision) return BadName(field, pattern, name);
  out.department_id = std::string(parts[1]);
  return out;
}

}  // namespace

std::string DepartmentIdFromName(absl::string_view name) {
  constexpr absl::string_view kPrefix = "departments/";
  if (name.substr(0, kPrefix.size()) != kPrefix) return "";
  const absl::string_view id = name.substr(kPrefix.size());
  return IsDepartmentId(id) ? std::string(id) : "";
}

absl::string_view DepartmentOfResource(absl::string_view resource) {
  constexpr absl::string_view kPrefix = "departments/";
  if (resource.substr(0, kPrefix.size()) != kPrefix) return {};
  const absl::string_view department = resource.substr(0, resource.find('/', kPrefix.size()));
  if (department.size() == kPrefix.size() || department == "departments/-") return {};
  return department;
}

absl::StatusOr<DepartmentYearName> ParseAccountsName(absl::string_view name,
                                                     absl::string_view field,
                                                     bool require_revision) {
  return ParseYearName(
      name, field, "accounts", true, require_revision,
      require_revision ? "departments/{department}/accounts/{fiscal_year}/revisions/{revision}"
                       : "departments/{department}/accounts/{fiscal_year}[/revisions/{revision}]");
}

absl::StatusOr<DepartmentYearName> ParseScorecardName(absl::string_view name,
                                                      absl::string_view field) {
  return ParseYearName(name, field, "scorecards", false, false,
                       "departments/{department}/scorecards/{fiscal_year}");
}

absl::StatusOr<DepartmentYearName> ParseDisclosureName(absl::string_view name,
                                                       absl::string_view field) {
  return ParseYearName(name, field, "disclosures", false, false,
                       "departments/{department}/disclosures/{fiscal_year}");
}

std::string AccountsName(absl::string_view department_id, int32_t fiscal_year) {
  return absl::StrCat("departments/", department_id, "/accounts/", fiscal_year);
}

std::string RevisionName(absl::string_view department_id, int32_t fiscal_year,
                         int64_t revision_id) {
  return absl::StrCat(AccountsName(department_id, fiscal_year), "/revisions/", revision_id);
}

std::string ScorecardName(absl::string_view department_id, int32_t fiscal_year) {
  return absl::StrCat("departments/", department_id, "/scorecards/", fiscal_year);
}

std::string DisclosureName(absl::string_view department_id, int32_t fiscal_year) {
  return absl::StrCat("departments/", department_id, "/disclosures/", fiscal_year);
}

}  // namespace juesuan
