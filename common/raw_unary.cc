#include "common/raw_unary.h"

namespace juesuan {

void LogCall(const CallInfo& info, absl::Time start, const absl::Status& status) {
  LogLine line(status.ok() || status.code() == absl::StatusCode::kNotFound ? "info" : "warning",
               "rpc");
  line.Add("method", info.method).Add("code", absl::StatusCodeToString(status.code()));
  if (!info.request_id.empty()) line.Add("request_id", info.request_id);
  if (!info.resource.empty()) line.Add("resource", info.resource);
  line.Add("latency_ms", absl::ToDoubleMilliseconds(absl::Now() - start));
  if (!status.ok()) {
    // Cut on a character boundary: messages are often Chinese.
    absl::string_view message = status.message();
    size_t end = std::min<size_t>(message.size(), 300);
    while (end > 0 && end < message.size() &&
           (static_cast<unsigned char>(message[end]) & 0xC0) == 0x80) {
      --end;
    }
    line.Add("error", message.substr(0, end));
  }
  line.Emit();
}

}  // namespace juesuan
