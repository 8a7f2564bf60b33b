#include "tests/support/jwt_signer.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "absl/strings/escaping.h"

namespace juesuan::testing {
namespace {

EVP_PKEY* Key(const std::shared_ptr<void>& key) { return static_cast<EVP_PKEY*>(key.get()); }

std::shared_ptr<void> Own(EVP_PKEY* key) {
  return std::shared_ptr<void>(key, [](void* k) { EVP_PKEY_free(static_cast<EVP_PKEY*>(k)); });
}

}  // namespace

std::string Base64Url(const std::string& bytes) {
  std::string out;
  absl::WebSafeBase64Escape(bytes, &out);
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

JwtSigner JwtSigner::Rsa() { return JwtSigner(Own(EVP_RSA_gen(2048)), "RS256"); }
JwtSigner JwtSigner::Ec() { return JwtSigner(Own(EVP_EC_gen("P-256")), "ES256"); }

std::string JwtSigner::PublicKeyPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, Key(key_));
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, length);
  BIO_free(bio);
  return pem;
}

std::string JwtSigner::Sign(const std::string& payload_json, const std::string& alg) const {
  const std::string header =
      std::string("{\"alg\":\"") + (alg.empty() ? algorithm_ : alg) + "\",\"typ\":\"JWT\"}";
  const std::string signed_part = Base64Url(header) + "." + Base64Url(payload_json);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t length = 0;
  EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, Key(key_));
  EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(signed_part.data()),
                 signed_part.size());
  std::string signature(length, '\0');
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                 reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size());
  signature.resize(length);
  EVP_MD_CTX_free(ctx);
  if (algorithm_ == "ES256") {  // DER → r‖s, as JWS writes it
    const unsigned char* der = reinterpret_cast<const unsigned char*>(signature.data());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size()));
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(sig);
    signature = raw;
  }
  return signed_part + "." + Base64Url(signature);
}

}  // namespace juesuan::testing
