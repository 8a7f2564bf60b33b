#include "common/request_errors.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace juesuan {
namespace {

constexpr char kDomain[] = "juesuan.scoring.v1";

// What every service answers for a field at fault: the message names it,
// the BadRequest carries it, the ErrorInfo says MALFORMED_REQUEST in the
// service's domain.
TEST(RequestErrorsTest, ABadFieldIsNamedInTheMessageBadRequestAndErrorInfo) {
  const absl::Status status = BadField(kDomain, "parent", "must be departments/-");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "invalid request: parent must be departments/-");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(GetDetail(status, &bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "parent");
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetDetail(status, &info));
  EXPECT_EQ(info.reason(), "MALFORMED_REQUEST");
  EXPECT_EQ(info.domain(), kDomain);
  EXPECT_EQ(info.metadata().at("violation_count"), "1");
}

TEST(RequestErrorsTest, ManyViolationsAreBoundedAndCounted) {
  std::vector<FieldViolation> violations;
  for (int i = 0; i < 25; ++i) {
    violations.push_back({absl::StrCat("rows[", i, "]"), std::string(1000, 'x')});
  }
  const absl::Status status = Malformed(kDomain, "invalid accounts", violations);
  EXPECT_EQ(status.message().substr(0, 26), "invalid accounts: rows[0] ");
  EXPECT_NE(status.message().find("(and 24 more)"), absl::string_view::npos);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(GetDetail(status, &bad_request));
  EXPECT_EQ(bad_request.field_violations_size(), kMaxViolations);
  // Cut, and marked as cut ("…", 3 bytes).
  EXPECT_EQ(bad_request.field_violations(0).description().size(), kMaxDescriptionBytes + 3);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetDetail(status, &info));
  EXPECT_EQ(info.metadata().at("violation_count"), "25");
}

TEST(RequestErrorsTest, APageSizeIsTheDefaultWhenUnsetAndAtMostTheMaximum) {
  EXPECT_EQ(*PageSize(kDomain, 0, 50, 1000), 50);
  EXPECT_EQ(*PageSize(kDomain, 7, 50, 1000), 7);
  EXPECT_EQ(*PageSize(kDomain, 5000, 50, 1000), 1000);
  const absl::StatusOr<int> negative = PageSize(kDomain, -1, 50, 1000);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.status().message(), "invalid request: page_size must not be negative, got -1");
}

TEST(RequestErrorsTest, OnlyAStoresRefusalOfThePageTokenIsAPageTokenError) {
  const absl::StatusOr<int> token = AsPageTokenError(
      kDomain, absl::StatusOr<int>(absl::InvalidArgumentError("page_token: malformed")));
  ASSERT_FALSE(token.ok());
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(GetDetail(token.status(), &bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "page_token");
  // Anything else passes as it is.
  const absl::StatusOr<int> other =
      AsPageTokenError(kDomain, absl::StatusOr<int>(absl::UnavailableError("store closed")));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(*AsPageTokenError(kDomain, absl::StatusOr<int>(3)), 3);
}

}  // namespace
}  // namespace juesuan
