// `juesuanctl check-pdf FILE|DIR`: the whole check of published documents.
// Each PDF is imported here (import/importer.h), its tables validated by
// ingestion (SubmitAccounts, validate_only: nothing is stored) and its
// narrative audited by rendering against the imported accounts
// (AuditDisclosure with the PDF), and the three are printed together; a
// folder ends with a table of every document's findings by severity.
#ifndef JUESUAN_SERVICES_JUESUANCTL_CHECK_PDF_COMMAND_H_
#define JUESUAN_SERVICES_JUESUANCTL_CHECK_PDF_COMMAND_H_

#include <ostream>
#include <string>

#include "absl/time/time.h"
#include "clients/ingestion_client.h"
#include "juesuan/disclosure/v1/disclosure.grpc.pb.h"

namespace juesuan::ctl {

struct CheckPdfOptions {
  clients::IngestionClient* ingestion = nullptr;
  juesuan::disclosure::v1::DisclosureRenderingService::StubInterface* rendering = nullptr;
  std::string template_name;  // templates/{t}
  absl::Duration timeout = absl::Seconds(30);
  bool json = false;
  bool progress = false;  // "[3/40] FILE" on `err` (a terminal only)
  // The 行政区划代码 validated with (a document does not print it); empty:
  // "000000".
  std::string region_code;
};

// Checks `path` (a PDF, or every *.pdf in a directory, by name). Returns the
// exit status: 0 when every document was checked (whatever it was found to
// hold), 1 when one could not be (not a PDF, a server's error: said on
// `err`).
int CheckPdf(const std::string& path, const CheckPdfOptions& options, std::ostream& out,
             std::ostream& err);

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_CHECK_PDF_COMMAND_H_
