// Process metrics in the Prometheus text format (version 0.0.4).
//
// One registry per process, as in Prometheus' own client libraries: the call
// path (raw_unary.h) counts calls by method and code, times them in a
// histogram and tracks calls in flight, labelled as go-grpc-prometheus
// labels them (grpc_service, grpc_method, grpc_type, grpc_code: stock gRPC
// dashboards read them unchanged); stores and the scoring jobs add theirs
// through collectors. `MetricsHttpServer` serves the text on GET /metrics.
#ifndef JUESUAN_COMMON_METRICS_H_
#define JUESUAN_COMMON_METRICS_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace juesuan {

// Upper bounds of the call-latency buckets, in seconds (+Inf is implicit).
// From 0.5 ms (a stored read) to 10 s (an upstream timeout).
inline constexpr std::array<double, 14> kLatencyBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

// Writes samples of one metric family: HELP and TYPE once, then samples.
class MetricsWriter {
 public:
  explicit MetricsWriter(std::string* out) : out_(out) {}
  // Starts a family; `type` is "counter", "gauge" or "histogram".
  void Family(absl::string_view name, absl::string_view type, absl::string_view help);
  // One sample; `labels` is already formatted (`a="x",b="y"`) or empty.
  void Sample(absl::string_view name, absl::string_view labels, double value);

 private:
  std::string* out_;
};

// `key="value"` with the value escaped as the format requires.
std::string Label(absl::string_view key, absl::string_view value);

// A status code as gRPC's own clients name it ("OK", "InvalidArgument",
// "ResourceExhausted"): the grpc_code label's values.
std::string GrpcCodeName(absl::StatusCode code);

class Metrics {
 public:
  // The process's registry.
  static Metrics& Global();

  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // A call of `method` of `service` ("juesuan.ingestion.v1.AccountIngestion
  // Service", "SubmitAccounts"), of `type` "unary" or "server_stream",
  // began / ended.
  void CallStarted(absl::string_view service, absl::string_view method,
                   absl::string_view type = "unary");
  void CallFinished(absl::string_view service, absl::string_view method, absl::string_view type,
                    absl::StatusCode code, absl::Duration latency);

  // juesuan_build_info{version} 1, once set.
  void SetBuildInfo(absl::string_view version);

  // Adds a collector called at every scrape to append its families; returns
  // an ID for RemoveCollector. Collectors must not call back into Metrics.
  int AddCollector(std::function<void(MetricsWriter&)> collector);
  void RemoveCollector(int id);

  // Everything, in the text format.
  std::string Render() const;

 private:
  struct MethodStats {
    int64_t started = 0;
    int64_t in_flight = 0;
    std::map<absl::StatusCode, int64_t> calls_by_code;
    std::array<int64_t, kLatencyBuckets.size()> bucket_counts{};  // non-cumulative
    int64_t count = 0;
    double sum_seconds = 0;
  };

  mutable absl::Mutex mu_;
  // The stats of a method, added on its first call.
  MethodStats& StatsOf(absl::string_view service, absl::string_view method, absl::string_view type)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // By (method, service, type): found by views, so a call builds no key.
  std::map<std::tuple<std::string, std::string, std::string>, MethodStats, std::less<>> methods_
      ABSL_GUARDED_BY(mu_);
  std::map<int, std::function<void(MetricsWriter&)>> collectors_ ABSL_GUARDED_BY(mu_);
  int next_collector_id_ ABSL_GUARDED_BY(mu_) = 1;
  std::string version_ ABSL_GUARDED_BY(mu_);
  const absl::Time start_time_;
};

// Serves `metrics` on http://HOST:PORT/metrics from a thread of its own.
class MetricsHttpServer {
 public:
  // `listen` is HOST:PORT; port 0 picks a free one.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(absl::string_view listen,
                                                                  Metrics* metrics);
  ~MetricsHttpServer();  // stops serving

  int port() const { return port_; }

 private:
  struct Rep;
  explicit MetricsHttpServer(std::unique_ptr<Rep> rep, int port);
  std::unique_ptr<Rep> rep_;
  int port_;
};

}  // namespace juesuan

#endif  // JUESUAN_COMMON_METRICS_H_
