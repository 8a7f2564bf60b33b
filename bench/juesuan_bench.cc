// juesuan-bench: the suite measured against what this machine and its
// libraries can do at best, in one process, interleaved.
//
// Longer than 500 lines on purpose: the goals of BENCHMARKS.md are ratios
// of benchmarks in this one binary, run interleaved against the same
// servers, and their cases read best side by side.
//
// Anchors (what the hardware and the libraries allow):
//   BM_Echo             a bare unary call of the same request, parsed, tiny reply
//   BM_RawPut/w:N       RocksDB Put of the same bytes with sync=true, N writers
//   BM_ParseAccounts    protobuf parse of the seed's accounts
//   BM_ScanParse        RocksDB scan + parse of N stored department-years
//   BM_GetDisclosure    GetDisclosure of the kept HTML document (a stored fetch)
// The suite, on the real service classes over loopback:
//   BM_Ingest/inflight:N    SubmitAccounts of distinct accounts, N calls in flight
//   BM_Validate             the ingestion checks (shape + rules) of the seed
//   BM_ScoreJob/threads:N   a scoring job over the N stored department-years
//   BM_RenderHtml           RenderDisclosure of the seed as HTML
//   BM_IngestWhileScoring   SubmitAccounts, 1 in flight, to the ingestion server
//                           a scoring job is reading from
//
// Every RPC benchmark runs a fixed batch of calls per repetition and reports
// p50_us / p99_us / calls_per_s as counters. bench/perf_table.py turns the
// JSON into the P1–P6 ratios (BENCHMARKS.md):
//
//   build/bench/juesuan-bench --benchmark_repetitions=3
//       --benchmark_enable_random_interleaving=true
//       --benchmark_out=bench.json --benchmark_out_format=json
//   python3 bench/perf_table.py bench.json
// (scripts/bench.sh runs exactly that.)
//
// --juesuan_bench_dir=DIR (default ./juesuan-bench-data) holds the stores; it
// is wiped at start. Put it on the disk being measured, not on tmpfs.
#include <sys/resource.h>
#include <sys/statfs.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "common/json_log.h"
#include "common/raw_unary.h"
#include "gen/accounts_generator.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/server_builder.h"
#include "juesuan/disclosure/v1/disclosure.grpc.pb.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "juesuan/scoring/v1/scoring_service.grpc.pb.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "services/ingestion/ingestion_server.h"
#include "services/ingestion/schema_check.h"
#include "services/rendering/rendering_server.h"
#include "services/scoring/scoring_server.h"
#include "tests/support/test_support.h"

