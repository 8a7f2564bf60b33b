#include "common/raw_unary.h"

namespace juesuan {

namespace {
// Cuts `text` to at most `max` bytes on a character boundary.
absl::string_view CutUtf8(absl::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}
}  // namespace

void LogCall(const CallInfo& info, absl::Time start, const absl::Status& status) {
  LogLine line(status.ok() || status.code() == absl::StatusCode::kNotFound ? "info" : "warning",
               "rpc");
  line.Add("method", info.method).Add("code", absl::StatusCodeToString(status.code()));
  // Request ID and resource come from the client: bounded.
  if (!info.request_id.empty()) line.Add("request_id", CutUtf8(info.request_id, 128));
  if (!info.resource.empty()) line.Add("resource", CutUtf8(info.resource, 200));
  line.Add("latency_ms", absl::ToDoubleMilliseconds(absl::Now() - start));
  if (!status.ok()) {
    line.Add("error", CutUtf8(status.message(), 300));
  }
  line.Emit();
}

}  // namespace juesuan
