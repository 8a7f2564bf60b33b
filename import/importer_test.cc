// The importer on a real published PDF (the Shanghai fixture): each table it
// places compared cell by cell with the hand transcription in tests/data/.
#include "import/importer.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "import/narrative.h"
#include "import/table_reader.h"
#include "tests/support/minimal_pdf.h"
#include "tests/support/test_support.h"

namespace juesuan::import {
namespace {

namespace acc = ::juesuan::accounts::v1;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Compares the rows (and total) of one table, cell by cell: every int64
// field of every row, a blank cell counting as 0 where the transcription
// says printed blanks are zeros. Returns the differences; counts cells.
std::vector<std::string> CompareTable(const Message& imported, const Message& transcribed,
                                      const std::string& table, int* cells) {
  std::vector<std::string> out;
  const auto* d = imported.GetDescriptor();
  const FieldDescriptor* rows = d->FindFieldByName("rows");
  const FieldDescriptor* total = d->FindFieldByName("total");
  auto compare_row = [&](const Message& a, const Message& b, const std::string& where) {
    for (int i = 0; i < a.GetDescriptor()->field_count(); ++i) {
      const FieldDescriptor* f = a.GetDescriptor()->field(i);
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_INT64) continue;
      const auto* ra = a.GetReflection();
      const auto* rb = b.GetReflection();
      const int64_t va = ra->HasField(a, f) ? ra->GetInt64(a, f) : 0;
      const int64_t vb = rb->HasField(b, f) ? rb->GetInt64(b, f) : 0;
      if (f->name() == "prior_year_fen") continue;  // not a column of this layout's 表五
      ++*cells;
      if (va != vb)
        out.push_back(absl::StrCat(table, " ", where, " ", f->name(), ": ", va, " ≠ ", vb));
    }
  };
  compare_row(imported.GetReflection()->GetMessage(imported, total),
              transcribed.GetReflection()->GetMessage(transcribed, total), "合计");
  const int n = imported.GetReflection()->FieldSize(imported, rows);
  const int m = transcribed.GetReflection()->FieldSize(transcribed, rows);
  if (n != m) out.push_back(absl::StrCat(table, ": ", n, " rows imported, ", m, " transcribed"));
  for (int i = 0; i < std::min(n, m); ++i) {
    const Message& a = imported.GetReflection()->GetRepeatedMessage(imported, rows, i);
    const Message& b = transcribed.GetReflection()->GetRepeatedMessage(transcribed, rows, i);
    const auto code = [](const Message& r) {
      return r.GetReflection()->GetString(r, r.GetDescriptor()->FindFieldByName("function_code"));
    };
    const auto name = [](const Message& r) {
      return r.GetReflection()->GetString(r, r.GetDescriptor()->FindFieldByName("function_name"));
    };
    ++*cells;
    if (code(a) != code(b) || name(a) != name(b)) {
      out.push_back(absl::StrCat(table, " row ", i, ": ", code(a), " ", name(a), " ≠ ", code(b),
                                 " ", name(b)));
    }
    compare_row(a, b, code(b));
  }
  return out;
}

// The transcription keeps the spaces pdftotext printed inside sentences
// ("单位于 2024 年成立"); the import reads them without.
void StripSpaces(Message* m) {
  const auto* r = m->GetReflection();
  for (int i = 0; i < m->GetDescriptor()->field_count(); ++i) {
    const FieldDescriptor* f = m->GetDescriptor()->field(i);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING && !f->is_repeated()) {
      r->SetString(m, f, Squeeze(r->GetString(*m, f)));
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && f->is_repeated()) {
      for (int j = 0; j < r->FieldSize(*m, f); ++j) StripSpaces(r->MutableRepeatedMessage(m, f, j));
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && r->HasField(*m, f)) {
      StripSpaces(r->MutableMessage(m, f));
    }
  }
}

