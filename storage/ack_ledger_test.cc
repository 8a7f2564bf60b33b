#include "storage/ack_ledger.h"

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace juesuan::storage {
namespace {

using ::juesuan::testing::TempDir;

TEST(AckLedgerTest, AReopenedLedgerHoldsTheLastWritesInOrder) {
  TempDir dir;
  const std::string path = dir.Sub("ACK-LEDGER");
  constexpr int kWrites = AckLedger::kSlots + 37;  // the ring wraps
  {
    auto ledger = *AckLedger::Open(path);
    EXPECT_TRUE(ledger->recovered().empty());
    for (int i = 1; i <= kWrites; ++i) {
      ASSERT_TRUE(ledger->Record(100 + i, absl::StrCat("revisions/", i)).ok());
    }
  }
  auto ledger = *AckLedger::Open(path);
  const auto& entries = ledger->recovered();
  ASSERT_EQ(entries.size(), static_cast<size_t>(AckLedger::kSlots));
  EXPECT_EQ(entries.front().counter, static_cast<uint64_t>(kWrites - AckLedger::kSlots + 1));
  EXPECT_EQ(entries.back().counter, static_cast<uint64_t>(kWrites));
  EXPECT_EQ(entries.back().sequence, static_cast<uint64_t>(100 + kWrites));
  EXPECT_EQ(entries.back().what, absl::StrCat("revisions/", kWrites));
  // The count goes on from where it was: the next write is the newest.
  ASSERT_TRUE(ledger->Record(5000, "next").ok());
  ledger.reset();
  auto again = *AckLedger::Open(path);
  EXPECT_EQ(again->recovered().back().counter, static_cast<uint64_t>(kWrites + 1));
  EXPECT_EQ(again->recovered().back().what, "next");
}

// A slot damaged on disk is skipped, not read as a write.
TEST(AckLedgerTest, ADamagedSlotIsSkipped) {
  TempDir dir;
  const std::string path = dir.Sub("ACK-LEDGER");
  {
    auto ledger = *AckLedger::Open(path);
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(ledger->Record(i, "w").ok());
  }
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(AckLedger::kSlotBytes + 40);  // inside the second slot
    f.write("garbage", 7);
  }
  auto ledger = *AckLedger::Open(path);
  ASSERT_EQ(ledger->recovered().size(), 2u);
  EXPECT_EQ(ledger->recovered()[0].counter, 1u);
  EXPECT_EQ(ledger->recovered()[1].counter, 3u);
}

// What is kept is cut on a character boundary, never inside one.
TEST(AckLedgerTest, ALongDescriptionIsCutOnACharacterBoundary) {
  TempDir dir;
  std::string what;
  for (int i = 0; i < 200; ++i) what += "决";  // 600 bytes
  {
    auto ledger = *AckLedger::Open(dir.Sub("L"));
    ASSERT_TRUE(ledger->Record(1, what).ok());
  }
  auto ledger = *AckLedger::Open(dir.Sub("L"));
  const std::string& kept = ledger->recovered().at(0).what;
  EXPECT_LT(kept.size(), what.size());
  EXPECT_EQ(kept.size() % 3, 0u);
  EXPECT_EQ(what.rfind(kept, 0), 0u);
}

}  // namespace
}  // namespace juesuan::storage
