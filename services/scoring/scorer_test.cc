#include "services/scoring/scorer.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/decimal.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/scoring/profiles.h"
#include "tests/support/test_support.h"

namespace juesuan::scoring {
namespace {

using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::scoring::v1::Scorecard;
using ::juesuan::scoring::v1::ScoringFinding;
using ::juesuan::scoring::v1::ScoringProfile;
using ::juesuan::testing::SeedAccounts;
using ::juesuan::testing::ShanghaiAccounts;
using ::juesuan::testing::TownshipAccounts;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const ScoringProfile& Profile(const std::string& id) {
  static const auto registry = *ProfileRegistry::Embedded();
  return **registry->Get("scoringProfiles/" + id);
}

std::vector<const ScoringFinding*> FindingsOf(const Scorecard& card, ScoringFinding::Kind kind) {
  std::vector<const ScoringFinding*> out;
  for (const auto& f : card.findings()) {
    if (f.kind() == kind) out.push_back(&f);
  }
  return out;
}

// Under changji-2023 every indicator and execution score of the nine project
// tables is the one printed, except the two rows of 科技支撑 where the seed
// departs from its own rule.
TEST(ChangjiFidelityTest, ReproducesEveryPrintedScoreButTheTwoDepartures) {
  const Scorecard card = ScoreSelfEvaluations(SeedAccounts(), Profile("changji-2023"));
  ASSERT_EQ(card.projects_size(), 9);
  int compared = 0;
  std::vector<std::pair<std::string, std::string>> departures;  // (what, computed/printed)
  for (const auto& table : card.projects()) {
    ++compared;
    if (table.execution_score() != table.reported_execution_score().substr(0, 5) &&
        table.execution_score() != table.reported_execution_score()) {
      departures.push_back({table.title() + " 执行率",
                            table.execution_score() + "/" + table.reported_execution_score()});
    }
    for (const auto& indicator : table.indicators()) {
      ++compared;
      const double unused = 0;
      (void)unused;
      // Reported scores are printed with two decimals in the project tables.
      if (indicator.score() != indicator.reported_score()) {
        departures.push_back({table.title() + " " + indicator.name(),
                              indicator.score() + "/" + indicator.reported_score()});
      }
    }
  }
  EXPECT_EQ(compared, 9 + 88);
  EXPECT_THAT(
      departures,
      ElementsAre(
          std::pair<std::string, std::string>{"昌吉州 2023 年科技支撑产业高质量发展项目计划 执行率",
                                              "9.66/10.00"},
          std::pair<std::string, std::string>{
              "昌吉州 2023 年科技支撑产业高质量发展项目计划 实施科技支撑产业高质量发展项目资金",
              "9.31/10.00"}));
}

TEST(ChangjiFidelityTest, TotalsMatchTheSeedButOne) {
  const Scorecard card = ScoreSelfEvaluations(SeedAccounts(), Profile("changji-2023"));
  std::vector<std::string> totals;
  for (const auto& t : card.projects()) totals.push_back(t.total_score());
  EXPECT_THAT(totals, ElementsAre("60.27", "100.00", "87.06", "96.17", "100.00", "100.00", "96.33",
                                  "98.97", "79.89"));
  EXPECT_EQ(card.department_wide().execution_score(), "9.80");
  EXPECT_EQ(card.department_wide().total_score(), "99.80");
  EXPECT_EQ(card.total_score(), "99.80");
  EXPECT_EQ(card.grade().grade(), "优");
  EXPECT_EQ(card.projects(0).grade().grade(), "中");  // 60.27
  EXPECT_EQ(card.projects(8).grade().grade(), "中");  // 79.89
  EXPECT_EQ(card.projects(2).grade().grade(), "良");  // 87.06
}

TEST(ChangjiFidelityTest, TheDeparturesAreFindingsWithBothValues) {
  const Scorecard card = ScoreSelfEvaluations(SeedAccounts(), Profile("changji-2023"));
  const auto differs = FindingsOf(card, ScoringFinding::KIND_SCORE_DIFFERS);
  ASSERT_EQ(differs.size(), 2u);
  EXPECT_EQ(differs[0]->computed(), "9.66");
  EXPECT_EQ(differs[0]->reported(), "10.00");
  EXPECT_EQ(differs[0]->indicator_index(), -1);  // the execution line
  EXPECT_EQ(differs[1]->computed(), "9.31");
  EXPECT_EQ(differs[1]->reported(), "10.00");
  EXPECT_EQ(differs[1]->indicator_name(), "实施科技支撑产业高质量发展项目资金");
  const auto totals = FindingsOf(card, ScoringFinding::KIND_TOTAL_DIFFERS);
  ASSERT_EQ(totals.size(), 1u);
  EXPECT_EQ(totals[0]->computed(), "98.97");
  EXPECT_EQ(totals[0]->reported(), "100.00");
}

TEST(ChangjiFidelityTest, OverspendingKindMismatchAndMissingReasonsAreFindings) {
  const Scorecard card = ScoreSelfEvaluations(SeedAccounts(), Profile("changji-2023"));
  const auto overspent = FindingsOf(card, ScoringFinding::KIND_OVERSPENT);
  ASSERT_EQ(overspent.size(), 2u);  // 14.95 against ≤ 7.5, 18.87 against ≤ 7.50
  EXPECT_EQ(overspent[0]->table(), "2022 年科技特派员工作经费");
  const auto& t4 = card.projects(4);
  EXPECT_EQ(t4.indicators(5).score(), "10.00");
  EXPECT_EQ(t4.indicators(5).trace().rule(), "cost/budget-execution");
  const auto mismatch = FindingsOf(card, ScoringFinding::KIND_KIND_MISMATCH);
  ASSERT_EQ(mismatch.size(), 1u);
  EXPECT_EQ(mismatch[0]->indicator_name(), "培训完成及时性");
  EXPECT_EQ(t4.indicators(4).trace().rule(), "time/date-as-completion-rate");
  const auto no_reason = FindingsOf(card, ScoringFinding::KIND_NO_DEVIATION_REASON);
  ASSERT_EQ(no_reason.size(), 1u);
  EXPECT_EQ(no_reason[0]->indicator_name(), "实施科技支撑产业高质量发展项目资金");
  EXPECT_TRUE(FindingsOf(card, ScoringFinding::KIND_UNPARSED).empty());
  EXPECT_TRUE(FindingsOf(card, ScoringFinding::KIND_WEIGHTS_NOT_100).empty());
}

TEST(ChangjiFidelityTest, EveryScoreKeepsItsTrace) {
  const Scorecard card = ScoreSelfEvaluations(SeedAccounts(), Profile("changji-2023"));
  const auto& visits = card.projects(0).indicators(1);  // 走访慰问困难群众 ≥22 户, 18 户
  EXPECT_EQ(visits.score(), "3.27");
  EXPECT_EQ(visits.trace().rule(), "quantity");
  EXPECT_EQ(visits.trace().profile(), "scoringProfiles/changji-2023");
  EXPECT_EQ(visits.trace().profile_version(), "2");
  EXPECT_THAT(visits.trace().formula(), HasSubstr("clamp((0.8182 − 0.6000) ÷ (1 − 0.6000), 0, 1)"));
  EXPECT_FALSE(visits.trace().capped());
  const auto& expert = card.projects(3);  // 47.81 / 50: 8.905 → 8.91
  EXPECT_EQ(expert.execution_score(), "8.91");
  EXPECT_EQ(expert.execution_rate_percent(), "95.62");
  EXPECT_THAT(expert.execution_trace().formula(), HasSubstr("= 8.91"));
}

TEST(CentralProfileTest, TheSameDataScoresDifferentlyAndTraceably) {
  const Scorecard card = ScoreSelfEvaluations(SeedAccounts(), Profile("central-2020"));
  // Execution: rate × weight. 88.24 % → 8.82 (changji: 7.06).
  EXPECT_EQ(card.projects(2).execution_score(), "8.82");
  EXPECT_EQ(card.projects(7).execution_score(), "9.86");  // 98.63 %
  // 走访慰问困难群众 18/22 × 6 = 4.91 (changji: 3.27).
  EXPECT_EQ(card.projects(0).indicators(1).score(), "4.91");
  // A cost row within its bound is full marks; over it, target ÷ actual:
  // 畜牧养殖培训班费用 7.5 / 14.95 × 10 = 5.02.
  EXPECT_EQ(card.projects(7).indicators(4).score(), "10.00");
  EXPECT_EQ(card.projects(4).indicators(5).score(), "5.02");
  EXPECT_EQ(card.projects(4).indicators(5).trace().rule(), "cost/inverse");
  EXPECT_EQ(card.projects(4).indicators(5).trace().profile(), "scoringProfiles/central-2020");
  EXPECT_NE(card.projects(0).total_score(), "60.27");
}

TEST(ScorerTest, UnreadableIndicatorsAreFindingsAndScoreZero) {
  FinalAccounts accounts = SeedAccounts();
  auto* indicator = accounts.mutable_performance()->mutable_projects(1)->mutable_indicators(0);
  indicator->set_target_text("超 5医院");
  indicator->clear_target();
  const Scorecard card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  const auto unparsed = FindingsOf(card, ScoringFinding::KIND_UNPARSED);
  ASSERT_EQ(unparsed.size(), 1u);
  EXPECT_EQ(unparsed[0]->indicator_index(), 0);
  EXPECT_EQ(card.projects(1).indicators(0).score(), "0.00");
  EXPECT_EQ(card.projects(1).indicators(0).kind(), v1::INDICATOR_KIND_UNSCORABLE);
  EXPECT_EQ(card.projects(1).total_score(), "92.00");
}

TEST(ScorerTest, WeightsThatDoNotSumTo100AreAFinding) {
  FinalAccounts accounts = SeedAccounts();
  accounts.mutable_performance()->mutable_projects(1)->mutable_indicators(0)->set_weight("9");
  const Scorecard card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  const auto weights = FindingsOf(card, ScoringFinding::KIND_WEIGHTS_NOT_100);
  ASSERT_EQ(weights.size(), 1u);
  EXPECT_EQ(weights[0]->computed(), "101.00");
}

TEST(ScorerTest, QualitativeActualsThatDifferAreAssumedAndFlagged) {
  FinalAccounts accounts = SeedAccounts();
  auto* indicator =
      accounts.mutable_performance()->mutable_projects(0)->mutable_indicators(8);  // 增强, 15
  indicator->set_actual_text("部分增强");
  indicator->clear_actual();
  Scorecard card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  EXPECT_EQ(card.projects(0).indicators(8).score(), "10.50");  // tier 2: 15 × 0.70
  EXPECT_EQ(FindingsOf(card, ScoringFinding::KIND_QUALITATIVE_ASSUMED).size(), 1u);
  indicator->set_actual_text("未完成");
  card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  EXPECT_EQ(card.projects(0).indicators(8).score(), "4.50");  // tier 3: 15 × 0.30
}

TEST(ScorerTest, MissingBudgetAndDateOverrunsAreHandled) {
  FinalAccounts accounts = SeedAccounts();
  accounts.mutable_performance()
      ->mutable_projects(1)
      ->mutable_funds()
      ->mutable_total()
      ->clear_annual_budget_fen();
  auto* late =
      accounts.mutable_performance()->mutable_projects(8)->mutable_indicators(2);  // ≤2023-10-30
  late->set_actual_text("=2023 年 11 月 2 日");
  late->clear_actual();
  const Scorecard card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  EXPECT_EQ(card.projects(1).execution_score(), "0.00");
  EXPECT_EQ(FindingsOf(card, ScoringFinding::KIND_NO_BUDGET).size(), 1u);
  EXPECT_EQ(card.projects(8).indicators(2).score(), "0.00");
}

// Hostile data must never crash the scorer: a negative target (submitted as
// a parsed measure beside unreadable text) is a finding, scored 0.
TEST(ScorerTest, NegativeQuantitiesAreUnscorableNotACrash) {
  FinalAccounts accounts = SeedAccounts();
  for (const char* profile : {"changji-2023", "central-2020"}) {
    auto* indicator = accounts.mutable_performance()->mutable_projects(1)->mutable_indicators(0);
    indicator->set_target_text("见附件2");  // unreadable, so the submitted measure is used
    indicator->mutable_target()->set_comparator(juesuan::accounts::v1::COMPARATOR_LE);
    indicator->mutable_target()->mutable_quantity()->set_value("-1");
    indicator->mutable_target()->mutable_quantity()->set_unit("个");
    indicator->set_actual_text("=0 个");
    indicator->clear_actual();
    const Scorecard card = ScoreSelfEvaluations(accounts, Profile(profile));
    EXPECT_EQ(card.projects(1).indicators(0).score(), "0.00") << profile;
    EXPECT_EQ(card.projects(1).indicators(0).kind(), v1::INDICATOR_KIND_UNSCORABLE) << profile;
  }
}

TEST(ScorerTest, PositivePhrasesThatStartWithNegationsAreStillMet) {
  FinalAccounts accounts = SeedAccounts();
  auto* indicator =
      accounts.mutable_performance()->mutable_projects(0)->mutable_indicators(8);  // 15
  for (const char* phrase : {"无重大安全事故", "未发生安全事故", "下降"}) {
    indicator->set_target_text(phrase);
    indicator->clear_target();
    indicator->set_actual_text(phrase);
    indicator->clear_actual();
    const Scorecard card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
    EXPECT_EQ(card.projects(0).indicators(8).score(), "15.00") << phrase;
  }
  indicator->set_target_text("增强");
  indicator->set_actual_text("未增强");
  const Scorecard card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  EXPECT_EQ(card.projects(0).indicators(8).score(), "4.50");  // tier 3
}

TEST(ScorerTest, ANotBeforeDateTargetIsMetByALaterDate) {
  FinalAccounts accounts = SeedAccounts();
  auto* indicator =
      accounts.mutable_performance()->mutable_projects(8)->mutable_indicators(2);  // 10
  indicator->set_target_text(">=2023 年 7 月 1 日");
  indicator->clear_target();
  indicator->set_actual_text("=2023 年 7 月 4 日");
  indicator->clear_actual();
  Scorecard card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  EXPECT_EQ(card.projects(8).indicators(2).score(), "10.00");
  indicator->set_actual_text("=2023 年 6 月 30 日");
  card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  EXPECT_EQ(card.projects(8).indicators(2).score(), "0.00");
}

// A score or weight in hundredths ("10" and "10.00" alike); -1 if unreadable.
int64_t Cents(const std::string& decimal) {
  const auto v = ParseScaledDecimal(decimal, 2);
  return v.ok() ? *v : -1;
}

// The findings about the indicator named `indicator`.
std::vector<const ScoringFinding*> FindingsAbout(const Scorecard& card,
                                                 const std::string& indicator) {
  std::vector<const ScoringFinding*> out;
  for (const auto& f : card.findings()) {
    if (f.indicator_name() == indicator) out.push_back(&f);
  }
  return out;
}

// A seed quantity indicator (科技支撑's first, ">=…", weight 10.00 in
// project 1) with `actual` as its actual value and the weight reported.
Scorecard ScoreWithActual(const std::string& profile, const std::string& actual,
                          const std::string& target = "") {
  FinalAccounts accounts = SeedAccounts();
  auto* indicator = accounts.mutable_performance()->mutable_projects(1)->mutable_indicators(0);
  if (!target.empty()) {
    indicator->set_target_text(target);
    indicator->clear_target();
  }
  indicator->set_actual_text(actual);
  indicator->clear_actual();
  indicator->set_reported_score(indicator->weight());
  return ScoreSelfEvaluations(accounts, Profile(profile));
}

// Every achievement phrase a profile lists is met: full marks, of kind
// ACHIEVED, and no finding (the reported score is the weight), with or
// without a comparator, spaces and a final full stop.
TEST(AchievementPhraseTest, EachListedPhraseIsMetWithoutFindings) {
  for (const char* id : {"changji-2023", "central-2020"}) {
    const ScoringProfile& profile = Profile(id);
    ASSERT_GE(profile.achievement_phrases_size(), 7) << id;
    for (const std::string& phrase : profile.achievement_phrases()) {
      for (const std::string& written : {phrase, "=" + phrase + "。", " " + phrase + " "}) {
        const Scorecard card = ScoreWithActual(id, written);
        const auto& scored = card.projects(1).indicators(0);
        EXPECT_EQ(scored.kind(), v1::INDICATOR_KIND_ACHIEVED) << id << " " << written;
        EXPECT_EQ(Cents(scored.score()), Cents(scored.weight())) << id << " " << written;
        EXPECT_THAT(FindingsAbout(card, scored.name()), IsEmpty()) << id << " " << written;
      }
    }
  }
}

// The phrases the township's table and the standard form use are listed.
TEST(AchievementPhraseTest, TheCommonPhrasesAreListed) {
  for (const char* id : {"changji-2023", "central-2020"}) {
    EXPECT_THAT(Profile(id).achievement_phrases(),
                ::testing::IsSupersetOf(
                    {"达成预期指标", "达到预期目标", "已完成", "完成", "达标", "是", "全部完成"}))
        << id;
  }
}

// A phrase the profile does not list stays UNPARSED and the finding names
// it; so does a negated one (未完成 is not 完成), and 是 against a target of
// 否 is not met.
TEST(AchievementPhraseTest, UnknownAndNegatedPhrasesAreNotMet) {
  for (const char* phrase : {"基本达成", "未完成", "未达标"}) {
    const Scorecard card = ScoreWithActual("changji-2023", phrase);
    const auto& scored = card.projects(1).indicators(0);
    EXPECT_EQ(scored.score(), "0.00") << phrase;
    EXPECT_NE(scored.kind(), v1::INDICATOR_KIND_ACHIEVED) << phrase;
    std::vector<std::string> messages;
    for (const auto* f : FindingsOf(card, ScoringFinding::KIND_UNPARSED))
      messages.push_back(f->message());
    EXPECT_THAT(messages, ::testing::Contains(HasSubstr(phrase))) << phrase;
  }
  const Scorecard no = ScoreWithActual("changji-2023", "是", "否");
  EXPECT_NE(no.projects(1).indicators(0).kind(), v1::INDICATOR_KIND_ACHIEVED);
  const Scorecard yes = ScoreWithActual("changji-2023", "是", "是");
  EXPECT_EQ(Cents(yes.projects(1).indicators(0).score()),
            Cents(yes.projects(1).indicators(0).weight()));
}

// The township's table as printed: its 年度资金总额 row is 0 / 0 / 0, its
// 本年财政拨款 row 90 / 89.974 / 89.974. The rate comes from the parts
// (99.97 %), with a finding that the total row is not filled.
TEST(FundsFromPartsTest, AZeroTotalRowIsReadFromItsSources) {
  const Scorecard card = ScoreSelfEvaluations(TownshipAccounts(), Profile("changji-2023"));
  ASSERT_EQ(card.projects_size(), 1);
  const auto& table = card.projects(0);
  EXPECT_EQ(table.execution_rate_percent(), "99.97");
  EXPECT_EQ(table.execution_score(), "9.99");  // 10 × (0.99971 − 0.6) ÷ 0.4
  const auto parts = FindingsOf(card, ScoringFinding::KIND_FUNDS_FROM_PARTS);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_THAT(parts[0]->message(), HasSubstr("年度资金总额"));
  EXPECT_THAT(parts[0]->message(), HasSubstr("899740.00 / 900000.00"));
  EXPECT_TRUE(FindingsOf(card, ScoringFinding::KIND_NO_BUDGET).empty());
  // Central: 10 × 0.99971.
  EXPECT_EQ(ScoreSelfEvaluations(TownshipAccounts(), Profile("central-2020"))
                .projects(0)
                .execution_score(),
            "10.00");
}

TEST(FundsFromPartsTest, ABlankTotalRowIsReadFromItsSourcesAndNoPartsIsNoBudget) {
  FinalAccounts accounts = TownshipAccounts();
  auto* funds = accounts.mutable_performance()->mutable_projects(0)->mutable_funds();
  funds->mutable_total()->clear_initial_budget_fen();
  funds->mutable_total()->clear_annual_budget_fen();
  funds->mutable_total()->clear_executed_fen();
  Scorecard card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  EXPECT_EQ(card.projects(0).execution_score(), "9.99");
  EXPECT_EQ(FindingsOf(card, ScoringFinding::KIND_FUNDS_FROM_PARTS).size(), 1u);
  // Without money anywhere there is nothing to take a rate of.
  for (auto& source : *funds->mutable_sources()) source.clear_annual_budget_fen();
  card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  EXPECT_EQ(card.projects(0).execution_score(), "0.00");
  EXPECT_EQ(FindingsOf(card, ScoringFinding::KIND_NO_BUDGET).size(), 1u);
}

// The township's six 达成预期指标 and its quantities are all met: no finding
// against any indicator. What is left is real: the reported execution score
// 0 and total 90, the funds read from parts, and the completion text's
// 89.97 万元 against cost rows summing to 89.99.
TEST(TownshipTest, OnlyRealFindings) {
  const Scorecard card = ScoreSelfEvaluations(TownshipAccounts(), Profile("changji-2023"));
  const auto& table = card.projects(0);
  for (const auto& indicator : table.indicators()) {
    EXPECT_EQ(Cents(indicator.score()), Cents(indicator.reported_score())) << indicator.name();
    EXPECT_THAT(FindingsAbout(card, indicator.name()), IsEmpty()) << indicator.name();
  }
  EXPECT_EQ(table.total_score(), "99.99");
  std::map<ScoringFinding::Kind, int> kinds;
  for (const auto& f : card.findings()) ++kinds[f.kind()];
  EXPECT_EQ(kinds,
            (std::map<ScoringFinding::Kind, int>{{ScoringFinding::KIND_SCORE_DIFFERS, 1},
                                                 {ScoringFinding::KIND_TOTAL_DIFFERS, 1},
                                                 {ScoringFinding::KIND_FUNDS_FROM_PARTS, 1},
                                                 {ScoringFinding::KIND_TEXT_FIGURE_DIFFERS, 1}}));
  const auto text = FindingsOf(card, ScoringFinding::KIND_TEXT_FIGURE_DIFFERS);
  ASSERT_EQ(text.size(), 1u);
  EXPECT_THAT(text[0]->message(), HasSubstr("89.97 万元"));
  EXPECT_THAT(text[0]->message(), HasSubstr("89.99"));
  EXPECT_EQ(text[0]->reported(), "89.97 万元");
  EXPECT_EQ(text[0]->computed(), "89.99");
}

// Figures the texts state that agree with the table give no finding; a
// count that is off is quoted with the indicator it states.
TEST(TextFigureTest, AgreeingFiguresAreQuietAndAWrongCountIsQuoted) {
  FinalAccounts accounts = TownshipAccounts();
  auto* table = accounts.mutable_performance()->mutable_projects(0);
  // Cost rows that sum to the 89.974 executed: the text's 89.97 万元 is
  // both, rounded.
  table->mutable_indicators(6)->set_actual_text("29.974 万元");
  Scorecard card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  EXPECT_TRUE(FindingsOf(card, ScoringFinding::KIND_TEXT_FIGURE_DIFFERS).empty());
  table->set_completion("资金 899740 元，扶持经营主体 210 家。");
  card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  EXPECT_TRUE(FindingsOf(card, ScoringFinding::KIND_TEXT_FIGURE_DIFFERS).empty());
  table->set_completion("扶持经营主体 201 家。");
  card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  const auto text = FindingsOf(card, ScoringFinding::KIND_TEXT_FIGURE_DIFFERS);
  ASSERT_EQ(text.size(), 1u);
  EXPECT_THAT(text[0]->message(), HasSubstr("扶持经营主体数量"));
  EXPECT_THAT(text[0]->message(), HasSubstr("201 家"));
  // A figure far from every quantity of its unit states something else.
  table->set_completion("惠及 3000 家。");
  card = ScoreSelfEvaluations(accounts, Profile("changji-2023"));
  EXPECT_TRUE(FindingsOf(card, ScoringFinding::KIND_TEXT_FIGURE_DIFFERS).empty());
}

// A revision without any self-evaluation table is said to have nothing to
// score (the Shanghai layout publishes a summary instead); the seed is
// scored.
TEST(ScorecardStateTest, NothingToScoreIsSaid) {
  const Scorecard shanghai = ScoreSelfEvaluations(ShanghaiAccounts(), Profile("changji-2023"));
  EXPECT_EQ(shanghai.state(), v1::SCORECARD_STATE_NOTHING_TO_SCORE);
  EXPECT_TRUE(shanghai.total_score().empty());
  EXPECT_EQ(ScoreSelfEvaluations(SeedAccounts(), Profile("changji-2023")).state(),
            v1::SCORECARD_STATE_SCORED);
  EXPECT_EQ(ScoreSelfEvaluations(TownshipAccounts(), Profile("changji-2023")).state(),
            v1::SCORECARD_STATE_SCORED);
}

// The seed's goal and completion texts state figures (funds, counts) that
// agree with its tables, and its totals are filled: none of the new
// findings appears on it under either profile.
TEST(ChangjiFidelityTest, NoTextFigureOrFundsFindingsOnTheSeed) {
  for (const char* id : {"changji-2023", "central-2020"}) {
    const Scorecard card = ScoreSelfEvaluations(SeedAccounts(), Profile(id));
    EXPECT_TRUE(FindingsOf(card, ScoringFinding::KIND_TEXT_FIGURE_DIFFERS).empty()) << id;
    EXPECT_TRUE(FindingsOf(card, ScoringFinding::KIND_FUNDS_FROM_PARTS).empty()) << id;
    EXPECT_EQ(card.state(), v1::SCORECARD_STATE_SCORED) << id;
  }
}

TEST(ProfilesTest, BuiltInProfilesLoadAndBadOnesAreRefused) {
  const auto registry = *ProfileRegistry::Embedded();
  EXPECT_EQ(registry->List().size(), 2u);
  EXPECT_EQ(registry->Get("scoringProfiles/nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(registry->Get("changji-2023").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      ProfileRegistry::Parse("name: \"scoringProfiles/x\" version: \"1\"", "t").status().code(),
      absl::StatusCode::kInvalidArgument);
  auto bad_floor = ProfileRegistry::Parse(
      "name: \"scoringProfiles/x\" version: \"1\" project_execution { kind: "
      "KIND_LINEAR_ABOVE_FLOOR floor: \"1.5\" }",
      "t");
  EXPECT_THAT(bad_floor.status().message(), HasSubstr("floor"));
  EXPECT_FALSE(Profile("changji-2023").evidence().empty());
}

}  // namespace
}  // namespace juesuan::scoring
