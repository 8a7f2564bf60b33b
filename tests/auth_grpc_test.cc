// Who may call what, over real gRPC on loopback: the three servers under one
// access policy, called with each role's token for its own department and
// another, with no token and with an unknown one. The expected matrix is
// written out here, independently of the table in common/access_control.cc,
// so a change to who may do what has to be made in both.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "admin/backup_service.h"
#include "common/access_control.h"
#include "common/client_security.h"
#include "common/json_log.h"
#include "common/sha256.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/text_format.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "juesuan/disclosure/v1/disclosure.grpc.pb.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "juesuan/scoring/v1/scoring_service.grpc.pb.h"
#include "services/ingestion/access.h"
#include "services/ingestion/ingestion_server.h"
#include "services/rendering/access.h"
#include "services/rendering/rendering_server.h"
#include "services/scoring/access.h"
#include "services/scoring/scoring_server.h"
#include "tests/support/test_support.h"

namespace juesuan {
namespace {

using ::juesuan::testing::SeedAccounts;
using ::juesuan::testing::TempDir;
using ::testing::HasSubstr;

namespace iv1 = ::juesuan::ingestion::v1;

constexpr char kOwn[] = "departments/changji-kejiju";
constexpr char kOther[] = "departments/changji-caizhengju";

// The expected policy, by method: which roles may call it, and whether it
// acts on one department's data (then principals limited to departments
// may call it only for theirs).
struct Expected {
  std::set<std::string> roles;  // empty: any authenticated principal
  bool department;
};

const std::map<std::string, Expected>& ExpectedMatrix() {
  const std::set<std::string> all_readers = {"SUBMITTER", "REVIEWER", "PUBLISHER", "READER",
                                             "SCHEDULER"};
  const std::set<std::string> bureau = {"REVIEWER", "PUBLISHER", "READER", "SCHEDULER"};
  static const auto* matrix = new std::map<std::string, Expected>{
      {"AccountIngestionService.SubmitAccounts", {{"SUBMITTER"}, true}},
      {"AccountIngestionService.GetAccounts", {all_readers, true}},
      {"AccountIngestionService.ListAccounts", {bureau, true}},
      {"AccountIngestionService.ListAccountRevisions", {all_readers, true}},
      {"AccountIngestionService.ExplainFindings", {{"SUBMITTER", "REVIEWER"}, true}},
      {"AccountIngestionService.PublishAccounts", {{"PUBLISHER"}, true}},
      {"AccountIngestionService.GetDepartment", {all_readers, true}},
      {"AccountIngestionService.ListDepartments", {{}, false}},
      {"AccountIngestionService.GetValidationRule", {{}, false}},
      {"AccountIngestionService.ListValidationRules", {{}, false}},
      {"AccountIngestionService.ImportAccounts", {all_readers, false}},
      {"PerformanceScoringService.ScoreAccounts", {{"REVIEWER", "SCHEDULER"}, true}},
      {"PerformanceScoringService.GetScorecard", {all_readers, true}},
      {"PerformanceScoringService.ListScorecards", {all_readers, true}},
      {"PerformanceScoringService.GetScoringProfile", {{}, false}},
      {"PerformanceScoringService.ListScoringProfiles", {{}, false}},
      {"PerformanceScoringService.StartScoringJob", {{"REVIEWER", "SCHEDULER"}, true}},
      {"PerformanceScoringService.GetScoringJob", {bureau, true}},
      {"PerformanceScoringService.ListScoringJobs", {bureau, true}},
      {"PerformanceScoringService.WatchScoringJob", {bureau, true}},
      {"DisclosureRenderingService.RenderDisclosure", {{"PUBLISHER"}, true}},
      {"DisclosureRenderingService.GetDisclosure", {all_readers, true}},
      {"DisclosureRenderingService.ListDisclosures", {all_readers, true}},
      {"DisclosureRenderingService.GetTemplate", {{}, false}},
      {"DisclosureRenderingService.ListTemplates", {{}, false}},
      {"DisclosureRenderingService.AuditDisclosure", {all_readers, true}},
      // A backup holds every department: the scheduler, not limited to one.
      {"StoreBackupService.CreateBackup", {{"SCHEDULER"}, true}},
      {"StoreBackupService.ListBackups", {{"SCHEDULER"}, true}},
      {"DisclosureRenderingService.GetDisclosureAudit", {all_readers, true}},
      {"DisclosureRenderingService.ListDisclosureAudits", {all_readers, true}},
  };
  return *matrix;
}

// A caller of the test policy.
struct Caller {
  std::string name;
  std::string role;        // "" for the callers without a valid token
  std::string department;  // "": all departments
  std::string token;       // "": none sent
};

std::vector<Caller> Callers() {
  std::vector<Caller> callers;
  for (const char* role : {"SUBMITTER", "REVIEWER", "PUBLISHER", "READER", "SCHEDULER"}) {
    callers.push_back(
        {absl::StrCat(role, "@own"), role, kOwn, absl::StrCat("token-", role, "-own")});
    if (std::string(role) != "SUBMITTER") {
      callers.push_back(
          {absl::StrCat(role, "@all"), role, "", absl::StrCat("token-", role, "-all")});
    }
  }
  return callers;
}

std::string PolicyText() {
  std::string text;
  for (const Caller& c : Callers()) {
    absl::StrAppend(&text, "principals {\n  name: \"", c.name, "\"\n  token_sha256: \"",
                    Sha256Hex(c.token), "\"\n  roles: ROLE_", c.role, "\n");
    if (!c.department.empty()) absl::StrAppend(&text, "  departments: \"", c.department, "\"\n");
    absl::StrAppend(&text, "}\n");
  }
  // The servers' own principals for their upstream calls.
  absl::StrAppend(&text, "principals { name: \"juesuan-scoring\" token_sha256: \"",
                  Sha256Hex("token-scoring"), "\" roles: ROLE_READER }\n",
                  "principals { name: \"juesuan-rendering\" token_sha256: \"",
                  Sha256Hex("token-rendering"), "\" roles: ROLE_READER }\n");
  return text;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

// The request of `method` naming `department`'s data in the field its
// authorization reads.
std::string RequestFor(const google::protobuf::MethodDescriptor* method,
                       const std::string& department) {
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> request(
      factory.GetPrototype(method->input_type())->New());
  const auto* descriptor = request->GetDescriptor();
  const auto* reflection = request->GetReflection();
  auto set = [&](const char* field, const std::string& value) {
    if (const auto* f = descriptor->FindFieldByName(field);
        f != nullptr && f->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
      reflection->SetString(request.get(), f, value);
    }
  };
  if (method->name() == "SubmitAccounts") {
    iv1::SubmitAccountsRequest submit;
    *submit.mutable_accounts() = SeedAccounts();
    submit.mutable_accounts()->mutable_department()->set_name(department);
    submit.set_validate_only(true);
    return submit.SerializeAsString();
  }
  const std::string accounts = absl::StrCat(department, "/accounts/2023");
  set("name", method->name() == "GetDepartment" ? department
              : absl::StrContains(method->name(), "Disclosure")
                  ? absl::StrCat(department, "/disclosures/2023")
              : absl::StrContains(method->name(), "Scorecard")
                  ? absl::StrCat(department, "/scorecards/2023")
                  : accounts);
  set("parent", method->name() == "ListAccountRevisions" ? accounts : department);
  set("accounts", accounts);
  return request->SerializeAsString();
}

class AuthGrpcTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { SetLoggingEnabled(false); }

  void SetUp() override {
    policy_path_ = absl::StrCat(config_dir_.path(), "/access.textproto");
    WriteFile(policy_path_, PolicyText());
    WriteFile(absl::StrCat(config_dir_.path(), "/scoring.token"), "token-scoring\n");
    WriteFile(absl::StrCat(config_dir_.path(), "/rendering.token"), "token-rendering\n");
    ServerSecurityOptions security;
    security.access_policy_file = policy_path_;

    ingestion::IngestionServerOptions ingestion_options;
    ingestion_options.data_dir = ingestion_dir_.path();
    ingestion_options.security = security;
    auto ingestion = ingestion::IngestionServer::Start(ingestion_options);
    ASSERT_TRUE(ingestion.ok()) << ingestion.status();
    ingestion_ = *std::move(ingestion);
    iv1::SubmitAccountsRequest submit;
    *submit.mutable_accounts() = SeedAccounts();
    ASSERT_TRUE(ingestion_->domain().Submit(submit).ok());

    scoring::ScoringServerOptions scoring_options;
    scoring_options.data_dir = scoring_dir_.path();
    scoring_options.ingestion_addr = ingestion_->address();
    scoring_options.security = security;
    scoring_options.upstream_security.token_file =
        absl::StrCat(config_dir_.path(), "/scoring.token");
    auto scoring = scoring::ScoringServer::Start(scoring_options);
    ASSERT_TRUE(scoring.ok()) << scoring.status();
    scoring_ = *std::move(scoring);

    rendering::RenderingServerOptions rendering_options;
    rendering_options.data_dir = rendering_dir_.path();
    rendering_options.ingestion_addr = ingestion_->address();
    rendering_options.scoring_addr = scoring_->address();
    rendering_options.security = security;
    rendering_options.upstream_security.token_file =
        absl::StrCat(config_dir_.path(), "/rendering.token");
    auto rendering = rendering::RenderingServer::Start(rendering_options);
    ASSERT_TRUE(rendering.ok()) << rendering.status();
    rendering_ = *std::move(rendering);
  }

  std::string AddressOf(const google::protobuf::ServiceDescriptor* service) const {
    if (service->name() == "AccountIngestionService") return ingestion_->address();
    if (service->name() == "PerformanceScoringService") return scoring_->address();
    return rendering_->address();
  }

  // Calls `method` as `token` ("": none) with `request`; the status.
  grpc::Status Call(const google::protobuf::MethodDescriptor* method, const std::string& token,
                    const std::string& request) {
    auto channel =
        grpc::CreateChannel(AddressOf(method->service()), grpc::InsecureChannelCredentials());
    grpc::GenericStub stub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    if (!token.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    grpc::Slice slice(request);
    grpc::ByteBuffer in(&slice, 1), out;
    grpc::Status status;
    absl::Notification done;
    stub.UnaryCall(&context, absl::StrCat("/", method->service()->full_name(), "/", method->name()),
                   grpc::StubOptions(), &in, &out, [&](grpc::Status s) {
                     status = std::move(s);
                     done.Notify();
                   });
    done.WaitForNotification();
    return status;
  }

  TempDir config_dir_, ingestion_dir_, scoring_dir_, rendering_dir_;
  std::string policy_path_;
  std::unique_ptr<ingestion::IngestionServer> ingestion_;
  std::unique_ptr<scoring::ScoringServer> scoring_;
  std::unique_ptr<rendering::RenderingServer> rendering_;
};

std::vector<const google::protobuf::ServiceDescriptor*> Services() {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  return {pool->FindServiceByName("juesuan.ingestion.v1.AccountIngestionService"),
          pool->FindServiceByName("juesuan.scoring.v1.PerformanceScoringService"),
          pool->FindServiceByName("juesuan.disclosure.v1.DisclosureRenderingService"),
          // Served by every server beside its API; called here on rendering.
          pool->FindServiceByName("juesuan.admin.v1.StoreBackupService")};
}

// Default deny has a hole if a method is served but missing from its table
// (it would be refused for everyone, silently), or listed but not served.
TEST(MethodTableTest, ListsEveryServedMethodAndNothingElse) {
  std::set<std::string> served, listed;
  for (const auto* service : Services()) {
    for (int i = 0; i < service->method_count(); ++i) {
      served.insert(absl::StrCat(service->full_name(), "/", service->method(i)->name()));
    }
  }
  for (const ServiceAccess* access : {&ingestion::IngestionAccess(), &scoring::ScoringAccess(),
                                      &rendering::RenderingAccess(), &admin::BackupAccess()}) {
    for (const MethodRule& rule : access->methods) {
      listed.insert(absl::StrCat(access->service, "/", rule.method));
    }
  }
  EXPECT_EQ(served, listed);
  EXPECT_EQ(ingestion::IngestionAccess().Find("DeleteAccounts"), nullptr);
  EXPECT_EQ(ExpectedMatrix().size(), served.size());
}

TEST_F(AuthGrpcTest, EveryMethodRoleAndDepartmentAsExpected) {
  int calls = 0;
  for (const auto* service : Services()) {
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      const std::string key = absl::StrCat(service->name(), ".", method->name());
      SCOPED_TRACE(key);
      auto expected = ExpectedMatrix().find(key);
      ASSERT_NE(expected, ExpectedMatrix().end()) << "no expectation for " << key;
      for (const std::string& department : {std::string(kOwn), std::string(kOther)}) {
        const std::string request = RequestFor(method, department);
        // Without a credential, or with one nobody was given.
        EXPECT_EQ(Call(method, "", request).error_code(), grpc::StatusCode::UNAUTHENTICATED);
        EXPECT_EQ(Call(method, "not-a-token", request).error_code(),
                  grpc::StatusCode::UNAUTHENTICATED);
        for (const Caller& caller : Callers()) {
          SCOPED_TRACE(absl::StrCat(caller.name, " on ", department));
          const Expected& e = expected->second;
          bool allowed = e.roles.empty() || e.roles.count(caller.role) > 0;
          if (allowed && e.department && !caller.department.empty()) {
            // Jobs and backups span every department: no department-limited
            // caller.
            const bool names_department = !absl::StrContains(method->name(), "ScoringJob") &&
                                          !absl::StrContains(method->name(), "Backup");
            allowed = names_department && department == caller.department;
          }
          const grpc::Status status = Call(method, caller.token, request);
          ++calls;
          if (allowed) {
            EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
                << status.error_message();
            EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
                << status.error_message();
          } else {
            EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
                << status.error_message();
          }
        }
      }
    }
  }
  EXPECT_GT(calls, 24 * 2 * 9 - 1);
}

// A stub of the ingestion server calling as `token`.
std::unique_ptr<iv1::AccountIngestionService::Stub> IngestionAs(const std::string& address) {
  return iv1::AccountIngestionService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

void Authorize(grpc::ClientContext& context, const std::string& token) {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
}

// The department directory shows a principal of some departments only
// those, as GetDepartment does; others see every department.
TEST_F(AuthGrpcTest, ListDepartmentsShowsADepartmentsPrincipalOnlyItsOwn) {
  iv1::SubmitAccountsRequest other;
  *other.mutable_accounts() = SeedAccounts();
  other.mutable_accounts()->mutable_department()->set_name(kOther);
  ASSERT_TRUE(ingestion_->domain().Submit(other).ok());
  auto stub = IngestionAs(ingestion_->address());
  auto names = [&](const std::string& token) {
    grpc::ClientContext context;
    Authorize(context, token);
    iv1::ListDepartmentsRequest request;
    iv1::ListDepartmentsResponse response;
    const grpc::Status s = stub->ListDepartments(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> out;
    for (const auto& d : response.departments()) out.push_back(d.name());
    return out;
  };
  EXPECT_THAT(names("token-SUBMITTER-own"), ::testing::ElementsAre(kOwn));
  EXPECT_THAT(names("token-READER-own"), ::testing::ElementsAre(kOwn));
  EXPECT_THAT(names("token-READER-all"), ::testing::UnorderedElementsAre(kOwn, kOther));
}

// An explanation is signed by who explains, not by what the client writes:
// a submitter that calls itself "submission" is still the submitter.
TEST_F(AuthGrpcTest, AnExplanationsAuthorIsTheAuthenticatedPrincipal) {
  auto stub = IngestionAs(ingestion_->address());
  const std::string revision = absl::StrCat(kOwn, "/accounts/2023/revisions/1");
  grpc::ClientContext get_context;
  Authorize(get_context, "token-SUBMITTER-own");
  iv1::GetAccountsRequest get;
  get.set_name(revision);
  iv1::AccountsRevision stored;
  ASSERT_TRUE(stub->GetAccounts(&get_context, get, &stored).ok());
  std::string warning;
  for (const auto& f : stored.validation_report().findings()) {
    if (f.severity() == iv1::SEVERITY_WARNING && !f.has_explanation()) warning = f.finding_id();
  }
  ASSERT_FALSE(warning.empty());
  grpc::ClientContext context;
  Authorize(context, "token-SUBMITTER-own");
  iv1::ExplainFindingsRequest request;
  request.set_name(revision);
  request.set_author("submission");
  auto* e = request.add_explanations();
  e->set_finding_id(warning);
  e->set_text("说明");
  iv1::AccountsRevision explained;
  const grpc::Status s = stub->ExplainFindings(&context, request, &explained);
  ASSERT_TRUE(s.ok()) << s.error_message();
  bool found = false;
  for (const auto& f : explained.validation_report().findings()) {
    if (f.finding_id() != warning) continue;
    found = true;
    EXPECT_EQ(f.explanation().author(), "SUBMITTER@own");
    EXPECT_EQ(f.explanation().note(), "submission");
  }
  EXPECT_TRUE(found);
}

// The upstream calls carry the servers' own tokens: a scoring and a render
// by allowed callers go all the way through.
TEST_F(AuthGrpcTest, ServersCallTheirUpstreamsWithTheirOwnTokens) {
  ClientSecurityOptions reviewer_options;
  const std::string token_path = absl::StrCat(config_dir_.path(), "/reviewer.token");
  WriteFile(token_path, "token-REVIEWER-all");
  reviewer_options.token_file = token_path;
  auto reviewer = ClientSecurity::Load(reviewer_options);
  ASSERT_TRUE(reviewer.ok()) << reviewer.status();
  auto scoring = scoring::v1::PerformanceScoringService::NewStub(
      reviewer->Channel(scoring_->address(), grpc::ChannelArguments()));
  grpc::ClientContext context;
  scoring::v1::ScoreAccountsRequest score;
  score.set_accounts(absl::StrCat(kOwn, "/accounts/2023"));
  score.set_profile("scoringProfiles/changji-2023");
  scoring::v1::Scorecard scorecard;
  const grpc::Status status = scoring->ScoreAccounts(&context, score, &scorecard);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(scorecard.name(), absl::StrCat(kOwn, "/scorecards/2023"));
}

// A server whose own token is refused upstream reports its misconfiguration
// as INTERNAL, not as its caller's UNAUTHENTICATED.
TEST_F(AuthGrpcTest, AnUpstreamRefusingTheServerIsInternal) {
  rendering_.reset();
  scoring_.reset();
  WriteFile(absl::StrCat(config_dir_.path(), "/bad.token"), "token-nobody");
  scoring::ScoringServerOptions options;
  options.data_dir = scoring_dir_.path();
  options.ingestion_addr = ingestion_->address();
  options.upstream_security.token_file = absl::StrCat(config_dir_.path(), "/bad.token");
  auto scoring = scoring::ScoringServer::Start(options);
  ASSERT_TRUE(scoring.ok()) << scoring.status();
  auto stub = scoring::v1::PerformanceScoringService::NewStub(
      grpc::CreateChannel((*scoring)->address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  scoring::v1::ScoreAccountsRequest score;
  score.set_accounts(absl::StrCat(kOwn, "/accounts/2023"));
  score.set_profile("scoringProfiles/changji-2023");
  scoring::v1::Scorecard scorecard;
  const grpc::Status status = stub->ScoreAccounts(&context, score, &scorecard);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(status.error_message(), HasSubstr("juesuan-ingestion"));
}

// A rotated policy takes effect without a restart; a broken one is not
// taken and the one in force stays.
TEST_F(AuthGrpcTest, APolicyFileIsReloadedWhenItChanges) {
  const auto* get_rules = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
      "juesuan.ingestion.v1.AccountIngestionService.ListValidationRules");
  const std::string request = iv1::ListValidationRulesRequest().SerializeAsString();
  ASSERT_TRUE(Call(get_rules, "token-READER-all", request).ok());

  WriteFile(policy_path_, absl::StrCat("principals { name: \"new\" token_sha256: \"",
                                       Sha256Hex("token-new"), "\" roles: ROLE_READER }\n"));
  absl::SleepFor(absl::Milliseconds(1100));  // the file is looked at once a second
  EXPECT_TRUE(Call(get_rules, "token-new", request).ok());
  EXPECT_EQ(Call(get_rules, "token-READER-all", request).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  WriteFile(policy_path_, "principals { name: \"broken\" roles: ROLE_READER }\n");
  absl::SleepFor(absl::Milliseconds(1100));
  EXPECT_TRUE(Call(get_rules, "token-new", request).ok());
}

TEST(AccessPolicyTest, RefusesPoliciesThatCannotBeEnforced) {
  auto parse = [](const std::string& text) {
    config::v1::AccessPolicy policy;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &policy)) << text;
    return AccessPolicyIndex::Create(policy).status();
  };
  const std::string digest = Sha256Hex("t");
  EXPECT_THAT(
      parse(absl::StrCat("principals { token_sha256: \"", digest, "\" roles: ROLE_READER }")),
      testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  EXPECT_THAT(parse("principals { name: \"a\" token_sha256: \"abc\" roles: ROLE_READER }"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("token_sha256")));
  EXPECT_THAT(parse(absl::StrCat("principals { name: \"a\" token_sha256: \"", digest,
                                 "\" roles: ROLE_SUBMITTER }")),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("departments")));
  EXPECT_THAT(
      parse(absl::StrCat("principals { name: \"a\" token_sha256: \"", digest,
                         "\" roles: ROLE_READER } principals { name: \"b\" token_sha256: \"",
                         digest, "\" roles: ROLE_READER }")),
      testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("two principals")));
  EXPECT_THAT(parse(absl::StrCat("principals { name: \"a\" token_sha256: \"", digest,
                                 "\" roles: ROLE_READER departments: \"changji\" }")),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("departments/")));
  EXPECT_THAT(parse(absl::StrCat("principals { name: \"a\" token_sha256: \"", digest, "\" }")),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("roles")));
  EXPECT_TRUE(parse(absl::StrCat("principals { name: \"a\" token_sha256: \"", digest,
                                 "\" roles: ROLE_SUBMITTER departments: \"", kOwn, "\" }"))
                  .ok());
}

// With no policy, a server asked to listen on every interface listens on
// loopback only: this machine's other addresses do not answer.
TEST(NoPolicyTest, ListensOnLoopbackOnly) {
  std::string external;
  ifaddrs* addresses = nullptr;
  ASSERT_EQ(getifaddrs(&addresses), 0);
  for (ifaddrs* a = addresses; a != nullptr; a = a->ifa_next) {
    if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET) continue;
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof(text));
    if (std::string(text).rfind("127.", 0) != 0) {
      external = text;
      break;
    }
  }
  freeifaddrs(addresses);
  if (external.empty()) GTEST_SKIP() << "this machine has no address but loopback";

  TempDir dir;
  ingestion::IngestionServerOptions options;
  options.data_dir = dir.path();
  options.listen = "0.0.0.0:0";
  options.health_listen = "0.0.0.0:0";
  options.metrics_listen = "0.0.0.0:0";
  auto server = ingestion::IngestionServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto reachable = [&](const std::string& host, int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    close(fd);
    return ok;
  };
  // The API, health and metrics ports alike.
  for (const int port : {(*server)->grpc_server().port(), (*server)->grpc_server().health_port(),
                         (*server)->grpc_server().metrics_port()}) {
    EXPECT_TRUE(reachable("127.0.0.1", port)) << port;
    EXPECT_FALSE(reachable(external, port)) << "reachable on " << external << ":" << port;
  }
  server->reset();
  // Unless asked, explicitly, for the health and metrics ports.
  options.security.public_health_metrics_without_policy = true;
  auto open = ingestion::IngestionServer::Start(options);
  ASSERT_TRUE(open.ok()) << open.status();
  EXPECT_FALSE(reachable(external, (*open)->grpc_server().port()));
  EXPECT_TRUE(reachable(external, (*open)->grpc_server().health_port()));
  EXPECT_TRUE(reachable(external, (*open)->grpc_server().metrics_port()));
}

}  // namespace
}  // namespace juesuan
