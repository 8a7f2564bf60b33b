// One interface for every kind of check a catalogue rule can hold: the
// formulas (identity, inequality, ratio, hierarchy; formula_checks.h) and
// the checks written in code (builtin_checks.h). The rule engine compiles
// a rule's check once per message type its for_each reaches and then only
// calls Run; it stamps the rule's ID, severity and message on what the
// check reports.
#ifndef JUESUAN_SERVICES_INGESTION_RULES_CHECK_H_
#define JUESUAN_SERVICES_INGESTION_RULES_CHECK_H_

#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "services/ingestion/rules/finding_sink.h"

namespace juesuan::ingestion {

class Check {
 public:
  virtual ~Check() = default;
  // Checks `element` (at `path` in the accounts), adding to `out`.
  virtual void Run(const RuleContext& ctx, const google::protobuf::Message& element,
                   const std::string& path, FindingDrafts& out) const = 0;
  // The cells it reads under `scope`, for the catalogue listing; none where
  // it reads the element as a whole.
  virtual std::vector<std::string> Cells(const std::string& /*scope*/) const { return {}; }
};

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_CHECK_H_
