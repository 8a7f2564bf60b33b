// What a check reports, before the engine stamps rule ID, severity defaults
// and the finding ID on it.
#ifndef JUESUAN_SERVICES_INGESTION_RULES_FINDING_SINK_H_
#define JUESUAN_SERVICES_INGESTION_RULES_FINDING_SINK_H_

#include <string>
#include <vector>

#include "codes/code_tables.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/ingestion/v1/validation.pb.h"
#include "services/ingestion/rules/field_path.h"

namespace juesuan::ingestion {

// The accounts being checked and what checks need beside them.
struct RuleContext {
  const juesuan::accounts::v1::FinalAccounts& accounts;
  // The declared unit and its smallest printed step in 分.
  juesuan::accounts::v1::AmountUnit unit;
  int64_t unit_step_fen;
  // The code tables the year is read with (its own or the nearest year's).
  codes::YearTables code_tables;
  // The tables were transcribed as printed: a blank cell beside stated
  // figures is 0 (accounts.blank_cells).
  bool blank_is_zero = false;
};

// One finding as a check reports it.
struct FindingDraft {
  // INFO, or the rule's own severity (SEVERITY_UNSPECIFIED: the rule's).
  juesuan::ingestion::v1::Severity severity = juesuan::ingestion::v1::SEVERITY_UNSPECIFIED;
  // Appended to the rule's message: which row, what exactly.
  std::string detail;
  // Cells, as full field paths; the first names the finding.
  std::vector<std::string> cells;
  std::string provided;
  std::string expected;
  std::string difference;
  std::string tolerance;
  std::string unit;
  // A reason the accounts themselves give for it (explains a WARNING).
  std::string explanation;
};

using FindingDrafts = std::vector<FindingDraft>;

// Formats a value of `kind` for a finding, with its unit.
std::string FormatValue(LeafKind kind, int64_t value, const RuleContext& ctx);
std::string UnitOf(LeafKind kind, const RuleContext& ctx);

// "（2060101 行政运行）" for a row with a code, "（为民办实事工作经费）" for a
// project, "" when the element has nothing to name it by.
std::string DescribeElement(const google::protobuf::Message& element);

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_FINDING_SINK_H_
