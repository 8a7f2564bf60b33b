// Documents k times the seed's size, for memory and cost measurements: the
// seed's project self-evaluation tables (most of a document's elements)
// repeated k times, each copy named apart. Every copy keeps its table's
// identities, so a scaled document is accepted wherever its size is.
#ifndef JUESUAN_GEN_SCALED_ACCOUNTS_H_
#define JUESUAN_GEN_SCALED_ACCOUNTS_H_

#include "juesuan/accounts/v1/accounts.pb.h"

namespace juesuan::gen {

// `accounts` with its projects repeated `factor` (≥ 1) times.
juesuan::accounts::v1::FinalAccounts ScaleAccounts(
    const juesuan::accounts::v1::FinalAccounts& accounts, int factor);

}  // namespace juesuan::gen

#endif  // JUESUAN_GEN_SCALED_ACCOUNTS_H_