namespace {

namespace iv1 = ::juesuan::ingestion::v1;
namespace sv1 = ::juesuan::scoring::v1;
namespace dv1 = ::juesuan::disclosure::v1;
using Clock = std::chrono::steady_clock;

std::string bench_dir = "juesuan-bench-data";  // --juesuan_bench_dir

// Department-years stored for the scan and the scoring job.
constexpr int kStoredDepartmentYears = 2000;

[[noreturn]] void Die(const std::string& what) {
  fprintf(stderr, "juesuan-bench: %s\n", what.c_str());
  std::abort();
}

// ---------------------------------------------------------------------------
// Latency statistics and a closed-loop client.

struct LoadResult {
  std::vector<double> latencies_us;
  int errors = 0;
  double seconds = 0;
  double cpu_seconds = 0;  // the whole process's (client and servers: one process)
  std::string first_error;
};

double ProcessCpuSeconds() {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  return v[i];
}

// Runs `total` calls keeping `inflight` outstanding. start(i, done) starts
// call i and arranges for done(status) when it ends; it must not block.
// Everything a callback touches lives in shared state that the callbacks
// keep alive, so returning here never pulls memory from under a callback
// still unwinding on a gRPC thread; `start` (and what it captures) too.
using StartFn = std::function<void(int, std::function<void(const grpc::Status&)>)>;

LoadResult RunClosedLoop(int total, int inflight, StartFn start) {
  struct State {
    StartFn start;
    int total;
    std::atomic<int> next{0};
    absl::Mutex mu;
    int finished ABSL_GUARDED_BY(mu) = 0;
    LoadResult result;  // latencies_us[i] is written by call i's callback only
  };
  auto state = std::make_shared<State>();
  state->start = std::move(start);
  state->total = total;
  state->result.latencies_us.resize(total);
  struct Launcher {
    static void Next(const std::shared_ptr<State>& st) {
      const int i = st->next.fetch_add(1);
      if (i >= st->total) return;
      const auto t0 = Clock::now();
      st->start(i, [st, i, t0](const grpc::Status& status) {
        st->result.latencies_us[i] =
            std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
        if (!status.ok()) {
          absl::MutexLock lock(&st->mu);
          if (st->result.errors++ == 0) st->result.first_error = status.error_message();
        }
        Next(st);
        absl::MutexLock lock(&st->mu);
        ++st->finished;
      });
    }
  };
  const auto t0 = Clock::now();
  const double cpu0 = ProcessCpuSeconds();
  for (int k = 0; k < inflight; ++k) Launcher::Next(state);
  {
    absl::MutexLock lock(&state->mu);
    State* st = state.get();
    state->mu.Await(absl::Condition(
        +[](State* x) ABSL_EXCLUSIVE_LOCKS_REQUIRED(x->mu) { return x->finished >= x->total; },
        st));
  }
  LoadResult result;
  {
    absl::MutexLock lock(&state->mu);
    result = state->result;
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  result.cpu_seconds = ProcessCpuSeconds() - cpu0;
  return result;
}

void Report(benchmark::State& state, const LoadResult& r) {
  state.SetIterationTime(r.seconds);
  state.counters["p50_us"] = Percentile(r.latencies_us, 0.50);
  state.counters["p99_us"] = Percentile(r.latencies_us, 0.99);
  state.counters["calls_per_s"] = static_cast<double>(r.latencies_us.size()) / r.seconds;
  state.counters["errors"] = r.errors;
  state.counters["cpu_us_per_call"] =
      r.cpu_seconds * 1e6 / static_cast<double>(r.latencies_us.size());
  if (r.errors > 0) state.SkipWithError(("calls failed: " + r.first_error).c_str());
}

// ---------------------------------------------------------------------------
// The echo anchor: a server that parses the request and answers a name.

class EchoService final : public grpc::CallbackGenericService {
 public:
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext*) override {
    class Reactor final : public grpc::ServerGenericBidiReactor {
     public:
      Reactor() { StartRead(&request_); }
      void OnReadDone(bool ok) override {
        if (!ok) {
          Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request"));
          return;
        }
        auto parsed = juesuan::ParseRequest<iv1::SubmitAccountsRequest>(request_);
        iv1::SubmitAccountsResponse reply;
        if (parsed.ok()) reply.set_name(parsed->accounts().department().name());
        const std::string bytes = reply.SerializeAsString();
        grpc::Slice slice(bytes);
        response_ = grpc::ByteBuffer(&slice, 1);
        StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
      }
      void OnDone() override { delete this; }

     private:
      grpc::ByteBuffer request_;
      grpc::ByteBuffer response_;
    };
    return new Reactor();
  }
};

// ---------------------------------------------------------------------------
// The fixture: servers and stores, built once.

std::string FileSystemType(const std::string& path) {
  struct statfs s;
  if (statfs(path.c_str(), &s) != 0) return "unknown";
  switch (static_cast<unsigned long>(s.f_type)) {
    case 0xEF53:
      return "ext4";
    case 0x01021994:
      return "tmpfs";
    case 0x58465342:
      return "xfs";
    case 0x9123683E:
      return "btrfs";
    case 0x794C7630:
      return "overlayfs";
    default:
      return absl::StrCat("0x", absl::Hex(s.f_type));
  }
}

iv1::SubmitAccountsRequest SeedRequest(const std::string& department, const std::string& id) {
  iv1::SubmitAccountsRequest request;
  *request.mutable_accounts() = juesuan::testing::SeedAccounts();
  request.mutable_accounts()->mutable_department()->set_name("departments/" + department);
  request.set_request_id(id);
  return request;
}

struct Fixture {
  std::unique_ptr<juesuan::ingestion::IngestionServer>
      ingestion;                                                // holds the stored department-years
  std::unique_ptr<juesuan::ingestion::IngestionServer> ingest;  // takes the measured submissions
  // P6: takes submissions while a scoring job reads from it, as in production
  // (its own copy of the stored department-years, so its growing store
  // changes no other benchmark).
  std::unique_ptr<juesuan::ingestion::IngestionServer> busy;
  std::unique_ptr<iv1::AccountIngestionService::Stub> busy_stub;
  std::unique_ptr<juesuan::scoring::ScoringServer> scoring;  // for rendering's scorecard
  std::unique_ptr<juesuan::rendering::RenderingServer> rendering;
  std::unique_ptr<grpc::Server> echo_server;
  EchoService echo_service;
  std::unique_ptr<iv1::AccountIngestionService::Stub> echo_stub;
  std::unique_ptr<iv1::AccountIngestionService::Stub> ingest_stub;
  std::unique_ptr<dv1::DisclosureRenderingService::Stub> rendering_stub;
  rocksdb::DB* raw_db = nullptr;   // raw Put target
  rocksdb::DB* scan_db = nullptr;  // the stored department-years, as FinalAccounts bytes
  std::string seed_bytes;          // the seed's accounts, serialized
  size_t request_bytes = 0;
  std::atomic<int64_t> submission{0};
  std::atomic<int64_t> raw_key{0};
  std::atomic<int> scoring_runs{0};
};

rocksdb::DB* OpenRaw(const std::string& path) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.max_background_jobs = 2;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, &db);
  if (!s.ok()) Die("open " + path + ": " + s.ToString());
  return db;
}

