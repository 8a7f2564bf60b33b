// Signed tokens: what is accepted makes the caller its claims say; every
// kind of bad token — expired, not yet valid, another issuer, another key, a
// payload changed after signing, `alg: none`, HS256 with the public key as
// its secret, a submitter without a department — is refused, saying why.
#include "common/jwt_verifier.h"

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/jwt_signer.h"
#include "tests/support/test_support.h"

namespace juesuan {
namespace {

using ::juesuan::testing::Base64Url;
using ::juesuan::testing::JwtSigner;
using ::juesuan::testing::TempDir;

constexpr char kIssuer[] = "https://idp.czj.example.gov.cn";

class JwtVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rsa_ = std::make_unique<JwtSigner>(JwtSigner::Rsa());
    ec_ = std::make_unique<JwtSigner>(JwtSigner::Ec());
    Write("rsa.pem", rsa_->PublicKeyPem());
    Write("ec.pem", ec_->PublicKeyPem());
    config::v1::AccessPolicy policy;
    auto* issuer = policy.add_jwt_issuers();
    issuer->set_issuer(kIssuer);
    issuer->add_public_key_files("rsa.pem");
    issuer->add_public_key_files(dir_.Sub("ec.pem"));  // absolute works too
    issuer->set_audience("juesuan");
    auto verifier = JwtVerifier::Create(policy.jwt_issuers(), dir_.path());
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = *std::move(verifier);
  }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.Sub(name)) << text;
  }

  // Claims of a reviewer of one department, valid for an hour from `now_`.
  std::string Claims(const std::string& extra = "") const {
    const int64_t now = absl::ToUnixSeconds(now_);
    return absl::StrCat("{\"iss\":\"", kIssuer, "\",\"sub\":\"zhang.wei\",\"aud\":[\"juesuan\"],",
                        "\"iat\":", now, ",\"exp\":", now + 3600,
                        ",\"roles\":[\"REVIEWER\"],\"departments\":[\"changji-kejiju\"]", extra,
                        "}");
  }

  std::string Refused(const std::string& token) const {
    absl::StatusOr<config::v1::Principal> p = verifier_->Verify(token, now_);
    EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated) << token;
    return std::string(p.status().message());
  }

  TempDir dir_;
  std::unique_ptr<JwtSigner> rsa_, ec_;
  std::shared_ptr<const JwtVerifier> verifier_;
  const absl::Time now_ = absl::Now();
};

TEST_F(JwtVerifierTest, AcceptsRs256AndEs256AndMakesTheCallerOfTheClaims) {
  for (const JwtSigner* signer : {rsa_.get(), ec_.get()}) {
    SCOPED_TRACE(signer->algorithm());
    absl::StatusOr<config::v1::Principal> p = verifier_->Verify(signer->Sign(Claims()), now_);
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_EQ(p->name(), absl::StrCat("zhang.wei (", kIssuer, ")"));
    ASSERT_EQ(p->roles_size(), 1);
    EXPECT_EQ(p->roles(0), config::v1::ROLE_REVIEWER);
    ASSERT_EQ(p->departments_size(), 1);
    EXPECT_EQ(p->departments(0), "departments/changji-kejiju");
  }
  EXPECT_TRUE(JwtVerifier::LooksLikeJwt(rsa_->Sign(Claims())));
  EXPECT_FALSE(JwtVerifier::LooksLikeJwt("a-static-token"));
}

TEST_F(JwtVerifierTest, JwtExpiredIsRefused) {
  const int64_t now = absl::ToUnixSeconds(now_);
  const std::string expired = absl::StrCat(
      "{\"iss\":\"", kIssuer, "\",\"sub\":\"z\",\"aud\":\"juesuan\",\"exp\":", now - 120,
      ",\"roles\":[\"READER\"]}");
  EXPECT_NE(Refused(rsa_->Sign(expired)).find("expired"), std::string::npos);
  // Within the minute of clock skew: accepted.
  const std::string just = absl::StrCat("{\"iss\":\"", kIssuer,
                                        "\",\"sub\":\"z\",\"aud\":\"juesuan\",\"exp\":", now - 30,
                                        ",\"roles\":[\"READER\"]}");
  EXPECT_TRUE(verifier_->Verify(rsa_->Sign(just), now_).ok());
  // Without exp: refused.
  EXPECT_NE(Refused(rsa_->Sign(absl::StrCat("{\"iss\":\"", kIssuer,
                                            "\",\"sub\":\"z\",\"aud\":\"juesuan\"}")))
                .find("no exp"),
            std::string::npos);
  EXPECT_NE(
      Refused(rsa_->Sign(Claims(absl::StrCat(",\"nbf\":", now + 600)))).find("not valid before"),
      std::string::npos);
}

TEST_F(JwtVerifierTest, JwtWrongIssuerIsRefused) {
  std::string claims = Claims();
  claims.replace(claims.find(kIssuer), strlen(kIssuer), "https://evil.example");
  EXPECT_NE(Refused(rsa_->Sign(claims)).find("not trusted"), std::string::npos);
}

TEST_F(JwtVerifierTest, JwtWrongKeyIsRefused) {
  const JwtSigner other = JwtSigner::Rsa();
  EXPECT_NE(Refused(other.Sign(Claims())).find("signature does not verify"), std::string::npos);
  const JwtSigner other_ec = JwtSigner::Ec();
  EXPECT_NE(Refused(other_ec.Sign(Claims())).find("signature does not verify"), std::string::npos);
}

