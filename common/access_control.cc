#include "common/access_control.h"

#include <sys/stat.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error_details.h"
#include "common/json_log.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/text_proto.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "google/rpc/error_details.pb.h"

namespace juesuan {
namespace {

using config::v1::AccessPolicy;
using config::v1::Principal;

constexpr Role kSubmitter = config::v1::ROLE_SUBMITTER;
constexpr Role kReviewer = config::v1::ROLE_REVIEWER;
constexpr Role kPublisher = config::v1::ROLE_PUBLISHER;
constexpr Role kReader = config::v1::ROLE_READER;
constexpr Role kScheduler = config::v1::ROLE_SCHEDULER;

constexpr char kErrorDomain[] = "juesuan.access";

bool IsLowerHex64(absl::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

absl::Status Denied(absl::StatusCode code, absl::string_view message, absl::string_view reason) {
  absl::Status status(code, message);
  AttachErrorInfo(status, reason, kErrorDomain, {});
  return status;
}

}  // namespace

std::string RoleName(Role role) {
  const std::string& name = config::v1::Role_Name(role);
  return absl::StartsWith(name, "ROLE_") ? name.substr(5) : name;
}

const MethodRule* ServiceAccess::Find(absl::string_view method) const {
  for (const MethodRule& rule : methods) {
    if (rule.method == method) return &rule;
  }
  return nullptr;
}

std::vector<Role> DepartmentReaders() {
  return {kSubmitter, kReviewer, kPublisher, kReader, kScheduler};
}

std::vector<Role> BureauRoles() { return {kReviewer, kPublisher, kReader, kScheduler}; }

absl::StatusOr<std::shared_ptr<const AccessPolicyIndex>> AccessPolicyIndex::Create(
    AccessPolicy policy, const std::string& base_dir) {
  auto index = std::shared_ptr<AccessPolicyIndex>(new AccessPolicyIndex());
  index->policy_ = std::move(policy);
  absl::StatusOr<std::shared_ptr<const JwtVerifier>> jwt =
      JwtVerifier::Create(index->policy_.jwt_issuers(), base_dir);
  if (!jwt.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("access policy: ", jwt.status().message()));
  }
  index->jwt_ = *std::move(jwt);
  absl::flat_hash_map<std::string, int> names;
  for (int i = 0; i < index->policy_.principals_size(); ++i) {
    const Principal& p = index->policy_.principals(i);
    const std::string where = absl::StrCat("principals[", i, "]");
    auto bad = [&](absl::string_view field, absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat(
          "access policy: ", where, p.name().empty() ? "" : absl::StrCat(" (", p.name(), ")"), ".",
          field, " ", why));
    };
    if (p.name().empty()) return bad("name", "is required");
    if (!names.emplace(p.name(), i).second) return bad("name", "is given twice");
    if (p.token_sha256().empty() && p.certificate_names().empty()) {
      return bad("token_sha256", "or certificate_names is required: the principal cannot log in");
    }
    for (const std::string& digest : p.token_sha256()) {
      if (!IsLowerHex64(digest)) {
        return bad("token_sha256", "must be 64 lowercase hex digits (sha256sum of the token)");
      }
      if (!index->by_token_sha256_.emplace(digest, i).second) {
        return bad("token_sha256", "is given to two principals");
      }
    }
    for (const std::string& name : p.certificate_names()) {
      if (name.empty()) return bad("certificate_names", "must not be empty");
      if (!index->by_certificate_name_.emplace(name, i).second) {
        return bad("certificate_names", absl::StrCat("\"", name, "\" is given to two principals"));
      }
    }
    if (p.roles().empty()) return bad("roles", "is required");
    bool submitter = false;
    for (int role : p.roles()) {
      if (role == config::v1::ROLE_UNSPECIFIED || !config::v1::Role_IsValid(role)) {
        return bad(
            "roles",
            "must be ROLE_SUBMITTER, ROLE_REVIEWER, ROLE_PUBLISHER, ROLE_READER or ROLE_SCHEDULER");
      }
      submitter |= role == kSubmitter;
    }
    if (submitter && p.departments().empty()) {
      return bad("departments", "is required for ROLE_SUBMITTER (its own departments only)");
    }
    for (const std::string& d : p.departments()) {
      if (DepartmentIdFromName(d).empty()) {
        return bad("departments", absl::StrCat("\"", d, "\" is not departments/{department}"));
      }
    }
  }
  return std::shared_ptr<const AccessPolicyIndex>(std::move(index));
}

