// The protobuf wire-format shortcuts against the plain protobuf calls they
// replace, each pair on the same input (BENCHMARKS.md, "Wire-format
// shortcuts"): a shortcut stays only where its pair shows it pays.
//
//   BM_ListFullPage/spliced   a FULL ListAccounts page of 50 department-years as the
//   BM_ListFullPage/parsed    handler sends it (stored accounts spliced in), and the
//                             same page parsed into one message and serialized
//   BM_SubmitFingerprint/spliced   a submission's fingerprint from the accounts'
//   BM_SubmitFingerprint/whole     bytes it already has, and from the whole request
//                                  serialized again
//
// The other two (FilterFields for BASIC reads, generated field accessors for
// validation) sit inside storage and the rule engine, with no switch; their
// pairs were measured by disabling them in a build (BENCHMARKS.md says how).
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "codes/code_tables.h"
#include "common/clock.h"
#include "common/sha256.h"
#include "services/ingestion/accounts_service.h"
#include "services/ingestion/list_answer.h"
#include "storage/account_store.h"
#include "tests/support/test_support.h"

namespace juesuan::ingestion {
namespace {

constexpr int kDepartmentYears = 50;

class FixedClock : public Clock {
 public:
  absl::Time Now() const override { return absl::FromUnixSeconds(1717228800); }
};

// One store of kDepartmentYears seeds under different department names.
struct Listing {
  Listing() {
    storage::KvStoreOptions options;
    options.path = dir.path();
    auto engine =
        RuleEngine::Create(*RuleEngine::EmbeddedCatalogue(), *codes::CodeTables::Embedded());
    AccountsServiceOptions service_options;
    service_options.bulk_read_max_wait = absl::ZeroDuration();
    service = *AccountsService::Create(*storage::OpenAccountStore(options), *std::move(engine),
                                       &clock, service_options);
    for (int i = 0; i < kDepartmentYears; ++i) {
      v1::SubmitAccountsRequest submit;
      *submit.mutable_accounts() = testing::SeedAccounts();
      submit.mutable_accounts()->mutable_department()->set_name(
          absl::StrCat("departments/bench-", i));
      if (!service->Submit(submit).ok()) std::abort();
    }
    request.set_parent("departments/-");
    request.set_fiscal_year(testing::SeedAccounts().fiscal_year());
    request.set_view(v1::ACCOUNTS_VIEW_FULL);
    request.set_page_size(kDepartmentYears);
  }

  testing::TempDir dir;
  FixedClock clock;
  std::unique_ptr<AccountsService> service;
  v1::ListAccountsRequest request;
};

Listing& TheListing() {
  static Listing* const listing = new Listing();
  return *listing;
}

void BM_ListFullPageSpliced(benchmark::State& state) {
  Listing& listing = TheListing();
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string page = SerializeAccountsPage(*listing.service->ListPage(listing.request));
    bytes += page.size();
    benchmark::DoNotOptimize(page.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ListFullPageSpliced)->Name("BM_ListFullPage/spliced")->Unit(benchmark::kMicrosecond);

void BM_ListFullPageParsed(benchmark::State& state) {
  Listing& listing = TheListing();
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string page = listing.service->List(listing.request)->SerializeAsString();
    bytes += page.size();
    benchmark::DoNotOptimize(page.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ListFullPageParsed)->Name("BM_ListFullPage/parsed")->Unit(benchmark::kMicrosecond);

v1::SubmitAccountsRequest SeedRequest() {
  v1::SubmitAccountsRequest request;
  *request.mutable_accounts() = testing::SeedAccounts();
  request.set_request_id("bench");
  return request;
}

void BM_SubmitFingerprintSpliced(benchmark::State& state) {
  const v1::SubmitAccountsRequest request = SeedRequest();
  // Submit has these bytes anyway: they are what it stores.
  const std::string accounts_bytes = DeterministicBytes(request.accounts());
  for (auto _ : state) benchmark::DoNotOptimize(SubmitFingerprint(request, accounts_bytes));
}
BENCHMARK(BM_SubmitFingerprintSpliced)
    ->Name("BM_SubmitFingerprint/spliced")
    ->Unit(benchmark::kMicrosecond);

void BM_SubmitFingerprintWhole(benchmark::State& state) {
  v1::SubmitAccountsRequest request = SeedRequest();
  request.clear_request_id();  // what the fingerprint leaves out
  for (auto _ : state) benchmark::DoNotOptimize(Sha256(DeterministicBytes(request)));
}
BENCHMARK(BM_SubmitFingerprintWhole)
    ->Name("BM_SubmitFingerprint/whole")
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace juesuan::ingestion

BENCHMARK_MAIN();
