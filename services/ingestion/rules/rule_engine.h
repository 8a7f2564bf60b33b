// The rule engine: a loaded, compiled rule catalogue that validates accounts.
//
// A catalogue (juesuan.config.v1.RuleCatalogue, text format) is compiled once:
// every field path is resolved against the schema and every builtin is built,
// so a catalogue that names an unknown field or check is refused at start-up,
// not at the first submission. Validation is then a pure function of the
// accounts: no I/O, no clock.
#ifndef JUESUAN_SERVICES_INGESTION_RULES_RULE_ENGINE_H_
#define JUESUAN_SERVICES_INGESTION_RULES_RULE_ENGINE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "codes/code_tables.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/config/v1/rule_catalogue.pb.h"
#include "juesuan/ingestion/v1/validation.pb.h"

namespace juesuan::ingestion {

class CompiledRule;

class RuleEngine {
 public:
  // Parses a catalogue in protobuf text format; unknown fields are refused.
  static absl::StatusOr<juesuan::config::v1::RuleCatalogue> ParseCatalogue(absl::string_view text);
  // The catalogue compiled into the binary (data/rules/catalogue.textproto).
  static absl::StatusOr<juesuan::config::v1::RuleCatalogue> EmbeddedCatalogue();

  // Compiles `catalogue` against the accounts schema.
  static absl::StatusOr<std::unique_ptr<RuleEngine>> Create(
      const juesuan::config::v1::RuleCatalogue& catalogue,
      std::shared_ptr<const codes::CodeTables> code_tables);

  ~RuleEngine();

  // Evaluates every rule that applies to the accounts' fiscal year. Findings
  // come FATAL first, then WARNING, then INFO, each in catalogue order. The
  // report's provenance names the catalogue and code tables; the caller adds
  // the revision and digests.
  juesuan::ingestion::v1::ValidationReport Validate(
      const juesuan::accounts::v1::FinalAccounts& accounts) const;

  // The catalogue's rules in their API form, in catalogue order.
  const std::vector<juesuan::ingestion::v1::ValidationRule>& rules() const { return api_rules_; }
  const std::string& catalogue_version() const { return catalogue_version_; }
  const codes::CodeTables& code_tables() const { return *code_tables_; }

 private:
  RuleEngine() = default;

  std::string catalogue_version_;
  std::vector<std::unique_ptr<CompiledRule>> rules_;
  std::vector<juesuan::ingestion::v1::ValidationRule> api_rules_;
  std::shared_ptr<const codes::CodeTables> code_tables_;
};

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_RULE_ENGINE_H_
