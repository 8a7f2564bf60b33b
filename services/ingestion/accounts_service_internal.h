// What accounts_service.cc and accounts_service_reads.cc share: page limits,
// page errors in ingestion's error domain, and reading names. Not for use
// outside AccountsService.
#ifndef JUESUAN_SERVICES_INGESTION_ACCOUNTS_SERVICE_INTERNAL_H_
#define JUESUAN_SERVICES_INGESTION_ACCOUNTS_SERVICE_INTERNAL_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/request_errors.h"
#include "juesuan/ingestion/v1/ingestion_service.pb.h"
#include "services/ingestion/request_errors.h"
#include "storage/account_store.h"

namespace juesuan::ingestion {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;
// FULL views carry whole accounts (tens of KB each): smaller pages keep a
// response well under the clients' 4 MiB default receive limit.
inline constexpr int kMaxFullPageSize = 50;
// What a FULL page (each revision with its accounts) may hold: a page ends
// before the entry that would take it past this, so no page is built that
// cannot be sent (the reply cap is 64 MiB; one document is at most 4 MiB
// and its report less) and two pages being built stay far from the
// servers' memory limit. A page always holds one entry.
inline constexpr size_t kMaxFullPageBytes = size_t{16} * 1024 * 1024;

inline absl::StatusOr<int> PageSize(int requested, int max) {
  return juesuan::PageSize(kErrorDomain, requested, std::min(kDefaultPageSize, max), max);
}

template <typename T>
absl::StatusOr<T> AsPageTokenError(absl::StatusOr<T> result) {
  return juesuan::AsPageTokenError(kErrorDomain, std::move(result));
}

// Parses an accounts or revision name into the department-year it names.
struct ParsedName {
  storage::DepartmentYear dy;
  int64_t revision_id = 0;
};
absl::StatusOr<ParsedName> ParseName(absl::string_view name, absl::string_view field,
                                     bool require_revision);

// A revision's etag: it changes when the revision is explained or
// published (or another is).
std::string Etag(const storage::StoredAccountsHead& head, int64_t revision_id,
                 const storage::StoredExplanations& explanations);

// The latest revision as its head holds it, no revision read: name,
// number, state, times, department, region and year. (What DIGEST and the
// BASIC listing answer; ToApi builds a revision that was read.)
juesuan::ingestion::v1::AccountsRevision LatestFromHead(const storage::DepartmentYear& dy,
                                                        const storage::StoredAccountsHead& head);

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_ACCOUNTS_SERVICE_INTERNAL_H_
