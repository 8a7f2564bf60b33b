#include "gen/scaled_accounts.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace juesuan::gen {

juesuan::accounts::v1::FinalAccounts ScaleAccounts(
    const juesuan::accounts::v1::FinalAccounts& accounts, int factor) {
  juesuan::accounts::v1::FinalAccounts out = accounts;
  auto* projects = out.mutable_performance()->mutable_projects();
  const auto originals = *projects;
  for (int copy = 2; copy <= factor; ++copy) {
    for (const auto& p : originals) {
      auto* added = projects->Add();
      *added = p;
      added->set_project_name(absl::StrCat(p.project_name(), "（第 ", copy, " 份）"));
    }
  }
  return out;
}

}  // namespace juesuan::gen