std::unique_ptr<iv1::AccountIngestionService::Stub> IngestionStub(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt("juesuan.bench.channel", static_cast<int>(std::hash<std::string>()(address)));
  return iv1::AccountIngestionService::NewStub(
      grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
}

// Submits `requests` with 16 in flight; dies on any failure.
void SubmitAll(iv1::AccountIngestionService::Stub* stub,
               const std::function<iv1::SubmitAccountsRequest(int)>& make, int count) {
  struct Call {
    grpc::ClientContext context;
    iv1::SubmitAccountsRequest request;
    iv1::SubmitAccountsResponse response;
  };
  LoadResult r =
      RunClosedLoop(count, 16, [stub, make](int i, std::function<void(const grpc::Status&)> done) {
        auto* call = new Call();
        call->request = make(i);
        stub->async()->SubmitAccounts(&call->context, &call->request, &call->response,
                                      [call, done](grpc::Status s) {
                                        done(s);
                                        delete call;
                                      });
      });
  if (r.errors > 0) Die("loading: " + r.first_error);
}

// An ingestion server on its own store under the bench directory.
std::unique_ptr<juesuan::ingestion::IngestionServer> StartIngestion(const std::string& store) {
  juesuan::ingestion::IngestionServerOptions options;
  options.data_dir = bench_dir + "/" + store;
  auto server = juesuan::ingestion::IngestionServer::Start(options);
  if (!server.ok()) Die(server.status().ToString());
  return *std::move(server);
}

// The submission that loads generated department-year `i`.
iv1::SubmitAccountsRequest LoadRequest(const juesuan::accounts::v1::FinalAccounts& accounts,
                                       int i) {
  iv1::SubmitAccountsRequest r;
  *r.mutable_accounts() = accounts;
  r.set_request_id(absl::StrCat("load-", i));
  return r;
}

// The parts are built on first use, so a filtered run builds only what it
// measures.
Fixture& TheFixture() {
  static Fixture* const kFixture = [] {
    juesuan::SetLoggingEnabled(false);
    auto* f = new Fixture();
    f->seed_bytes = juesuan::testing::SeedAccounts().SerializeAsString();
    f->request_bytes = SeedRequest("bench-0000000", "bench-0000000").ByteSizeLong();

    // Echo: the same client stub and message, a server that only parses.
    grpc::ServerBuilder builder;
    int echo_port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &echo_port);
    builder.RegisterCallbackGenericService(&f->echo_service);
    builder.SetMaxReceiveMessageSize(8 << 20);
    f->echo_server = builder.BuildAndStart();
    if (f->echo_server == nullptr) Die("echo server");
    f->echo_stub = IngestionStub(absl::StrCat("127.0.0.1:", echo_port));

    f->ingest = StartIngestion("ingest");
    f->ingest_stub = IngestionStub(f->ingest->address());
    f->raw_db = OpenRaw(bench_dir + "/raw");
    return f;
  }();
  return *kFixture;
}

