#include "common/resource_names.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace juesuan {
namespace {

TEST(ResourceNamesTest, AccountsAndRevisionNamesRoundTrip) {
  auto name = ParseAccountsName(RevisionName("changji-kejiju", 2023, 7), "name", true);
  ASSERT_TRUE(name.ok()) << name.status();
  EXPECT_EQ(name->department_id, "changji-kejiju");
  EXPECT_EQ(name->fiscal_year, 2023);
  EXPECT_EQ(name->revision_id, 7);
  auto latest = ParseAccountsName(AccountsName("a1", 2024), "name", false);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->revision_id, 0);
  auto card = ParseScorecardName(ScorecardName("a1", 2024), "name");
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(card->fiscal_year, 2024);
  auto disclosure = ParseDisclosureName(DisclosureName("a1", 2022), "name");
  ASSERT_TRUE(disclosure.ok());
  EXPECT_EQ(disclosure->department_id, "a1");
  EXPECT_EQ(disclosure->fiscal_year, 2022);
}

TEST(ResourceNamesTest, NonCanonicalNamesAreRefusedNamingTheField) {
  for (const std::string& bad : std::vector<std::string>{
           "", "departments/x/accounts/20x3", "accounts/2023", "departments/Bad/accounts/2023",
           "departments/x-/accounts/2023", "departments/x/accounts/2023/revisions/0",
           "departments/x/accounts/+2023", "departments/x/accounts/2023/revisions/ 1",
           "departments/x/accounts/02023", "departments/x/scorecards/2023",
           std::string(100000, '/')}) {
    const auto parsed = ParseAccountsName(bad, "accounts", false);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(parsed.status().message().find("accounts must be"), std::string::npos) << bad;
  }
  EXPECT_FALSE(ParseAccountsName("departments/x/accounts/2023", "name", true).ok());
  EXPECT_FALSE(ParseScorecardName("departments/x/scorecards/2023/revisions/1", "name").ok());
  EXPECT_FALSE(ParseDisclosureName("departments/x/scorecards/2023", "name").ok());
  EXPECT_FALSE(ParseDisclosureName("departments/x/disclosures/23", "name").ok());
}

TEST(ResourceNamesTest, DepartmentIds) {
  EXPECT_EQ(DepartmentIdFromName("departments/changji-kejiju"), "changji-kejiju");
  EXPECT_EQ(DepartmentIdFromName("departments/昌吉"), "");
  EXPECT_EQ(DepartmentIdFromName("departments/" + std::string(64, 'a')), "");
  EXPECT_EQ(DepartmentIdFromName("departments/" + std::string(63, 'a')), std::string(63, 'a'));
  EXPECT_EQ(DepartmentIdFromName("department/x"), "");
}

}  // namespace
}  // namespace juesuan
