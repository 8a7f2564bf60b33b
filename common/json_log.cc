#include "common/json_log.h"

#include <atomic>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace juesuan {
namespace {
std::atomic<bool> logging_enabled{true};
}  // namespace

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<int>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

LogLine::LogLine(absl::string_view level, absl::string_view message) {
  fields_.emplace_back("time", JsonQuote(absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(),
                                                          absl::UTCTimeZone())));
  fields_.emplace_back("level", JsonQuote(level));
  fields_.emplace_back("msg", JsonQuote(message));
}

LogLine& LogLine::Add(absl::string_view key, absl::string_view value) {
  fields_.emplace_back(std::string(key), JsonQuote(value));
  return *this;
}

LogLine& LogLine::Add(absl::string_view key, int64_t value) {
  fields_.emplace_back(std::string(key), absl::StrCat(value));
  return *this;
}

LogLine& LogLine::Add(absl::string_view key, double value) {
  fields_.emplace_back(std::string(key), absl::StrFormat("%.3f", value));
  return *this;
}

LogLine& LogLine::Add(absl::string_view key, bool value) {
  fields_.emplace_back(std::string(key), value ? "true" : "false");
  return *this;
}

std::string LogLine::ToJson() const {
  std::string out = "{";
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) out += ",";
    absl::StrAppend(&out, JsonQuote(fields_[i].first), ":", fields_[i].second);
  }
  out += "}";
  return out;
}

void LogLine::Emit() const {
  if (!logging_enabled.load(std::memory_order_relaxed)) return;
  const std::string line = ToJson() + "\n";
  // One fwrite per line: stdio locks the stream, so lines never interleave.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void SetLoggingEnabled(bool enabled) { logging_enabled.store(enabled); }

}  // namespace juesuan