TEST(ImporterTest, TheShanghaiNarrativesFiguresAndReasonsAreItsTranscriptions) {
  const std::string pdf =
      juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.pdf");
  absl::StatusOr<Imported> imported = ImportPdf(pdf, pdf::PdfLimits());
  ASSERT_TRUE(imported.ok()) << imported.status();
  acc::FinalAccounts want = juesuan::testing::ShanghaiAccounts();
  StripSpaces(&want);
  const acc::FinalAccounts& got = imported->accounts;
  // Prior years, budgets and reasons of the whole and of each 项 the text
  // explains (its 主要用于 too); 机关运行经费 and its prior year.
  const auto& t5 = got.general_budget_expenditure();
  const auto& w5 = want.general_budget_expenditure();
  EXPECT_EQ(t5.prior_year().SerializeAsString(), w5.prior_year().SerializeAsString());
  EXPECT_EQ(t5.initial_budget().SerializeAsString(), w5.initial_budget().SerializeAsString())
      << t5.initial_budget().DebugString();
  EXPECT_EQ(t5.annual_budget().SerializeAsString(), w5.annual_budget().SerializeAsString());
  ASSERT_EQ(t5.rows_size(), w5.rows_size());
  int budgets = 0;
  for (int i = 0; i < w5.rows_size(); ++i) {
    EXPECT_EQ(t5.rows(i).budget().SerializeAsString(), w5.rows(i).budget().SerializeAsString())
        << w5.rows(i).function_code() << "\n"
        << t5.rows(i).budget().DebugString() << "\n"
        << w5.rows(i).budget().DebugString();
    budgets += w5.rows(i).has_budget();
  }
  EXPECT_EQ(budgets, 9);
  EXPECT_EQ(got.agency_operating_expenses().SerializeAsString(),
            want.agency_operating_expenses().SerializeAsString());
  EXPECT_EQ(got.income_expenditure_summary().prior_year().SerializeAsString(),
            want.income_expenditure_summary().prior_year().SerializeAsString());
  EXPECT_THAT(imported->report.narrative(),
              ::testing::Contains("p.17 收入支出总计: 上年 0.00 万元 (本年 307.82, 增加 307.82)"));
  // 表七 is printed without figures and the text states none of its lines:
  // nothing of it, not even an empty table.
  EXPECT_FALSE(got.has_three_public_expenses());
}

// The seed's narrative (Xinjiang's layout: "与上年相比，增加…" after the
// sentence naming its subject, reasons in the same sentence, each 项 with
// its prior year) read over the seed's tables, its narrative fields cleared:
// they come back as transcribed.
TEST(ImporterTest, TheSeedsNarrativeGivesBackItsPriorYearsBudgetsAndReasons) {
  std::vector<pdf::PdfWord> page;
  double y = 0;
  for (absl::string_view line : absl::StrSplit(
           juesuan::testing::ReadSourceFile("tests/data/seed-changji-kejiju-2023.txt"), '\n')) {
    page.push_back({std::string(line), 0, y, 400, y + 9});
    y += 12;
  }
  acc::FinalAccounts want = juesuan::testing::SeedAccounts();
  StripSpaces(&want);
  acc::FinalAccounts got = want;
  got.mutable_income_expenditure_summary()->clear_prior_year();
  got.mutable_fiscal_summary()->clear_prior_year();
  got.mutable_fiscal_summary()->clear_initial_budget();
  auto* t5 = got.mutable_general_budget_expenditure();
  t5->clear_prior_year();
  t5->clear_initial_budget();
  t5->clear_annual_budget();
  for (auto& row : *t5->mutable_rows()) {
    row.clear_prior_year_fen();
    row.clear_change_reason();
    row.clear_budget();
  }
  got.clear_agency_operating_expenses();
  auto* t7 = got.mutable_three_public_expenses();
  for (acc::ThreePublicItem* item :
       {t7->mutable_total(), t7->mutable_overseas_travel(), t7->mutable_vehicles(),
        t7->mutable_vehicle_purchase(), t7->mutable_vehicle_operation(), t7->mutable_reception()}) {
    item->clear_prior_year();
    item->clear_budget_difference_reason();
  }
  ImportReport report;
  ReadNarrative({page}, &got, &report);
  EXPECT_THAT(report.issues(), ::testing::IsEmpty());
  EXPECT_EQ(got.income_expenditure_summary().prior_year().DebugString(),
            want.income_expenditure_summary().prior_year().DebugString());
  EXPECT_EQ(got.fiscal_summary().prior_year().DebugString(),
            want.fiscal_summary().prior_year().DebugString());
  EXPECT_EQ(got.fiscal_summary().initial_budget().DebugString(),
            want.fiscal_summary().initial_budget().DebugString());
  const auto& w5 = want.general_budget_expenditure();
  EXPECT_EQ(t5->prior_year().DebugString(), w5.prior_year().DebugString());
  EXPECT_EQ(t5->initial_budget().DebugString(), w5.initial_budget().DebugString());
  for (int i = 0; i < w5.rows_size(); ++i) {
    EXPECT_EQ(t5->rows(i).DebugString(), w5.rows(i).DebugString());
  }
  EXPECT_EQ(got.agency_operating_expenses().DebugString(),
            want.agency_operating_expenses().DebugString());
  EXPECT_EQ(got.three_public_expenses().DebugString(), want.three_public_expenses().DebugString());
}

