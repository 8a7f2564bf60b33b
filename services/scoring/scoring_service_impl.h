// The gRPC face of scoring: raw callback handlers (see common/raw_unary.h)
// over ScoringService, and a streaming WatchScoringJob. Scoring one
// department-year waits on ingestion and an fsync, so it runs on a worker
// pool; reads run on gRPC's threads.
#ifndef JUESUAN_SERVICES_SCORING_SCORING_SERVICE_IMPL_H_
#define JUESUAN_SERVICES_SCORING_SCORING_SERVICE_IMPL_H_

#include "common/access_control.h"
#include "common/thread_pool.h"
#include "juesuan/scoring/v1/scoring_service.grpc.pb.h"
#include "services/scoring/scoring_service.h"

namespace juesuan::scoring {

// Every method of the service, registered raw.
using RawScoringService = v1::PerformanceScoringService::WithRawCallbackMethod_ScoreAccounts<
    v1::PerformanceScoringService::WithRawCallbackMethod_GetScorecard<
        v1::PerformanceScoringService::WithRawCallbackMethod_ListScorecards<
            v1::PerformanceScoringService::WithRawCallbackMethod_GetScoringProfile<
                v1::PerformanceScoringService::WithRawCallbackMethod_ListScoringProfiles<
                    v1::PerformanceScoringService::WithRawCallbackMethod_StartScoringJob<
                        v1::PerformanceScoringService::WithRawCallbackMethod_GetScoringJob<
                            v1::PerformanceScoringService::WithRawCallbackMethod_ListScoringJobs<
                                v1::PerformanceScoringService::
                                    WithRawCallbackMethod_WatchScoringJob<
                                        v1::PerformanceScoringService::Service>>>>>>>>>;

class PerformanceScoringServiceImpl final : public RawScoringService {
 public:
  // `domain` and `workers` are not owned and must outlive the service.
  // `guard` admits, authenticates and authorizes each call (not owned).
  PerformanceScoringServiceImpl(ScoringService* domain, ThreadPool* workers,
                                CallGuard* guard = OpenCallGuard())
      : domain_(domain), writers_(workers), guard_(guard) {}

  grpc::ServerUnaryReactor* ScoreAccounts(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetScorecard(grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListScorecards(grpc::CallbackServerContext* context,
                                           const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetScoringProfile(grpc::CallbackServerContext* context,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListScoringProfiles(grpc::CallbackServerContext* context,
                                                const grpc::ByteBuffer* request,
                                                grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* StartScoringJob(grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetScoringJob(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListScoringJobs(grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchScoringJob(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) override;

 private:
  ScoringService* domain_;
  ThreadPool* writers_;
  CallGuard* guard_;
};

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_SCORING_SERVICE_IMPL_H_