TEST_F(JwtVerifierTest, JwtTamperedPayloadIsRefused) {
  const std::string token = rsa_->Sign(Claims());
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  // The same token claiming another department, signature kept.
  std::string claims = Claims();
  claims.replace(claims.find("changji-kejiju"), 14, "hami-caizhengju");
  const std::string tampered = parts[0] + "." + Base64Url(claims) + "." + parts[2];
  EXPECT_NE(Refused(tampered).find("signature does not verify"), std::string::npos);
}

TEST_F(JwtVerifierTest, JwtAlgNoneAndHs256AreRefused) {
  const std::string unsigned_token =
      Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Base64Url(Claims()) + ".";
  EXPECT_NE(Refused(unsigned_token).find("alg \"none\" is not accepted"), std::string::npos);
  // HS256 with the issuer's public key as the HMAC secret: the classic
  // confusion; the algorithm is the key's, never the token's.
  EXPECT_NE(Refused(rsa_->Sign(Claims(), "HS256")).find("alg \"HS256\" is not accepted"),
            std::string::npos);
  // An EC key's token claiming RS256: no RS256 key verifies it.
  EXPECT_NE(Refused(ec_->Sign(Claims(), "RS256")).find("signature does not verify"),
            std::string::npos);
}

TEST_F(JwtVerifierTest, JwtClaimsThatMakeNoSafeCallerAreRefused) {
  std::string claims = Claims();
  claims.replace(claims.find("[\"juesuan\"]"), 11, "[\"other\"]");
  EXPECT_NE(Refused(rsa_->Sign(claims)).find("aud"), std::string::npos);
  const int64_t exp = absl::ToUnixSeconds(now_) + 3600;
  const std::string submitter_everywhere =
      absl::StrCat("{\"iss\":\"", kIssuer, "\",\"sub\":\"u\",\"aud\":\"juesuan\",\"exp\":", exp,
                   ",\"roles\":[\"SUBMITTER\"]}");
  EXPECT_NE(Refused(rsa_->Sign(submitter_everywhere)).find("ROLE_SUBMITTER without a department"),
            std::string::npos);
  const std::string bad_department =
      absl::StrCat("{\"iss\":\"", kIssuer, "\",\"sub\":\"u\",\"aud\":\"juesuan\",\"exp\":", exp,
                   ",\"departments\":[\"departments/a/b\"]}");
  EXPECT_NE(Refused(rsa_->Sign(bad_department)).find("not a department"), std::string::npos);
  EXPECT_NE(Refused("x.y.z").find("not base64url JSON"), std::string::npos);
}

// Identity providers put roles where they like: Keycloak nests them
// (realm_access.roles), Auth0 names them with a URL (dots in the name).
TEST_F(JwtVerifierTest, ClaimsNamedByAPathOrANamespacedName) {
  config::v1::AccessPolicy policy;
  auto* issuer = policy.add_jwt_issuers();
  issuer->set_issuer(kIssuer);
  issuer->add_public_key_files("rsa.pem");
  issuer->set_roles_claim("realm_access.roles");
  issuer->set_departments_claim("https://czj.example.gov.cn/departments");
  auto verifier = JwtVerifier::Create(policy.jwt_issuers(), dir_.path());
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  const int64_t exp = absl::ToUnixSeconds(now_) + 3600;
  const std::string claims =
      absl::StrCat("{\"iss\":\"", kIssuer, "\",\"sub\":\"li.na\",\"exp\":", exp,
                   ",\"realm_access\":{\"roles\":[\"submitter\",\"offline_access\"]},",
                   "\"https://czj.example.gov.cn/departments\":\"changji-kejiju\"}");
  absl::StatusOr<config::v1::Principal> p = (*verifier)->Verify(rsa_->Sign(claims), now_);
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->roles_size(), 1);  // offline_access is not a role of ours
  EXPECT_EQ(p->roles(0), config::v1::ROLE_SUBMITTER);
  ASSERT_EQ(p->departments_size(), 1);
  EXPECT_EQ(p->departments(0), "departments/changji-kejiju");
  // A path through something that is not an object finds nothing: no role.
  const std::string flat = absl::StrCat("{\"iss\":\"", kIssuer, "\",\"sub\":\"u\",\"exp\":", exp,
                                        ",\"realm_access\":\"roles\"}");
  p = (*verifier)->Verify(rsa_->Sign(flat), now_);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->roles_size(), 0);
}

TEST(JwtVerifierCreate, RefusesKeysItCannotUse) {
  TempDir dir;
  std::ofstream(dir.Sub("not.pem")) << "hello";
  config::v1::AccessPolicy policy;
  auto* issuer = policy.add_jwt_issuers();
  issuer->set_issuer("i");
  issuer->add_public_key_files("not.pem");
  auto verifier = JwtVerifier::Create(policy.jwt_issuers(), dir.path());
  EXPECT_EQ(verifier.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(verifier.status().message().find("no PEM public key"), absl::string_view::npos);
  issuer->set_public_key_files(0, "missing.pem");
  EXPECT_NE(
      JwtVerifier::Create(policy.jwt_issuers(), dir.path()).status().message().find("cannot read"),
      absl::string_view::npos);
}

}  // namespace
}  // namespace juesuan