// The stored department-years: generated, submitted over gRPC to their own
// ingestion server, and the same accounts written raw for the scan anchor.
Fixture& Stored() {
  static Fixture* const kFixture = [] {
    Fixture* f = &TheFixture();
    f->ingestion = StartIngestion("ingestion");
    const auto generator = juesuan::gen::DefaultGenerator({});
    std::vector<juesuan::accounts::v1::FinalAccounts> generated(kStoredDepartmentYears);
    for (int i = 0; i < kStoredDepartmentYears; ++i) generated[i] = generator.Generate(i);
    auto stub = IngestionStub(f->ingestion->address());
    SubmitAll(
        stub.get(), [&](int i) { return LoadRequest(generated[i], i); }, kStoredDepartmentYears);
    SubmitAll(
        stub.get(), [](int) { return SeedRequest("changji-kejiju", "load-seed"); }, 1);
    f->scan_db = OpenRaw(bench_dir + "/scan");
    for (int i = 0; i < kStoredDepartmentYears; ++i) {
      rocksdb::WriteOptions w;
      f->scan_db->Put(w, generated[i].department().name(), generated[i].SerializeAsString());
    }
    f->scan_db->Flush(rocksdb::FlushOptions());
    return f;
  }();
  return *kFixture;
}

// An ingestion server with the same department-years as Stored(), for P6.
Fixture& Busy() {
  static Fixture* const kFixture = [] {
    Fixture* f = &Stored();
    f->busy = StartIngestion("busy");
    f->busy_stub = IngestionStub(f->busy->address());
    const auto generator = juesuan::gen::DefaultGenerator({});
    SubmitAll(
        f->busy_stub.get(), [&](int i) { return LoadRequest(generator.Generate(i), i); },
        kStoredDepartmentYears);
    return f;
  }();
  return *kFixture;
}

// Scoring and rendering over the stored department-years, the seed scored.
Fixture& Rendering() {
  static Fixture* const kFixture = [] {
    Fixture* f = &Stored();
    juesuan::scoring::ScoringServerOptions scoring_options;
    scoring_options.data_dir = bench_dir + "/scoring";
    scoring_options.ingestion_addr = f->ingestion->address();
    auto scoring = juesuan::scoring::ScoringServer::Start(scoring_options);
    if (!scoring.ok()) Die(scoring.status().ToString());
    f->scoring = std::move(*scoring);
    {
      auto scoring_stub = sv1::PerformanceScoringService::NewStub(
          grpc::CreateChannel(f->scoring->address(), grpc::InsecureChannelCredentials()));
      grpc::ClientContext context;
      sv1::ScoreAccountsRequest request;
      request.set_accounts("departments/changji-kejiju/accounts/2023");
      request.set_profile("scoringProfiles/changji-2023");
      sv1::Scorecard card;
      grpc::Status s = scoring_stub->ScoreAccounts(&context, request, &card);
      if (!s.ok()) Die("score the seed: " + s.error_message());
    }
    juesuan::rendering::RenderingServerOptions rendering_options;
    rendering_options.data_dir = bench_dir + "/rendering";
    rendering_options.ingestion_addr = f->ingestion->address();
    rendering_options.scoring_addr = f->scoring->address();
    auto rendering = juesuan::rendering::RenderingServer::Start(rendering_options);
    if (!rendering.ok()) Die(rendering.status().ToString());
    f->rendering = std::move(*rendering);
    f->rendering_stub = dv1::DisclosureRenderingService::NewStub(
        grpc::CreateChannel(f->rendering->address(), grpc::InsecureChannelCredentials()));
    // The seed's HTML document, rendered and kept, whichever of the render
    // and get benchmarks runs first.
    grpc::ClientContext context;
    dv1::RenderDisclosureRequest request;
    request.set_accounts("departments/changji-kejiju/accounts/2023");
    request.set_format(dv1::FORMAT_HTML);
    request.set_template_("templates/xinjiang-2023");
    dv1::Disclosure kept;
    grpc::Status s = f->rendering_stub->RenderDisclosure(&context, request, &kept);
    if (!s.ok()) Die("render the seed: " + s.error_message());
    return f;
  }();
  return *kFixture;
}

