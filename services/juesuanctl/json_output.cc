#include "services/juesuanctl/json_output.h"

#include "google/protobuf/util/json_util.h"

namespace juesuan::ctl {

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = false;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

}  // namespace juesuan::ctl
