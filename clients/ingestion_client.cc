#include "clients/ingestion_client.h"

#include <utility>

#include "common/grpc_status.h"
#include "common/upstream.h"

namespace juesuan::clients {

namespace iv1 = ::juesuan::ingestion::v1;

constexpr char kUpstream[] = "juesuan-ingestion";

IngestionClient::IngestionClient(std::string address, absl::Duration timeout,
                                 const ClientSecurity& security, Errors errors)
    : address_(std::move(address)),
      timeout_(timeout),
      errors_(errors),
      stub_(iv1::AccountIngestionService::NewStub(UpstreamChannel(address_, security))) {}

template <typename Request, typename Response>
absl::StatusOr<Response> IngestionClient::Call(const char* method, Rpc<Request, Response> rpc,
                                               const Request& request, absl::Time deadline) {
  grpc::ClientContext context;
  const DeadlineOwner owner = SetUpstreamDeadline(&context, deadline, timeout_);
  Response response;
  const grpc::Status status = (stub_.get()->*rpc)(&context, request, &response);
  if (status.ok()) return response;
  if (errors_ == Errors::kAsAnswered) return FromGrpcStatus(status);
  return TranslateUpstreamStatus(status, kUpstream, address_, method, owner);
}

absl::StatusOr<iv1::AccountsRevision> IngestionClient::GetAccounts(const std::string& name,
                                                                   iv1::AccountsView view,
                                                                   absl::Time deadline) {
  iv1::GetAccountsRequest request;
  request.set_name(name);
  request.set_view(view);
  return Call("GetAccounts", &Stub::GetAccounts, request, deadline);
}

absl::StatusOr<iv1::ListAccountsResponse> IngestionClient::ListAccounts(
    const iv1::ListAccountsRequest& request, absl::Time deadline) {
  return Call("ListAccounts", &Stub::ListAccounts, request, deadline);
}

absl::StatusOr<iv1::SubmitAccountsResponse> IngestionClient::SubmitAccounts(
    const iv1::SubmitAccountsRequest& request, absl::Time deadline) {
  return Call("SubmitAccounts", &Stub::SubmitAccounts, request, deadline);
}

absl::StatusOr<iv1::ListAccountRevisionsResponse> IngestionClient::ListAccountRevisions(
    const iv1::ListAccountRevisionsRequest& request, absl::Time deadline) {
  return Call("ListAccountRevisions", &Stub::ListAccountRevisions, request, deadline);
}

absl::StatusOr<iv1::AccountsRevision> IngestionClient::ExplainFindings(
    const iv1::ExplainFindingsRequest& request, absl::Time deadline) {
  return Call("ExplainFindings", &Stub::ExplainFindings, request, deadline);
}

absl::StatusOr<iv1::AccountsRevision> IngestionClient::PublishAccounts(
    const iv1::PublishAccountsRequest& request, absl::Time deadline) {
  return Call("PublishAccounts", &Stub::PublishAccounts, request, deadline);
}

absl::StatusOr<iv1::ListDepartmentsResponse> IngestionClient::ListDepartments(
    const iv1::ListDepartmentsRequest& request, absl::Time deadline) {
  return Call("ListDepartments", &Stub::ListDepartments, request, deadline);
}

absl::StatusOr<iv1::ListValidationRulesResponse> IngestionClient::ListValidationRules(
    const iv1::ListValidationRulesRequest& request, absl::Time deadline) {
  return Call("ListValidationRules", &Stub::ListValidationRules, request, deadline);
}

}  // namespace juesuan::clients
