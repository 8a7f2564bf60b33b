// Many explanations in one file, for `juesuanctl explain REVISION
// --explanations=FILE`: a reviewer answers every warning of a revision at
// once. Two forms:
//
//   # comments and blank lines are skipped
//   FINDING_ID<TAB>TEXT          one explanation a line
//
// or the JSON of ExplainFindingsRequest's `explanations`:
//   {"explanations": [{"findingId": "YN05:…", "text": "…"}, …]}
#ifndef JUESUAN_SERVICES_JUESUANCTL_EXPLANATIONS_FILE_H_
#define JUESUAN_SERVICES_JUESUANCTL_EXPLANATIONS_FILE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "juesuan/ingestion/v1/ingestion_service.pb.h"

namespace juesuan::ctl {

// The explanations in `text`; INVALID_ARGUMENT naming the line (or the JSON
// error) for anything else, and for a file with none.
absl::StatusOr<std::vector<juesuan::ingestion::v1::FindingExplanation>> ParseExplanations(
    absl::string_view text);

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_EXPLANATIONS_FILE_H_
