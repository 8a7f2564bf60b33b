#include "services/scoring/ingestion_client.h"

namespace juesuan::scoring {

namespace iv1 = ::juesuan::ingestion::v1;

absl::StatusOr<iv1::AccountsRevision> IngestionClient::GetAccounts(const std::string& name,
                                                                   absl::Time deadline) {
  return client_.GetAccounts(name, iv1::ACCOUNTS_VIEW_FULL, deadline);
}

absl::StatusOr<iv1::ListAccountsResponse> IngestionClient::ListAccounts(
    int32_t fiscal_year, const std::string& region_code, int page_size,
    const std::string& page_token) {
  iv1::ListAccountsRequest request;
  request.set_parent("departments/-");
  request.set_fiscal_year(fiscal_year);
  request.set_region_code(region_code);
  request.set_page_size(page_size);
  request.set_page_token(page_token);
  request.set_view(iv1::ACCOUNTS_VIEW_FULL);
  return client_.ListAccounts(request);
}

}  // namespace juesuan::scoring
