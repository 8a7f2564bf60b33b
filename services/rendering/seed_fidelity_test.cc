// True to the seed: the text rendering of the seed fixture with
// templates/xinjiang-2023 gives back the seed's narrative sentence by
// sentence.
//
// The measure: take the seed's 第一部分 to 第三部分, drop its page-number lines
// and its 绩效自评表 (from 部门（单位）整体支出绩效目标自评表 to 十二、, rendered as
// tables, whose cells are checked apart below), remove all whitespace, and
// split after every "。". A sentence is given back when it occurs verbatim in
// the rendered text with whitespace removed.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/rendering/fidelity.h"
#include "services/rendering/renderer.h"
#include "services/rendering/view_model.h"
#include "services/scoring/profiles.h"
#include "services/scoring/scorer.h"
#include "tests/support/test_support.h"

namespace juesuan::rendering {
namespace {

// The seed's narrative sentences (see the file comment).
std::vector<std::string> SeedSentences() {
  const std::string seed =
      juesuan::testing::ReadSourceFile("tests/data/seed-changji-kejiju-2023.txt");
  std::string kept;
  for (absl::string_view line : absl::StrSplit(seed, '\n')) {
    const absl::string_view stripped = absl::StripAsciiWhitespace(line);
    if (!stripped.empty() && std::all_of(stripped.begin(), stripped.end(), ::isdigit)) continue;
    kept.append(line.data(), line.size());
    kept.push_back('\n');
  }
  std::string text = RemoveWhitespace(kept);
  const size_t part4 = text.find("第四部分");
  text = text.substr(0, part4);
  const size_t tables = text.find("部门（单位）整体支出绩效目标自评表");
  const size_t twelve = text.find("十二、其他需说明的事项");
  text = text.substr(0, tables) + text.substr(twelve);
  return Sentences(text);
}

namespace dv1 = ::juesuan::disclosure::v1;

// Renders `accounts` (the seed by default) with its changji-2023 scorecard,
// or without one, for review (the score review shown) or as published.
std::string RenderSeed(
    dv1::Format format, bool with_scorecard = true,
    const juesuan::accounts::v1::FinalAccounts& accounts = juesuan::testing::SeedAccounts(),
    dv1::View view = dv1::VIEW_REVIEW) {
  const auto profiles = *scoring::ProfileRegistry::Embedded();
  const auto card =
      scoring::ScoreSelfEvaluations(accounts, **profiles->Get("scoringProfiles/changji-2023"));
  const auto codes = *codes::CodeTables::Embedded();
  ViewInputs inputs;
  inputs.accounts = &accounts;
  inputs.scorecard = with_scorecard ? &card : nullptr;
  inputs.code_tables = codes.get();
  inputs.accounts_revision = "departments/changji-kejiju/accounts/2023/revisions/1";
  inputs.template_name = "templates/xinjiang-2023";
  inputs.template_version = "1";
  inputs.suite_version = "test";
  inputs.view = view;
  const auto registry = *TemplateRegistry::Embedded();
  const LoadedTemplate* t = *registry->Get("templates/xinjiang-2023");
  inputs.wording = t->info.wording();
  return RenderTemplate(t->sources.at(format), BuildViewModel(inputs), format);
}

TEST(SeedFidelityTest, TheTextGivesBackTheSeedsNarrative) {
  const std::vector<std::string> sentences = SeedSentences();
  ASSERT_GE(sentences.size(), 90u);
  const std::string rendered = RemoveWhitespace(
      RenderSeed(dv1::FORMAT_TEXT, true, juesuan::testing::SeedAccounts(), dv1::VIEW_PUBLISHED));
  int found = 0;
  for (const std::string& s : sentences) {
    if (rendered.find(s) != std::string::npos) {
      ++found;
    } else {
      ADD_FAILURE() << "not given back: " << s;
    }
  }
  const double share = static_cast<double>(found) / sentences.size();
  std::cout << "seed fidelity: " << found << " of " << sentences.size() << " sentences (" << share
            << ")\n";
  EXPECT_GE(share, 1.0);
  // Kept for a reader (and for issue notes): the seed in every format.
  const std::string dir = std::string(JUESUAN_BINARY_DIR) + "/test-artifacts";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/seed-disclosure.txt") << RenderSeed(dv1::FORMAT_TEXT);
  std::ofstream(dir + "/seed-disclosure.md") << RenderSeed(dv1::FORMAT_MARKDOWN);
  std::ofstream(dir + "/seed-disclosure.html") << RenderSeed(dv1::FORMAT_HTML);
}

// Markdown and HTML say what the text says: every sentence of 第二部分 up
// to the 自评表 (rendered as tables, checked cell by cell below).
TEST(FormatsTest, EveryFormatSaysTheSame) {
  for (dv1::View view : {dv1::VIEW_PUBLISHED, dv1::VIEW_REVIEW}) {
    const std::string text = RemoveWhitespace(
        RenderSeed(dv1::FORMAT_TEXT, true, juesuan::testing::SeedAccounts(), view));
    const size_t part2 = text.find("第二部分部门决算情况说明");
    const size_t tables = text.find("部门（单位）整体支出绩效目标自评表");
    ASSERT_NE(part2, std::string::npos);
    ASSERT_NE(tables, std::string::npos);
    const std::vector<std::string> sentences =
        Sentences(text.substr(part2 + 36, tables - part2 - 36));
    ASSERT_GE(sentences.size(), 50u);
    for (dv1::Format format : {dv1::FORMAT_MARKDOWN, dv1::FORMAT_HTML}) {
      const std::string readable =
          ReadableText(RenderSeed(format, true, juesuan::testing::SeedAccounts(), view));
      EXPECT_THAT(NotGivenBack(sentences, readable), ::testing::IsEmpty())
          << dv1::Format_Name(format) << " " << dv1::View_Name(view);
    }
  }
}

// The 自评表 are rendered as tables: every cell of every indicator, every
// goal and completion text appears.
TEST(SeedFidelityTest, EverySelfEvaluationCellIsRendered) {
  const auto accounts = juesuan::testing::SeedAccounts();
  const std::string rendered = RemoveWhitespace(
      RenderSeed(dv1::FORMAT_TEXT, true, juesuan::testing::SeedAccounts(), dv1::VIEW_PUBLISHED));
  auto check = [&](const std::string& text) {
    if (text.empty()) return;
    EXPECT_NE(rendered.find(RemoveWhitespace(text)), std::string::npos) << text;
  };
  auto table = [&](const auto& t) {
    check(t.goal());
    check(t.completion());
    for (const auto& i : t.indicators()) {
      for (const std::string* cell : {&i.name(), &i.target_text(), &i.actual_text(), &i.basis(),
                                      &i.deviation_reason(), &i.reported_score()}) {
        check(*cell);
      }
    }
  };
  table(accounts.performance().department_wide());
  for (const auto& p : accounts.performance().projects()) {
    check(p.project_name());
    table(p);
  }
}

// Markdown: the nine report tables and the ten 自评表 (fund and indicator
// tables) are pipe tables whose every row has its header's columns.
TEST(FormatsTest, MarkdownTablesAreWellFormed) {
  const std::string md = RenderSeed(dv1::FORMAT_MARKDOWN);
  std::vector<std::string> lines = absl::StrSplit(md, '\n');
  auto columns = [](const std::string& line) {
    int n = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++n;
    }
    return n;
  };
  int tables = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (!absl::StartsWith(lines[i], "|---")) continue;
    ++tables;
    const int header = columns(lines[i - 1]);
    EXPECT_EQ(columns(lines[i]), header) << lines[i - 1];
    for (size_t j = i + 1; j < lines.size() && absl::StartsWith(lines[j], "|"); ++j) {
      EXPECT_EQ(columns(lines[j]), header) << "row of " << lines[i - 1] << ": " << lines[j];
    }
  }
  // 9 report tables; the department-wide 自评表 has a funds and an indicator
  // table, each of the 9 projects a funds and an indicator table.
  EXPECT_GE(tables, 9 + 2 + 2 * 9);
  EXPECT_THAT(md, ::testing::HasSubstr("## 第四部分 部门决算报表"));
}

