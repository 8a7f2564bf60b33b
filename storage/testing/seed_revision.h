// Tests of the account store: a revision builder that stores the seed's
// accounts under another department and region (header-only; the test links
// tests/support for SeedAccounts).
#ifndef JUESUAN_STORAGE_TESTING_SEED_REVISION_H_
#define JUESUAN_STORAGE_TESTING_SEED_REVISION_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "storage/account_store.h"
#include "tests/support/test_support.h"

namespace juesuan::storage::testing {

// The name AccountStore answers for revision `revision_id` of `department`'s
// 2023 accounts.
inline std::string SeedRevisionName(const std::string& department, int64_t revision_id) {
  return absl::StrCat("departments/", department, "/accounts/2023/revisions/", revision_id);
}

// The seed's accounts under `department` in `region`; create_micros tells
// one attempt from another.
inline AccountStore::RevisionBuilder SeedRevisionBuilder(const std::string& department,
                                                         const std::string& region,
                                                         int64_t create_micros = 1) {
  return [=](int64_t revision_id) -> absl::StatusOr<AccountStore::NewRevision> {
    AccountStore::NewRevision fresh;
    // Parsed once: a crash test appends thousands.
    static const auto* const seed =
        new juesuan::accounts::v1::FinalAccounts(juesuan::testing::SeedAccounts());
    *fresh.revision.mutable_accounts() = *seed;
    auto* d = fresh.revision.mutable_accounts()->mutable_department();
    d->set_name("departments/" + department);
    d->set_region_code(region);
    fresh.revision.set_revision_id(revision_id);
    fresh.revision.set_create_time_micros(create_micros);
    fresh.response.set_name(SeedRevisionName(department, revision_id));
    return fresh;
  };
}

}  // namespace juesuan::storage::testing

#endif  // JUESUAN_STORAGE_TESTING_SEED_REVISION_H_
