// Rendering's upstreams over gRPC: accounts through the shared ingestion
// client (clients/ingestion_client.h), scorecards and profiles from
// juesuan-scoring. Each call gets the earlier of the caller's deadline and
// `timeout`; an upstream that is down or late is UNAVAILABLE naming it.
#ifndef JUESUAN_SERVICES_RENDERING_GRPC_UPSTREAMS_H_
#define JUESUAN_SERVICES_RENDERING_GRPC_UPSTREAMS_H_

#include <memory>
#include <string>

#include "clients/ingestion_client.h"
#include "common/client_security.h"
#include "juesuan/scoring/v1/scoring_service.grpc.pb.h"
#include "services/rendering/upstreams.h"

namespace juesuan::rendering {

class GrpcUpstreams final : public Upstreams {
 public:
  GrpcUpstreams(const std::string& ingestion_addr, const std::string& scoring_addr,
                absl::Duration timeout, const ClientSecurity& security = ClientSecurity());

  absl::StatusOr<juesuan::ingestion::v1::AccountsRevision> GetAccounts(
      const std::string& name, bool full, absl::Time deadline) override;
  absl::StatusOr<juesuan::scoring::v1::Scorecard> GetScorecard(const std::string& name,
                                                               const std::string& profile,
                                                               bool full,
                                                               absl::Time deadline) override;
  absl::StatusOr<juesuan::scoring::v1::ScoringProfile> GetScoringProfile(
      const std::string& name, absl::Time deadline) override;

 private:
  clients::IngestionClient ingestion_;
  std::string scoring_addr_;
  absl::Duration timeout_;
  std::unique_ptr<juesuan::scoring::v1::PerformanceScoringService::Stub> scoring_;
};

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_GRPC_UPSTREAMS_H_
