#include "import/importer.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "import/coded_table.h"
#include "import/narrative.h"
#include "import/summary_table.h"
#include "import/table_reader.h"
#include "import/three_public_table.h"

namespace juesuan::import {
namespace {

namespace acc = ::juesuan::accounts::v1;

const std::vector<std::string>& ThreePublicTitles() {
  static const auto* const kTitles =
      new std::vector<std::string>{"一般公共预算财政拨款“三公”经费支出决算表",
                                   "一般公共预算财政拨款\"三公\"经费支出决算表",
                                   "财政拨款“三公”经费支出决算表",
                                   "财政拨款\"三公\"经费支出决算表",
                                   "财政拨款‘三公’经费支出决算表",
                                   "财政拨款三公经费支出决算表",
                                   "一般公共预算财政拨款三公经费支出决算表"};
  return *kTitles;
}

// Every table a disclosure prints (so that each ends where the next
// begins).
std::vector<std::string> AllTitles() {
  std::vector<std::string> titles = {"收入支出决算总表", "财政拨款收入支出决算总表"};
  titles.insert(titles.end(), ThreePublicTitles().begin(), ThreePublicTitles().end());
  for (const std::string& title : CodedTableTitles()) titles.push_back(title);
  return titles;
}

// The unit's name and the year from the first title that prints them: a
// line ending "…2024年度部门决算" (or …决算表, …公开说明, …情况说明), not a
// sentence that names them ("纳入…2024年度部门决算编制范围的单位").
void NameAndYear(const std::vector<std::vector<pdf::PdfWord>>& pages, acc::FinalAccounts* out) {
  for (const auto& page : pages) {
    for (const std::string& line : PrintedLines(page)) {
      for (const char* marker : {"年度部门决算", "年部门决算"}) {
        const size_t at = line.find(marker);
        if (at == std::string::npos || at < 4) continue;
        const std::string after = line.substr(at + std::string(marker).size());
        const std::string year = line.substr(at - 4, 4);
        if (after.size() > 12 || absl::StrContains(after, "，") ||
            !std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          continue;
        }
        std::string name = line.substr(0, at - 4);
        // A part's heading: "第二部分中共…".
        const size_t part = name.find("部分");
        if (absl::StartsWith(name, "第") && part != std::string::npos && part <= 9) {
          name = name.substr(part + std::string("部分").size());
        }
        if (name.empty()) continue;
        out->set_fiscal_year(std::stoi(year));
        out->mutable_department()->set_display_name(name);
        return;
      }
    }
  }
}

constexpr char kThreePublicName[] = "表七 财政拨款“三公”经费支出决算表";

bool IsThreePublic(const std::string& title) {
  return std::find(ThreePublicTitles().begin(), ThreePublicTitles().end(), title) !=
         ThreePublicTitles().end();
}

constexpr char kSummaryTitle[] = "收入支出决算总表";
constexpr char kFiscalTitle[] = "财政拨款收入支出决算总表";

// How the report names a table printed under `title`.
std::string NameOf(const std::string& title) {
  if (IsThreePublic(title)) return kThreePublicName;
  const TableSpec* spec = CodedTableFor(title);
  return spec == nullptr ? title : CodedTableName(*spec);
}

// A 收入支出决算总表 region that is the table: it prints its totals.
bool IsSummary(const Table& table) {
  return std::any_of(table.rows.begin(), table.rows.end(), [](const Row& row) {
    return !row.figures.empty() && (absl::StrContains(row.label, "本年收入合计") ||
                                    absl::StrContains(row.label, "本年支出合计"));
  });
}

// The 类 of the coded tables by name: 表二, 表三, 表五.
std::map<std::string, std::string> ClassCodes(const acc::FinalAccounts& a) {
  std::map<std::string, std::string> codes;
  auto add = [&codes](const std::string& code, const std::string& name) {
    if (code.size() == 3) codes.emplace(name, code);
  };
  for (const auto& r : a.income().rows()) add(r.function_code(), r.function_name());
  for (const auto& r : a.expenditure().rows()) add(r.function_code(), r.function_name());
  for (const auto& r : a.general_budget_expenditure().rows())
    add(r.function_code(), r.function_name());
  return codes;
}

}  // namespace

Imported ImportWords(const std::vector<std::vector<pdf::PdfWord>>& pages) {
  Imported imported;
  imported.accounts.set_amount_unit(acc::AMOUNT_UNIT_WAN_YUAN);
  NameAndYear(pages, &imported.accounts);
  std::map<std::string, int> seen;
  const std::vector<Table> tables = ReadTables(pages, AllTitles(), SummaryLabels());
  // 表一 names its 类 without codes: placed last, with the coded tables'.
  std::vector<std::pair<const Table*, int>> summaries;
  for (const Table& table : tables) {
    // A title with no figures under it: the contents, or a table printed
    // empty (as 表八 of a unit without such funds).
    if (table.rows.empty()) {
      if (!table.columns.empty()) {  // its headers, no figure under them
        ImportReport::Table* empty = imported.report.add_tables();
        empty->set_title(table.title);
        for (int page : table.pages) empty->add_pages(page);
        imported.report.add_issues(absl::StrCat(table.title, " p.", table.pages.front(),
                                                ": printed without figures: nothing placed"));
        ++seen[NameOf(table.title)];
      }
      continue;
    }
    ImportReport::Table found;
    found.set_title(table.title);
    for (int page : table.pages) found.add_pages(page);
    const TableSpec* spec = CodedTableFor(table.title);
    // A title whose region has none of the table's columns: a mention (the
    // contents, a sentence), not the table.
    if (spec != nullptr && !HasAColumnOf(table, *spec)) continue;
    // Read once: a table printed again is named, not read.
    const auto first = [&](const std::string& name) {
      if (seen[name]++ == 0) {
        found.set_read(true);
        return true;
      }
      imported.report.add_issues(absl::StrCat(name, ": printed twice; the second, p.",
                                              table.pages.front(), ", is not read"));
      return false;
    };
    auto* issues = imported.report.mutable_issues();
    if (table.title == kSummaryTitle || table.title == kFiscalTitle) {
      if (!IsSummary(table)) continue;
      if (first(table.title)) summaries.push_back({&table, imported.report.tables_size()});
    } else if (IsThreePublic(table.title)) {
      if (!IsThreePublicTable(table)) continue;
      if (first(kThreePublicName)) {
        PlaceThreePublic(table, imported.accounts.mutable_three_public_expenses(), &found, issues);
      }
    } else if (spec != nullptr && first(CodedTableName(*spec))) {
      PlaceCoded(table, *spec, &imported.accounts, &found, issues);
    }
    *imported.report.add_tables() = std::move(found);
  }
  const std::map<std::string, std::string> codes = ClassCodes(imported.accounts);
  for (const auto& [table, index] : summaries) {
    if (table->title == kSummaryTitle) {
      PlaceSummary(*table, codes, imported.accounts.mutable_income_expenditure_summary(),
                   imported.report.mutable_tables(index), imported.report.mutable_issues());
    } else {
      PlaceFiscalSummary(*table, codes, imported.accounts.mutable_fiscal_summary(),
                         imported.report.mutable_tables(index), imported.report.mutable_issues());
    }
  }
  ReadNarrative(pages, &imported.accounts, &imported.report);
  std::vector<std::string> nine = {kSummaryTitle, kFiscalTitle, kThreePublicName};
  for (const std::string& name : CodedTableNames()) nine.push_back(name);
  for (const std::string& name : nine) {
    if (seen.count(name) == 0) {
      imported.report.add_issues(absl::StrCat(name, ": not found (or no figures)"));
    }
  }
  return imported;
}

absl::StatusOr<Imported> ImportPdf(absl::string_view pdf, const pdf::PdfLimits& limits,
                                   absl::Time deadline) {
  absl::StatusOr<std::vector<std::vector<pdf::PdfWord>>> words =
      pdf::ExtractWords(pdf, limits, deadline);
  if (!words.ok()) return words.status();
  return ImportWords(*words);
}

}  // namespace juesuan::import
