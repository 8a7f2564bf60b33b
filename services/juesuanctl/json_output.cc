#include "services/juesuanctl/json_output.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"

namespace juesuan::ctl {
namespace {

google::protobuf::util::JsonPrintOptions PrintOptions() {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = false;
  return options;
}

// Whether `type_url` names a message this program links (JSON needs it).
bool Known(const std::string& type_url) {
  const std::string name = type_url.substr(type_url.rfind('/') + 1);
  return google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(name) != nullptr;
}

}  // namespace

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, PrintOptions());
  return json;
}

std::string ErrorToJson(const absl::Status& status) {
  google::rpc::Status error;
  error.set_code(static_cast<int>(status.code()));
  error.set_message(std::string(status.message()));
  status.ForEachPayload([&error](absl::string_view type_url, const absl::Cord& payload) {
    if (!Known(std::string(type_url))) return;
    auto* any = error.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(error, &json).ok()) {
    error.clear_details();  // a detail that does not parse as its type
    json.clear();
    (void)google::protobuf::util::MessageToJsonString(error, &json);
  }
  // As a Struct, to add the code's name and wrap it in "error".
  google::protobuf::Struct wrapped;
  google::protobuf::Struct& body = *(*wrapped.mutable_fields())["error"].mutable_struct_value();
  (void)google::protobuf::util::JsonStringToMessage(json, &body);
  (*body.mutable_fields())["status"].set_string_value(absl::StatusCodeToString(status.code()));
  return ToJson(wrapped);
}

}  // namespace juesuan::ctl
