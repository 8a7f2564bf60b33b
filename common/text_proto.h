// The one way juesuan reads its configuration files (rule catalogue, scoring
// profiles, templates' descriptions, access policy): a file read whole, and
// text-format protobuf parsed with the first error's line and column.
#ifndef JUESUAN_COMMON_TEXT_PROTO_H_
#define JUESUAN_COMMON_TEXT_PROTO_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace juesuan {

// The file at `path`, whole; NOT_FOUND naming it when it cannot be read.
absl::StatusOr<std::string> ReadFileText(const std::string& path);

// Parses `text` into `message`; INVALID_ARGUMENT "<source>: line L:C:
// <what is wrong>" at the first error.
absl::Status ParseTextProto(absl::string_view text, absl::string_view source,
                            google::protobuf::Message* message);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_TEXT_PROTO_H_
