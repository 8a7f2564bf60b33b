#include "services/scoring/scoring_service_impl.h"

#include <string>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "common/raw_unary.h"

namespace juesuan::scoring {

grpc::ServerUnaryReactor* PerformanceScoringServiceImpl::ScoreAccounts(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::ScoreAccountsRequest, v1::Scorecard>(
      context, request, response, guard_, "ScoreAccounts", writers_,
      [](const v1::ScoreAccountsRequest& r, CallInfo& info) {
        info.resource = info.scope = r.accounts();
      },
      [this, context](const v1::ScoreAccountsRequest& r) {
        return domain_->Score(r, absl::FromChrono(context->deadline()));
      });
}

grpc::ServerUnaryReactor* PerformanceScoringServiceImpl::GetScorecard(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::GetScorecardRequest, v1::Scorecard>(
      context, request, response, guard_, "GetScorecard", nullptr,
      [](const v1::GetScorecardRequest& r, CallInfo& info) {
        info.resource = info.scope = r.name();
      },
      [this](const v1::GetScorecardRequest& r) { return domain_->GetScorecard(r); });
}

grpc::ServerUnaryReactor* PerformanceScoringServiceImpl::ListScorecards(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::ListScorecardsRequest, v1::ListScorecardsResponse>(
      context, request, response, guard_, "ListScorecards", nullptr,
      [](const v1::ListScorecardsRequest& r, CallInfo& info) {
        info.resource = r.profile();
        info.scope = r.parent();
      },
      [this](const v1::ListScorecardsRequest& r) { return domain_->ListScorecards(r); });
}

grpc::ServerUnaryReactor* PerformanceScoringServiceImpl::GetScoringProfile(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::GetScoringProfileRequest, v1::ScoringProfile>(
      context, request, response, guard_, "GetScoringProfile", nullptr,
      [](const v1::GetScoringProfileRequest& r, CallInfo& info) { info.resource = r.name(); },
      [this](const v1::GetScoringProfileRequest& r) { return domain_->GetProfile(r); });
}

grpc::ServerUnaryReactor* PerformanceScoringServiceImpl::ListScoringProfiles(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::ListScoringProfilesRequest, v1::ListScoringProfilesResponse>(
      context, request, response, guard_, "ListScoringProfiles", nullptr,
      [](const v1::ListScoringProfilesRequest& r, CallInfo& info) {
        (void)r;
        (void)info;
      },
      [this](const v1::ListScoringProfilesRequest& r) { return domain_->ListProfiles(r); });
}

grpc::ServerUnaryReactor* PerformanceScoringServiceImpl::StartScoringJob(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::StartScoringJobRequest, v1::ScoringJob>(
      context, request, response, guard_, "StartScoringJob", writers_,
      [](const v1::StartScoringJobRequest& r, CallInfo& info) { info.resource = r.profile(); },
      [this](const v1::StartScoringJobRequest& r) { return domain_->StartJob(r); });
}

grpc::ServerUnaryReactor* PerformanceScoringServiceImpl::GetScoringJob(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::GetScoringJobRequest, v1::ScoringJob>(
      context, request, response, guard_, "GetScoringJob", nullptr,
      [](const v1::GetScoringJobRequest& r, CallInfo& info) { info.resource = r.name(); },
      [this](const v1::GetScoringJobRequest& r) { return domain_->GetJob(r); });
}

grpc::ServerUnaryReactor* PerformanceScoringServiceImpl::ListScoringJobs(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::ListScoringJobsRequest, v1::ListScoringJobsResponse>(
      context, request, response, guard_, "ListScoringJobs", nullptr,
      [](const v1::ListScoringJobsRequest& r, CallInfo& info) {
        (void)r;
        (void)info;
      },
      [this](const v1::ListScoringJobsRequest& r) { return domain_->ListJobs(r); });
}

namespace {

bool Terminal(v1::JobState state) {
  return state == v1::JOB_STATE_SUCCEEDED || state == v1::JOB_STATE_SUCCEEDED_WITH_FAILURES ||
         state == v1::JOB_STATE_FAILED;
}

// One WatchScoringJob stream: writes each new state of the job (coalescing
// updates that arrive during a write) and finishes after a terminal state.
class JobWatchReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer>, public JobWatcher {
 public:
  JobWatchReactor(ScoringService* domain, CallGuard* guard)
      : domain_(domain), guard_(guard), start_(absl::Now()) {
    info_.service = guard->service();
    info_.type = "server_stream";
    StartCall(info_);
  }

  // Watches are not counted against the in-flight cap: they wait, idle,
  // for as long as a job runs.
  void Start(const grpc::CallbackServerContext& context, const grpc::ByteBuffer& request_bytes) {
    absl::StatusOr<v1::WatchScoringJobRequest> request =
        ParseRequest<v1::WatchScoringJobRequest>(request_bytes);
    if (request.ok()) {
      info_.resource = request->name();
      absl::Status allowed = guard_->Check(context, info_.method, "", &info_.caller);
      if (!allowed.ok()) request = std::move(allowed);
    }
    absl::Status status = request.ok() ? domain_->Watch(request->name(), this) : request.status();
    if (!status.ok()) {
      absl::MutexLock lock(&mu_);
      finished_ = true;
      final_status_ = status;
      Finish(ToGrpcStatus(status));
    }
  }

  void OnJobUpdate(const v1::ScoringJob& job) override {
    absl::MutexLock lock(&mu_);
    if (finished_ || done_) return;
    pending_ = job;
    has_pending_ = true;
    MaybeWriteLocked();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    // Cancelled while this write was in flight (OnCancel could not finish
    // then): every call must still be finished.
    if (!ok || done_) {
      done_ = true;
      MaybeFinishLocked(absl::CancelledError("stream closed"));
      return;
    }
    MaybeWriteLocked();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    done_ = true;
    MaybeFinishLocked(absl::CancelledError("cancelled by the client"));
  }

  void OnDone() override {
    domain_->Unwatch(this);
    {
      absl::MutexLock lock(&mu_);
      FinishCall(info_, start_, final_status_);  // logged and counted once the stream ends
    }
    delete this;
  }

 private:
  void MaybeWriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_ || !has_pending_ || finished_) return;
    has_pending_ = false;
    const bool last = Terminal(pending_.state());
    const std::string bytes = pending_.SerializeAsString();
    grpc::Slice slice(bytes);
    buffer_ = grpc::ByteBuffer(&slice, 1);
    writing_ = true;
    if (last) {
      // The final state: write it and finish in one step.
      finished_ = true;
      StartWriteAndFinish(&buffer_, grpc::WriteOptions(), grpc::Status::OK);
    } else {
      StartWrite(&buffer_);
    }
  }

  void MaybeFinishLocked(const absl::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_ || finished_) return;
    finished_ = true;
    final_status_ = status;
    Finish(ToGrpcStatus(status));
  }

  ScoringService* const domain_;
  CallGuard* const guard_;
  const absl::Time start_;
  CallInfo info_{"WatchScoringJob"};
  absl::Status final_status_ ABSL_GUARDED_BY(mu_);
  absl::Mutex mu_;
  v1::ScoringJob pending_ ABSL_GUARDED_BY(mu_);
  grpc::ByteBuffer buffer_ ABSL_GUARDED_BY(mu_);
  bool has_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* PerformanceScoringServiceImpl::WatchScoringJob(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) {
  auto* reactor = new JobWatchReactor(domain_, guard_);
  reactor->Start(*context, *request);
  return reactor;
}

}  // namespace juesuan::scoring
