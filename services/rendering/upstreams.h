// What rendering reads from the other services: accounts from ingestion, the
// scorecard from scoring. An interface, so the domain compiles and is tested
// without gRPC; GrpcUpstreams (grpc_upstreams.h, in the gRPC layer) is the
// production one.
#ifndef JUESUAN_SERVICES_RENDERING_UPSTREAMS_H_
#define JUESUAN_SERVICES_RENDERING_UPSTREAMS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "juesuan/ingestion/v1/ingestion_service.pb.h"
#include "juesuan/scoring/v1/scoring_service.pb.h"

namespace juesuan::rendering {

class Upstreams {
 public:
  virtual ~Upstreams() = default;
  // The revision `name` (an accounts or a revision name) names: with its
  // accounts if `full`, else only what tells it from another revision (its
  // name, number, state and accounts digest: the DIGEST view). Gives up by
  // `deadline`.
  virtual absl::StatusOr<juesuan::ingestion::v1::AccountsRevision> GetAccounts(
      const std::string& name, bool full, absl::Time deadline) = 0;
  // The scorecard `name` under `profile`, or NOT_FOUND (also when scoring
  // does not know the profile: ask GetScoringProfile to tell); with its
  // scores if `full`, else only what it scored and its digest.
  virtual absl::StatusOr<juesuan::scoring::v1::Scorecard> GetScorecard(const std::string& name,
                                                                       const std::string& profile,
                                                                       bool full,
                                                                       absl::Time deadline) = 0;
  // The scoring profile `name`, or NOT_FOUND.
  virtual absl::StatusOr<juesuan::scoring::v1::ScoringProfile> GetScoringProfile(
      const std::string& name, absl::Time deadline) = 0;
};

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_UPSTREAMS_H_