// ---------------------------------------------------------------------------
// Anchors.

// SubmitAccounts-shaped calls on a stub; each call gets distinct accounts.
LoadResult SubmitLoad(iv1::AccountIngestionService::Stub* stub, int calls, int inflight) {
  Fixture& f = TheFixture();
  struct Call {
    grpc::ClientContext context;
    iv1::SubmitAccountsRequest request;
    iv1::SubmitAccountsResponse response;
  };
  // Requests are built before the clock starts.
  auto prepared = std::make_shared<std::vector<std::unique_ptr<Call>>>(calls);
  for (int i = 0; i < calls; ++i) {
    const int64_t n = f.submission.fetch_add(1);
    (*prepared)[i] = std::make_unique<Call>();
    (*prepared)[i]->request = SeedRequest(absl::StrCat("bench-", n), absl::StrCat("bench-", n));
  }
  return RunClosedLoop(
      calls, inflight, [stub, prepared](int i, std::function<void(const grpc::Status&)> done) {
        Call* call = (*prepared)[i].get();
        stub->async()->SubmitAccounts(&call->context, &call->request, &call->response,
                                      [done](grpc::Status s) { done(s); });
      });
}

void BM_Echo(benchmark::State& state) {
  Fixture& f = TheFixture();
  SubmitLoad(f.echo_stub.get(), 50, 1);  // warm the connection
  for (auto _ : state) Report(state, SubmitLoad(f.echo_stub.get(), 400, 1));
}
BENCHMARK(BM_Echo)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

// RocksDB Put of the request's bytes with sync=true, from N threads at once.
void BM_RawPut(benchmark::State& state) {
  Fixture& f = TheFixture();
  const int writers = static_cast<int>(state.range(0));
  const int per_writer = writers == 1 ? 400 : 100;
  const std::string value = SeedRequest("bench-raw", "bench-raw").SerializeAsString();
  for (auto _ : state) {
    LoadResult r;
    r.latencies_us.resize(static_cast<size_t>(writers) * per_writer);
    std::vector<std::thread> threads;
    const auto t0 = Clock::now();
    const double cpu0 = ProcessCpuSeconds();
    for (int w = 0; w < writers; ++w) {
      threads.emplace_back([&, w] {
        rocksdb::WriteOptions options;
        options.sync = true;
        for (int k = 0; k < per_writer; ++k) {
          const std::string key = absl::StrCat("raw-", f.raw_key.fetch_add(1));
          const auto c0 = Clock::now();
          rocksdb::Status s = f.raw_db->Put(options, key, value);
          if (!s.ok()) Die(s.ToString());
          r.latencies_us[static_cast<size_t>(w) * per_writer + k] =
              std::chrono::duration<double, std::micro>(Clock::now() - c0).count();
        }
      });
    }
    for (auto& t : threads) t.join();
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.cpu_seconds = ProcessCpuSeconds() - cpu0;
    Report(state, r);
  }
}
BENCHMARK(BM_RawPut)->ArgName("w")->Arg(1)->Arg(16)->UseManualTime()->Iterations(1)->Unit(
    benchmark::kMillisecond);

