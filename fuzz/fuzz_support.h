// What the fuzz targets share: how a broken contract ends the run, and the
// objects a server builds once at start-up from its embedded data.
//
// Expected errors (a status that is not OK, a violation, a finding) are never
// checked here: only crashes, sanitizer reports, leaks, hangs and the
// invariants a target states with Require() are bugs.
#ifndef JUESUAN_FUZZ_FUZZ_SUPPORT_H_
#define JUESUAN_FUZZ_FUZZ_SUPPORT_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace juesuan::fuzz {

// The "current year" the shape check is given. Fixed, not the clock: a
// fuzz target must give the same result for the same input on every run,
// and a later year only widens what the check accepts.
inline constexpr int kCurrentYear = 2030;

// Reports a broken invariant and aborts, so that libFuzzer keeps the input
// as a crash artifact (and the replay test fails on it).
[[noreturn]] inline void ContractBroken(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

inline void Require(bool holds, const char* what) {
  if (!holds) ContractBroken(what);
}

// The input as bytes of text (not necessarily UTF-8).
inline absl::string_view AsText(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

// The value of a start-up step that cannot fail with the embedded data; a
// failure is a broken build, not a finding of the fuzzer.
template <typename T>
T ValueOrDie(absl::StatusOr<T> result, const char* what) {
  if (!result.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, std::string(result.status().message()).c_str());
    std::abort();
  }
  return *std::move(result);
}

}  // namespace juesuan::fuzz

#endif  // JUESUAN_FUZZ_FUZZ_SUPPORT_H_