TEST(ImporterTest, TheShanghaiPdfsTablesAreItsTranscriptionCellByCell) {
  const std::string pdf =
      juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.pdf");
  absl::StatusOr<Imported> imported = ImportPdf(pdf, pdf::PdfLimits());
  ASSERT_TRUE(imported.ok()) << imported.status();
  const acc::FinalAccounts want = juesuan::testing::ShanghaiAccounts();
  const acc::FinalAccounts& got = imported->accounts;
  EXPECT_EQ(got.department().display_name(), want.department().display_name());
  EXPECT_EQ(got.fiscal_year(), 2024);
  int cells = 0;
  std::vector<std::string> diffs;
  for (const auto& [table, a, b] :
       std::vector<std::tuple<std::string, const Message*, const Message*>>{
           {"表二", &got.income(), &want.income()},
           {"表三", &got.expenditure(), &want.expenditure()},
           {"表五", &got.general_budget_expenditure(), &want.general_budget_expenditure()}}) {
    for (std::string& d : CompareTable(*a, *b, table, &cells)) diffs.push_back(std::move(d));
  }
  EXPECT_THAT(diffs, ::testing::IsEmpty()) << absl::StrJoin(diffs, "\n");
  EXPECT_EQ(cells, 339);
  // 表六, side by side: every row's code, name, class and amount, and the
  // two totals it prints (its 基本支出合计 is not printed: the
  // transcription's is the sum).
  ASSERT_EQ(got.general_budget_basic_expenditure().rows_size(),
            want.general_budget_basic_expenditure().rows_size());
  for (int i = 0; i < want.general_budget_basic_expenditure().rows_size(); ++i) {
    const auto& g = got.general_budget_basic_expenditure().rows(i);
    const auto& w = want.general_budget_basic_expenditure().rows(i);
    EXPECT_EQ(g.SerializeAsString(), w.SerializeAsString()) << g.DebugString() << w.DebugString();
  }
  EXPECT_EQ(got.general_budget_basic_expenditure().personnel_fen(), 95360000);
  EXPECT_EQ(got.general_budget_basic_expenditure().public_fen(), 10230000);
  EXPECT_FALSE(got.general_budget_basic_expenditure().has_total_fen());
  // 表一 by its labels, two sides, its 类 coded from the coded tables (and
  // the comparison with the prior year from the narrative: below).
  acc::IncomeExpenditureSummary summary = want.income_expenditure_summary();
  StripSpaces(&summary);
  EXPECT_EQ(got.income_expenditure_summary().SerializeAsString(), summary.SerializeAsString())
      << got.income_expenditure_summary().DebugString();
  // 表四 likewise: two sides, the 支出 side in four columns.
  acc::FiscalSummary fiscal = want.fiscal_summary();
  StripSpaces(&fiscal);
  EXPECT_EQ(got.fiscal_summary().SerializeAsString(), fiscal.SerializeAsString())
      << got.fiscal_summary().DebugString();
  // Each table it places, with its pages; nothing it could not place.
  std::vector<std::string> read;
  for (const auto& t : imported->report.tables()) {
    if (t.read()) {
      read.push_back(absl::StrCat(t.title(), " ", absl::StrJoin(t.pages(), ","), " ", t.rows(),
                                  " rows ", t.cells(), " cells"));
    }
  }
  EXPECT_THAT(
      read, ::testing::ElementsAre(
                "收入支出决算总表 5 9 rows 9 cells", "收入决算表 6,7 18 rows 36 cells",
                "支出决算表 8,9 18 rows 39 cells", "财政拨款收入支出决算总表 10,11 9 rows 15 cells",
                "一般公共预算财政拨款支出决算表 12 18 rows 39 cells",
                "一般公共预算财政拨款基本支出决算表 13 67 rows 67 cells"));
  // 表七, 表八 and 表九 are printed with their headers and no figure (the
  // unit had none): found, named, nothing placed.
  EXPECT_THAT(
      imported->report.issues(),
      ::testing::ElementsAre(
          "财政拨款“三公”经费支出决算表 p.14: printed without figures: nothing placed",
          "政府性基金预算财政拨款收入支出决算表 p.15: printed without figures: nothing placed",
          "国有资本经营预算财政拨款收入支出决算表 p.16: printed without figures: nothing placed"));
}

// The Shanghai PDF's words, to damage.
std::vector<std::vector<pdf::PdfWord>> ShanghaiWords() {
  auto words = pdf::ExtractWords(
      juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.pdf"),
      pdf::PdfLimits());
  EXPECT_TRUE(words.ok()) << words.status();
  return *std::move(words);
}

