#include "clients/ingestion_client.h"

#include <utility>

#include "common/upstream.h"

namespace juesuan::clients {

namespace iv1 = ::juesuan::ingestion::v1;

constexpr char kUpstream[] = "juesuan-ingestion";

IngestionClient::IngestionClient(std::string address, absl::Duration timeout,
                                 const ClientSecurity& security)
    : address_(std::move(address)),
      timeout_(timeout),
      stub_(iv1::AccountIngestionService::NewStub(UpstreamChannel(address_, security))) {}

absl::StatusOr<iv1::AccountsRevision> IngestionClient::GetAccounts(const std::string& name,
                                                                   iv1::AccountsView view,
                                                                   absl::Time deadline) {
  grpc::ClientContext context;
  const DeadlineOwner owner = SetUpstreamDeadline(&context, deadline, timeout_);
  iv1::GetAccountsRequest request;
  request.set_name(name);
  request.set_view(view);
  iv1::AccountsRevision response;
  const grpc::Status status = stub_->GetAccounts(&context, request, &response);
  if (!status.ok()) {
    return TranslateUpstreamStatus(status, kUpstream, address_, "GetAccounts", owner);
  }
  return response;
}

absl::StatusOr<iv1::ListAccountsResponse> IngestionClient::ListAccounts(
    const iv1::ListAccountsRequest& request, absl::Time deadline) {
  grpc::ClientContext context;
  const DeadlineOwner owner = SetUpstreamDeadline(&context, deadline, timeout_);
  iv1::ListAccountsResponse response;
  const grpc::Status status = stub_->ListAccounts(&context, request, &response);
  if (!status.ok()) {
    return TranslateUpstreamStatus(status, kUpstream, address_, "ListAccounts", owner);
  }
  return response;
}

}  // namespace juesuan::clients
