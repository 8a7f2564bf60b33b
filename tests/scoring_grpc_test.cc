// In-process gRPC tests of juesuan-scoring: the real scoring and ingestion
// servers on loopback ports, called through the generated stubs.
#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/json_log.h"
#include "gen/accounts_generator.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "juesuan/scoring/v1/scoring_service.grpc.pb.h"
#include "services/ingestion/ingestion_server.h"
#include "services/scoring/scoring_server.h"
#include "tests/support/test_support.h"

namespace juesuan::scoring {
namespace {

using ::juesuan::testing::SeedAccounts;
using ::juesuan::testing::TempDir;
using ::testing::HasSubstr;

constexpr char kSeedAccounts[] = "departments/changji-kejiju/accounts/2023";
constexpr char kChangji[] = "scoringProfiles/changji-2023";

class ScoringGrpcTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { SetLoggingEnabled(false); }

  void SetUp() override {
    ingestion::IngestionServerOptions ingestion_options;
    ingestion_options.data_dir = ingestion_dir_.path();
    auto ingestion = ingestion::IngestionServer::Start(ingestion_options);
    ASSERT_TRUE(ingestion.ok()) << ingestion.status();
    ingestion_ = *std::move(ingestion);
    StartScoring();
    ingestion::v1::SubmitAccountsRequest request;
    *request.mutable_accounts() = SeedAccounts();
    ASSERT_TRUE(ingestion_->domain().Submit(request).ok());
  }

  void StartScoring(int page_size = 100, absl::Duration item_delay = absl::ZeroDuration()) {
    scoring_.reset();
    ScoringServerOptions options;
    options.data_dir = scoring_dir_.path();
    options.ingestion_addr = ingestion_->address();
    options.ingestion_timeout = absl::Seconds(2);
    options.service.job_page_size = page_size;
    options.service.job_retry_backoff = absl::Milliseconds(50);
    options.service.job_list_attempts = 2;
    options.service.job_item_delay_for_test = item_delay;
    auto scoring = ScoringServer::Start(options);
    ASSERT_TRUE(scoring.ok()) << scoring.status();
    scoring_ = *std::move(scoring);
    stub_ = v1::PerformanceScoringService::NewStub(
        grpc::CreateChannel(scoring_->address(), grpc::InsecureChannelCredentials()));
  }

  // Submits generated department-years straight to the ingestion domain.
  void Generate(int count) {
    const gen::AccountsGenerator generator = gen::DefaultGenerator({});
    for (int i = 0; i < count; ++i) {
      ingestion::v1::SubmitAccountsRequest request;
      *request.mutable_accounts() = generator.Generate(i);
      auto response = ingestion_->domain().Submit(request);
      ASSERT_TRUE(response.ok()) << response.status();
    }
  }

  grpc::Status Score(const std::string& accounts, const std::string& profile, v1::Scorecard* card) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    v1::ScoreAccountsRequest request;
    request.set_accounts(accounts);
    request.set_profile(profile);
    return stub_->ScoreAccounts(&context, request, card);
  }

  // Starts a job and follows it over WatchScoringJob to its end.
  v1::ScoringJob RunJob(const std::string& request_id, int* updates = nullptr) {
    v1::ScoringJob job;
    {
      grpc::ClientContext context;
      v1::StartScoringJobRequest request;
      request.set_fiscal_year(2023);
      request.set_profile(kChangji);
      request.set_request_id(request_id);
      EXPECT_TRUE(stub_->StartScoringJob(&context, request, &job).ok());
    }
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
    v1::WatchScoringJobRequest watch;
    watch.set_name(job.name());
    auto reader = stub_->WatchScoringJob(&context, watch);
    int n = 0;
    while (reader->Read(&job)) ++n;
    EXPECT_TRUE(reader->Finish().ok());
    if (updates != nullptr) *updates = n;
    return job;
  }

