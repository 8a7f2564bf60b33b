// Bearer tokens as any caller sends them, verified as signed tokens (JWT):
// the header, the claims and the signature are attacker's bytes, decoded
// (base64url, JSON) and checked before anything is trusted.
//
// Input: the token. The verifier trusts one issuer, https://idp.fuzz, with
// the RSA key below (the corpus holds a token it signed, so the accepted
// path is covered), at a fixed time.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/time/time.h"
#include "common/jwt_verifier.h"
#include "fuzz/fuzz_support.h"

namespace juesuan::fuzz {
namespace {

constexpr char kPublicKey[] =
    "-----BEGIN PUBLIC "
    "KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4vL2zr8zJ7Py7r1Td4HF\nNHBL5Xv1pnncI/"
    "qtAkuFZeSsrG+jKh/"
    "sFfkVNttbwzPLERo4PIALugvcQad7KaXz\noyfhJYnQKomWYrWeH7gFlROVF1MjiG4AWOVjmJDSM3QtY364zOCjfCUWOG8"
    "pdLC0\nutaQ7QO2PRFvqqzaMP1FrexPql2PQtg4j+vhs3Ff+TN2bUZSUS0UBxW+dw1kxz7Y\nx5UofrtamSsfM+"
    "ke89XDFSjvQ7MVPTqJwTD4FqMAHI1ksjWYtS2t9PLD2jNFH+AZ\n0HyEJ90UNHLBHQp9AbdUJkpeQ/"
    "jvlcR0seGAd0p4vhxZR8RYtLgKSdoLf+r7faag\nzQIDAQAB\n-----END PUBLIC KEY-----\n";

const JwtVerifier& Verifier() {
  static const std::shared_ptr<const JwtVerifier>* verifier = [] {
    char path[] = "/tmp/fuzz-jwt-key-XXXXXX";
    const int fd = mkstemp(path);
    Require(fd >= 0, "a temporary key file");
    close(fd);
    std::ofstream(path) << kPublicKey;
    config::v1::AccessPolicy policy;
    auto* issuer = policy.add_jwt_issuers();
    issuer->set_issuer("https://idp.fuzz");
    issuer->add_public_key_files(path);
    issuer->set_audience("juesuan");
    auto made = JwtVerifier::Create(policy.jwt_issuers(), "");
    unlink(path);
    Require(made.ok(), "the verifier loads its key");
    return new std::shared_ptr<const JwtVerifier>(*std::move(made));
  }();
  return **verifier;
}

}  // namespace
}  // namespace juesuan::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace juesuan;
  const absl::StatusOr<config::v1::Principal> caller =
      fuzz::Verifier().Verify(fuzz::AsText(data, size), absl::FromUnixSeconds(1893456000));
  if (caller.ok()) {
    // Whatever it accepts names a caller, and never a submitter for all.
    fuzz::Require(!caller->name().empty(), "an accepted token names its caller");
    bool submitter = false;
    for (int role : caller->roles()) submitter |= role == config::v1::ROLE_SUBMITTER;
    fuzz::Require(!submitter || caller->departments_size() > 0,
                  "a submitter token is limited to departments");
  } else {
    fuzz::Require(caller.status().code() == absl::StatusCode::kUnauthenticated,
                  "a refused token is UNAUTHENTICATED");
  }
  return 0;
}
