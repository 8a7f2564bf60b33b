#include "storage/scoring_store.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace juesuan::storage {
namespace {

using ::juesuan::scoring::v1::Scorecard;
using ::juesuan::testing::IsOk;
using ::juesuan::testing::StatusIs;
using ::juesuan::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Scorecard Card(const std::string& department, const std::string& region, const std::string& total,
               const std::string& profile = "scoringProfiles/changji-2023") {
  Scorecard card;
  card.set_name(absl::StrCat("departments/", department, "/scorecards/2023"));
  card.set_profile(profile);
  card.set_region_code(region);
  card.set_fiscal_year(2023);
  card.set_total_score(total);
  card.set_state(juesuan::scoring::v1::SCORECARD_STATE_SCORED);
  return card;
}

std::vector<std::string> Names(const ScoringStore::ScorecardPage& page) {
  std::vector<std::string> out;
  for (const auto& c : page.scorecards) out.push_back(c.name() + "=" + c.total_score());
  return out;
}

class ScoringStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() {
    store_.reset();
    KvStoreOptions options;
    options.path = dir_.path();
    auto store = OpenScoringStore(options);
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
  }
  TempDir dir_;
  std::unique_ptr<ScoringStore> store_;
};

TEST_F(ScoringStoreTest, ScorecardsAreKeyedByDepartmentYearAndProfile) {
  ASSERT_THAT(store_->PutScorecard({"a", 2023}, Card("a", "652300", "99.80"), true), IsOk());
  ASSERT_THAT(store_->PutScorecard(
                  {"a", 2023}, Card("a", "652300", "88.10", "scoringProfiles/central-2020"), true),
              IsOk());
  EXPECT_EQ(store_->GetScorecard({"a", 2023}, "scoringProfiles/changji-2023")->total_score(),
            "99.80");
  EXPECT_EQ(store_->GetScorecard({"a", 2023}, "scoringProfiles/central-2020")->total_score(),
            "88.10");
  EXPECT_THAT(store_->GetScorecard({"a", 2022}, "scoringProfiles/changji-2023"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("departments/a/scorecards/2022")));
}

TEST_F(ScoringStoreTest, RankingIsByTotalAndARescoreMovesIt) {
  ASSERT_THAT(store_->PutScorecard({"a", 2023}, Card("a", "652300", "80.00"), false), IsOk());
  ASSERT_THAT(store_->PutScorecard({"b", 2023}, Card("b", "650100", "95.50"), false), IsOk());
  ASSERT_THAT(store_->PutScorecard({"c", 2023}, Card("c", "652300", "60.27"), false), IsOk());
  auto all = store_->ListScorecards("scoringProfiles/changji-2023", 2023, "", 10, "");
  ASSERT_THAT(all, IsOk());
  EXPECT_THAT(Names(*all), ElementsAre("departments/b/scorecards/2023=95.50",
                                       "departments/a/scorecards/2023=80.00",
                                       "departments/c/scorecards/2023=60.27"));
  // Re-scoring a replaces its entry: no duplicate, new place.
  ASSERT_THAT(store_->PutScorecard({"a", 2023}, Card("a", "652300", "99.00"), true), IsOk());
  all = store_->ListScorecards("scoringProfiles/changji-2023", 2023, "", 10, "");
  EXPECT_THAT(Names(*all), ElementsAre("departments/a/scorecards/2023=99.00",
                                       "departments/b/scorecards/2023=95.50",
                                       "departments/c/scorecards/2023=60.27"));
  auto region = store_->ListScorecards("scoringProfiles/changji-2023", 2023, "652300", 1, "");
  ASSERT_THAT(region, IsOk());
  EXPECT_THAT(Names(*region), ElementsAre("departments/a/scorecards/2023=99.00"));
  Open();  // tokens survive a reopen
  auto next = store_->ListScorecards("scoringProfiles/changji-2023", 2023, "652300", 1,
                                     region->next_page_token);
  ASSERT_THAT(next, IsOk());
  EXPECT_THAT(Names(*next), ElementsAre("departments/c/scorecards/2023=60.27"));
  EXPECT_THAT(
      store_->ListScorecards("scoringProfiles/changji-2023", 2023, "", 1, region->next_page_token),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

// A scorecard with nothing to score is kept but not ranked, also where it
// replaces a ranked one; one kept before scorecards had a state, with no
// table scored, is not listed either.
TEST_F(ScoringStoreTest, NothingToScoreIsKeptButNotRanked) {
  ASSERT_THAT(store_->PutScorecard({"a", 2023}, Card("a", "652300", "80.00"), false), IsOk());
  ASSERT_THAT(store_->PutScorecard({"b", 2023}, Card("b", "652300", "70.00"), false), IsOk());
  Scorecard nothing = Card("a", "652300", "");
  nothing.set_state(juesuan::scoring::v1::SCORECARD_STATE_NOTHING_TO_SCORE);
  ASSERT_THAT(store_->PutScorecard({"a", 2023}, nothing, false), IsOk());
  Scorecard legacy = Card("c", "652300", "");
  legacy.clear_state();
  ASSERT_THAT(store_->PutScorecard({"c", 2023}, legacy, false), IsOk());
  for (const char* region : {"", "652300"}) {
    auto all = store_->ListScorecards("scoringProfiles/changji-2023", 2023, region, 10, "");
    ASSERT_THAT(all, IsOk());
    EXPECT_THAT(Names(*all), ElementsAre("departments/b/scorecards/2023=70.00")) << region;
  }
  EXPECT_EQ(store_->GetScorecard({"a", 2023}, "scoringProfiles/changji-2023")->state(),
            juesuan::scoring::v1::SCORECARD_STATE_NOTHING_TO_SCORE);
}

TEST_F(ScoringStoreTest, JobsAreIdempotentByRequestIdAndListedNewestFirst) {
  StoredScoringJob older;
  older.mutable_job()->set_name("scoringJobs/j0000000000000002-aa");
  older.mutable_job()->set_state(juesuan::scoring::v1::JOB_STATE_SUCCEEDED);
  StoredScoringJob newer;
  newer.mutable_job()->set_name("scoringJobs/j0000000000000001-bb");
  newer.mutable_job()->set_state(juesuan::scoring::v1::JOB_STATE_RUNNING);
  auto created = store_->CreateJob(older, "req-1");
  ASSERT_THAT(created, IsOk());
  EXPECT_TRUE(created->second);
  auto again = store_->CreateJob(newer, "req-1");
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->second);
  EXPECT_EQ(again->first.job().name(), "scoringJobs/j0000000000000002-aa");
  ASSERT_THAT(store_->CreateJob(newer, "req-2"), IsOk());
  auto page = store_->ListJobs(10, "");
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->jobs.size(), 2u);
  EXPECT_EQ(page->jobs[0].job().name(), "scoringJobs/j0000000000000001-bb");
  auto running = store_->RunningJobs();
  ASSERT_THAT(running, IsOk());
  ASSERT_EQ(running->size(), 1u);
  EXPECT_EQ((*running)[0].job().name(), "scoringJobs/j0000000000000001-bb");
  EXPECT_THAT(store_->GetJob("j-none"), StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_EQ(JobIdFromName("scoringJobs/Bad"), "");
  EXPECT_EQ(JobIdFromName("scoringJobs/j1"), "j1");
}

}  // namespace
}  // namespace juesuan::storage
