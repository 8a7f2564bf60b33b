// The text audit on both fixtures: the seed's own text gives no finding, the
// Shanghai fixture gives its real slips and nothing else, and a planted error
// gives a finding of its kind. Published text is read as a PDF gives it:
// line breaks inside numbers, page numbers, full-width digits.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pdf/pdf_text.h"
#include "services/rendering/audit.h"
#include "tests/support/test_support.h"

namespace juesuan::rendering {
namespace {

std::vector<TextFinding> Audit(const juesuan::accounts::v1::FinalAccounts& accounts,
                               const std::string& template_name, const std::string& text) {
  const auto codes = *codes::CodeTables::Embedded();
  const auto registry = *TemplateRegistry::Embedded();
  return AuditPublishedText(accounts, **registry->Get(template_name), codes.get(), text);
}

std::string Describe(const std::vector<TextFinding>& findings) {
  std::string out;
  for (const TextFinding& f : findings) {
    absl::StrAppend(&out, f.kind, " p", f.page, " [", f.section, "] ", f.stated, " → ", f.computed,
                    " | ", f.sentence.substr(0, 300), "\n");
  }
  return out;
}

std::string Seed() {
  return juesuan::testing::ReadSourceFile("tests/data/seed-changji-kejiju-2023.txt");
}
std::string Shanghai() {
  return juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.txt");
}

std::vector<std::string> Kinds(const std::vector<TextFinding>& findings) {
  std::vector<std::string> kinds;
  for (const TextFinding& f : findings) kinds.push_back(f.kind);
  return kinds;
}

// Replaces the one occurrence of `from` (whitespace as printed) in `text`.
std::string Plant(const std::string& text, const std::string& from, const std::string& to) {
  EXPECT_NE(text.find(from), std::string::npos) << from;
  EXPECT_EQ(text.find(from, text.find(from) + 1), std::string::npos) << from << " is not unique";
  std::string out = text;
  if (text.find(from) != std::string::npos) out.replace(out.find(from), from.size(), to);
  return out;
}

TEST(AuditTextTest, TheSeedsOwnTextGivesNoFinding) {
  const auto findings = Audit(juesuan::testing::SeedAccounts(), "templates/xinjiang-2023", Seed());
  EXPECT_TRUE(findings.empty()) << Describe(findings);
}

TEST(AuditTextTest, TheShanghaiFixtureGivesItsSlipsAndNothingElse) {
  const auto findings =
      Audit(juesuan::testing::ShanghaiAccounts(), "templates/shanghai-2024", Shanghai());
  EXPECT_THAT(Kinds(findings), ::testing::UnorderedElementsAre(
                                   "ZERO_BASE_PERCENT", "ZERO_BASE_PERCENT", "ZERO_BASE_PERCENT",
                                   "ZERO_BASE_PERCENT", "PERCENT_TRUNCATED", "WRONG_BASE"))
      << Describe(findings);
  for (const TextFinding& f : findings) {
    // Pages as the PDF prints them: 一、 and 四、 on 17, the 一般公共预算 part
    // on 18, 机关运行经费 on 21.
    if (f.kind == "ZERO_BASE_PERCENT") {
      EXPECT_THAT(f.page, ::testing::AnyOf(17, 18, 21));
    } else {
      EXPECT_EQ(f.page, 18) << f.kind;
    }
    if (f.kind == "PERCENT_TRUNCATED") {
      EXPECT_EQ(f.stated, "9.55%");
      EXPECT_EQ(f.computed, "9.56%");
      EXPECT_EQ(f.formula, "29.42 ÷ 307.82 × 100%");  // 住房保障支出 of 一般公共预算财政拨款支出
      EXPECT_EQ(f.section, "（二）一般公共预算财政拨款支出决算结构情况");
    }
    if (f.kind == "WRONG_BASE") {
      EXPECT_THAT(f.stated, ::testing::HasSubstr("完成年初预算的95.89%"));
      EXPECT_THAT(f.computed, ::testing::HasSubstr("完成全年预算的95.89%"));
    }
  }
}

// What the audit reports of a finding, to compare two readings of a document.
std::vector<std::string> Keys(const std::vector<TextFinding>& findings) {
  std::vector<std::string> keys;
  for (const TextFinding& f : findings) {
    keys.push_back(absl::StrCat(f.kind, " p", f.page, " ", f.stated, " → ", f.computed));
  }
  return keys;
}

TEST(AuditTextTest, TheShanghaiPdfGivesWhatItsTextGives) {
  const std::string pdf =
      juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.pdf");
  const auto pages = pdf::ExtractPages(pdf, pdf::PdfLimits());
  ASSERT_TRUE(pages.ok()) << pages.status();
  const auto accounts = juesuan::testing::ShanghaiAccounts();
  const auto from_pdf = Audit(accounts, "templates/shanghai-2024", pdf::JoinPages(*pages));
  const auto from_text = Audit(accounts, "templates/shanghai-2024", Shanghai());
  EXPECT_EQ(from_pdf.size(), 6u) << Describe(from_pdf);
  EXPECT_THAT(Keys(from_pdf), ::testing::ElementsAreArray(Keys(from_text))) << Describe(from_pdf);
}

TEST(AuditTextTest, RunningHeadersAndPageBreaksInsideSentencesAreNotFindings) {
  const auto accounts = juesuan::testing::ShanghaiAccounts();
  const auto base = Audit(accounts, "templates/shanghai-2024", Shanghai());
  // Every page opens with the document's title and closes with a footer;
  // a sentence runs over a new page break (and its header) inside a number.
  std::string text = absl::StrReplaceAll(
      Shanghai(),
      {{"\f", "\n普陀区社会工作部 2024 年度部门决算\n\f 中共上海市普陀区委社会工作部\n"}});
  text = Plant(text, "占 9.55%",
               "占 9.\n普陀区社会工作部 2024 年度部门决算\n\f 中共上海市普陀区委社会工作部\n55%");
  const auto findings = Audit(accounts, "templates/shanghai-2024", text);
  std::vector<std::string> kinds = Kinds(findings);
  EXPECT_THAT(kinds, ::testing::UnorderedElementsAreArray(Kinds(base))) << Describe(findings);
}

TEST(AuditTextTest, WhatPdfsDoToTextIsNotAFinding) {
  std::string text = Seed();
  // A line break and spaces inside a number, a page number between lines,
  // full-width digits.
  text = Plant(text, "10,179.19 万元，占 99.26%", "10,1\n79. 19 万元，占 ９９.２６％");
  text = absl::StrReplaceAll(text, {{"\n收入支出", "\n- 7 -\n收入支出"}});
  const auto findings = Audit(juesuan::testing::SeedAccounts(), "templates/xinjiang-2023", text);
  EXPECT_TRUE(findings.empty()) << Describe(findings);
}

TEST(AuditTextTest, APlantedErrorIsAFindingOfItsKind) {
  const auto seed = juesuan::testing::SeedAccounts();
  const std::string text = Seed();
  struct Case {
    const char* from;
    const char* to;
    const char* kind;
  };
  // 1017919 ÷ 1025520 = 99.2588…%: half-up 99.26, truncated 99.25.
  // The seed's text gives no finding: each planted error gives exactly its
  // own (a share changed also breaks its list's sum).
  for (const Case& c : std::vector<Case>{
           {"占 99.26%", "占 99.25%", "PERCENT_TRUNCATED"},
           {"增长 23.01%", "增长 23.10%", "PERCENT_DIFFERS"},
           {"10,179.19 万元，占 99.26%", "10,197.19 万元，占 99.26%", "AMOUNT_DIFFERS"},
           {"比上年决算增加 101.57", "比上年决算减少 101.57", "WRONG_DIRECTION"},
           {"3.其他支出(类)8.55 万元,占 0.08%。", "", "STATEMENT_MISSING"},
           {"科学技术支出(类)科学技术管理事务(款)行政运行",
            "科学技术支出(类)科学技术管理(款)行政运行", "NAME_MISMATCH"},
           {"与年初预算相比，年初预算\n\n数 503.33", "与全年预算相比，全年预算\n\n数 503.33",
            "WRONG_BASE"},
       }) {
    const auto findings = Audit(seed, "templates/xinjiang-2023", Plant(text, c.from, c.to));
    EXPECT_THAT(Kinds(findings), ::testing::ElementsAre(c.kind)) << c.to << "\n"
                                                                 << Describe(findings);
  }
  const auto shares = Audit(seed, "templates/xinjiang-2023", Plant(text, "占 99.26%", "占 99.36%"));
  EXPECT_THAT(Kinds(shares),
              ::testing::UnorderedElementsAre("PERCENT_DIFFERS", "SHARES_DO_NOT_SUM"))
      << Describe(shares);
}

TEST(AuditTextTest, PlantedErrorsInTheShanghaiText) {
  const auto accounts = juesuan::testing::ShanghaiAccounts();
  const std::string text = Shanghai();
  const auto base = Audit(accounts, "templates/shanghai-2024", text);
  struct Case {
    const char* from;
    const char* to;
    const char* kind;
  };
  for (const Case& c : std::vector<Case>{
           {"95.36 万元，主要包括", "95.63 万元，主要包括", "AMOUNT_DIFFERS"},
           {"年预算数的 98.69%", "年预算数的 97.11%", "UNMATCHED_FIGURE"},
           {"占 86.05%", "占 86.12%", "SHARES_DO_NOT_SUM"},
           {"比 2023 年度增加 10.23 万元", "比 2023 年度减少 10.23 万元", "WRONG_DIRECTION"},
       }) {
    const auto findings = Audit(accounts, "templates/shanghai-2024", Plant(text, c.from, c.to));
    EXPECT_EQ(findings.size(), base.size() + (std::string(c.kind) == "SHARES_DO_NOT_SUM" ? 2 : 1))
        << c.to << "\n"
        << Describe(findings);
    EXPECT_THAT(Kinds(findings), ::testing::Contains(c.kind)) << c.to << "\n" << Describe(findings);
    // A share changed is also a percentage that differs.
    if (std::string(c.kind) == "SHARES_DO_NOT_SUM") {
      EXPECT_THAT(Kinds(findings), ::testing::Contains("PERCENT_DIFFERS")) << Describe(findings);
    }
  }
  // A statement left out.
  const auto missing =
      Audit(accounts, "templates/shanghai-2024",
            Plant(text, "本年收入合计 307.82 万元，其中：财政拨款收入 307.82 万元，", ""));
  EXPECT_THAT(Kinds(missing), ::testing::Contains("STATEMENT_MISSING")) << Describe(missing);
}

// The findings of `kind`, as "stated → computed".
std::vector<std::string> Slips(const std::vector<TextFinding>& findings, const std::string& kind) {
  std::vector<std::string> out;
  for (const TextFinding& f : findings) {
    if (f.kind == kind) out.push_back(f.stated + " → " + f.computed);
  }
  return out;
}

TEST(AuditTextTest, ANameThatIsNotTheAccountsIsAFinding) {
  const auto accounts = juesuan::testing::ShanghaiAccounts();
  const std::string text = Shanghai();
  // A 款 named by its 类 (住房保障支出（款） for 22102 住房改革支出).
  auto kuan = Audit(accounts, "templates/shanghai-2024",
                    Plant(text, "8、住房保障支出（类）住房改革支出（款）",
                          "8、住房保障支出（类）住房保障支出（款）"));
  EXPECT_THAT(Slips(kuan, "NAME_MISMATCH"),
              ::testing::ElementsAre("住房保障支出（款） → 住房改革支出（款）"))
      << Describe(kuan);
  // The unit's name shortened in a sentence of the narrative.
  auto unit = Audit(accounts, "templates/shanghai-2024",
                    Plant(text, "中共上海市普陀区委社会工作部 2024 年度收入支出总计",
                          "普陀区社会工作部 2024 年度收入支出总计"));
  EXPECT_THAT(Slips(unit, "NAME_MISMATCH"),
              ::testing::ElementsAre("普陀区社会工作部 → 中共上海市普陀区委社会工作部"))
      << Describe(unit);
  // ... and in a heading (its entry in the contents stays right).
  auto heading = Audit(
      accounts, "templates/shanghai-2024",
      Plant(text, "第一部分    中共上海市普陀区委社会工作部概况", "第一部分 普陀区社工部概况"));
  EXPECT_THAT(
      Slips(heading, "NAME_MISMATCH"),
      ::testing::ElementsAre("第一部分普陀区社工部概况 → 第一部分中共上海市普陀区委社会工作部概况"))
      << Describe(heading);
  // The seed's cover naming another unit.
  std::string seed = Seed();
  const std::string name = " 昌吉回族自治州科学技术局\n";
  ASSERT_EQ(seed.find(name), 0u);
  seed.replace(0, name.size(), " 昌吉州科技局\n");
  auto cover = Audit(juesuan::testing::SeedAccounts(), "templates/xinjiang-2023", seed);
  ASSERT_EQ(cover.size(), 1u) << Describe(cover);
  EXPECT_EQ(cover[0].kind, "NAME_MISMATCH");
  EXPECT_THAT(cover[0].stated, ::testing::HasSubstr("昌吉州科技局"));
  EXPECT_EQ(cover[0].page, 0);
}

}  // namespace
}  // namespace juesuan::rendering
