// A seeded generator of realistic department-years, shaped like the seed
// (tests/data/changji-kejiju-2023.json): the same tables, codes, texts and
// project templates, with amounts, execution rates, indicator actuals and
// project counts drawn from a fixed-seed random stream. Every generated
// FinalAccounts satisfies the catalogue's fatal identities, so ingestion
// accepts it; its reported scores are what changji-2023 computes, so the
// self-evaluation totals add up.
//
// Generate(i) depends only on (seed, i): department i is the same in every
// run, and N departments can be generated in any order or in parallel.
#ifndef JUESUAN_GEN_ACCOUNTS_GENERATOR_H_
#define JUESUAN_GEN_ACCOUNTS_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/scoring/v1/scoring.pb.h"

namespace juesuan::gen {

struct GeneratorOptions {
  uint64_t seed = 1;
  int32_t fiscal_year = 2023;
  // Regions drawn from (6-digit codes).
  std::vector<std::string> regions = {"650100", "650200", "652300", "652700", "652800",
                                      "652900", "653000", "653100", "653200", "654000"};
  // Projects per department: uniform in [min_projects, max_projects].
  int min_projects = 1;
  int max_projects = 12;
};

class AccountsGenerator {
 public:
  // `templ` is the seed's accounts; `profile` scores the reported scores.
  AccountsGenerator(GeneratorOptions options, juesuan::accounts::v1::FinalAccounts templ,
                    juesuan::scoring::v1::ScoringProfile profile);

  // Department-year number `index` (≥ 0): `departments/gen-{seed}-{index}`.
  juesuan::accounts::v1::FinalAccounts Generate(int64_t index) const;

 private:
  GeneratorOptions options_;
  juesuan::accounts::v1::FinalAccounts template_;
  juesuan::scoring::v1::ScoringProfile profile_;
};

// The seed's accounts, compiled into the binary (the generator's template).
juesuan::accounts::v1::FinalAccounts SeedTemplate();

// A generator over the built-in seed template and the built-in changji-2023
// profile.
AccountsGenerator DefaultGenerator(GeneratorOptions options);

}  // namespace juesuan::gen

#endif  // JUESUAN_GEN_ACCOUNTS_GENERATOR_H_
