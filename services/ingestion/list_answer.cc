#include "services/ingestion/list_answer.h"

#include "storage/wire_filter.h"

namespace juesuan::ingestion {

std::string SerializeAccountsPage(const AccountsService::AccountsPage& page) {
  std::string out;
  for (const AccountsService::AccountsPage::FullEntry& entry : page.full) {
    std::string revision = entry.revision.SerializeAsString();
    storage::AppendLengthDelimited(v1::AccountsRevision::kAccountsFieldNumber,
                                   entry.stored_accounts, &revision);
    storage::AppendLengthDelimited(v1::ListAccountsResponse::kAccountsFieldNumber, revision, &out);
  }
  return out + page.response.SerializeAsString();
}

}  // namespace juesuan::ingestion
