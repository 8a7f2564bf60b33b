#include "common/text_proto.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace juesuan {

absl::StatusOr<std::string> ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status ParseTextProto(absl::string_view text, absl::string_view source,
                            google::protobuf::Message* message) {
  // The parser's errors, with their line and column, instead of its log.
  class Collector final : public google::protobuf::io::ErrorCollector {
   public:
    void AddError(int line, int column, const std::string& what) override {
      if (first.empty()) first = absl::StrCat("line ", line + 1, ":", column + 1, ": ", what);
    }
    std::string first;
  } errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), message)) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": ", errors.first));
  }
  return absl::OkStatus();
}

}  // namespace juesuan
