#include "services/ingestion/rules/field_path.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "tests/support/test_support.h"

namespace juesuan::ingestion {
namespace {

using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const google::protobuf::Descriptor* Root() { return FinalAccounts::descriptor(); }

TEST(FieldPathTest, MoneyLeafReadsFenAndKnowsAbsence) {
  auto path = FieldPath::CompileTerm(Root(), "income_expenditure_summary.total_income_fen");
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(path->kind(), LeafKind::kMoney);
  FinalAccounts accounts;
  EXPECT_FALSE(path->Evaluate(accounts).has_value());  // message unset
  accounts.mutable_income_expenditure_summary();
  EXPECT_FALSE(path->Evaluate(accounts).has_value());  // optional unset
  accounts.mutable_income_expenditure_summary()->set_total_income_fen(0);
  ASSERT_TRUE(path->Evaluate(accounts).has_value());  // a stated zero is present
  EXPECT_EQ(path->Evaluate(accounts)->value, 0);
}

TEST(FieldPathTest, StarSumsARepeatedFieldAndCountsItsFigures) {
  auto path = FieldPath::CompileTerm(Root(), "performance.projects[*].indicators[*].weight");
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(path->kind(), LeafKind::kDecimal);
  const FinalAccounts seed = juesuan::testing::SeedAccounts();
  const auto total = path->Evaluate(seed);
  ASSERT_TRUE(total.has_value());
  // Nine projects, each 90 points of indicators besides the execution rate.
  EXPECT_EQ(total->value, 9 * 9000);
  EXPECT_EQ(total->figures, 95 - 7);  // indicators of the projects
}

TEST(FieldPathTest, AnEmptyRepeatedFieldIsAbsentNotZero) {
  auto path = FieldPath::CompileTerm(
      Root(), "income_expenditure_summary.expenditure_by_function[*].amount_fen");
  ASSERT_TRUE(path.ok());
  FinalAccounts accounts;
  accounts.mutable_income_expenditure_summary()->set_current_expenditure_fen(5);
  EXPECT_FALSE(path->Evaluate(accounts).has_value());
}

TEST(FieldPathTest, ScopeVisitsNestedRepeatedElementsWithIndexedPaths) {
  auto scope = FieldPath::CompileScope(Root(), "performance.projects.indicators");
  ASSERT_TRUE(scope.ok()) << scope.status();
  FinalAccounts accounts;
  accounts.mutable_performance()->add_projects()->add_indicators()->set_name("a");
  auto* second = accounts.mutable_performance()->add_projects();
  second->add_indicators()->set_name("b");
  second->add_indicators()->set_name("c");
  std::vector<std::string> seen;
  scope->ForEach(accounts, "", [&](const google::protobuf::Message& m, const std::string& p) {
    seen.push_back(p + "=" + static_cast<const juesuan::accounts::v1::Indicator&>(m).name());
  });
  EXPECT_THAT(seen, ElementsAre("performance.projects[0].indicators[0]=a",
                                "performance.projects[1].indicators[0]=b",
                                "performance.projects[1].indicators[1]=c"));
}

TEST(FieldPathTest, BadPathsAreRefusedWithTheReason) {
  EXPECT_THAT(FieldPath::CompileTerm(Root(), "income_expenditure_summary.nope_fen"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no field \"nope_fen\"")));
  EXPECT_THAT(FieldPath::CompileTerm(Root(), "performance.projects.funds.total.executed_fen"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("needs [*]")));
  EXPECT_THAT(FieldPath::CompileTerm(Root(), "income_expenditure_summary"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must end at")));
  EXPECT_THAT(FieldPath::CompileScope(Root(), "fiscal_year"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must end at a message")));
  EXPECT_THAT(FieldPath::CompileTerm(Root(), "fiscal_year.x"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a message")));
  EXPECT_THAT(FieldPath::CompileText(Root(), "performance.projects.project_name"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cannot cross repeated")));
}

TEST(FieldPathTest, CountsAndTextLeaves) {
  auto count = FieldPath::CompileTerm(Root(), "department.staffing.actual_total");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->kind(), LeafKind::kCount);
  EXPECT_EQ(count->Evaluate(juesuan::testing::SeedAccounts())->value, 44);
  auto text = FieldPath::CompileText(Root(), "department.display_name");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->ReadText(juesuan::testing::SeedAccounts()), "昌吉回族自治州科学技术局");
  EXPECT_EQ(text->ReadText(FinalAccounts()), "");
}

}  // namespace
}  // namespace juesuan::ingestion