std::string Issues(const Imported& imported) {
  return absl::StrJoin(imported.report.issues(), "\n");
}

TEST(ImporterTest, AMissingPageIsReportedNotImportedAsTrue) {
  auto words = ShanghaiWords();
  words.erase(words.begin() + 6);  // page 7: the end of 表二
  const Imported imported = ImportWords(words);
  EXPECT_THAT(Issues(imported),
              ::testing::HasSubstr("表二 收入决算表 p.6: 合计 307.82 is not the sum of its rows"));
}

TEST(ImporterTest, AGarbledFigureIsReportedNotPlaced) {
  auto words = ShanghaiWords();
  int garbled = 0;
  for (pdf::PdfWord& w : words[5]) {  // page 6, 表二: 行政运行 51.32 | 51.32
    if (w.text == "51.32" && garbled++ == 0) w.text = "5l.32";
  }
  ASSERT_EQ(garbled, 2);
  const Imported imported = ImportWords(words);
  EXPECT_THAT(Issues(imported),
              ::testing::HasSubstr("20139 264.87 is not the sum of its rows, 213.55"));
  for (const auto& row : imported.accounts.income().rows()) {
    if (row.function_code() == "2013901") {
      EXPECT_FALSE(row.has_total_fen());
    }
  }
}

TEST(ImporterTest, AFigureUnderNoColumnIsReportedNotPlaced) {
  auto words = ShanghaiWords();
  for (pdf::PdfWord& w : words[5]) {
    if (w.text == "11.31" && w.x0 > 380) {  // 事业运行's 财政拨款收入, moved off every header
      w.x0 += 600;
      w.x1 += 600;
    }
  }
  const Imported imported = ImportWords(words);
  EXPECT_THAT(Issues(imported), ::testing::HasSubstr("row 2013950: 11.31 stands under no column"));
}

TEST(ImporterTest, AnUnrelatedDocumentHasNoTables) {
  const Imported imported = ImportWords(*pdf::ExtractWords(
      juesuan::testing::MinimalPdf({"A letter\nnothing to import 12.00"}), pdf::PdfLimits()));
  EXPECT_EQ(imported.report.tables_size(), 0);
  EXPECT_THAT(Issues(imported), ::testing::HasSubstr("表二 收入决算表: not found"));
  EXPECT_FALSE(imported.accounts.has_income());
}

// A page of words laid out as given: each line's words at their x, one line
// every 20 points.
std::vector<pdf::PdfWord> Page(
    const std::vector<std::vector<std::pair<double, std::string>>>& lines) {
  std::vector<pdf::PdfWord> words;
  double y = 50;
  for (const auto& line : lines) {
    for (const auto& [x, text] : line) {
      words.push_back({text, x, y, x + 10.0 * static_cast<double>(text.size()) / 3, y + 10});
    }
    y += 20;
  }
  return words;
}

TEST(ImporterTest, ATitleWithItsFormNumberAndADepartmentsLayout) {
  // The 财政部 form's way: "收入决算表 公开02表", 金额单位, the unit's name
  // above; codes split in 类/款/项 columns are not this version's (one
  // code column).
  const Imported imported = ImportWords({Page({
      {{100, "某某局2023年度部门决算"}},
      {{200, "收入决算表"}, {400, "公开02表"}},
      {{400, "金额单位：万元"}},
      {{20, "科目编码"}, {80, "科目名称"}, {200, "本年收入合计"}, {300, "财政拨款收入"}},
      {{80, "合计"}, {210, "1,234.50"}, {310, "1,234.50"}},
      {{20, "206"}, {80, "科学技术支出"}, {210, "1,234.50"}, {310, "1,234.50"}},
      {{20, "20601"}, {80, "科学技术管理事务"}, {210, "1,234.50"}, {310, "—"}},
  })});
  EXPECT_EQ(imported.accounts.department().display_name(), "某某局");
  EXPECT_EQ(imported.accounts.fiscal_year(), 2023);
  ASSERT_EQ(imported.accounts.income().rows_size(), 2) << Issues(imported);
  EXPECT_EQ(imported.accounts.income().total().total_fen(), 1234500000);
  EXPECT_EQ(imported.accounts.income().rows(1).function_name(), "科学技术管理事务");
  EXPECT_FALSE(imported.accounts.income().rows(1).has_fiscal_appropriation_fen());
  // 206's 财政拨款收入 is not its 款's (printed "—"): not a sum that fails.
  EXPECT_THAT(Issues(imported), ::testing::Not(::testing::HasSubstr("not the sum")));
}

}  // namespace
}  // namespace juesuan::import
