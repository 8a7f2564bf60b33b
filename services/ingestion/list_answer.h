// How the handler sends a ListAccounts page: a FULL page's stored accounts
// are spliced into the answer as the store holds them, never parsed and
// serialized again. BENCHMARKS.md ("Wire-format shortcuts") has what that
// saves a scoring job, which reads every department-year this way.
#ifndef JUESUAN_SERVICES_INGESTION_LIST_ANSWER_H_
#define JUESUAN_SERVICES_INGESTION_LIST_ANSWER_H_

#include <string>

#include "services/ingestion/accounts_service.h"

namespace juesuan::ingestion {

// The page serialized as a ListAccountsResponse: the FULL entries first, in
// page order, each with its accounts; then the answer's other fields.
std::string SerializeAccountsPage(const AccountsService::AccountsPage& page);

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_LIST_ANSWER_H_
