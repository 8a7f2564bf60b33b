// Rendering latency (Google Benchmark): the seed's disclosure rendered as
// text, Markdown and HTML (view model + mustache), against fetching a kept
// document of the same size — from the store directly, and over gRPC from
// a running juesuan-rendering (GetDisclosure, and a RenderDisclosure whose
// inputs did not change, which asks ingestion and scoring and returns the
// kept document).
//
//   build/bench/rendering_bench                             # full run
//   build/bench/rendering_bench --benchmark_min_time=0.01   # smoke (CI)
#include <memory>
#include <string>

#include "benchmark/benchmark.h"
#include "common/json_log.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "juesuan/disclosure/v1/disclosure.grpc.pb.h"
#include "services/ingestion/ingestion_server.h"
#include "services/rendering/renderer.h"
#include "services/rendering/rendering_server.h"
#include "services/rendering/view_model.h"
#include "services/scoring/profiles.h"
#include "services/scoring/scorer.h"
#include "services/scoring/scoring_server.h"
#include "storage/disclosure_store.h"
#include "tests/support/test_support.h"

namespace {

namespace dv1 = ::juesuan::disclosure::v1;
using ::juesuan::rendering::BuildViewModel;
using ::juesuan::rendering::RenderTemplate;
using ::juesuan::rendering::ViewInputs;

struct Seed {
  juesuan::accounts::v1::FinalAccounts accounts;
  juesuan::scoring::v1::Scorecard card;
  std::shared_ptr<const juesuan::codes::CodeTables> codes;
  std::shared_ptr<const juesuan::rendering::TemplateRegistry> templates;
  ViewInputs inputs;
};

const Seed& TheSeed() {
  static const Seed* const kSeed = [] {
    auto* s = new Seed();
    s->accounts = juesuan::testing::SeedAccounts();
    const auto profiles = *juesuan::scoring::ProfileRegistry::Embedded();
    s->card = juesuan::scoring::ScoreSelfEvaluations(
        s->accounts, **profiles->Get("scoringProfiles/changji-2023"));
    s->codes = *juesuan::codes::CodeTables::Embedded();
    s->templates = *juesuan::rendering::TemplateRegistry::Embedded();
    s->inputs.accounts = &s->accounts;
    s->inputs.scorecard = &s->card;
    s->inputs.code_tables = s->codes.get();
    s->inputs.accounts_revision = "departments/changji-kejiju/accounts/2023/revisions/1";
    s->inputs.template_name = "templates/xinjiang-2023";
    s->inputs.template_version = "1";
    s->inputs.suite_version = "bench";
    return s;
  }();
  return *kSeed;
}

const std::string& Source(dv1::Format format) {
  return (*TheSeed().templates->Get("templates/xinjiang-2023"))->sources.at(format);
}

void BM_BuildViewModel(benchmark::State& state) {
  const Seed& seed = TheSeed();
  for (auto _ : state) benchmark::DoNotOptimize(BuildViewModel(seed.inputs));
}
BENCHMARK(BM_BuildViewModel)->Unit(benchmark::kMicrosecond);

// View model and template, as RenderDisclosure does on a change.
void BM_Render(benchmark::State& state) {
  const auto format = static_cast<dv1::Format>(state.range(0));
  const Seed& seed = TheSeed();
  const std::string& source = Source(format);
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string out = RenderTemplate(source, BuildViewModel(seed.inputs), format);
    bytes = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetLabel(dv1::Format_Name(format));
  state.counters["doc_bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_Render)
    ->Arg(dv1::FORMAT_TEXT)
    ->Arg(dv1::FORMAT_MARKDOWN)
    ->Arg(dv1::FORMAT_HTML)
    ->Unit(benchmark::kMicrosecond);

// The same document fetched from the store (RocksDB on disk, block cache
// warm): record and content.
void BM_FetchKept(benchmark::State& state) {
  const auto format = static_cast<dv1::Format>(state.range(0));
  const Seed& seed = TheSeed();
  juesuan::testing::TempDir dir;
  juesuan::storage::KvStoreOptions options;
  options.path = dir.path();
  auto store = *juesuan::storage::OpenDisclosureStore(options);
  const std::string content = RenderTemplate(Source(format), BuildViewModel(seed.inputs), format);
  juesuan::storage::StoredDisclosure record;
  record.mutable_disclosure()->set_name("departments/changji-kejiju/disclosures/2023");
  record.mutable_disclosure()->set_format(format);
  record.mutable_disclosure()->set_template_("templates/xinjiang-2023");
  record.set_inputs_sha256("x");
  if (!store->Put({"changji-kejiju", 2023}, record, content).ok()) {
    state.SkipWithError("put failed");
    return;
  }
  for (auto _ : state) {
    auto kept = store->Get({"changji-kejiju", 2023}, "templates/xinjiang-2023", format, true);
    benchmark::DoNotOptimize(kept);
  }
  state.SetLabel(dv1::Format_Name(format));
  state.counters["doc_bytes"] = static_cast<double>(content.size());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * content.size()));
}
BENCHMARK(BM_FetchKept)
    ->Arg(dv1::FORMAT_TEXT)
    ->Arg(dv1::FORMAT_HTML)
    ->Unit(benchmark::kMicrosecond);

// The three services in process, on loopback, with the seed submitted,
// scored and rendered once.
struct Pipeline {
  juesuan::testing::TempDir ingestion_dir, scoring_dir, rendering_dir;
  std::unique_ptr<juesuan::ingestion::IngestionServer> ingestion;
  std::unique_ptr<juesuan::scoring::ScoringServer> scoring;
  std::unique_ptr<juesuan::rendering::RenderingServer> rendering;
  std::unique_ptr<dv1::DisclosureRenderingService::Stub> stub;
};

Pipeline* ThePipeline() {
  static Pipeline* const kPipeline = [] {
    juesuan::SetLoggingEnabled(false);
    auto* p = new Pipeline();
    juesuan::ingestion::IngestionServerOptions i;
    i.data_dir = p->ingestion_dir.path();
    p->ingestion = *juesuan::ingestion::IngestionServer::Start(i);
    juesuan::ingestion::v1::SubmitAccountsRequest submit;
    *submit.mutable_accounts() = TheSeed().accounts;
    (void)p->ingestion->domain().Submit(submit);
    juesuan::scoring::ScoringServerOptions s;
    s.data_dir = p->scoring_dir.path();
    s.ingestion_addr = p->ingestion->address();
    p->scoring = *juesuan::scoring::ScoringServer::Start(s);
    juesuan::scoring::v1::ScoreAccountsRequest score;
    score.set_accounts("departments/changji-kejiju/accounts/2023");
    score.set_profile("scoringProfiles/changji-2023");
    (void)p->scoring->domain().Score(score);
    juesuan::rendering::RenderingServerOptions r;
    r.data_dir = p->rendering_dir.path();
    r.ingestion_addr = p->ingestion->address();
    r.scoring_addr = p->scoring->address();
    p->rendering = *juesuan::rendering::RenderingServer::Start(r);
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(64 << 20);
    p->stub = dv1::DisclosureRenderingService::NewStub(grpc::CreateCustomChannel(
        p->rendering->address(), grpc::InsecureChannelCredentials(), args));
    return p;
  }();
  return kPipeline;
}

dv1::RenderDisclosureRequest RenderRequest(dv1::Format format) {
  dv1::RenderDisclosureRequest request;
  request.set_accounts("departments/changji-kejiju/accounts/2023");
  request.set_format(format);
  request.set_template_("templates/xinjiang-2023");
  return request;
}

// GetDisclosure over gRPC: the kept document.
void BM_GrpcGetDisclosure(benchmark::State& state) {
  const auto format = static_cast<dv1::Format>(state.range(0));
  Pipeline* p = ThePipeline();
  {
    grpc::ClientContext context;
    dv1::Disclosure first;
    if (!p->stub->RenderDisclosure(&context, RenderRequest(format), &first).ok()) {
      state.SkipWithError("render failed");
      return;
    }
  }
  dv1::GetDisclosureRequest request;
  request.set_name("departments/changji-kejiju/disclosures/2023");
  request.set_format(format);
  request.set_template_("templates/xinjiang-2023");
  int64_t bytes = 0;
  for (auto _ : state) {
    grpc::ClientContext context;
    dv1::Disclosure d;
    if (!p->stub->GetDisclosure(&context, request, &d).ok()) state.SkipWithError("get failed");
    bytes = d.content_bytes();
  }
  state.SetLabel(dv1::Format_Name(format));
  state.counters["doc_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_GrpcGetDisclosure)
    ->Arg(dv1::FORMAT_TEXT)
    ->Arg(dv1::FORMAT_HTML)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// RenderDisclosure over gRPC with nothing changed: GetAccounts (FULL) from
// ingestion, GetScorecard from scoring, the digest, and the kept document.
void BM_GrpcRenderUnchanged(benchmark::State& state) {
  const auto format = static_cast<dv1::Format>(state.range(0));
  Pipeline* p = ThePipeline();
  for (auto _ : state) {
    grpc::ClientContext context;
    dv1::Disclosure d;
    if (!p->stub->RenderDisclosure(&context, RenderRequest(format), &d).ok()) {
      state.SkipWithError("render failed");
    }
  }
  state.SetLabel(dv1::Format_Name(format));
}
BENCHMARK(BM_GrpcRenderUnchanged)
    ->Arg(dv1::FORMAT_TEXT)
    ->Arg(dv1::FORMAT_HTML)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
