// Structured logs: one JSON object per line on stderr.
//
// Each line has at least "time" (RFC 3339, UTC) and "level"; callers add
// fields such as method, request_id, department, code and latency_ms. Never
// log a credential or a whole payload: log names and counts.
#ifndef JUESUAN_COMMON_JSON_LOG_H_
#define JUESUAN_COMMON_JSON_LOG_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace juesuan {

// Builds one log line; written when Emit() is called.
class LogLine {
 public:
  // `level` is "info", "warning" or "error".
  LogLine(absl::string_view level, absl::string_view message);

  LogLine& Add(absl::string_view key, absl::string_view value);
  LogLine& Add(absl::string_view key, const char* value) {
    return Add(key, absl::string_view(value));
  }
  LogLine& Add(absl::string_view key, const std::string& value) {
    return Add(key, absl::string_view(value));
  }
  LogLine& Add(absl::string_view key, int64_t value);
  LogLine& Add(absl::string_view key, int value) { return Add(key, static_cast<int64_t>(value)); }
  LogLine& Add(absl::string_view key, double value);
  LogLine& Add(absl::string_view key, bool value);

  // The line as JSON (without the trailing newline).
  std::string ToJson() const;
  // Writes the line to stderr, atomically with respect to other lines.
  void Emit() const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;  // key → JSON value
};

// Quotes `text` as a JSON string (UTF-8 passes through; controls escaped).
std::string JsonQuote(absl::string_view text);

// Sets whether Emit() writes (tests silence the logs). Default: true.
void SetLoggingEnabled(bool enabled);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_JSON_LOG_H_
