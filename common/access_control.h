// Who may call what: authentication of a call (a bearer token, or a client
// certificate under mutual TLS) against an AccessPolicy file, authorization
// against a fixed table of method → roles with department scope, and the
// in-flight cap that sheds load. Every unary handler and stream passes
// through a CallGuard (common/raw_unary.h) before the request is validated.
//
// Default deny: a method missing from the table is refused for everyone.
#ifndef JUESUAN_COMMON_ACCESS_CONTROL_H_
#define JUESUAN_COMMON_ACCESS_CONTROL_H_

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/jwt_verifier.h"
#include "grpcpp/server_context.h"
#include "juesuan/config/v1/access_policy.pb.h"

namespace juesuan {

using config::v1::Role;

// What a method touches, for department scope.
enum class Scope {
  // Data of one department, named by the request (`departments/{d}/…`). A
  // request that names none (a wildcard `departments/-`, a job over every
  // department) is open only to principals not limited to departments.
  kDepartment,
  // Shared reference data (rule catalogue, profiles, templates, the
  // department directory): any authenticated principal.
  kShared,
};

// One row of a service's method table.
struct MethodRule {
  const char* method;       // e.g. "SubmitAccounts"
  std::vector<Role> roles;  // who may call it; empty: any authenticated principal
  Scope scope;
};

// Who may call each method of one service. Each service keeps its table
// beside its code (its `access.cc`); a test checks every table against the
// service descriptors both ways. Default deny: a method missing from the
// table is refused for everyone.
struct ServiceAccess {
  const char* service;  // full name, e.g. "juesuan.ingestion.v1.AccountIngestionService"
  std::vector<MethodRule> methods;

  // The rule for `method`, or null.
  const MethodRule* Find(absl::string_view method) const;
};

// The roles the tables name most: reading a department's data (its own
// submitters, and every role of the bureau and the platform), and reading
// across departments (the bureau and the platform).
std::vector<Role> DepartmentReaders();
std::vector<Role> BureauRoles();

// A parsed, checked policy: principals by token digest and certificate name.
class AccessPolicyIndex {
 public:
  // INVALID_ARGUMENT naming the principal and field for a policy that is
  // malformed (no name, a digest that is not 64 hex digits, a digest or
  // certificate name given twice, no role, a SUBMITTER without departments,
  // a department that is not `departments/{d}`).
  // Its jwt_issuers' keys are read too (relative to `base_dir`).
  static absl::StatusOr<std::shared_ptr<const AccessPolicyIndex>> Create(
      config::v1::AccessPolicy policy, const std::string& base_dir = "");
  // The same from a text-format file.
  static absl::StatusOr<std::shared_ptr<const AccessPolicyIndex>> FromFile(const std::string& path);

  const config::v1::Principal* FindByToken(absl::string_view token) const;
  const config::v1::Principal* FindByCertificateName(absl::string_view name) const;
  int size() const { return policy_.principals_size(); }
  // The verifier of signed tokens; empty when the policy trusts no issuer.
  const JwtVerifier& jwt() const { return *jwt_; }

 private:
  config::v1::AccessPolicy policy_;
  std::shared_ptr<const JwtVerifier> jwt_;
  absl::flat_hash_map<std::string, int> by_token_sha256_;
  absl::flat_hash_map<std::string, int> by_certificate_name_;
};

// An AccessPolicy file that is read again when it changes (a rotated
// Kubernetes Secret): checked at most once a second; a changed file that
// does not load is logged and the policy in force is kept.
class AccessPolicyFile {
 public:
  static absl::StatusOr<std::shared_ptr<AccessPolicyFile>> Open(const std::string& path);
  std::shared_ptr<const AccessPolicyIndex> Current();

 private:
  explicit AccessPolicyFile(std::string path) : path_(std::move(path)) {}
  // mtime, size and inode of the policy file and of the key files `index`
  // read: what changes on rewrite or relink.
  std::string Stamp(const AccessPolicyIndex* index) const;

  const std::string path_;
  absl::Mutex mu_;
  std::shared_ptr<const AccessPolicyIndex> current_ ABSL_GUARDED_BY(mu_);
  std::string stamp_ ABSL_GUARDED_BY(mu_);
  absl::Time checked_ ABSL_GUARDED_BY(mu_);
};

// How a server guards its calls.
struct CallGuardOptions {
  // The service's method table (not owned; outlives the guard); null with
  // a policy: every method refused.
  const ServiceAccess* access = nullptr;
  // The principals; null: no authentication (the server then listens on
  // loopback only, see GrpcServer).
  std::shared_ptr<AccessPolicyFile> policy;
  // Calls a server runs at once; past it new calls get RESOURCE_EXHAUSTED
  // with a RetryInfo. 0: no cap.
  int max_in_flight = 0;
  // What RetryInfo asks a refused caller to wait.
  absl::Duration retry_delay = absl::Milliseconds(200);
};

// Who a call comes from, once the guard has checked it.
struct Caller {
  // The principal's name; empty without an access policy (loopback only).
  std::string name;
  // The departments it acts for (`departments/{d}` names); empty: all.
  std::vector<std::string> departments;

  // What an explanation's author is: the principal, or who answers on
  // loopback when nobody is authenticated.
  std::string AuthorName() const { return name.empty() ? "(loopback, no access policy)" : name; }
};

// The gate of one service: admission, authentication, authorization.
class CallGuard {
 public:
  CallGuard(std::string service, CallGuardOptions options);

  // Takes a slot, or RESOURCE_EXHAUSTED (ErrorInfo OVERLOADED, RetryInfo).
  // Every OK must be paired with Release().
  absl::Status Admit();
  void Release();
  int in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

  // Whether the caller of `context` may call `method` on a resource named
  // `scope` (the request's `departments/{d}/…` name; empty: every
  // department). UNAUTHENTICATED with no or an unknown credential,
  // PERMISSION_DENIED for a role or department the principal lacks; sets
  // `caller` (for the log and for what the call may see) once the caller is
  // known. Without a policy every call is allowed.
  absl::Status Check(const grpc::ServerContextBase& context, absl::string_view method,
                     absl::string_view scope, Caller* caller) const;

  bool authenticating() const { return options_.policy != nullptr; }
  const std::string& service() const { return service_; }

 private:
  // Who calls, under `policy`: a principal of it (by static token or
  // certificate name), or the one a signed token's claims make, kept in
  // `from_token`; UNAUTHENTICATED saying why not.
  static absl::StatusOr<const config::v1::Principal*> Authenticate(
      const grpc::ServerContextBase& context, const AccessPolicyIndex& policy,
      config::v1::Principal* from_token);

  const std::string service_;
  const CallGuardOptions options_;
  std::atomic<int> in_flight_{0};
};

// A guard that allows everything and caps nothing (tests, benchmarks).
CallGuard* OpenCallGuard();

// The role's name without its prefix ("SUBMITTER"), for messages.
std::string RoleName(Role role);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_ACCESS_CONTROL_H_
