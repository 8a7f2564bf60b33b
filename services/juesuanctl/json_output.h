// How juesuanctl prints a message under --output=json: proto3 JSON, indented,
// camelCase names. One function for every command.
#ifndef JUESUAN_SERVICES_JUESUANCTL_JSON_OUTPUT_H_
#define JUESUAN_SERVICES_JUESUANCTL_JSON_OUTPUT_H_

#include <string>

#include "google/protobuf/message.h"

namespace juesuan::ctl {

std::string ToJson(const google::protobuf::Message& message);

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_JSON_OUTPUT_H_
