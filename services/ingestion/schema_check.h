// The shape of submitted accounts, checked before any rule runs: required
// fields, formats, ranges, sizes. Anything here is malformed input
// (INVALID_ARGUMENT naming the field), not a finding of the rule catalogue.
#ifndef JUESUAN_SERVICES_INGESTION_SCHEMA_CHECK_H_
#define JUESUAN_SERVICES_INGESTION_SCHEMA_CHECK_H_

#include <cstddef>
#include <vector>

#include "common/error_details.h"
#include "juesuan/accounts/v1/accounts.pb.h"

namespace juesuan::ingestion {

// Caps on what one submission may hold.
struct SchemaLimits {
  // Elements of any one repeated field (rows of a table, indicators …).
  int max_repeated = 5000;
  // Bytes of any one string.
  size_t max_string_bytes = 64 * 1024;
  // Earliest fiscal year accepted (the 2007 政府收支分类 reform).
  int min_fiscal_year = 2007;
  // Largest amount of one cell: 10 万亿元. With max_repeated rows, every sum
  // the rules take stays far inside int64.
  int64_t max_amount_fen = 1000000000000000;
  // Largest decimal (score, weight, percentage, area, quantity): 10^9.
  int64_t max_decimal = 1000000000;
  // The document's cost budget: what every service spends on it (checking,
  // storing, scoring, rendering, listing) grows with these, so they bound
  // it, not only each field alone (4,000 projects × 25 indicators each are
  // within max_repeated, and took rendering to 2 GB). Elements of repeated
  // fields at every depth: the seed has 183; 20,000 is some 100 times the
  // seed's self-evaluation tables.
  int64_t max_total_elements = 20000;
  // Serialized bytes of the accounts (the seed: 35 KB; 100 times its
  // tables: 2.4 MB).
  size_t max_total_bytes = 4 * 1024 * 1024;
};

// Checks `accounts`; `current_year` is the current calendar year. Fiscal
// years up to the next one are accepted: a year's accounts are checked (and
// drafted) against its classification before it closes.
// Paths in the violations are prefixed with `prefix` (e.g. "accounts").
std::vector<FieldViolation> CheckAccountsShape(const juesuan::accounts::v1::FinalAccounts& accounts,
                                               int current_year, const SchemaLimits& limits,
                                               absl::string_view prefix);

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_SCHEMA_CHECK_H_
