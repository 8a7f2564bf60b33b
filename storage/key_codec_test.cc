#include "storage/key_codec.h"

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"

namespace juesuan::storage {
namespace {

TEST(KeyCodecTest, PrimitivesRoundTrip) {
  std::string key;
  AppendU16(&key, 2023);
  AppendU64(&key, 0x0102030405060708ull);
  AppendOrderedString(&key, std::string("a\0b\xff", 4));
  absl::string_view in = key;
  EXPECT_EQ(*ConsumeU16(&in), 2023);
  EXPECT_EQ(*ConsumeU64(&in), 0x0102030405060708ull);
  EXPECT_EQ(*ConsumeOrderedString(&in), std::string("a\0b\xff", 4));
  EXPECT_TRUE(in.empty());
}

TEST(KeyCodecTest, IntegersAreBigEndian) {
  std::string key;
  AppendU16(&key, 0x07E7);
  EXPECT_EQ(key, std::string("\x07\xE7", 2));
}

TEST(KeyCodecTest, TruncatedOrMalformedInputIsDataLoss) {
  absl::string_view one_byte("\x01", 1);
  EXPECT_EQ(ConsumeU16(&one_byte).status().code(), absl::StatusCode::kDataLoss);
  absl::string_view unterminated("abc");
  EXPECT_EQ(ConsumeOrderedString(&unterminated).status().code(), absl::StatusCode::kDataLoss);
  absl::string_view bad_escape("a\0\x05", 3);
  EXPECT_EQ(ConsumeOrderedString(&bad_escape).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeRevisionKey("garbage").status().code(), absl::StatusCode::kDataLoss);
  std::string trailing = RevisionKey({"d", 2023}, 1) + "x";
  EXPECT_EQ(DecodeRevisionKey(trailing).status().code(), absl::StatusCode::kDataLoss);
}

TEST(KeyCodecTest, KeysDecodeToTheirParts) {
  const auto revision = DecodeRevisionKey(RevisionKey({"changji-kejiju", 2023}, 7));
  ASSERT_TRUE(revision.ok());
  EXPECT_EQ(revision->first.department_id, "changji-kejiju");
  EXPECT_EQ(revision->first.fiscal_year, 2023);
  EXPECT_EQ(revision->second, 7u);
  const auto index = DecodeAccountsIndexKey(AccountsIndexKey(2023, "652300", "changji-kejiju"));
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->fiscal_year, 2023);
  EXPECT_EQ(index->region_code, "652300");
  EXPECT_EQ(index->department_id, "changji-kejiju");
  EXPECT_EQ(*DecodeDepartmentKey(DepartmentKey("x-1")), "x-1");
}

// Bytewise order of encoded keys must equal the order of their parts: this
// is what makes prefix scans list revisions oldest-first and accounts by year,
// region and department.
TEST(KeyCodecTest, EncodedOrderEqualsLogicalOrder) {
  std::mt19937 rng(20231231);
  const std::string alphabet(
      "\0\x01"
      "ab-z\xfe\xff",
      8);
  auto random_string = [&] {
    std::string s;
    const int n = static_cast<int>(rng() % 5);
    for (int i = 0; i < n; ++i) s.push_back(alphabet[rng() % alphabet.size()]);
    return s;
  };
  using Parts = std::tuple<std::string, uint16_t, uint64_t>;
  std::vector<Parts> parts;
  for (int i = 0; i < 2000; ++i) {
    parts.emplace_back(random_string(), static_cast<uint16_t>(2020 + rng() % 5),
                       rng() % 3 == 0 ? (uint64_t{1} << 40) + rng() % 3 : rng() % 300);
  }
  std::vector<std::pair<std::string, Parts>> encoded;
  for (const Parts& p : parts) {
    std::string key;
    AppendOrderedString(&key, std::get<0>(p));
    AppendU16(&key, std::get<1>(p));
    AppendU64(&key, std::get<2>(p));
    encoded.emplace_back(key, p);
  }
  std::sort(encoded.begin(), encoded.end());
  // Unsigned byte comparison of strings (std::string compares char as
  // unsigned via char_traits) must agree with tuple order.
  for (size_t i = 1; i < encoded.size(); ++i) {
    const auto& [a_key, a] = encoded[i - 1];
    const auto& [b_key, b] = encoded[i];
    auto as_unsigned = [](const std::string& s) {
      return std::vector<unsigned char>(s.begin(), s.end());
    };
    const auto ta = std::make_tuple(as_unsigned(std::get<0>(a)), std::get<1>(a), std::get<2>(a));
    const auto tb = std::make_tuple(as_unsigned(std::get<0>(b)), std::get<1>(b), std::get<2>(b));
    EXPECT_FALSE(tb < ta) << "order broken at " << i;
  }
}

TEST(KeyCodecTest, RevisionsOfOneDepartmentYearShareAPrefixAndNoOtherKeyDoes) {
  const std::string prefix = RevisionPrefix({"a", 2023});
  EXPECT_EQ(RevisionKey({"a", 2023}, 1).rfind(prefix, 0), 0u);
  EXPECT_NE(RevisionKey({"ab", 2023}, 1).rfind(prefix, 0), 0u);
  EXPECT_NE(RevisionKey({"a", 2024}, 1).rfind(prefix, 0), 0u);
}

TEST(KeyCodecTest, PrefixSuccessorBoundsAPrefix) {
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\xff\xff", 2)), "");
  const std::string p = RevisionPrefix({"a", 2023});
  EXPECT_LT(RevisionKey({"a", 2023}, ~uint64_t{0}), PrefixSuccessor(p));
}

}  // namespace
}  // namespace juesuan::storage