void BM_ParseAccounts(benchmark::State& state) {
  const std::string& bytes = TheFixture().seed_bytes;
  for (auto _ : state) {
    juesuan::accounts::v1::FinalAccounts accounts;
    if (!accounts.ParseFromString(bytes)) Die("parse");
    benchmark::DoNotOptimize(accounts);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_ParseAccounts)->Unit(benchmark::kMicrosecond)->MinTime(0.3);

// Every stored department-year read back and parsed.
void BM_ScanParse(benchmark::State& state) {
  Fixture& f = Stored();
  int64_t parsed = 0;
  for (auto _ : state) {
    std::unique_ptr<rocksdb::Iterator> it(f.scan_db->NewIterator(rocksdb::ReadOptions()));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      juesuan::accounts::v1::FinalAccounts accounts;
      if (!accounts.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        Die("scan parse");
      }
      ++parsed;
    }
  }
  state.counters["dept_years_per_s"] =
      benchmark::Counter(static_cast<double>(parsed), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScanParse)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(0.5);

// `calls` calls of one method, one at a time, each with a copy of `request`.
// invoke(context, request, response, on_done) starts one on a callback stub.
template <typename Req, typename Resp, typename Invoke>
LoadResult OneAtATime(int calls, const Req& request, Invoke invoke) {
  struct Call {
    grpc::ClientContext context;
    Req request;
    Resp response;
  };
  auto prepared = std::make_shared<std::vector<std::unique_ptr<Call>>>(calls);
  for (auto& c : *prepared) {
    c = std::make_unique<Call>();
    c->request = request;
  }
  return RunClosedLoop(
      calls, 1, [prepared, invoke](int i, std::function<void(const grpc::Status&)> done) {
        Call* c = (*prepared)[i].get();
        invoke(&c->context, &c->request, &c->response, [done](grpc::Status s) { done(s); });
      });
}

void BM_GetDisclosure(benchmark::State& state) {
  Fixture& f = Rendering();
  dv1::GetDisclosureRequest request;
  request.set_name("departments/changji-kejiju/disclosures/2023");
  request.set_format(dv1::FORMAT_HTML);
  request.set_template_("templates/xinjiang-2023");
  for (auto _ : state) {
    Report(state, OneAtATime<dv1::GetDisclosureRequest, dv1::Disclosure>(
                      200, request, [&f](auto* context, auto* req, auto* resp, auto done) {
                        f.rendering_stub->async()->GetDisclosure(context, req, resp, done);
                      }));
  }
}

// ---------------------------------------------------------------------------
// The suite.

void BM_Ingest(benchmark::State& state) {
  Fixture& f = TheFixture();
  const int inflight = static_cast<int>(state.range(0));
  SubmitLoad(f.ingest_stub.get(), 50, 1);  // warm
  for (auto _ : state) {
    Report(state, SubmitLoad(f.ingest_stub.get(), inflight == 1 ? 400 : 1600, inflight));
  }
}
BENCHMARK(BM_Ingest)
    ->ArgName("inflight")
    ->Arg(1)
    ->Arg(16)
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// What ingestion checks before storing: the shape, then every rule.
void BM_Validate(benchmark::State& state) {
  Fixture& f = TheFixture();
  const auto accounts = juesuan::testing::SeedAccounts();
  const auto& engine = f.ingest->domain().engine();
  for (auto _ : state) {
    auto violations = juesuan::ingestion::CheckAccountsShape(accounts, 2026, {}, "accounts");
    benchmark::DoNotOptimize(violations);
    auto report = engine.Validate(accounts);
    benchmark::DoNotOptimize(report);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.seed_bytes.size()));
}
BENCHMARK(BM_Validate)->Unit(benchmark::kMicrosecond)->MinTime(0.3);

// Starts a fresh scoring server (its own store) over the stored
// department-years; returns it and the started job's name.
std::pair<std::unique_ptr<juesuan::scoring::ScoringServer>, std::string> StartJob(
    int item_threads, const std::string& ingestion_addr) {
  Fixture& f = Stored();
  juesuan::scoring::ScoringServerOptions options;
  options.data_dir = absl::StrCat(bench_dir, "/job-", f.scoring_runs.fetch_add(1));
  options.ingestion_addr = ingestion_addr;
  options.service.job_item_threads = item_threads;
  auto server = juesuan::scoring::ScoringServer::Start(options);
  if (!server.ok()) Die(server.status().ToString());
  auto stub = sv1::PerformanceScoringService::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  sv1::StartScoringJobRequest request;
  request.set_fiscal_year(2023);
  request.set_profile("scoringProfiles/changji-2023");
  sv1::ScoringJob job;
  grpc::Status s = stub->StartScoringJob(&context, request, &job);
  if (!s.ok()) Die("start job: " + s.error_message());
  return {std::move(*server), job.name()};
}

