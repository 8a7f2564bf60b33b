// grpc.health.v1.Health, compiled from Debian's health.proto and served as an
// ordinary service, so server reflection lists it (gRPC's built-in health
// service is invisible to reflection) and `buf curl` or a Kubernetes gRPC
// probe can call it.
#ifndef JUESUAN_COMMON_HEALTH_SERVICE_H_
#define JUESUAN_COMMON_HEALTH_SERVICE_H_

#include <map>
#include <set>
#include <string>

#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace juesuan {

// SERVING for as long as the process serves at all: what Kubernetes'
// liveness and startup probes ask. A server whose store lost acknowledged
// writes says NOT_SERVING for its service and for the whole server (""),
// and is taken out of service, but is not restarted in a loop.
inline constexpr char kLivenessService[] = "juesuan.liveness";

class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  HealthService();
  ~HealthService() override;

  // Sets the status of `service` ("" is the whole server) and tells watchers.
  void SetStatus(const std::string& service, ServingStatus status);

  // Marks every service NOT_SERVING and ends every Watch, so the server can
  // shut down without waiting for watchers.
  void Shutdown();

  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::health::v1::HealthCheckResponse* response) override;

  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

 private:
  class Watcher;
  friend class Watcher;

  // The status of `service`, SERVICE_UNKNOWN if it was never set.
  ServingStatus StatusOf(const std::string& service) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Unregister(Watcher* watcher);

  mutable absl::Mutex mu_;
  std::map<std::string, ServingStatus> statuses_ ABSL_GUARDED_BY(mu_);
  std::set<Watcher*> watchers_ ABSL_GUARDED_BY(mu_);
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace juesuan

#endif  // JUESUAN_COMMON_HEALTH_SERVICE_H_
