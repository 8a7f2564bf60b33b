#include "common/raw_unary.h"

#include "common/utf8.h"

namespace juesuan {

void LogCall(const CallInfo& info, absl::Time start, const absl::Status& status) {
  LogLine line(status.ok() || status.code() == absl::StatusCode::kNotFound ? "info" : "warning",
               "rpc");
  line.Add("method", info.method).Add("code", absl::StatusCodeToString(status.code()));
  // Request ID and resource come from the client: bounded.
  if (!info.request_id.empty()) line.Add("request_id", Utf8Prefix(info.request_id, 128));
  if (!info.resource.empty()) line.Add("resource", Utf8Prefix(info.resource, 200));
  line.Add("latency_ms", absl::ToDoubleMilliseconds(absl::Now() - start));
  if (!status.ok()) {
    line.Add("error", Utf8Prefix(status.message(), 300));
  }
  line.Emit();
}

}  // namespace juesuan
