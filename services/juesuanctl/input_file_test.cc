#include "services/juesuanctl/input_file.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_support.h"

namespace juesuan::ctl {
namespace {

TEST(ReadInputTest, ReadsAFileWithinTheBound) {
  juesuan::testing::TempDir dir;
  std::ofstream(dir.Sub("a.json")) << "{\"x\": 1}";
  auto read = ReadInput(dir.Sub("a.json"), 100);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, "{\"x\": 1}");
  EXPECT_EQ(ReadInput(dir.Sub("missing.json")).status().code(), absl::StatusCode::kNotFound);
}

// /dev/zero never ends: the read stops one byte past the bound.
TEST(ReadInputTest, AnEndlessInputIsRefusedAtTheBound) {
  auto read = ReadInput("/dev/zero", 1 << 20);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(read.status().message()),
              ::testing::HasSubstr("more than 1048576 bytes"));
}

}  // namespace
}  // namespace juesuan::ctl
