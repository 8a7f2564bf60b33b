// Importing a published 部门决算 from its PDF (issue 16): the tables read
// from poppler's positioned words (table_reader.h) placed into
// FinalAccounts, with a report of everything read and everything that
// could not be placed. Nothing is placed by chance: a figure under no known
// column, a row without a code, a column the table does not have, a line no
// row takes, are reported and left out.
//
// All nine tables, in the Ministry of Finance's forms (公开01表–09表, as
// Xinjiang and most provinces print them), Shanghai's template, or as
// juesuan renders them: 表一 and 表四 by their printed labels
// (summary_table.h); 表二, 表三, 表五, 表六, 表八 and 表九 by code under
// named columns (coded_table.h); 表七 by the headers over each figure
// (three_public_table.h). Then the narrative's prior years, budgets and
// reasons (narrative.h). A table printed without figures is named so, and
// nothing of it placed.
#ifndef JUESUAN_IMPORT_IMPORTER_H_
#define JUESUAN_IMPORT_IMPORTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/ingestion/v1/import.pb.h"
#include "pdf/pdf_text.h"

namespace juesuan::import {

using ::juesuan::ingestion::v1::ImportReport;

struct Imported {
  juesuan::accounts::v1::FinalAccounts accounts;
  ImportReport report;
};

// The accounts a published PDF states. Errors are the PDF's (pdf_text.h).
absl::StatusOr<Imported> ImportPdf(absl::string_view pdf, const pdf::PdfLimits& limits,
                                   absl::Time deadline = absl::InfiniteFuture());

// The same from the words of each page.
Imported ImportWords(const std::vector<std::vector<pdf::PdfWord>>& pages);

}  // namespace juesuan::import

#endif  // JUESUAN_IMPORT_IMPORTER_H_
