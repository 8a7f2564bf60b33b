#include "common/metrics.h"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "httplib.h"

namespace juesuan {
namespace {

std::string FormatValue(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  return absl::StrFormat("%.9g", value);
}

// Resident set size from /proc/self/statm (pages), in bytes; 0 if unknown.
double ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size_pages = 0;
  uint64_t resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return 0;
  return static_cast<double>(resident_pages) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

}  // namespace

void MetricsWriter::Family(absl::string_view name, absl::string_view type, absl::string_view help) {
  absl::StrAppend(out_, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n");
}

void MetricsWriter::Sample(absl::string_view name, absl::string_view labels, double value) {
  if (labels.empty()) {
    absl::StrAppend(out_, name, " ", FormatValue(value), "\n");
  } else {
    absl::StrAppend(out_, name, "{", labels, "} ", FormatValue(value), "\n");
  }
}

std::string Label(absl::string_view key, absl::string_view value) {
  std::string out = absl::StrCat(key, "=\"");
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  out += '"';
  return out;
}

std::string GrpcCodeName(absl::StatusCode code) {
  // "INVALID_ARGUMENT" → "InvalidArgument".
  std::string upper = absl::StatusCodeToString(code);
  if (upper == "OK") return upper;
  std::string out;
  bool start = true;
  for (char c : upper) {
    if (c == '_') {
      start = true;
      continue;
    }
    out += start ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    start = false;
  }
  return out;
}

namespace {

// The labels of a method, as go-grpc-prometheus orders them.
std::string MethodLabels(absl::string_view service, absl::string_view method,
                         absl::string_view type) {
  return absl::StrCat(Label("grpc_method", method), ",", Label("grpc_service", service), ",",
                      Label("grpc_type", type));
}

}  // namespace

Metrics& Metrics::Global() {
  static Metrics* metrics = new Metrics();
  return *metrics;
}

Metrics::Metrics() : start_time_(absl::Now()) {}

Metrics::MethodStats& Metrics::StatsOf(absl::string_view service, absl::string_view method,
                                       absl::string_view type) {
  // Found without building a key: a call's path allocates nothing once its
  // method has been seen.
  auto it = methods_.find(std::make_tuple(method, service, type));
  if (it == methods_.end()) {
    it = methods_
             .emplace(std::make_tuple(std::string(method), std::string(service), std::string(type)),
                      MethodStats())
             .first;
  }
  return it->second;
}

void Metrics::CallStarted(absl::string_view service, absl::string_view method,
                          absl::string_view type) {
  absl::MutexLock lock(&mu_);
  MethodStats& stats = StatsOf(service, method, type);
  ++stats.started;
  ++stats.in_flight;
}

void Metrics::CallFinished(absl::string_view service, absl::string_view method,
                           absl::string_view type, absl::StatusCode code, absl::Duration latency) {
  const double seconds = absl::ToDoubleSeconds(latency);
  size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  absl::MutexLock lock(&mu_);
  MethodStats& stats = StatsOf(service, method, type);
  --stats.in_flight;
  ++stats.calls_by_code[code];
  if (bucket < kLatencyBuckets.size()) ++stats.bucket_counts[bucket];
  ++stats.count;
  stats.sum_seconds += seconds;
}

void Metrics::SetBuildInfo(absl::string_view version) {
  absl::MutexLock lock(&mu_);
  version_ = std::string(version);
}

int Metrics::AddCollector(std::function<void(MetricsWriter&)> collector) {
  absl::MutexLock lock(&mu_);
  const int id = next_collector_id_++;
  collectors_.emplace(id, std::move(collector));
  return id;
}

void Metrics::RemoveCollector(int id) {
  absl::MutexLock lock(&mu_);
  collectors_.erase(id);
}

std::string Metrics::Render() const {
  std::string out;
  MetricsWriter w(&out);
  absl::MutexLock lock(&mu_);

  if (!version_.empty()) {
    w.Family("juesuan_build_info", "gauge", "The juesuan version serving: always 1.");
    w.Sample("juesuan_build_info", Label("version", version_), 1);
  }
  // Each method's labels, made once a scrape.
  std::vector<std::pair<std::string, const MethodStats*>> by_method;
  for (const auto& [key, stats] : methods_) {
    const auto& [method, service, type] = key;
    by_method.emplace_back(MethodLabels(service, method, type), &stats);
  }
  w.Family("grpc_server_started_total", "counter", "Calls started, by method.");
  for (const auto& [labels, stats] : by_method) {
    w.Sample("grpc_server_started_total", labels, static_cast<double>(stats->started));
  }
  w.Family("grpc_server_handled_total", "counter",
           "Calls finished, by method and gRPC status code.");
  for (const auto& [labels, stats] : by_method) {
    for (const auto& [code, n] : stats->calls_by_code) {
      w.Sample("grpc_server_handled_total",
               absl::StrCat(Label("grpc_code", GrpcCodeName(code)), ",", labels),
               static_cast<double>(n));
    }
  }
  w.Family("grpc_server_handling_seconds", "histogram",
           "Time from a call's arrival to its status, by method.");
  for (const auto& [labels, stats] : by_method) {
    const std::string& m = labels;
    int64_t cumulative = 0;
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += stats->bucket_counts[i];
      w.Sample("grpc_server_handling_seconds_bucket",
               absl::StrCat(m, ",", Label("le", FormatValue(kLatencyBuckets[i]))),
               static_cast<double>(cumulative));
    }
    w.Sample("grpc_server_handling_seconds_bucket", absl::StrCat(m, ",", Label("le", "+Inf")),
             static_cast<double>(stats->count));
    w.Sample("grpc_server_handling_seconds_sum", m, stats->sum_seconds);
    w.Sample("grpc_server_handling_seconds_count", m, static_cast<double>(stats->count));
  }
  w.Family("grpc_server_in_flight", "gauge", "Calls started and not yet finished, by method.");
  for (const auto& [labels, stats] : by_method) {
    w.Sample("grpc_server_in_flight", labels, static_cast<double>(stats->in_flight));
  }
  for (const auto& [id, collector] : collectors_) collector(w);

  w.Family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  w.Sample("process_resident_memory_bytes", "", ResidentBytes());
  w.Family("process_start_time_seconds", "gauge", "Start time of the process since the epoch.");
  w.Sample("process_start_time_seconds", "", absl::ToUnixSeconds(start_time_));
  return out;
}

struct MetricsHttpServer::Rep {
  httplib::Server server;
  std::thread thread;
  std::atomic<bool> finished{false};
};

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    absl::string_view listen, Metrics* metrics) {
  const size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == absl::string_view::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_listen: \"", listen, "\" is not HOST:PORT"));
  }
  std::string host(listen.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  auto rep = std::make_unique<Rep>();
  // httplib's default also sets SO_REUSEPORT, which would let a second
  // server share a taken port silently; a taken port must be an error.
  rep->server.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // One thread answers scrapes: a scrape is cheap and rare.
  rep->server.new_task_queue = [] { return new httplib::ThreadPool(1); };
  rep->server.Get("/metrics", [metrics](const httplib::Request&, httplib::Response& response) {
    response.set_content(metrics->Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  rep->server.Get("/", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("juesuan metrics: GET /metrics\n", "text/plain; charset=utf-8");
  });
  const int bound = port == 0 ? rep->server.bind_to_any_port(host)
                              : (rep->server.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return absl::UnavailableError(absl::StrCat("--metrics_listen: cannot listen on ", listen));
  }
  Rep* raw = rep.get();
  rep->thread = std::thread([raw] {
    raw->server.listen_after_bind();
    raw->finished = true;
  });
  return std::unique_ptr<MetricsHttpServer>(new MetricsHttpServer(std::move(rep), bound));
}

MetricsHttpServer::MetricsHttpServer(std::unique_ptr<Rep> rep, int port)
    : rep_(std::move(rep)), port_(port) {}

MetricsHttpServer::~MetricsHttpServer() {
  // stop() only stops a server that is already running: wait for the thread
  // to get there first.
  while (!rep_->server.is_running() && !rep_->finished)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  rep_->server.stop();
  rep_->thread.join();
}

}  // namespace juesuan
