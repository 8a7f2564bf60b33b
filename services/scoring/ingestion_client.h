// AccountsSource over gRPC: juesuan-ingestion's GetAccounts and ListAccounts
// through the shared client (clients/ingestion_client.h), which gives each
// call a deadline, so an unreachable ingestion is a clear UNAVAILABLE.
#ifndef JUESUAN_SERVICES_SCORING_INGESTION_CLIENT_H_
#define JUESUAN_SERVICES_SCORING_INGESTION_CLIENT_H_

#include <string>

#include "absl/time/time.h"
#include "clients/ingestion_client.h"
#include "common/client_security.h"
#include "services/scoring/scoring_service.h"

namespace juesuan::scoring {

class IngestionClient final : public AccountsSource {
 public:
  // Dials `address` (host:port) lazily; every call gets `timeout`.
  IngestionClient(const std::string& address, absl::Duration timeout,
                  const ClientSecurity& security = ClientSecurity())
      : client_(address, timeout, security) {}

  absl::StatusOr<juesuan::ingestion::v1::AccountsRevision> GetAccounts(
      const std::string& name, absl::Time deadline) override;
  absl::StatusOr<juesuan::ingestion::v1::ListAccountsResponse> ListAccounts(
      int32_t fiscal_year, const std::string& region_code, int page_size,
      const std::string& page_token) override;

 private:
  clients::IngestionClient client_;
};

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_INGESTION_CLIENT_H_
