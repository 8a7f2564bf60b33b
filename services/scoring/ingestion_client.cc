#include "services/scoring/ingestion_client.h"

#include "common/upstream.h"

namespace juesuan::scoring {

namespace ingestion_v1 = ::juesuan::ingestion::v1;

IngestionClient::IngestionClient(const std::string& address, absl::Duration timeout,
                                 const ClientSecurity& security)
    : address_(address),
      timeout_(timeout),
      stub_(ingestion_v1::AccountIngestionService::NewStub(UpstreamChannel(address, security))) {}

absl::Status IngestionClient::Translate(const grpc::Status& status, absl::string_view method,
                                        DeadlineOwner deadline) const {
  return TranslateUpstreamStatus(status, "juesuan-ingestion", address_, method, deadline);
}

absl::StatusOr<ingestion_v1::AccountsRevision> IngestionClient::GetAccounts(const std::string& name,
                                                                            absl::Time deadline) {
  grpc::ClientContext context;
  const DeadlineOwner owner = SetUpstreamDeadline(&context, deadline, timeout_);
  ingestion_v1::GetAccountsRequest request;
  request.set_name(name);
  request.set_view(ingestion_v1::ACCOUNTS_VIEW_FULL);
  ingestion_v1::AccountsRevision response;
  const grpc::Status status = stub_->GetAccounts(&context, request, &response);
  if (!status.ok()) return Translate(status, "GetAccounts", owner);
  return response;
}

absl::StatusOr<ingestion_v1::ListAccountsResponse> IngestionClient::ListAccounts(
    int32_t fiscal_year, const std::string& region_code, int page_size,
    const std::string& page_token) {
  grpc::ClientContext context;
  SetUpstreamDeadline(&context, absl::InfiniteFuture(), timeout_);
  ingestion_v1::ListAccountsRequest request;
  request.set_parent("departments/-");
  request.set_fiscal_year(fiscal_year);
  request.set_region_code(region_code);
  request.set_page_size(page_size);
  request.set_page_token(page_token);
  request.set_view(ingestion_v1::ACCOUNTS_VIEW_FULL);
  ingestion_v1::ListAccountsResponse response;
  const grpc::Status status = stub_->ListAccounts(&context, request, &response);
  if (!status.ok()) return Translate(status, "ListAccounts", DeadlineOwner::kOurs);
  return response;
}

}  // namespace juesuan::scoring
