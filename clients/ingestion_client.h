// juesuan-ingestion over gRPC, for whatever reads accounts from it (scoring's
// jobs, rendering, tools): each call gets the earlier of the caller's
// deadline and `timeout`, so an ingestion that is down or late is a clear
// UNAVAILABLE naming it and its address (common/upstream.h), not a hang.
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
  // Dials `address` (host:port) lazily.
  IngestionClient(std::string address, absl::Duration timeout,
                  const ClientSecurity& security = ClientSecurity());

  // GetAccounts of `name` (accounts or revision) in `view`.
  absl::StatusOr<juesuan::ingestion::v1::AccountsRevision> GetAccounts(
      const std::string& name, juesuan::ingestion::v1::AccountsView view,
      absl::Time deadline = absl::InfiniteFuture());

  // ListAccounts as asked.
  absl::StatusOr<juesuan::ingestion::v1::ListAccountsResponse> ListAccounts(
      const juesuan::ingestion::v1::ListAccountsRequest& request,
      absl::Time deadline = absl::InfiniteFuture());

  const std::string& address() const { return address_; }

 private:
  const std::string address_;
  const absl::Duration timeout_;
  std::unique_ptr<juesuan::ingestion::v1::AccountIngestionService::Stub> stub_;
};

}  // namespace juesuan::clients

#endif  // JUESUAN_CLIENTS_INGESTION_CLIENT_H_
