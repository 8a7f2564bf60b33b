#include "services/juesuanctl/input_file.h"

#include <cstdio>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"

namespace juesuan::ctl {

absl::StatusOr<std::string> ReadInput(const std::string& path, size_t max_bytes) {
  std::unique_ptr<FILE, int (*)(FILE*)> owned(nullptr, fclose);
  FILE* in = stdin;
  if (path != "-") {
    owned.reset(fopen(path.c_str(), "rb"));
    if (owned == nullptr) {
      return absl::NotFoundError(absl::StrCat("cannot read \"", path, "\": ", strerror(errno)));
    }
    in = owned.get();
  }
  std::string bytes;
  char buffer[64 * 1024];
  while (bytes.size() <= max_bytes) {
    const size_t want = std::min(sizeof(buffer), max_bytes + 1 - bytes.size());
    const size_t got = fread(buffer, 1, want, in);
    if (got == 0) break;
    bytes.append(buffer, got);
  }
  if (ferror(in)) return absl::NotFoundError(absl::StrCat("cannot read \"", path, "\""));
  if (bytes.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", path, "\" holds more than ", max_bytes,
                     " bytes: more than the JSON of the largest request a server takes"));
  }
  return bytes;
}

}  // namespace juesuan::ctl
