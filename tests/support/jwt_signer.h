// Tests only: signing keys and signed tokens (JWT) made with OpenSSL, as an
// identity provider would make them, to test their verification.
#ifndef JUESUAN_TESTS_SUPPORT_JWT_SIGNER_H_
#define JUESUAN_TESTS_SUPPORT_JWT_SIGNER_H_

#include <memory>
#include <string>

namespace juesuan::testing {

class JwtSigner {
 public:
  // A new RSA-2048 (RS256) or EC P-256 (ES256) key.
  static JwtSigner Rsa();
  static JwtSigner Ec();

  // The public key as PEM (SubjectPublicKeyInfo).
  std::string PublicKeyPem() const;
  // "RS256" or "ES256".
  const std::string& algorithm() const { return algorithm_; }

  // header.payload.signature: `payload_json` signed, with a header naming
  // `alg` (default: the key's).
  std::string Sign(const std::string& payload_json, const std::string& alg = "") const;

 private:
  JwtSigner(std::shared_ptr<void> key, std::string algorithm)
      : key_(std::move(key)), algorithm_(std::move(algorithm)) {}
  std::shared_ptr<void> key_;  // EVP_PKEY
  std::string algorithm_;
};

// base64url without padding, as JWTs are written.
std::string Base64Url(const std::string& bytes);

}  // namespace juesuan::testing

#endif  // JUESUAN_TESTS_SUPPORT_JWT_SIGNER_H_
