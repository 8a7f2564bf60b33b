#include "gen/accounts_generator.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/ingestion/rules/rule_engine.h"
#include "services/scoring/profiles.h"
#include "services/scoring/scorer.h"
#include "tests/support/test_support.h"

namespace juesuan::gen {
namespace {

TEST(AccountsGeneratorTest, TheBuiltInTemplateIsTheSeed) {
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(SeedTemplate(),
                                                                 juesuan::testing::SeedAccounts()));
}

// Every generated department-year is accepted by ingestion's rules (no fatal
// finding), so jobs and benchmarks run on data ingestion would really hold.
TEST(AccountsGeneratorTest, GeneratedAccountsPassEveryFatalRule) {
  auto engine = ingestion::RuleEngine::Create(*ingestion::RuleEngine::EmbeddedCatalogue(),
                                              *codes::CodeTables::Embedded());
  ASSERT_TRUE(engine.ok());
  const AccountsGenerator generator = DefaultGenerator({});
  std::set<std::string> regions;
  std::set<int> project_counts;
  for (int i = 0; i < 200; ++i) {
    const auto accounts = generator.Generate(i);
    const auto report = (*engine)->Validate(accounts);
    for (const auto& f : report.findings()) {
      EXPECT_NE(f.severity(), ingestion::v1::SEVERITY_FATAL)
          << "department " << i << ": " << f.rule_id() << " " << f.message() << " provided "
          << f.provided() << " expected " << f.expected();
    }
    regions.insert(accounts.department().region_code());
    project_counts.insert(accounts.performance().projects_size());
  }
  EXPECT_GE(regions.size(), 5u);  // varied
  EXPECT_GE(project_counts.size(), 8u);
}

TEST(AccountsGeneratorTest, DeterministicPerSeedAndIndex) {
  const AccountsGenerator a = DefaultGenerator({});
  const AccountsGenerator b = DefaultGenerator({});
  EXPECT_EQ(a.Generate(42).SerializeAsString(), b.Generate(42).SerializeAsString());
  EXPECT_NE(a.Generate(42).SerializeAsString(), a.Generate(43).SerializeAsString());
  GeneratorOptions other;
  other.seed = 2;
  EXPECT_NE(DefaultGenerator(other).Generate(42).department().name(),
            a.Generate(42).department().name());
}

TEST(AccountsGeneratorTest, ReportedScoresAreWhatTheProfileComputes) {
  const auto accounts = DefaultGenerator({}).Generate(7);
  const auto profiles = *scoring::ProfileRegistry::Embedded();
  const auto card =
      scoring::ScoreSelfEvaluations(accounts, **profiles->Get("scoringProfiles/changji-2023"));
  for (const auto& f : card.findings()) {
    EXPECT_NE(f.kind(), scoring::v1::ScoringFinding::KIND_SCORE_DIFFERS) << f.message();
    EXPECT_NE(f.kind(), scoring::v1::ScoringFinding::KIND_TOTAL_DIFFERS) << f.message();
  }
}

}  // namespace
}  // namespace juesuan::gen
