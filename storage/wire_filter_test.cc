#include "storage/wire_filter.h"

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "juesuan/scoring/v1/scoring.pb.h"
#include "juesuan/storage/v1/ingestion_store.pb.h"
#include "juesuan/storage/v1/scoring_store.pb.h"
#include "tests/support/test_support.h"

namespace juesuan::storage {
namespace {

using ::google::protobuf::util::MessageDifferencer;

// A revision's summary is the revision with its accounts cut to the
// department: everything else, report included, is there unchanged.
TEST(WireFilterTest, KeepsOnlyTheFieldsANestedFilterKeeps) {
  v1::StoredRevision revision;
  revision.set_format_version(1);
  revision.set_revision_id(3);
  *revision.mutable_accounts() = juesuan::testing::SeedAccounts();
  revision.mutable_validation_report()->set_fatal_count(0);
  revision.mutable_validation_report()->mutable_provenance()->set_accounts_sha256("abc");
  revision.set_create_time_micros(42);
  revision.set_request_id("r-1");
  const WireFilter summary{{}, std::nullopt, {{3, WireFilter{{}, std::set<int>{1}, {}}}}};

  auto part = FilterFields(revision.SerializeAsString(), summary);
  ASSERT_TRUE(part.ok()) << part.status();
  v1::StoredRevision read;
  ASSERT_TRUE(read.ParseFromString(*part));
  v1::StoredRevision expected = revision;
  *expected.mutable_accounts() = juesuan::accounts::v1::FinalAccounts();
  *expected.mutable_accounts()->mutable_department() = revision.accounts().department();
  EXPECT_TRUE(MessageDifferencer::Equals(read, expected)) << read.ShortDebugString().substr(0, 300);
  EXPECT_LT(part->size() * 5, revision.ByteSizeLong());
}

TEST(WireFilterTest, DropsTheFieldsAFilterDrops) {
  juesuan::scoring::v1::Scorecard card;
  card.set_name("departments/d/scorecards/2023");
  card.set_total_score("99.80");
  card.set_content_sha256("def");
  card.mutable_department_wide()->set_total_score("99.80");
  card.add_projects()->set_total_score("60.27");
  card.add_projects()->set_total_score("100.00");
  card.add_findings()->set_reported("10.00");
  v1::StoredScorecard stored;
  stored.set_format_version(1);
  *stored.mutable_scorecard() = card;
  stored.set_ranked_total(9980);
  const WireFilter summary{{}, std::nullopt, {{2, WireFilter{{8, 9, 12}, std::nullopt, {}}}}};

  auto part = FilterFields(stored.SerializeAsString(), summary);
  ASSERT_TRUE(part.ok()) << part.status();
  v1::StoredScorecard read;
  ASSERT_TRUE(read.ParseFromString(*part));
  v1::StoredScorecard expected = stored;
  expected.mutable_scorecard()->clear_department_wide();
  expected.mutable_scorecard()->clear_projects();
  expected.mutable_scorecard()->clear_findings();
  EXPECT_TRUE(MessageDifferencer::Equals(read, expected)) << read.ShortDebugString();
}

TEST(WireFilterTest, BrokenBytesAreDataLoss) {
  const WireFilter summary{{}, std::nullopt, {{3, WireFilter{{}, std::set<int>{1}, {}}}}};
  v1::StoredRevision revision;
  revision.set_format_version(1);
  *revision.mutable_accounts() = juesuan::testing::SeedAccounts();
  std::string bytes = revision.SerializeAsString();
  for (const std::string& broken :
       {bytes.substr(0, bytes.size() / 2), std::string("\x1a\xff\xff\xff\x0f", 5),
        std::string("\xff", 1)}) {
    EXPECT_EQ(FilterFields(broken, summary).status().code(), absl::StatusCode::kDataLoss);
  }
}

// A message field's payload is the field's message, and splicing it back in
// gives the same message: what a FULL list does with stored accounts.
TEST(WireFilterTest, AFieldPayloadSplicedBackGivesTheSameMessage) {
  v1::StoredRevision revision;
  revision.set_format_version(1);
  revision.set_revision_id(3);
  revision.set_request_id("req-1");
  *revision.mutable_accounts() = juesuan::testing::SeedAccounts();
  revision.mutable_validation_report()->set_warning_count(2);
  const std::string bytes = revision.SerializeAsString();

  auto payload = FieldPayload(bytes, v1::StoredRevision::kAccountsFieldNumber);
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(*payload, revision.accounts().SerializeAsString());

  v1::StoredRevision rest = revision;
  rest.clear_accounts();
  std::string spliced = rest.SerializeAsString();
  AppendLengthDelimited(v1::StoredRevision::kAccountsFieldNumber, *payload, &spliced);
  v1::StoredRevision parsed;
  ASSERT_TRUE(parsed.ParseFromString(spliced));
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, revision));

  // Absent: empty. Twice: both, which parse as the merge.
  EXPECT_EQ(*FieldPayload(rest.SerializeAsString(), v1::StoredRevision::kAccountsFieldNumber), "");
  juesuan::accounts::v1::FinalAccounts a, b;
  a.set_fiscal_year(2023);
  b.set_other_matters("二");
  std::string twice;
  AppendLengthDelimited(v1::StoredRevision::kAccountsFieldNumber, a.SerializeAsString(), &twice);
  AppendLengthDelimited(v1::StoredRevision::kAccountsFieldNumber, b.SerializeAsString(), &twice);
  juesuan::accounts::v1::FinalAccounts merged;
  ASSERT_TRUE(
      merged.ParseFromString(*FieldPayload(twice, v1::StoredRevision::kAccountsFieldNumber)));
  EXPECT_EQ(merged.fiscal_year(), 2023);
  EXPECT_EQ(merged.other_matters(), "二");

  for (const std::string& broken :
       {bytes.substr(0, bytes.size() / 2), std::string("\x1a\xff\xff\xff\x0f", 5),
        std::string("\xff", 1)}) {
    EXPECT_EQ(FieldPayload(broken, 3).status().code(), absl::StatusCode::kDataLoss);
  }
}

}  // namespace
TEST(WireFilterTest, LengthDelimitedSizeIsWhatAppendingAdds) {
  // Field numbers of one- and two-byte tags, payloads of one- to three-byte lengths.
  for (const int number : {1, 15, 16, 2047}) {
    for (const size_t size : {size_t{0}, size_t{127}, size_t{128}, size_t{16384}}) {
      std::string out = "x";
      AppendLengthDelimited(number, std::string(size, 'a'), &out);
      EXPECT_EQ(LengthDelimitedSize(number, size), out.size() - 1) << number << " " << size;
    }
  }
}

}  // namespace juesuan::storage
