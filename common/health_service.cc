#include "common/health_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/grpc_status.h"

namespace juesuan {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// One Watch call: writes the status whenever it changes, until the client
// cancels or the service shuts down. At most one write is in flight; a change
// during a write is sent when the write completes.
class HealthService::Watcher final : public grpc::ServerWriteReactor<HealthCheckResponse> {
 public:
  Watcher(HealthService* health, std::string service)
      : health_(health), service_(std::move(service)) {}

  // Called with health->mu_ held.
  void Notify(ServingStatus status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(health_->mu_) {
    absl::MutexLock lock(&mu_);
    pending_ = status;
    has_pending_ = true;
    MaybeWriteLocked();
  }

  // Called with health->mu_ held: sends what is pending, then finishes.
  void End() ABSL_EXCLUSIVE_LOCKS_REQUIRED(health_->mu_) {
    absl::MutexLock lock(&mu_);
    ending_ = true;
    MaybeWriteLocked();
    MaybeFinishLocked();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) {  // the stream is gone: nothing more can be written
      ending_ = true;
      cancelled_ = true;
    }
    MaybeWriteLocked();
    MaybeFinishLocked();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    ending_ = true;
    MaybeFinishLocked();
  }

  void OnDone() override {
    health_->Unregister(this);
    delete this;
  }

 private:
  // A pending status is still written while ending for shutdown (the watcher
  // learns NOT_SERVING), not after the client cancelled.
  void MaybeWriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_ || cancelled_ || finished_ || !has_pending_) return;
    response_.set_status(pending_);
    has_pending_ = false;
    writing_ = true;
    StartWrite(&response_);
  }

  void MaybeFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!ending_ || writing_ || finished_ || (has_pending_ && !cancelled_)) return;
    finished_ = true;
    Finish(grpc::Status::OK);
  }

  HealthService* const health_;
  const std::string service_;
  absl::Mutex mu_;
  HealthCheckResponse response_ ABSL_GUARDED_BY(mu_);
  ServingStatus pending_ ABSL_GUARDED_BY(mu_) = HealthCheckResponse::UNKNOWN;
  bool has_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool ending_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;

  friend class HealthService;
};

HealthService::HealthService() {
  statuses_[""] = HealthCheckResponse::SERVING;
  statuses_[kLivenessService] = HealthCheckResponse::SERVING;
}

HealthService::~HealthService() { Shutdown(); }

void HealthService::SetStatus(const std::string& service, ServingStatus status) {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  statuses_[service] = status;
  for (Watcher* w : watchers_) {
    if (w->service_ == service) w->Notify(status);
  }
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mu_);
  shut_down_ = true;
  for (auto& [name, status] : statuses_) status = HealthCheckResponse::NOT_SERVING;
  for (Watcher* w : watchers_) {
    w->Notify(HealthCheckResponse::NOT_SERVING);
    w->End();
  }
}

HealthService::ServingStatus HealthService::StatusOf(const std::string& service) const {
  auto it = statuses_.find(service);
  return it == statuses_.end() ? HealthCheckResponse::SERVICE_UNKNOWN : it->second;
}

grpc::ServerUnaryReactor* HealthService::Check(grpc::CallbackServerContext* context,
                                               const HealthCheckRequest* request,
                                               HealthCheckResponse* response) {
  auto* reactor = context->DefaultReactor();
  absl::MutexLock lock(&mu_);
  auto it = statuses_.find(request->service());
  if (it == statuses_.end()) {
    reactor->Finish(ToGrpcStatus(
        absl::NotFoundError(absl::StrCat("unknown service \"", request->service(), "\""))));
    return reactor;
  }
  response->set_status(it->second);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerWriteReactor<HealthCheckResponse>* HealthService::Watch(
    grpc::CallbackServerContext* context, const HealthCheckRequest* request) {
  auto* watcher = new Watcher(this, request->service());
  absl::MutexLock lock(&mu_);
  watchers_.insert(watcher);
  watcher->Notify(StatusOf(request->service()));
  if (shut_down_) watcher->End();
  return watcher;
}

void HealthService::Unregister(Watcher* watcher) {
  absl::MutexLock lock(&mu_);
  watchers_.erase(watcher);
}

}  // namespace juesuan
