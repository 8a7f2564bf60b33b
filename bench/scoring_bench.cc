// Scoring throughput on generated department-years (Google Benchmark).
//
//   build/bench/scoring_bench                     # full run
//   build/bench/scoring_bench --benchmark_min_time=0.01   # smoke (CI)
//
// Counters: dept_years/s and indicators/s, per thread count. The scorer is a
// pure function, so two threads should score about twice as fast as one on
// two cores.
#include <vector>

#include "benchmark/benchmark.h"
#include "gen/accounts_generator.h"
#include "services/scoring/indicator_parser.h"
#include "services/scoring/profiles.h"
#include "services/scoring/scorer.h"

namespace {

constexpr int kDepartmentYears = 512;

struct Data {
  std::vector<juesuan::accounts::v1::FinalAccounts> accounts;
  int64_t indicators = 0;
  juesuan::scoring::v1::ScoringProfile profile;
};

const Data& Generated() {
  static const Data* const kData = [] {
    auto* data = new Data();
    const auto generator = juesuan::gen::DefaultGenerator({});
    for (int i = 0; i < kDepartmentYears; ++i) {
      data->accounts.push_back(generator.Generate(i));
      const auto& p = data->accounts.back().performance();
      data->indicators += p.department_wide().indicators_size();
      for (const auto& project : p.projects()) data->indicators += project.indicators_size();
    }
    data->profile =
        **(*juesuan::scoring::ProfileRegistry::Embedded())->Get("scoringProfiles/changji-2023");
    return data;
  }();
  return *kData;
}

void BM_ScoreDepartmentYears(benchmark::State& state) {
  const Data& data = Generated();
  size_t next = static_cast<size_t>(state.thread_index()) * 7;
  int64_t indicators = 0;
  for (auto _ : state) {
    const auto& accounts = data.accounts[next++ % data.accounts.size()];
    benchmark::DoNotOptimize(juesuan::scoring::ScoreSelfEvaluations(accounts, data.profile));
    const auto& p = accounts.performance();
    indicators += p.department_wide().indicators_size();
    for (const auto& project : p.projects()) indicators += project.indicators_size();
  }
  state.counters["dept_years/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["indicators/s"] =
      benchmark::Counter(static_cast<double>(indicators), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScoreDepartmentYears)->Threads(1)->Threads(2)->UseRealTime();

void BM_ParseIndicatorText(benchmark::State& state) {
  const char* texts[] = {">=200 家", "<=2023 年 10 月 30 日", "=3000.5 万元", "有效提升",
                         "=58.33%"};
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(juesuan::scoring::ParseMeasure(texts[i++ % 5]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseIndicatorText);

}  // namespace

BENCHMARK_MAIN();
