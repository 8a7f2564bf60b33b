// The audit of a published PDF against poppler's text extraction of the same
// PDF alone (issue 15's goal: audit ÷ extraction ≤ 1.5), and audits per
// second. The Shanghai fixture: 24 pages, 246 KB.
//
//   BM_ExtractText     poppler's text of every page (pdf::ExtractPages)
//   BM_AuditPdf        ExtractPages + the template's text rendered from the
//                      accounts + the alignment and comparison: what
//                      AuditDisclosure does for a PDF, without gRPC and the
//                      store
//   BM_AuditText       the same from the text (no extraction)
//   BM_AuditPdfBasis   BM_AuditPdf with the template's text rendered once
//   BM_ExtractWords    poppler's positioned words of every page
//   BM_ImportPdf       the words + the tables read and placed into
//                      FinalAccounts with the report (issue 16: import ÷
//                      BM_ExtractText, as a ratio, and documents per second)
#include <string>

#include "benchmark/benchmark.h"
#include "codes/code_tables.h"
#include "import/importer.h"
#include "pdf/pdf_text.h"
#include "services/rendering/audit.h"
#include "services/rendering/renderer.h"
#include "tests/support/test_support.h"

namespace juesuan {
namespace {

struct Fixture {
  std::string pdf = testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.pdf");
  std::string text = testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.txt");
  accounts::v1::FinalAccounts accounts = testing::ShanghaiAccounts();
  std::shared_ptr<const codes::CodeTables> codes = *codes::CodeTables::Embedded();
  std::shared_ptr<const rendering::TemplateRegistry> templates =
      *rendering::TemplateRegistry::Embedded();
  const rendering::LoadedTemplate* layout = *templates->Get("templates/shanghai-2024");
};

const Fixture& Data() {
  static const Fixture* const kData = new Fixture();
  return *kData;
}

void BM_ExtractText(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) {
    auto pages = pdf::ExtractPages(f.pdf, pdf::PdfLimits());
    if (!pages.ok()) state.SkipWithError("extraction failed");
    benchmark::DoNotOptimize(pages);
  }
  state.counters["docs_per_s"] =
      benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_AuditPdf(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) {
    auto pages = pdf::ExtractPages(f.pdf, pdf::PdfLimits());
    if (!pages.ok()) state.SkipWithError("extraction failed");
    auto findings =
        rendering::AuditPublishedText(f.accounts, *f.layout, f.codes.get(), pdf::JoinPages(*pages));
    if (findings.size() != 6) state.SkipWithError("not the fixture's six slips");
    benchmark::DoNotOptimize(findings);
  }
  state.counters["docs_per_s"] =
      benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_AuditText(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) {
    auto findings = rendering::AuditPublishedText(f.accounts, *f.layout, f.codes.get(), f.text);
    benchmark::DoNotOptimize(findings);
  }
}

void BM_AuditPdfBasis(benchmark::State& state) {
  const Fixture& f = Data();
  const rendering::AuditBasis basis = rendering::BasisFor(f.accounts, *f.layout, f.codes.get());
  for (auto _ : state) {
    auto pages = pdf::ExtractPages(f.pdf, pdf::PdfLimits());
    if (!pages.ok()) state.SkipWithError("extraction failed");
    auto findings = rendering::AuditAgainst(basis, pdf::JoinPages(*pages));
    benchmark::DoNotOptimize(findings);
  }
}

void BM_ExtractWords(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) {
    auto words = pdf::ExtractWords(f.pdf, pdf::PdfLimits());
    if (!words.ok()) state.SkipWithError("extraction failed");
    benchmark::DoNotOptimize(words);
  }
}

void BM_ImportPdf(benchmark::State& state) {
  const Fixture& f = Data();
  for (auto _ : state) {
    auto imported = import::ImportPdf(f.pdf, pdf::PdfLimits());
    if (!imported.ok() || imported->accounts.income().rows_size() != 17) {
      state.SkipWithError("not the fixture's 表二");
    }
    benchmark::DoNotOptimize(imported);
  }
  state.counters["docs_per_s"] =
      benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_ExtractText)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExtractWords)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ImportPdf)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AuditPdf)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AuditText)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AuditPdfBasis)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace juesuan

BENCHMARK_MAIN();
