// What the fuzz targets of ingestion share: the rule engine the server
// builds at start-up, and what Validate promises of every report.
#ifndef JUESUAN_FUZZ_INGESTION_SUPPORT_H_
#define JUESUAN_FUZZ_INGESTION_SUPPORT_H_

#include "codes/code_tables.h"
#include "fuzz/fuzz_support.h"
#include "services/ingestion/rules/rule_engine.h"

namespace juesuan::fuzz {

using ::juesuan::ingestion::RuleEngine;
using ::juesuan::ingestion::v1::ValidationReport;

// The engine the ingestion server builds at start-up from the embedded
// catalogue and code tables. Built once and never freed (it stays
// reachable, so LeakSanitizer does not report it).
inline const RuleEngine& Engine() {
  static const RuleEngine* const kEngine = [] {
    auto catalogue = ValueOrDie(RuleEngine::EmbeddedCatalogue(), "embedded rule catalogue");
    auto tables = ValueOrDie(codes::CodeTables::Embedded(), "embedded code tables");
    return ValueOrDie(RuleEngine::Create(catalogue, std::move(tables)), "rule engine").release();
  }();
  return *kEngine;
}

// What Validate promises about a report: the counts are the findings'
// counts, findings come FATAL, then WARNING, then INFO, and no more rules
// ran than the catalogue has.
inline void CheckReport(const ValidationReport& report, const RuleEngine& engine) {
  int fatal = 0, warning = 0, info = 0, unexplained = 0;
  int previous = ingestion::v1::SEVERITY_FATAL;
  for (const auto& finding : report.findings()) {
    Require(finding.severity() <= previous, "findings are not ordered FATAL, WARNING, INFO");
    previous = finding.severity();
    switch (finding.severity()) {
      case ingestion::v1::SEVERITY_FATAL:
        ++fatal;
        break;
      case ingestion::v1::SEVERITY_WARNING:
        ++warning;
        if (!finding.has_explanation()) ++unexplained;
        break;
      default:
        ++info;
    }
  }
  Require(report.fatal_count() == fatal, "fatal_count is not the number of FATAL findings");
  Require(report.warning_count() == warning, "warning_count is not the number of WARNING findings");
  Require(report.info_count() == info, "info_count is not the number of other findings");
  Require(report.unexplained_warning_count() == unexplained,
          "unexplained_warning_count is not the number of warnings without an explanation");
  Require(report.rules_evaluated() >= 0 &&
              static_cast<size_t>(report.rules_evaluated()) <= engine.rules().size(),
          "rules_evaluated exceeds the catalogue");
}

}  // namespace juesuan::fuzz

#endif  // JUESUAN_FUZZ_INGESTION_SUPPORT_H_