// HTML: every report table and 自评表 is a <table>; the computed scores sit
// beside the reported ones, differing ones marked.
TEST(FormatsTest, HtmlHasRealTablesAndMarksDifferingScores) {
  const std::string html = RenderSeed(dv1::FORMAT_HTML);
  size_t tables = 0;
  for (size_t at = html.find("<table"); at != std::string::npos; at = html.find("<table", at + 1))
    ++tables;
  EXPECT_GE(tables, 9u + 3u + 3u * 9u);
  EXPECT_THAT(html, ::testing::HasSubstr("<svg"));
  EXPECT_THAT(html, ::testing::HasSubstr("@media print"));
  // 科技支撑's cost row: reported 10.00, computed 9.31 (SCORE_DIFFERS).
  EXPECT_THAT(html, ::testing::HasSubstr("class=\"num differs\">9.31<"));
}

// Data reaches HTML and Markdown escaped for the format, text untouched.
TEST(FormatsTest, DataIsEscapedForTheFormat) {
  auto accounts = juesuan::testing::SeedAccounts();
  accounts.mutable_department()->set_display_name("科技局<script>alert(1)</script>|");
  const std::string html = RenderSeed(dv1::FORMAT_HTML, true, accounts);
  EXPECT_THAT(html, ::testing::Not(::testing::HasSubstr("<script>alert")));
  EXPECT_THAT(html, ::testing::HasSubstr("科技局&lt;script&gt;alert(1)&lt;/script&gt;|"));
  const std::string md = RenderSeed(dv1::FORMAT_MARKDOWN, true, accounts);
  EXPECT_THAT(md, ::testing::HasSubstr("科技局&lt;script&gt;alert(1)&lt;/script&gt;\\|"));
  // No link, image or emphasis from the data; no list or heading opened.
  auto more = juesuan::testing::SeedAccounts();
  more.set_other_matters("1. 见[附件](http://x.example/a.pdf)！[图](x.png) *重要* `代码` #标题");
  const std::string md2 = RenderSeed(dv1::FORMAT_MARKDOWN, true, more);
  EXPECT_THAT(md2, ::testing::HasSubstr(
                       "1\\. 见\\[附件\\](http://x.example/a.pdf)！\\[图\\](x.png) \\*重要\\* "
                       "\\`代码\\` \\#标题"));
  const std::string text = RenderSeed(dv1::FORMAT_TEXT, true, accounts);
  EXPECT_THAT(text, ::testing::HasSubstr("科技局<script>alert(1)</script>|"));
}

