#include "services/rendering/grpc_upstreams.h"

#include "common/upstream.h"

namespace juesuan::rendering {

namespace iv1 = ::juesuan::ingestion::v1;
namespace sv1 = ::juesuan::scoring::v1;

GrpcUpstreams::GrpcUpstreams(const std::string& ingestion_addr, const std::string& scoring_addr,
                             absl::Duration timeout, const ClientSecurity& security)
    : ingestion_(ingestion_addr, timeout, security),
      scoring_addr_(scoring_addr),
      timeout_(timeout),
      scoring_(sv1::PerformanceScoringService::NewStub(UpstreamChannel(scoring_addr, security))) {}

absl::StatusOr<iv1::AccountsRevision> GrpcUpstreams::GetAccounts(const std::string& name, bool full,
                                                                 absl::Time deadline) {
  // Not full: only what tells revisions apart (for the latest revision,
  // ingestion answers it from the department-year's head).
  return ingestion_.GetAccounts(name, full ? iv1::ACCOUNTS_VIEW_FULL : iv1::ACCOUNTS_VIEW_DIGEST,
                                deadline);
}

absl::StatusOr<sv1::Scorecard> GrpcUpstreams::GetScorecard(const std::string& name,
                                                           const std::string& profile, bool full,
                                                           absl::Time deadline) {
  grpc::ClientContext context;
  const DeadlineOwner owner = SetUpstreamDeadline(&context, deadline, timeout_);
  sv1::GetScorecardRequest request;
  request.set_name(name);
  request.set_profile(profile);
  request.set_view(full ? sv1::SCORECARD_VIEW_FULL : sv1::SCORECARD_VIEW_BASIC);
  sv1::Scorecard response;
  const grpc::Status status = scoring_->GetScorecard(&context, request, &response);
  if (!status.ok()) {
    return TranslateUpstreamStatus(status, "juesuan-scoring", scoring_addr_, "GetScorecard", owner);
  }
  return response;
}

absl::StatusOr<sv1::ScoringProfile> GrpcUpstreams::GetScoringProfile(const std::string& name,
                                                                     absl::Time deadline) {
  grpc::ClientContext context;
  const DeadlineOwner owner = SetUpstreamDeadline(&context, deadline, timeout_);
  sv1::GetScoringProfileRequest request;
  request.set_name(name);
  sv1::ScoringProfile response;
  const grpc::Status status = scoring_->GetScoringProfile(&context, request, &response);
  if (!status.ok()) {
    return TranslateUpstreamStatus(status, "juesuan-scoring", scoring_addr_, "GetScoringProfile",
                                   owner);
  }
  return response;
}

}  // namespace juesuan::rendering
