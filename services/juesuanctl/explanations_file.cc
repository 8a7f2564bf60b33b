#include "services/juesuanctl/explanations_file.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"

namespace juesuan::ctl {

using ::juesuan::ingestion::v1::ExplainFindingsRequest;
using ::juesuan::ingestion::v1::FindingExplanation;

absl::StatusOr<std::vector<FindingExplanation>> ParseExplanations(absl::string_view text) {
  std::vector<FindingExplanation> out;
  const absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(text);
  if (!trimmed.empty() && trimmed.front() == '{') {
    ExplainFindingsRequest request;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    const auto parsed = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(trimmed.data(), trimmed.size()), &request, options);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("not {\"explanations\": [...]} JSON: ", parsed.ToString()));
    }
    out.assign(request.explanations().begin(), request.explanations().end());
  } else {
    int number = 0;
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      ++number;
      line = absl::StripTrailingAsciiWhitespace(line);
      if (line.empty() || line.front() == '#') continue;
      const std::vector<absl::string_view> parts = absl::StrSplit(line, absl::MaxSplits('\t', 1));
      if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("line ", number, ": expected FINDING_ID<TAB>TEXT"));
      }
      FindingExplanation& e = out.emplace_back();
      e.set_finding_id(std::string(parts[0]));
      e.set_text(std::string(parts[1]));
    }
  }
  if (out.empty()) return absl::InvalidArgumentError("no explanations in the file");
  return out;
}

}  // namespace juesuan::ctl
