// Reading what a command is given (a file, or - for standard input) with a
// bound: `juesuanctl submit /dev/zero` must not read until memory runs out.
#ifndef JUESUAN_SERVICES_JUESUANCTL_INPUT_FILE_H_
#define JUESUAN_SERVICES_JUESUANCTL_INPUT_FILE_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace juesuan::ctl {

// What a command reads at most: the JSON text of the largest request a
// server takes (8 MiB of protobuf; JSON spells the same in about three to
// four times the bytes).
inline constexpr size_t kMaxInputBytes = 32 * 1024 * 1024;

// The bytes of `path` ("-": standard input), at most `max_bytes`; NOT_FOUND
// if it cannot be opened, INVALID_ARGUMENT if it holds more (read stops
// there: at most max_bytes + 1 bytes are read).
absl::StatusOr<std::string> ReadInput(const std::string& path, size_t max_bytes = kMaxInputBytes);

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_INPUT_FILE_H_
