#include "common/utf8.h"

#include "gtest/gtest.h"

namespace juesuan {
namespace {

TEST(IsValidUtf8Test, AcceptsUtf8AndRefusesOtherEncodings) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("部门决算 2,961.68 万元 ％ 😀"));
  EXPECT_FALSE(IsValidUtf8("\xb2\xbf\xc3\xc5\xbe\xf6\xcb\xe3"));  // 部门决算 in GBK
  EXPECT_FALSE(IsValidUtf8("\xe9\x83"));                          // cut inside a character
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));                          // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));                      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));                  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\x80"));
}

}  // namespace
}  // namespace juesuan
