// AccountsSource over gRPC: juesuan-ingestion's GetAccounts and ListAccounts,
// each with a deadline, so an unreachable ingestion is a clear UNAVAILABLE
// within the deadline instead of a hang.
#ifndef JUESUAN_SERVICES_SCORING_INGESTION_CLIENT_H_
#define JUESUAN_SERVICES_SCORING_INGESTION_CLIENT_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "common/client_security.h"
#include "common/upstream.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "services/scoring/scoring_service.h"

namespace juesuan::scoring {

class IngestionClient final : public AccountsSource {
 public:
  // Dials `address` (host:port) lazily; every call gets `timeout`.
  IngestionClient(const std::string& address, absl::Duration timeout,
                  const ClientSecurity& security = ClientSecurity());

  absl::StatusOr<juesuan::ingestion::v1::AccountsRevision> GetAccounts(
      const std::string& name, absl::Time deadline) override;
  absl::StatusOr<juesuan::ingestion::v1::ListAccountsResponse> ListAccounts(
      int32_t fiscal_year, const std::string& region_code, int page_size,
      const std::string& page_token) override;

 private:
  absl::Status Translate(const grpc::Status& status, absl::string_view method,
                         DeadlineOwner deadline) const;

  std::string address_;
  absl::Duration timeout_;
  std::unique_ptr<juesuan::ingestion::v1::AccountIngestionService::Stub> stub_;
};

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_INGESTION_CLIENT_H_
