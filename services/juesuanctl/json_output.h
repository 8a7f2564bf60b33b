// How juesuanctl prints under --output=json: a message as proto3 JSON,
// indented, camelCase names; a failure as one JSON object. One function for
// each, for every command.
#ifndef JUESUAN_SERVICES_JUESUANCTL_JSON_OUTPUT_H_
#define JUESUAN_SERVICES_JUESUANCTL_JSON_OUTPUT_H_

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace juesuan::ctl {

std::string ToJson(const google::protobuf::Message& message);

// `status` as {"error": {"code": 3, "status": "INVALID_ARGUMENT",
// "message": …, "details": [{"@type": "type.googleapis.com/google.rpc.
// BadRequest", …}, …]}}: google.rpc.Status's JSON (the shape Google's JSON
// APIs answer errors in) with the code's name beside its number. A detail
// whose type this program does not know is left out, never the error.
std::string ErrorToJson(const absl::Status& status);

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_JSON_OUTPUT_H_
