// Signed tokens at a real server (juesuan-ingestion in process, real gRPC):
// a department's token submits for its department and is refused another's;
// each bad token is UNAUTHENTICATED; the static digest of a service account
// still works beside them; a rotated key file is read again without a
// restart.
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/json_log.h"
#include "common/sha256.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "services/ingestion/ingestion_server.h"
#include "tests/support/jwt_signer.h"
#include "tests/support/test_support.h"

namespace juesuan {
namespace {

namespace iv1 = ::juesuan::ingestion::v1;
using ::juesuan::testing::JwtSigner;
using ::juesuan::testing::SeedAccounts;
using ::juesuan::testing::TempDir;

constexpr char kIssuer[] = "https://idp.czj.example.gov.cn";

class JwtGrpcTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { SetLoggingEnabled(false); }

  void SetUp() override {
    signer_ = std::make_unique<JwtSigner>(JwtSigner::Rsa());
    WriteKey(*signer_);
    std::ofstream(dir_.Sub("policy.textproto"))
        << "principals { name: \"juesuan-scoring\" token_sha256: \"" << Sha256Hex("service-token")
        << "\" roles: ROLE_READER }\n"
        << "jwt_issuers { issuer: \"" << kIssuer
        << "\" public_key_files: \"idp.pem\" audience: \"juesuan\" }\n";
    ingestion::IngestionServerOptions options;
    options.data_dir = dir_.Sub("data");
    options.security.access_policy_file = dir_.Sub("policy.textproto");
    auto server = ingestion::IngestionServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = iv1::AccountIngestionService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  void WriteKey(const JwtSigner& signer) {
    std::ofstream(dir_.Sub("idp.pem.new")) << signer.PublicKeyPem();
    std::rename(dir_.Sub("idp.pem.new").c_str(), dir_.Sub("idp.pem").c_str());
  }

  // A token of `roles` for `department`, valid for an hour.
  std::string Token(const JwtSigner& signer, const std::string& roles,
                    const std::string& department) const {
    return signer.Sign(absl::StrCat("{\"iss\":\"", kIssuer,
                                    "\",\"sub\":\"li.na\",\"aud\":\"juesuan\",\"exp\":",
                                    absl::ToUnixSeconds(absl::Now()) + 3600, ",\"roles\":[", roles,
                                    "],\"departments\":[\"", department, "\"]}"));
  }

  grpc::Status Submit(const std::string& token, const std::string& department) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    iv1::SubmitAccountsRequest request;
    *request.mutable_accounts() = SeedAccounts();
    request.mutable_accounts()->mutable_department()->set_name(department);
    request.set_validate_only(true);
    iv1::SubmitAccountsResponse response;
    return stub_->SubmitAccounts(&context, request, &response);
  }

  grpc::Status Get(const std::string& token, const std::string& name) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    iv1::GetAccountsRequest request;
    request.set_name(name);
    iv1::AccountsRevision response;
    return stub_->GetAccounts(&context, request, &response);
  }

  TempDir dir_;
  std::unique_ptr<JwtSigner> signer_;
  std::unique_ptr<ingestion::IngestionServer> server_;
  std::unique_ptr<iv1::AccountIngestionService::Stub> stub_;
};

TEST_F(JwtGrpcTest, JwtDepartmentClaimActsForItsDepartmentOnly) {
  const std::string own = "departments/changji-kejiju";
  const std::string token = Token(*signer_, "\"SUBMITTER\"", own);
  EXPECT_TRUE(Submit(token, own).ok()) << Submit(token, own).error_message();
  const grpc::Status other = Submit(token, "departments/hami-caizhengju");
  EXPECT_EQ(other.error_code(), grpc::StatusCode::PERMISSION_DENIED) << other.error_message();
  EXPECT_NE(other.error_message().find("does not act for departments/hami-caizhengju"),
            std::string::npos)
      << other.error_message();
  // A reader of its department reads it (nothing stored: NOT_FOUND), not another's.
  const std::string reader = Token(*signer_, "\"READER\"", own);
  EXPECT_EQ(Get(reader, own + "/accounts/2023").error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(reader, "departments/hami-caizhengju/accounts/2023").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // And may not submit: no role for it.
  EXPECT_EQ(Submit(reader, own).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(JwtGrpcTest, JwtBadTokensAreUnauthenticated) {
  const std::string own = "departments/changji-kejiju";
  const JwtSigner stranger = JwtSigner::Rsa();
  const std::string good = Token(*signer_, "\"SUBMITTER\"", own);
  const std::string unsigned_token =
      testing::Base64Url("{\"alg\":\"none\"}") + "." +
      good.substr(good.find('.') + 1, good.rfind('.') - good.find('.') - 1) + ".";
  const std::string expired = signer_->Sign(absl::StrCat(
      "{\"iss\":\"", kIssuer,
      "\",\"sub\":\"li.na\",\"aud\":\"juesuan\",\"exp\":", absl::ToUnixSeconds(absl::Now()) - 3600,
      ",\"roles\":[\"SUBMITTER\"],\"departments\":[\"", own, "\"]}"));
  std::string wrong_issuer_claims = absl::StrCat(
      "{\"iss\":\"https://other.example\",\"sub\":\"li.na\",\"aud\":\"juesuan\",\"exp\":",
      absl::ToUnixSeconds(absl::Now()) + 3600, ",\"roles\":[\"SUBMITTER\"],\"departments\":[\"",
      own, "\"]}");
  for (const std::string& bad :
       {expired, signer_->Sign(wrong_issuer_claims), Token(stranger, "\"SUBMITTER\"", own),
        unsigned_token, good.substr(0, good.size() - 4) + "AAAA"}) {
    const grpc::Status status = Submit(bad, own);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << bad;
    EXPECT_NE(status.error_message().find("the bearer token is not accepted"), std::string::npos)
        << status.error_message();
  }
  // The service account's static token, beside them.
  EXPECT_EQ(Get("service-token", own + "/accounts/2023").error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(JwtGrpcTest, JwtRotatedKeyFileIsReadAgain) {
  const std::string own = "departments/changji-kejiju";
  const std::string before = Token(*signer_, "\"SUBMITTER\"", own);
  ASSERT_TRUE(Submit(before, own).ok());
  const JwtSigner next = JwtSigner::Ec();
  WriteKey(next);
  const std::string after = Token(next, "\"SUBMITTER\"", own);
  // Read again within about a second.
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (!Submit(after, own).ok() && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(100));
  EXPECT_TRUE(Submit(after, own).ok());
  EXPECT_EQ(Submit(before, own).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace juesuan
