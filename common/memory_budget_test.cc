#include "common/memory_budget.h"

#include <optional>
#include <thread>

#include "absl/time/clock.h"
#include "common/error_details.h"
#include "gtest/gtest.h"
#include "juesuan/accounts/v1/accounts.pb.h"

namespace juesuan {
namespace {

TEST(MemoryBudgetTest, ReservationsAreHeldUntilDestroyed) {
  MemoryBudget budget(100, "test");
  std::optional<MemoryBudget::Reservation> a(*budget.Reserve(60));
  EXPECT_EQ(budget.in_use(), 60);
  auto refused = budget.Reserve(50);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  google::rpc::RetryInfo retry;
  EXPECT_TRUE(GetDetail(refused.status(), &retry));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetDetail(refused.status(), &info));
  EXPECT_EQ(info.reason(), "OVERLOADED");
  a.reset();
  EXPECT_EQ(budget.in_use(), 0);
  EXPECT_TRUE(budget.Reserve(50).ok());
}

// A call waits, until its deadline, for others to give back enough.
TEST(MemoryBudgetTest, AReservationWaitsForRoomUntilItsDeadline) {
  MemoryBudget budget(100, "test");
  std::optional<MemoryBudget::Reservation> held(*budget.Reserve(80));
  std::thread release([&held] {
    absl::SleepFor(absl::Milliseconds(50));
    held.reset();
  });
  auto waited = budget.Reserve(50, absl::Now() + absl::Seconds(30));
  release.join();
  EXPECT_TRUE(waited.ok()) << waited.status();
  EXPECT_FALSE(budget.Reserve(60, absl::Now() + absl::Milliseconds(20)).ok());
}

// A call larger than the whole budget runs alone rather than never.
TEST(MemoryBudgetTest, AReservationLargerThanTheBudgetTakesAllOfIt) {
  MemoryBudget budget(100, "test");
  auto whole = budget.Reserve(1000);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->bytes(), 100);
  EXPECT_FALSE(budget.Reserve(1).ok());
}

TEST(CountRepeatedElementsTest, CountsEveryDepth) {
  juesuan::accounts::v1::FinalAccounts a;
  auto* p = a.mutable_performance()->add_projects();
  p->add_indicators();
  p->add_indicators();
  a.mutable_department()->add_functions("职能");
  EXPECT_EQ(CountRepeatedElements(a), 4);  // 1 project, 2 indicators, 1 function
}

}  // namespace
}  // namespace juesuan
