// Signed bearer tokens (JWT, RFC 7519) for people and departments, verified
// with OpenSSL against the keys of the issuers an access policy trusts.
//
// Accepted: a compact JWS with `alg` RS256 (an RSA key) or ES256 (an EC P-256
// key) — the algorithm is the key's, never the token's choice, so `none`,
// HS256 with a public key as its secret, and any other are refused; `iss` one
// of the issuers; a valid signature by one of its keys; `exp` in the future
// and `nbf` (if present) in the past, within a minute of clock skew; `aud`
// carrying the issuer's audience when it names one; a non-empty `sub`. The
// roles and departments claims (config/v1/access_policy.proto) make the
// caller: a principal named "{sub} ({iss})".
#ifndef JUESUAN_COMMON_JWT_VERIFIER_H_
#define JUESUAN_COMMON_JWT_VERIFIER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "juesuan/config/v1/access_policy.pb.h"

namespace juesuan {

class JwtVerifier {
 public:
  // Loads every issuer's keys (`base_dir`: where relative key files are).
  // INVALID_ARGUMENT naming the issuer and file for a key that is missing,
  // not a public key, or of a kind not accepted.
  static absl::StatusOr<std::shared_ptr<const JwtVerifier>> Create(
      const google::protobuf::RepeatedPtrField<config::v1::JwtIssuer>& issuers,
      const std::string& base_dir);
  ~JwtVerifier();

  // Whether `token` has a JWT's shape (three dot-separated parts), so it is
  // verified as one rather than looked up as a static token.
  static bool LooksLikeJwt(absl::string_view token);

  // The caller `token` names at `now`, or UNAUTHENTICATED saying what is
  // wrong (expired, issuer not trusted, signature, algorithm, claims).
  absl::StatusOr<config::v1::Principal> Verify(absl::string_view token, absl::Time now) const;

  // The key files read, to notice when one changes.
  const std::vector<std::string>& key_files() const { return key_files_; }
  bool empty() const { return issuers_.empty(); }

  struct Issuer;  // defined in jwt_verifier.cc

 private:
  JwtVerifier() = default;
  std::vector<std::unique_ptr<Issuer>> issuers_;
  std::vector<std::string> key_files_;
};

}  // namespace juesuan

#endif  // JUESUAN_COMMON_JWT_VERIFIER_H_
