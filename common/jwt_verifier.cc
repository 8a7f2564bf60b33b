#include "common/jwt_verifier.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/resource_names.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace juesuan {

using config::v1::JwtIssuer;
using config::v1::Principal;
using google::protobuf::Struct;
using google::protobuf::Value;

struct JwtVerifier::Issuer {
  JwtIssuer config;
  struct Key {
    std::string algorithm;  // "RS256" or "ES256"
    std::shared_ptr<EVP_PKEY> key;
  };
  std::vector<Key> keys;
};

namespace {

constexpr absl::Duration kLeeway = absl::Minutes(1);

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("the bearer token is not accepted: ", why));
}

// A PEM public key and the algorithm it verifies, or why not.
absl::StatusOr<JwtVerifier::Issuer::Key> ReadKey(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read ", path));
  std::stringstream pem;
  pem << in.rdbuf();
  const std::string text = pem.str();
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(text.data(), text.size()),
                                                BIO_free);
  std::shared_ptr<EVP_PKEY> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
                                EVP_PKEY_free);
  if (key == nullptr)
    return absl::InvalidArgumentError(absl::StrCat(path, " is no PEM public key"));
  if (EVP_PKEY_base_id(key.get()) == EVP_PKEY_RSA) {
    if (EVP_PKEY_bits(key.get()) < 2048) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": an RSA key under 2048 bits"));
    }
    return JwtVerifier::Issuer::Key{"RS256", std::move(key)};
  }
  if (EVP_PKEY_base_id(key.get()) == EVP_PKEY_EC && EVP_PKEY_bits(key.get()) == 256) {
    return JwtVerifier::Issuer::Key{"ES256", std::move(key)};
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": neither an RSA key (RS256) nor an EC P-256 key (ES256)"));
}

// ES256's signature is r‖s, 32 bytes each; OpenSSL verifies DER.
std::string EcdsaDer(absl::string_view raw) {
  if (raw.size() != 64) return "";
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  ECDSA_SIG_set0(sig, r, s);
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(sig, &der);
  std::string out = length > 0 ? std::string(reinterpret_cast<char*>(der), length) : "";
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  return out;
}

bool SignatureVerifies(const JwtVerifier::Issuer::Key& key, absl::string_view signed_part,
                       absl::string_view signature) {
  const std::string der = key.algorithm == "ES256" ? EcdsaDer(signature) : std::string(signature);
  if (der.empty()) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der.data()), der.size(),
                          reinterpret_cast<const unsigned char*>(signed_part.data()),
                          signed_part.size()) == 1;
}

// A base64url part of the token as JSON, or why not.
absl::StatusOr<Struct> JsonPart(absl::string_view part, absl::string_view what) {
  std::string json;
  Struct out;
  if (!absl::WebSafeBase64Unescape(part, &json) ||
      !google::protobuf::util::JsonStringToMessage(json, &out).ok()) {
    return Unauthenticated(absl::StrCat("its ", what, " is not base64url JSON"));
  }
  return out;
}

const Value* Field(const Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? nullptr : &it->second;
}

std::string StringField(const Struct& s, const std::string& name) {
  const Value* v = Field(s, name);
  return v != nullptr && v->has_string_value() ? v->string_value() : "";
}

// The claim `name` names: a claim of that name, else a path of claims
// through objects ("realm_access.roles", as Keycloak nests its roles). The
// whole name is tried first, so a namespaced claim with dots in its name
// ("https://czj.example.gov.cn/roles") is found as itself.
const Value* Claim(const Struct& s, const std::string& name) {
  if (const Value* v = Field(s, name); v != nullptr) return v;
  const Struct* object = &s;
  const Value* v = nullptr;
  for (absl::string_view part : absl::StrSplit(name, '.')) {
    if (object == nullptr) return nullptr;
    v = Field(*object, std::string(part));
    if (v == nullptr) return nullptr;
    object = v->has_struct_value() ? &v->struct_value() : nullptr;
  }
  return v;
}

// The strings of a claim that is a string or a list of strings.
std::vector<std::string> Strings(const Struct& s, const std::string& name) {
  std::vector<std::string> out;
  const Value* v = Claim(s, name);
  if (v == nullptr) return out;
  if (v->has_string_value()) out.push_back(v->string_value());
  if (v->has_list_value()) {
    for (const Value& item : v->list_value().values()) {
      if (item.has_string_value()) out.push_back(item.string_value());
    }
  }
  return out;
}

// A NumericDate claim (seconds since the epoch) as a time; a number more
// than 10,000 years from 1970 either way (some would not even fit an
// integer) is none.
std::optional<absl::Time> NumericDate(const Value* v) {
  constexpr double kLimit = 253402300800.0;  // 10000-01-01
  if (v == nullptr || !v->has_number_value()) return std::nullopt;
  const double seconds = v->number_value();
  if (!(seconds > -kLimit && seconds < kLimit)) return std::nullopt;
  return absl::FromUnixSeconds(static_cast<int64_t>(seconds));
}

// The time claims: `exp` required and in the future, `nbf` in the past.
absl::Status CheckTimes(const Struct& claims, absl::Time now) {
  const std::optional<absl::Time> exp = NumericDate(Field(claims, "exp"));
  if (!exp.has_value()) return Unauthenticated("it has no exp (a NumericDate)");
  const absl::Time expires = *exp;
  if (now > expires + kLeeway) {
    return Unauthenticated(absl::StrCat("it expired at ", absl::FormatTime(expires)));
  }
  const Value* nbf = Field(claims, "nbf");
  if (nbf != nullptr) {
    const std::optional<absl::Time> not_before = NumericDate(nbf);
    if (!not_before.has_value()) return Unauthenticated("its nbf is not a NumericDate");
    const absl::Time from = *not_before;
    if (now + kLeeway < from) {
      return Unauthenticated(absl::StrCat("it is not valid before ", absl::FormatTime(from)));
    }
  }
  return absl::OkStatus();
}