  std::set<std::string> AllScorecards() {
    std::set<std::string> names;
    v1::ListScorecardsRequest request;
    request.set_parent("departments/-");
    request.set_profile(kChangji);
    request.set_fiscal_year(2023);
    request.set_page_size(50);  // several pages
    do {
      grpc::ClientContext context;
      v1::ListScorecardsResponse response;
      EXPECT_TRUE(stub_->ListScorecards(&context, request, &response).ok());
      for (const auto& card : response.scorecards()) {
        EXPECT_TRUE(names.insert(card.name()).second) << "duplicate " << card.name();
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return names;
  }

  TempDir ingestion_dir_;
  TempDir scoring_dir_;
  std::unique_ptr<ingestion::IngestionServer> ingestion_;
  std::unique_ptr<ScoringServer> scoring_;
  std::unique_ptr<v1::PerformanceScoringService::Stub> stub_;
};

TEST_F(ScoringGrpcTest, TheSeedScoresAsPrintedButForTheTwoDepartures) {
  v1::Scorecard card;
  const grpc::Status status = Score(kSeedAccounts, kChangji, &card);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(card.name(), "departments/changji-kejiju/scorecards/2023");
  EXPECT_EQ(card.accounts_revision(), "departments/changji-kejiju/accounts/2023/revisions/1");
  EXPECT_EQ(card.profile_version(), "2");
  EXPECT_EQ(card.content_sha256().size(), 64u);
  std::vector<std::string> totals;
  for (const auto& t : card.projects()) totals.push_back(t.total_score());
  EXPECT_THAT(totals, ::testing::ElementsAre("60.27", "100.00", "87.06", "96.17", "100.00",
                                             "100.00", "96.33", "98.97", "79.89"));
  int departures = 0;
  for (const auto& f : card.findings()) {
    if (f.kind() == v1::ScoringFinding::KIND_SCORE_DIFFERS) {
      ++departures;
      EXPECT_EQ(f.reported(), "10.00");
    }
  }
  EXPECT_EQ(departures, 2);
  // Stored: readable by name and profile.
  grpc::ClientContext context;
  v1::GetScorecardRequest get;
  get.set_name(card.name());
  get.set_profile(kChangji);
  v1::Scorecard read;
  ASSERT_TRUE(stub_->GetScorecard(&context, get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), card.SerializeAsString());
  // BASIC: what it scored, its total and its digest, without the scores.
  grpc::ClientContext basic_context;
  get.set_view(v1::SCORECARD_VIEW_BASIC);
  v1::Scorecard basic;
  ASSERT_TRUE(stub_->GetScorecard(&basic_context, get, &basic).ok());
  EXPECT_EQ(basic.accounts_revision(), card.accounts_revision());
  EXPECT_EQ(basic.total_score(), card.total_score());
  EXPECT_EQ(basic.content_sha256(), card.content_sha256());
  EXPECT_FALSE(basic.has_department_wide());
  EXPECT_EQ(basic.projects_size(), 0);
  EXPECT_EQ(basic.findings_size(), 0);
  EXPECT_LT(basic.ByteSizeLong() * 10, card.ByteSizeLong());
}

TEST_F(ScoringGrpcTest, ARequestIdReusedForAnotherJobIsRefused) {
  RunJob("nightly");
  grpc::ClientContext context;
  v1::StartScoringJobRequest request;
  request.set_fiscal_year(2023);
  request.set_region_code("652300");
  request.set_profile(kChangji);
  request.set_request_id("nightly");
  v1::ScoringJob job;
  EXPECT_EQ(stub_->StartScoringJob(&context, request, &job).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ScoringGrpcTest, BadRequestsGetTheRightCodes) {
  v1::Scorecard card;
  EXPECT_EQ(Score(kSeedAccounts, "scoringProfiles/nope", &card).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Score(kSeedAccounts, "changji-2023", &card).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Score("departments/nobody/accounts/2023", kChangji, &card).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Score("departments/Bad/accounts/2023", kChangji, &card).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  grpc::ClientContext context;
  v1::GetScorecardRequest get;
  get.set_name("departments/changji-kejiju/scorecards/2023");
  get.set_profile(kChangji);
  EXPECT_EQ(stub_->GetScorecard(&context, get, &card).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ScoringGrpcTest, AnUnreachableIngestionIsUnavailableWithinTheDeadline) {
  ingestion_->Shutdown(absl::ZeroDuration());
  const absl::Time start = absl::Now();
  v1::Scorecard card;
  const grpc::Status status = Score(kSeedAccounts, kChangji, &card);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("juesuan-ingestion at"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST_F(ScoringGrpcTest, MalformedIndicatorsAreFindingsNotFailures) {
  auto accounts = SeedAccounts();
  accounts.mutable_department()->set_name("departments/odd-unit");
  auto* indicators = accounts.mutable_performance()->mutable_projects(1)->mutable_indicators();
  (*indicators)[0].set_target_text("大约二十人次");  // no digits: a phrase
  (*indicators)[0].clear_target();
  (*indicators)[1].set_actual_text("约 900余人次");  // digits, but not a number with a unit
  (*indicators)[1].clear_actual();
  ingestion::v1::SubmitAccountsRequest request;
  *request.mutable_accounts() = accounts;
  ASSERT_TRUE(ingestion_->domain().Submit(request).ok());
  v1::Scorecard card;
  ASSERT_TRUE(Score("departments/odd-unit/accounts/2023", kChangji, &card).ok());
  bool qualitative = false;
  bool unparsed = false;
  for (const auto& f : card.findings()) {
    qualitative |= f.kind() == v1::ScoringFinding::KIND_QUALITATIVE_ASSUMED;
    unparsed |= f.kind() == v1::ScoringFinding::KIND_UNPARSED && f.indicator_index() == 1;
  }
  EXPECT_TRUE(qualitative);  // read as a phrase, and flagged
  EXPECT_TRUE(unparsed);     // a finding, scored 0
  EXPECT_EQ(card.projects(1).indicators(1).score(), "0.00");
}

TEST_F(ScoringGrpcTest, AJobScoresEveryDepartmentYearOnceAndARerunChangesNothing) {
  Generate(120);
  int updates = 0;
  const v1::ScoringJob job = RunJob("", &updates);
  EXPECT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED);
  EXPECT_EQ(job.scored(), 121);
  EXPECT_EQ(job.total(), 121);
  EXPECT_GE(updates, 1);  // at least the end (earlier states may be coalesced)
  EXPECT_EQ(AllScorecards().size(), 121u);
  const v1::ScoringJob again = RunJob("");
  EXPECT_EQ(again.scored(), 121);
  EXPECT_EQ(AllScorecards().size(), 121u);
}

TEST_F(ScoringGrpcTest, AJobStartedTwiceWithOneRequestIdIsOneJob) {
  const v1::ScoringJob first = RunJob("nightly-2023");
  const v1::ScoringJob second = RunJob("nightly-2023");
  EXPECT_EQ(first.name(), second.name());
  grpc::ClientContext context;
  v1::ListScoringJobsRequest list;
  v1::ListScoringJobsResponse jobs;
  ASSERT_TRUE(stub_->ListScoringJobs(&context, list, &jobs).ok());
  EXPECT_EQ(jobs.scoring_jobs_size(), 1);
}

TEST_F(ScoringGrpcTest, AJobStoppedMidwayResumesToTheSameEnd) {
  Generate(300);
  // 5 per page, 2 ms each: the job is certainly under way when stopped.
  StartScoring(/*page_size=*/5, absl::Milliseconds(2));
  v1::ScoringJob job;
  {
    grpc::ClientContext context;
    v1::StartScoringJobRequest request;
    request.set_fiscal_year(2023);
    request.set_profile(kChangji);
    ASSERT_TRUE(stub_->StartScoringJob(&context, request, &job).ok());
  }
  // Stop the service once the job is under way.
  for (int i = 0; i < 200; ++i) {
    grpc::ClientContext context;
    v1::GetScoringJobRequest get;
    get.set_name(job.name());
    ASSERT_TRUE(stub_->GetScoringJob(&context, get, &job).ok());
    if (job.scored() >= 20) break;
    absl::SleepFor(absl::Milliseconds(5));
  }
  ASSERT_EQ(job.state(), v1::JOB_STATE_RUNNING);
  scoring_.reset();                // stops mid-job
  StartScoring(/*page_size=*/50);  // resumes it
  scoring_->domain().WaitForIdleForTest();
  grpc::ClientContext context;
  v1::GetScoringJobRequest get;
  get.set_name(job.name());
  ASSERT_TRUE(stub_->GetScoringJob(&context, get, &job).ok());
  EXPECT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED);
  EXPECT_EQ(job.resumed(), 1);
  EXPECT_EQ(job.scored(), 301);
  EXPECT_EQ(AllScorecards().size(), 301u);
}

TEST_F(ScoringGrpcTest, AWatcherThatGoesAwayDoesNotHoldUpShutdown) {
  Generate(100);
  StartScoring(/*page_size=*/5, absl::Milliseconds(5));
  v1::ScoringJob job;
  {
    grpc::ClientContext context;
    v1::StartScoringJobRequest request;
    request.set_fiscal_year(2023);
    request.set_profile(kChangji);
    ASSERT_TRUE(stub_->StartScoringJob(&context, request, &job).ok());
  }
  {
    grpc::ClientContext context;
    v1::WatchScoringJobRequest watch;
    watch.set_name(job.name());
    auto reader = stub_->WatchScoringJob(&context, watch);
    ASSERT_TRUE(reader->Read(&job));
    context.TryCancel();
    while (reader->Read(&job)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  const absl::Time start = absl::Now();
  scoring_->Shutdown(absl::Seconds(5));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST_F(ScoringGrpcTest, AJobWhoseListingFailsIsFailedWithTheReason) {
  ingestion_->Shutdown(absl::ZeroDuration());
  const v1::ScoringJob job = RunJob("");
  EXPECT_EQ(job.state(), v1::JOB_STATE_FAILED);
  EXPECT_THAT(job.error(), HasSubstr("juesuan-ingestion at"));
}

// A revision without self-evaluation tables (the Shanghai layout publishes
// a summary instead) has nothing to score: its scorecard says so and it
// leaves the rankings, also where it replaces a scored one.
TEST_F(ScoringGrpcTest, NothingToScoreIsSaidAndNotRanked) {
  v1::Scorecard card;
  ASSERT_TRUE(Score(kSeedAccounts, kChangji, &card).ok());
  EXPECT_EQ(card.state(), v1::SCORECARD_STATE_SCORED);
  EXPECT_EQ(AllScorecards(), std::set<std::string>{"departments/changji-kejiju/scorecards/2023"});

  auto accounts = SeedAccounts();
  accounts.clear_performance();
  ingestion::v1::SubmitAccountsRequest request;
  *request.mutable_accounts() = accounts;
  ASSERT_TRUE(ingestion_->domain().Submit(request).ok());
  ASSERT_TRUE(Score(kSeedAccounts, kChangji, &card).ok());
  EXPECT_EQ(card.state(), v1::SCORECARD_STATE_NOTHING_TO_SCORE);
  EXPECT_EQ(card.total_score(), "");
  EXPECT_TRUE(AllScorecards().empty());
  grpc::ClientContext context;
  v1::GetScorecardRequest get;
  get.set_name("departments/changji-kejiju/scorecards/2023");
  get.set_profile(kChangji);
  v1::Scorecard kept;
  ASSERT_TRUE(stub_->GetScorecard(&context, get, &kept).ok());
  EXPECT_EQ(kept.state(), v1::SCORECARD_STATE_NOTHING_TO_SCORE);
}

TEST_F(ScoringGrpcTest, ScorecardsAreListedHighestFirstAndProfilesAreServed) {
  Generate(40);
  RunJob("");
  v1::ListScorecardsRequest request;
  request.set_parent("departments/-");
  request.set_profile(kChangji);
  request.set_fiscal_year(2023);
  request.set_page_size(1000);
  grpc::ClientContext context;
  v1::ListScorecardsResponse response;
  ASSERT_TRUE(stub_->ListScorecards(&context, request, &response).ok());
  ASSERT_EQ(response.scorecards_size(), 41);
  for (int i = 1; i < response.scorecards_size(); ++i) {
    EXPECT_GE(std::stod(response.scorecards(i - 1).total_score()),
              std::stod(response.scorecards(i).total_score()));
  }
  grpc::ClientContext profiles_context;
  v1::ListScoringProfilesRequest profiles_request;
  v1::ListScoringProfilesResponse profiles;
  ASSERT_TRUE(stub_->ListScoringProfiles(&profiles_context, profiles_request, &profiles).ok());
  EXPECT_EQ(profiles.scoring_profiles_size(), 2);
}

}  // namespace
}  // namespace juesuan::scoring
