#include "common/error_details.h"

#include "common/grpc_status.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace juesuan {
namespace {

TEST(ErrorDetailsTest, BadRequestAndErrorInfoReachTheWireAndBack) {
  absl::Status status = InvalidArgumentWithViolations(
      "收入总计不平衡",
      {{"accounts.income_expenditure_summary.total_income_fen", "差额 1.00 万元"}});
  AttachErrorInfo(status, "T1-IN", "juesuan.ingestion.v1", {{"fatal_count", "1"}});

  const grpc::Status wire = ToGrpcStatus(status);
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire.error_message(), "收入总计不平衡");
  google::rpc::Status rpc_status;
  ASSERT_TRUE(rpc_status.ParseFromString(wire.error_details()));
  EXPECT_EQ(rpc_status.code(), 3);
  ASSERT_EQ(rpc_status.details_size(), 2);

  const absl::Status back = FromGrpcStatus(wire);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(GetDetail(back, &bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(),
            "accounts.income_expenditure_summary.total_income_fen");
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetDetail(back, &info));
  EXPECT_EQ(info.reason(), "T1-IN");
  EXPECT_EQ(info.metadata().at("fatal_count"), "1");
}

TEST(ErrorDetailsTest, OkStaysOkAndPlainErrorsHaveNoDetails) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  const grpc::Status wire = ToGrpcStatus(absl::NotFoundError("departments/x not found"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(wire.error_details().empty());
}

TEST(ErrorDetailsTest, LongMessagesAreCutOnACharacterBoundary) {
  std::string long_message;
  for (int i = 0; i < 3000; ++i) long_message += "差";  // 3 bytes each
  const grpc::Status wire = ToGrpcStatus(absl::InvalidArgumentError(long_message));
  EXPECT_LE(wire.error_message().size(), 4096u + 3u);
  // Still valid UTF-8: every 差 is whole, then the ellipsis.
  const std::string& m = wire.error_message();
  EXPECT_EQ(m.substr(m.size() - 3), "…");
  EXPECT_EQ((m.size() - 3) % 3, 0u);
}

}  // namespace
}  // namespace juesuan