// Without a scorecard the document says so, in every format, and shows no
// computed scores.
TEST(FormatsTest, WithoutAScorecardTheDocumentSaysSo) {
  const std::string text = RenderSeed(dv1::FORMAT_TEXT, false);
  EXPECT_THAT(text, ::testing::HasSubstr("本说明未附绩效评分复核"));
  EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("按评分规则复核")));
  EXPECT_THAT(RenderSeed(dv1::FORMAT_MARKDOWN, false), ::testing::HasSubstr("未附评分复核"));
  const std::string html = RenderSeed(dv1::FORMAT_HTML, false);
  EXPECT_THAT(html, ::testing::HasSubstr("未附评分复核"));
  EXPECT_THAT(html, ::testing::Not(::testing::HasSubstr("复核得分")));
}

// A figure not submitted is not a zero: no change against an absent prior
// year, no deviation from an absent budget is stated.
TEST(FormatsTest, AbsentPriorYearAndBudgetStateNothing) {
  auto accounts = juesuan::testing::SeedAccounts();
  accounts.mutable_income_expenditure_summary()->mutable_prior_year()->clear_prior_year_fen();
  accounts.mutable_fiscal_summary()->mutable_initial_budget()->clear_budget_fen();
  auto* religion = accounts.mutable_general_budget_expenditure()->mutable_rows(3);
  ASSERT_EQ(religion->function_code(), "2013404");
  religion->clear_prior_year_fen();
  accounts.mutable_three_public_expenses()->mutable_reception()->clear_budget_fen();
  const std::string text = RenderSeed(dv1::FORMAT_TEXT, true, accounts);
  EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("\n收入支出总体与上年相比")));
  EXPECT_THAT(text, ::testing::HasSubstr("财政拨款收入支出总体与上年相比"));  // still there
  EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("与年初预算相比，年初预算数 503.33")));
  EXPECT_THAT(text, ::testing::HasSubstr("宗教事务(项):支出决算数为 1.02 万元。\n"));
  EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("公务接待费全年预算数")));
  EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("年初预算数 0.00")));
}

// Accounts without self-evaluations, and their scorecard with nothing to
// score, render in every format without empty figures: the document says
// 未提交绩效自评表, not a total of nothing.
TEST(FormatsTest, NoSelfEvaluationsRenders) {
  auto accounts = juesuan::testing::SeedAccounts();
  accounts.mutable_performance()->clear_projects();
  accounts.mutable_performance()->clear_department_wide();
  for (dv1::Format format : {dv1::FORMAT_TEXT, dv1::FORMAT_MARKDOWN, dv1::FORMAT_HTML}) {
    const std::string out = RenderSeed(format, true, accounts);
    // Nothing is said of tables that are not there.
    EXPECT_THAT(out, ::testing::Not(::testing::HasSubstr("评价项目 0 个")))
        << dv1::Format_Name(format);
    EXPECT_THAT(out, ::testing::Not(::testing::HasSubstr("自评表 0"))) << dv1::Format_Name(format);
    EXPECT_THAT(out, ::testing::HasSubstr("未提交绩效自评表")) << dv1::Format_Name(format);
    EXPECT_THAT(out, ::testing::Not(::testing::HasSubstr("部门总分"))) << dv1::Format_Name(format);
  }
}

}  // namespace
}  // namespace juesuan::rendering
