// AccountsService::Import: a published PDF's tables read into FinalAccounts
// (import/importer.h), validated on request; nothing stored.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "import/importer.h"
#include "services/ingestion/accounts_service.h"
#include "services/ingestion/request_errors.h"
#include "services/ingestion/schema_check.h"

namespace juesuan::ingestion {

absl::StatusOr<v1::ImportAccountsResponse> AccountsService::Import(
    const v1::ImportAccountsRequest& request, absl::Time deadline) const {
  if (request.pdf().empty()) return BadField("pdf", "is required: the published document's PDF");
  if (!request.department().empty() && DepartmentIdFromName(request.department()).empty()) {
    return BadField("department",
                    "must be departments/{department}: lowercase letters, digits, '-'");
  }
  absl::StatusOr<import::Imported> imported =
      import::ImportPdf(request.pdf(), pdf::PdfLimits(), deadline);
  if (absl::IsInvalidArgument(imported.status()))
    return BadField("pdf", imported.status().message());
  if (!imported.ok()) {
    return absl::Status(imported.status().code(),
                        absl::StrCat("pdf: ", imported.status().message()));
  }
  v1::ImportAccountsResponse response;
  juesuan::accounts::v1::FinalAccounts& accounts = *response.mutable_accounts();
  accounts = std::move(imported->accounts);
  *response.mutable_report() = std::move(imported->report);
  auto* department = accounts.mutable_department();
  if (!request.department().empty()) department->set_name(request.department());
  if (!request.region_code().empty()) department->set_region_code(request.region_code());
  if (!request.validate()) return response;

  // A document prints neither name: placeholders, as nothing is stored.
  juesuan::accounts::v1::FinalAccounts checked = accounts;
  if (checked.department().name().empty()) {
    checked.mutable_department()->set_name("departments/imported-document");
  }
  if (checked.department().region_code().empty()) {
    checked.mutable_department()->set_region_code("000000");
  }
  const int current_year = absl::ToCivilYear(clock_->Now(), absl::UTCTimeZone()).year();
  v1::ValidationReport& report = *response.mutable_validation_report();
  for (const FieldViolation& v :
       CheckAccountsShape(checked, current_year, options_.limits, "accounts")) {
    v1::Finding* f = report.add_findings();
    f->set_rule_id("SHAPE");
    f->set_severity(v1::SEVERITY_FATAL);
    f->set_message(absl::StrCat(v.field, ": ", v.description));
  }
  if (report.findings_size() > 0) {
    report.set_fatal_count(report.findings_size());
    return response;
  }
  report = Validated(checked, DeterministicBytes(checked));
  return response;
}

}  // namespace juesuan::ingestion
