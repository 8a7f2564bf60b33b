// juesuan-ingestion over gRPC, for whatever reads accounts from it (scoring's
// jobs, rendering, juesuanctl): each call gets the earlier of the caller's
// deadline and `timeout`, so an ingestion that is down or late is a clear
// UNAVAILABLE naming it and its address (common/upstream.h), not a hang;
// any other error comes back with the server's own code, message and
// details (BadRequest, ErrorInfo, the ValidationReport of a refusal).
// Not a service: a client library, so that no service includes another's
// code to reach it.
#ifndef JUESUAN_CLIENTS_INGESTION_CLIENT_H_
#define JUESUAN_CLIENTS_INGESTION_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/client_security.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"

namespace juesuan::clients {

class IngestionClient {
 public:
  // How a failed call comes back: for a server calling ingestion on its
  // caller's behalf, as an upstream's failure (TranslateUpstreamStatus: a
  // refusal of *this server's* credentials is INTERNAL, not the caller's
  // UNAUTHENTICATED); for a tool whose user is the caller, as ingestion
  // answered it.
  enum class Errors { kAsUpstream, kAsAnswered };

  // Dials `address` (host:port) lazily.
  IngestionClient(std::string address, absl::Duration timeout,
                  const ClientSecurity& security = ClientSecurity(),
                  Errors errors = Errors::kAsUpstream);

  // GetAccounts of `name` (accounts or revision) in `view`.
  absl::StatusOr<juesuan::ingestion::v1::AccountsRevision> GetAccounts(
      const std::string& name, juesuan::ingestion::v1::AccountsView view,
      absl::Time deadline = absl::InfiniteFuture());

  // The other methods, each as asked.
  absl::StatusOr<juesuan::ingestion::v1::ListAccountsResponse> ListAccounts(
      const juesuan::ingestion::v1::ListAccountsRequest& request,
      absl::Time deadline = absl::InfiniteFuture());
  absl::StatusOr<juesuan::ingestion::v1::SubmitAccountsResponse> SubmitAccounts(
      const juesuan::ingestion::v1::SubmitAccountsRequest& request,
      absl::Time deadline = absl::InfiniteFuture());
  absl::StatusOr<juesuan::ingestion::v1::ListAccountRevisionsResponse> ListAccountRevisions(
      const juesuan::ingestion::v1::ListAccountRevisionsRequest& request,
      absl::Time deadline = absl::InfiniteFuture());
  absl::StatusOr<juesuan::ingestion::v1::AccountsRevision> ExplainFindings(
      const juesuan::ingestion::v1::ExplainFindingsRequest& request,
      absl::Time deadline = absl::InfiniteFuture());
  absl::StatusOr<juesuan::ingestion::v1::AccountsRevision> PublishAccounts(
      const juesuan::ingestion::v1::PublishAccountsRequest& request,
      absl::Time deadline = absl::InfiniteFuture());
  absl::StatusOr<juesuan::ingestion::v1::ListDepartmentsResponse> ListDepartments(
      const juesuan::ingestion::v1::ListDepartmentsRequest& request,
      absl::Time deadline = absl::InfiniteFuture());
  absl::StatusOr<juesuan::ingestion::v1::ListValidationRulesResponse> ListValidationRules(
      const juesuan::ingestion::v1::ListValidationRulesRequest& request,
      absl::Time deadline = absl::InfiniteFuture());

  const std::string& address() const { return address_; }

 private:
  using Stub = juesuan::ingestion::v1::AccountIngestionService::Stub;
  template <typename Request, typename Response>
  using Rpc = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&, Response*);

  // One unary call of `rpc` (named `method` in errors) under the deadline.
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(const char* method, Rpc<Request, Response> rpc,
                                const Request& request, absl::Time deadline);

  const std::string address_;
  const absl::Duration timeout_;
  const Errors errors_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace juesuan::clients

#endif  // JUESUAN_CLIENTS_INGESTION_CLIENT_H_
