// True to the second layout: the Shanghai fixture (a real 2024 district
// disclosure, tests/data/putuo-shehuigongzuobu-2024.{txt,json}) rendered with
// templates/shanghai-2024 gives back its narrative sentences, and where its
// own text is wrong, the correct ones.
//
// The measure is the seed's (fidelity.h) over the fixture's 第一部分 (up to
// its table of units) and its 第三部分 and 第四部分 (the 第二部分 tables are
// checked cell by cell elsewhere). Before measuring, each slip of the
// published text is replaced by what the accounts say (kCorrections, listed
// with both figures in data/templates/README.md); the rendering must give
// back the corrected sentence, never the slip.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/rendering/fidelity.h"
#include "services/rendering/renderer.h"
#include "services/rendering/view_model.h"
#include "tests/support/test_support.h"

namespace juesuan::rendering {
namespace {

namespace dv1 = ::juesuan::disclosure::v1;

struct Correction {
  const char* printed;
  const char* correct;
  int times;  // how often the slip is printed
};

// The fixture's slips against its own tables (whitespace removed).
const Correction kCorrections[] = {
    // No percentage on a zero base: the unit was founded in 2024.
    {"增加307.82万元，增长100.00%", "增加307.82万元", 3},
    {"比2023年度增加10.23万元，增长100.00%", "比2023年度增加10.23万元", 1},
    // 29.42 ÷ 307.82 = 9.5575…%: half-up 9.56%, printed truncated.
    {"住房保障支出（类）29.42万元，占9.55%", "住房保障支出（类）29.42万元，占9.56%", 1},
    // 年初预算 was 0: 95.89% is 307.82 against the 全年预算 321.02.
    {"完成年初预算的95.89%", "完成全年预算的95.89%", 1},
    // 表六 prints 邮电费 0: not listed (不涉及的不列).
    {"办公费、邮电费、差旅费", "办公费、差旅费", 1},
};

std::string CorrectedFixtureText() {
  std::string text = RemoveWhitespace(
      juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.txt"));
  for (const Correction& c : kCorrections) {
    int found = 0;
    for (size_t at = text.find(c.printed); at != std::string::npos;
         at = text.find(c.printed, at + 1)) {
      ++found;
    }
    EXPECT_EQ(found, c.times) << c.printed;
    absl::StrReplaceAll({{c.printed, c.correct}}, &text);
  }
  return text;
}

// The narrative: 第一部分 up to its table of units, then from the body's
// 第三部分 (the second; the first is in the table of contents) to the end.
std::vector<std::string> FixtureSentences() {
  const std::string text = CorrectedFixtureText();
  const size_t units_table = text.find("序号单位名称备注");
  const size_t part3_toc = text.find("第三部分");
  const size_t part3 = text.find("第三部分", part3_toc + 1);
  EXPECT_NE(units_table, std::string::npos);
  EXPECT_NE(part3, std::string::npos);
  std::vector<std::string> sentences = Sentences(text.substr(0, units_table));
  for (std::string& s : Sentences(text.substr(part3))) sentences.push_back(std::move(s));
  return sentences;
}

std::string RenderShanghai(dv1::Format format, dv1::View view = dv1::VIEW_PUBLISHED) {
  const auto accounts = juesuan::testing::ShanghaiAccounts();
  const auto codes = *codes::CodeTables::Embedded();
  const auto registry = *TemplateRegistry::Embedded();
  const LoadedTemplate* t = *registry->Get("templates/shanghai-2024");
  ViewInputs inputs;
  inputs.accounts = &accounts;
  inputs.code_tables = codes.get();
  inputs.wording = t->info.wording();
  inputs.view = view;
  inputs.accounts_revision = "departments/putuo-shehuigongzuobu/accounts/2024/revisions/1";
  inputs.template_name = t->info.name();
  inputs.template_version = t->info.version();
  inputs.suite_version = "test";
  return RenderTemplate(t->sources.at(format), BuildViewModel(inputs), format);
}

TEST(ShanghaiFidelityTest, TheTextGivesBackTheFixturesNarrativeCorrected) {
  const std::vector<std::string> sentences = FixtureSentences();
  ASSERT_GE(sentences.size(), 60u);
  const std::string text = RenderShanghai(dv1::FORMAT_TEXT);
  const std::vector<std::string> missing = NotGivenBack(sentences, RemoveWhitespace(text));
  for (const std::string& s : missing) std::cout << "not given back: " << s << "\n";
  const double share = 1.0 - static_cast<double>(missing.size()) / sentences.size();
  std::cout << "shanghai fidelity: " << sentences.size() - missing.size() << " of "
            << sentences.size() << " sentences (" << share << ")\n";
  EXPECT_LE(missing.size() * 20, sentences.size());  // ≥ 0.95
  const std::string dir = std::string(JUESUAN_BINARY_DIR) + "/test-artifacts";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/shanghai-disclosure.txt") << text;
  std::ofstream(dir + "/shanghai-disclosure.md") << RenderShanghai(dv1::FORMAT_MARKDOWN);
  std::ofstream(dir + "/shanghai-disclosure.html") << RenderShanghai(dv1::FORMAT_HTML);
}

TEST(ShanghaiFidelityTest, NoSlipOfThePublishedTextIsRepeated) {
  const std::string text = RemoveWhitespace(RenderShanghai(dv1::FORMAT_TEXT));
  for (const Correction& c : kCorrections) {
    EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr(c.printed)));
    EXPECT_THAT(text, ::testing::HasSubstr(c.correct));
  }
}

// Markdown and HTML say what the text says: every sentence of 第三部分 and
// 第四部分, in the published view and in the review.
TEST(ShanghaiFidelityTest, EveryFormatSaysTheSame) {
  for (dv1::View view : {dv1::VIEW_PUBLISHED, dv1::VIEW_REVIEW}) {
    const std::string text = RemoveWhitespace(RenderShanghai(dv1::FORMAT_TEXT, view));
    const size_t part3 = text.find("第三部分", text.find("第三部分") + 1);
    ASSERT_NE(part3, std::string::npos);
    const std::vector<std::string> sentences = Sentences(text.substr(part3 + 9));
    ASSERT_GE(sentences.size(), 50u);
    for (dv1::Format format : {dv1::FORMAT_MARKDOWN, dv1::FORMAT_HTML}) {
      const std::string readable = ReadableText(RenderShanghai(format, view));
      EXPECT_THAT(NotGivenBack(sentences, readable), ::testing::IsEmpty())
          << dv1::Format_Name(format) << " " << dv1::View_Name(view);
    }
  }
}

}  // namespace
}  // namespace juesuan::rendering