// The caller the claims make, or why they make none.
absl::StatusOr<Principal> CallerOf(const Struct& claims, const JwtIssuer& issuer) {
  Principal p;
  const std::string sub = StringField(claims, "sub");
  if (sub.empty()) return Unauthenticated("it has no sub");
  p.set_name(absl::StrCat(sub, " (", issuer.issuer(), ")"));
  const std::string roles = issuer.roles_claim().empty() ? "roles" : issuer.roles_claim();
  bool submitter = false;
  for (const std::string& role : Strings(claims, roles)) {
    config::v1::Role parsed;
    const std::string upper = absl::AsciiStrToUpper(role);
    if (config::v1::Role_Parse(upper.rfind("ROLE_", 0) == 0 ? upper : "ROLE_" + upper, &parsed) &&
        parsed != config::v1::ROLE_UNSPECIFIED) {
      p.add_roles(parsed);
      submitter |= parsed == config::v1::ROLE_SUBMITTER;
    }
  }
  const std::string departments =
      issuer.departments_claim().empty() ? "departments" : issuer.departments_claim();
  for (const std::string& d : Strings(claims, departments)) {
    const std::string name = d.rfind("departments/", 0) == 0 ? d : "departments/" + d;
    if (DepartmentIdFromName(name).empty()) {
      return Unauthenticated(
          absl::StrCat("its ", departments, " claim holds \"", d, "\", which is not a department"));
    }
    p.add_departments(name);
  }
  if (submitter && p.departments().empty()) {
    return Unauthenticated(
        absl::StrCat("it gives ROLE_SUBMITTER without a department (", departments, " claim)"));
  }
  return p;
}

bool AudienceMatches(const Struct& claims, const std::string& audience) {
  if (audience.empty()) return true;
  for (const std::string& a : Strings(claims, "aud")) {
    if (a == audience) return true;
  }
  return false;
}

}  // namespace

JwtVerifier::~JwtVerifier() = default;

absl::StatusOr<std::shared_ptr<const JwtVerifier>> JwtVerifier::Create(
    const google::protobuf::RepeatedPtrField<JwtIssuer>& issuers, const std::string& base_dir) {
  std::shared_ptr<JwtVerifier> verifier(new JwtVerifier());
  for (const JwtIssuer& config : issuers) {
    const std::string where = absl::StrCat("jwt_issuers \"", config.issuer(), "\"");
    if (config.issuer().empty())
      return absl::InvalidArgumentError("jwt_issuers: issuer is required");
    if (config.public_key_files().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": public_key_files is required"));
    }
    auto issuer = std::make_unique<Issuer>();
    issuer->config = config;
    for (const std::string& file : config.public_key_files()) {
      const std::string path = file.empty() || file[0] == '/' || base_dir.empty()
                                   ? file
                                   : absl::StrCat(base_dir, "/", file);
      absl::StatusOr<Issuer::Key> key = ReadKey(path);
      if (!key.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": ", key.status().message()));
      }
      issuer->keys.push_back(*std::move(key));
      verifier->key_files_.push_back(path);
    }
    verifier->issuers_.push_back(std::move(issuer));
  }
  return std::shared_ptr<const JwtVerifier>(std::move(verifier));
}

bool JwtVerifier::LooksLikeJwt(absl::string_view token) {
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  return parts.size() == 3 && !parts[0].empty() && !parts[1].empty();
}

absl::StatusOr<Principal> JwtVerifier::Verify(absl::string_view token, absl::Time now) const {
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Unauthenticated("it is not header.payload.signature");
  absl::StatusOr<Struct> header = JsonPart(parts[0], "header");
  if (!header.ok()) return header.status();
  absl::StatusOr<Struct> claims = JsonPart(parts[1], "payload");
  if (!claims.ok()) return claims.status();
  const std::string alg = StringField(*header, "alg");
  if (alg != "RS256" && alg != "ES256") {
    return Unauthenticated(absl::StrCat("alg \"", alg, "\" is not accepted (RS256 or ES256)"));
  }
  const std::string iss = StringField(*claims, "iss");
  const Issuer* issuer = nullptr;
  for (const auto& i : issuers_) {
    if (i->config.issuer() == iss) issuer = i.get();
  }
  if (issuer == nullptr)
    return Unauthenticated(absl::StrCat("issuer \"", iss, "\" is not trusted"));
  std::string signature;
  if (!absl::WebSafeBase64Unescape(parts[2], &signature)) {
    return Unauthenticated("its signature is not base64url");
  }
  const absl::string_view signed_part(token.data(), parts[0].size() + 1 + parts[1].size());
  bool verified = false;
  for (const Issuer::Key& key : issuer->keys) {
    verified = verified || (key.algorithm == alg && SignatureVerifies(key, signed_part, signature));
  }
  if (!verified) {
    return Unauthenticated(
        absl::StrCat("its signature does not verify with ", iss, "'s ", alg, " keys"));
  }
  if (absl::Status times = CheckTimes(*claims, now); !times.ok()) return times;
  if (!AudienceMatches(*claims, issuer->config.audience())) {
    return Unauthenticated(
        absl::StrCat("its aud does not name \"", issuer->config.audience(), "\""));
  }
  return CallerOf(*claims, issuer->config);
}

}  // namespace juesuan
