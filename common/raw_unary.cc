#include "common/raw_unary.h"

#include <algorithm>

#include "common/metrics.h"
#include "common/resource_names.h"
#include "common/utf8.h"

namespace juesuan {
namespace {

// The department ID a resource name is under ("departments/{d}/…"), or "".
absl::string_view DepartmentOf(absl::string_view resource) {
  absl::string_view department = DepartmentOfResource(resource);
  department.remove_prefix(std::min(department.size(), absl::string_view("departments/").size()));
  return department;
}

}  // namespace

void StartCall(const CallInfo& info) {
  Metrics::Global().CallStarted(info.service, info.method, info.type);
}

void FinishCall(const CallInfo& info, absl::Time start, const absl::Status& status) {
  const absl::Duration latency = absl::Now() - start;
  Metrics::Global().CallFinished(info.service, info.method, info.type, status.code(), latency);
  LogLine line(status.ok() || status.code() == absl::StatusCode::kNotFound ? "info" : "warning",
               "rpc");
  line.Add("method", info.method).Add("code", absl::StatusCodeToString(status.code()));
  // Request ID and resource come from the client: bounded.
  if (!info.request_id.empty()) line.Add("request_id", Utf8Prefix(info.request_id, 128));
  if (!info.caller.name.empty()) line.Add("principal", info.caller.name);
  const absl::string_view department = DepartmentOf(info.resource);
  if (!department.empty()) line.Add("department", Utf8Prefix(department, 64));
  if (!info.resource.empty()) line.Add("resource", Utf8Prefix(info.resource, 200));
  line.Add("latency_ms", absl::ToDoubleMilliseconds(latency));
  if (!status.ok()) {
    line.Add("error", Utf8Prefix(status.message(), 300));
  }
  line.Emit();
}

}  // namespace juesuan