absl::StatusOr<std::shared_ptr<const AccessPolicyIndex>> AccessPolicyIndex::FromFile(
    const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileText(path);
  if (!text.ok())
    return absl::NotFoundError(absl::StrCat("access policy: ", text.status().message()));
  AccessPolicy policy;
  JUESUAN_RETURN_IF_ERROR(ParseTextProto(*text, absl::StrCat("access policy ", path), &policy));
  const size_t slash = path.rfind('/');
  return Create(std::move(policy), slash == std::string::npos ? "." : path.substr(0, slash));
}

const Principal* AccessPolicyIndex::FindByToken(absl::string_view token) const {
  auto it = by_token_sha256_.find(Sha256Hex(token));
  return it == by_token_sha256_.end() ? nullptr : &policy_.principals(it->second);
}

const Principal* AccessPolicyIndex::FindByCertificateName(absl::string_view name) const {
  auto it = by_certificate_name_.find(name);
  return it == by_certificate_name_.end() ? nullptr : &policy_.principals(it->second);
}

absl::StatusOr<std::shared_ptr<AccessPolicyFile>> AccessPolicyFile::Open(const std::string& path) {
  std::shared_ptr<AccessPolicyFile> file(new AccessPolicyFile(path));
  auto index = AccessPolicyIndex::FromFile(path);
  if (!index.ok()) return index.status();
  const std::string stamp = file->Stamp(index->get());
  absl::MutexLock lock(&file->mu_);
  file->current_ = *std::move(index);
  file->stamp_ = stamp;
  file->checked_ = absl::Now();
  return file;
}

std::string AccessPolicyFile::Stamp(const AccessPolicyIndex* index) const {
  std::string stamp;
  std::vector<std::string> paths = {path_};
  if (index != nullptr) {
    paths.insert(paths.end(), index->jwt().key_files().begin(), index->jwt().key_files().end());
  }
  for (const std::string& path : paths) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return "";
    absl::StrAppend(&stamp, st.st_ino, ":", st.st_size, ":", st.st_mtim.tv_sec, ".",
                    st.st_mtim.tv_nsec, ";");
  }
  return stamp;
}

std::shared_ptr<const AccessPolicyIndex> AccessPolicyFile::Current() {
  absl::MutexLock lock(&mu_);
  const absl::Time now = absl::Now();
  if (now - checked_ < absl::Seconds(1)) return current_;
  checked_ = now;
  const std::string stamp = Stamp(current_.get());
  if (stamp == stamp_ || stamp.empty()) return current_;
  auto index = AccessPolicyIndex::FromFile(path_);
  if (!index.ok()) {
    // Keep serving under the policy in force; say why the new one is not.
    LogLine("error", "access policy not reloaded").Add("error", index.status().ToString()).Emit();
    stamp_ = stamp;  // do not retry the same broken file every second
    return current_;
  }
  current_ = *std::move(index);
  stamp_ = Stamp(current_.get());  // its key files may differ from the last one's
  LogLine("info", "access policy reloaded").Add("principals", current_->size()).Emit();
  return current_;
}

CallGuard::CallGuard(std::string service, CallGuardOptions options)
    : service_(std::move(service)), options_(std::move(options)) {}

absl::Status CallGuard::Admit() {
  const int now = in_flight_.fetch_add(1, std::memory_order_relaxed) + 1;
  if (options_.max_in_flight <= 0 || now <= options_.max_in_flight) return absl::OkStatus();
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
  return OverloadedError(
      absl::StrCat("overloaded: ", options_.max_in_flight, " calls are already running"),
      options_.retry_delay, {{"max_in_flight", absl::StrCat(options_.max_in_flight)}});
}

void CallGuard::Release() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }

absl::StatusOr<const Principal*> CallGuard::Authenticate(const grpc::ServerContextBase& context,
                                                         const AccessPolicyIndex& policy,
                                                         Principal* from_token) {
  // Who is calling: a bearer token if one is sent (a signed token when it
  // has a JWT's shape and the policy trusts issuers), else the client
  // certificate's names (present only under mutual TLS).
  const auto& metadata = context.client_metadata();
  auto header = metadata.find("authorization");
  if (header != metadata.end()) {
    const absl::string_view value(header->second.data(), header->second.size());
    constexpr absl::string_view kBearer = "Bearer ";
    if (!absl::StartsWithIgnoreCase(value, kBearer) || value.size() == kBearer.size()) {
      return Denied(absl::StatusCode::kUnauthenticated,
                    "the authorization header must be \"Bearer <token>\"", "BAD_CREDENTIAL");
    }
    const absl::string_view token = value.substr(kBearer.size());
    if (!policy.jwt().empty() && JwtVerifier::LooksLikeJwt(token)) {
      absl::StatusOr<Principal> verified = policy.jwt().Verify(token, absl::Now());
      if (!verified.ok()) {
        return Denied(absl::StatusCode::kUnauthenticated, std::string(verified.status().message()),
                      "BAD_CREDENTIAL");
      }
      *from_token = *std::move(verified);
      return from_token;
    }
    const Principal* principal = policy.FindByToken(token);
    if (principal == nullptr) {
      return Denied(absl::StatusCode::kUnauthenticated, "the bearer token is not known",
                    "BAD_CREDENTIAL");
    }
    return principal;
  }
  if (const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
      auth != nullptr && auth->IsPeerAuthenticated()) {
    for (const char* property : {"x509_subject_alternative_name", "x509_common_name"}) {
      for (const grpc::string_ref& name : auth->FindPropertyValues(property)) {
        const Principal* principal =
            policy.FindByCertificateName(absl::string_view(name.data(), name.size()));
        if (principal != nullptr) return principal;
      }
    }
    return Denied(absl::StatusCode::kUnauthenticated,
                  "the client certificate names no principal of the access policy",
                  "BAD_CREDENTIAL");
  }
  return Denied(absl::StatusCode::kUnauthenticated,
                "no credential: send \"authorization: Bearer <token>\"", "NO_CREDENTIAL");
}

absl::Status CallGuard::Check(const grpc::ServerContextBase& context, absl::string_view method,
                              absl::string_view scope, Caller* caller) const {
  if (options_.policy == nullptr) return absl::OkStatus();
  const std::shared_ptr<const AccessPolicyIndex> policy = options_.policy->Current();

  Principal from_token;
  absl::StatusOr<const Principal*> authenticated = Authenticate(context, *policy, &from_token);
  if (!authenticated.ok()) return authenticated.status();
  const Principal* principal = *authenticated;
  caller->name = principal->name();
  caller->departments.assign(principal->departments().begin(), principal->departments().end());

  const MethodRule* rule = options_.access == nullptr ? nullptr : options_.access->Find(method);
  if (rule == nullptr) {
    return Denied(absl::StatusCode::kPermissionDenied, absl::StrCat(method, " is open to no role"),
                  "METHOD_NOT_ALLOWED");
  }
  if (!rule->roles.empty()) {
    const bool allowed =
        std::any_of(principal->roles().begin(), principal->roles().end(), [&](int role) {
          return std::find(rule->roles.begin(), rule->roles.end(), role) != rule->roles.end();
        });
    if (!allowed) {
      std::vector<std::string> names;
      for (Role role : rule->roles) names.push_back(RoleName(role));
      return Denied(absl::StatusCode::kPermissionDenied,
                    absl::StrCat(principal->name(), " may not call ", method,
                                 ": it needs the role ", absl::StrJoin(names, " or ")),
                    "ROLE_REQUIRED");
    }
  }
  if (rule->scope == Scope::kDepartment && !principal->departments().empty()) {
    const absl::string_view department = DepartmentOfResource(scope);
    if (department.empty()) {
      return Denied(absl::StatusCode::kPermissionDenied,
                    absl::StrCat(principal->name(), " acts for some departments only; ", method,
                                 " must name one of them"),
                    "DEPARTMENT_SCOPE");
    }
    if (std::find(principal->departments().begin(), principal->departments().end(), department) ==
        principal->departments().end()) {
      return Denied(absl::StatusCode::kPermissionDenied,
                    absl::StrCat(principal->name(), " does not act for ", department),
                    "DEPARTMENT_SCOPE");
    }
  }
  return absl::OkStatus();
}

CallGuard* OpenCallGuard() {
  static auto* guard = new CallGuard("", CallGuardOptions{});
  return guard;
}

}  // namespace juesuan