// Waits for the job to end; returns it.
sv1::ScoringJob WaitForJob(const std::string& address, const std::string& name) {
  auto stub = sv1::PerformanceScoringService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  while (true) {
    grpc::ClientContext context;
    sv1::GetScoringJobRequest request;
    request.set_name(name);
    sv1::ScoringJob job;
    grpc::Status s = stub->GetScoringJob(&context, request, &job);
    if (!s.ok()) Die("job: " + s.error_message());
    if (job.state() == sv1::JOB_STATE_SUCCEEDED || job.state() == sv1::JOB_STATE_FAILED) return job;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void BM_ScoreJob(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  Stored();  // built outside the timing
  int64_t scored = 0;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    auto [server, name] = StartJob(threads, Stored().ingestion->address());
    const sv1::ScoringJob job = WaitForJob(server->address(), name);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (job.state() != sv1::JOB_STATE_SUCCEEDED || job.failed() != 0)
      Die("job failed: " + job.error());
    scored += job.scored();
    state.SetIterationTime(seconds);
    state.PauseTiming();
    server.reset();
    state.ResumeTiming();
  }
  state.counters["dept_years_per_s"] =
      benchmark::Counter(static_cast<double>(scored), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScoreJob)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

void BM_RenderHtml(benchmark::State& state) {
  Fixture& f = Rendering();
  dv1::RenderDisclosureRequest request;
  request.set_accounts("departments/changji-kejiju/accounts/2023");
  request.set_format(dv1::FORMAT_HTML);
  request.set_template_("templates/xinjiang-2023");
  for (auto _ : state) {
    Report(state, OneAtATime<dv1::RenderDisclosureRequest, dv1::Disclosure>(
                      200, request, [&f](auto* context, auto* req, auto* resp, auto done) {
                        f.rendering_stub->async()->RenderDisclosure(context, req, resp, done);
                      }));
  }
}
BENCHMARK(BM_RenderHtml)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GetDisclosure)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

// Ingest latency (1 in flight) while a scoring job over the same server's
// department-years runs with its default threads.
void BM_IngestWhileScoring(benchmark::State& state) {
  Fixture& f = Busy();
  for (auto _ : state) {
    // The job reads from the server that takes the submissions.
    auto [server, name] =
        StartJob(juesuan::scoring::ScoringServiceOptions().job_item_threads, f.busy->address());
    // As many calls as BM_Ingest/inflight:1, so the two p99s are of equal samples.
    const LoadResult r = SubmitLoad(f.busy_stub.get(), 400, 1);
    const absl::Time calls_ended = absl::Now();
    const sv1::ScoringJob job = WaitForJob(server->address(), name);
    Report(state, r);
    // 1 if the job was still running when the last measured call ended.
    const absl::Time job_ended =
        absl::FromUnixSeconds(job.end_time().seconds()) + absl::Nanoseconds(job.end_time().nanos());
    state.counters["job_outlasted_calls"] = job_ended >= calls_ended ? 1 : 0;
    server.reset();
  }
}
BENCHMARK(BM_IngestWhileScoring)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    constexpr absl::string_view kFlag = "--juesuan_bench_dir=";
    if (absl::StartsWith(argv[i], kFlag)) {
      bench_dir = std::string(argv[i] + kFlag.size());
    } else {
      args.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
  std::filesystem::remove_all(bench_dir);
  std::filesystem::create_directories(bench_dir);
  benchmark::AddCustomContext("juesuan_bench_dir_fs", FileSystemType(bench_dir));
  benchmark::AddCustomContext("request_bytes",
                              absl::StrCat(SeedRequest("bench-0", "bench-0").ByteSizeLong()));
  benchmark::AddCustomContext("stored_department_years", absl::StrCat(kStoredDepartmentYears));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
