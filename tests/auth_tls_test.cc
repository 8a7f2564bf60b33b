// TLS and mutual TLS on the API port, over real gRPC on loopback, with
// certificates made by the openssl command for each run: a client without a
// certificate, with one from another CA, or speaking plaintext does not get
// through the handshake; a certificate from the right CA whose name the
// policy lists is a principal without any token; and a rotated server
// certificate is served without a restart.
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/client_security.h"
#include "common/json_log.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "services/ingestion/ingestion_server.h"
#include "tests/support/test_support.h"

namespace juesuan {
namespace {

namespace iv1 = ::juesuan::ingestion::v1;
using ::juesuan::testing::TempDir;

constexpr char kReviewerName[] = "spiffe://juesuan.test/ns/finance/sa/reviewer";
constexpr char kStrangerName[] = "spiffe://juesuan.test/ns/other/sa/stranger";

// Runs a shell command; fails the test if it does not exit 0.
void Shell(const std::string& command) {
  ASSERT_EQ(std::system(absl::StrCat(command, " >/dev/null 2>&1").c_str()), 0) << command;
}

class AuthTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { SetLoggingEnabled(false); }

  std::string Path(const std::string& name) const { return absl::StrCat(dir_.path(), "/", name); }

  // A CA: <name>.pem and <name>.key.
  void MakeCa(const std::string& name) {
    Shell(absl::StrCat(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2",
        " -subj /CN=", name, " -keyout ", Path(name + ".key"), " -out ", Path(name + ".pem")));
  }

  // A certificate signed by `ca` with the subject alternative name `san`.
  void MakeCert(const std::string& name, const std::string& ca, const std::string& san) {
    std::ofstream(Path(name + ".ext")) << "subjectAltName=" << san << "\n";
    Shell(absl::StrCat("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=",
                       name, " -keyout ", Path(name + ".key"), " -out ", Path(name + ".csr")));
    Shell(absl::StrCat("openssl x509 -req -days 2 -in ", Path(name + ".csr"), " -CA ",
                       Path(ca + ".pem"), " -CAkey ", Path(ca + ".key"), " -CAcreateserial -out ",
                       Path(name + ".pem"), " -extfile ", Path(name + ".ext")));
  }

  void SetUp() override {
    MakeCa("ca");
    MakeCa("other-ca");
    MakeCert("server", "ca", "DNS:localhost,IP:127.0.0.1");
    MakeCert("reviewer", "ca", absl::StrCat("URI:", kReviewerName));
    MakeCert("stranger", "ca", absl::StrCat("URI:", kStrangerName));
    MakeCert("impostor", "other-ca", absl::StrCat("URI:", kReviewerName));
    MakeCert("server2", "other-ca", "DNS:localhost,IP:127.0.0.1");
    std::ofstream(Path("policy.textproto"))
        << "principals { name: \"reviewer\" certificate_names: \"" << kReviewerName
        << "\" roles: ROLE_REVIEWER }\n";
  }

  std::unique_ptr<ingestion::IngestionServer> Serve(bool mutual) {
    ingestion::IngestionServerOptions options;
    options.data_dir = Path("data");
    options.security.tls_cert_file = Path("server.pem");
    options.security.tls_key_file = Path("server.key");
    if (mutual) options.security.tls_client_ca_file = Path("ca.pem");
    options.security.access_policy_file = Path("policy.textproto");
    options.security.tls_reload_interval = absl::Seconds(1);
    auto server = ingestion::IngestionServer::Start(options);
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? *std::move(server) : nullptr;
  }

  // ListValidationRules over a channel with `security` (by its file names).
  grpc::Status Call(const std::string& address, const std::string& ca, const std::string& cert) {
    ClientSecurityOptions options;
    if (!ca.empty()) options.tls_ca_file = Path(ca + ".pem");
    if (!cert.empty()) {
      options.tls_cert_file = Path(cert + ".pem");
      options.tls_key_file = Path(cert + ".key");
    }
    auto security = ClientSecurity::Load(options);
    EXPECT_TRUE(security.ok()) << security.status();
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    // An IP address, not "localhost": a name would go through Debian's
    // c-ares resolver, which LeakSanitizer finds leaking 60 bytes.
    auto stub = iv1::AccountIngestionService::NewStub(security->Channel(address, args));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    iv1::ListValidationRulesRequest request;
    iv1::ListValidationRulesResponse response;
    return stub->ListValidationRules(&context, request, &response);
  }

  TempDir dir_;
};

TEST_F(AuthTlsTest, MutualTlsLetsInOnlyTheRightCaAndKnownNames) {
  auto server = Serve(/*mutual=*/true);
  ASSERT_NE(server, nullptr);
  const std::string address = absl::StrCat("127.0.0.1:", server->grpc_server().port());

  const grpc::Status reviewer = Call(address, "ca", "reviewer");
  EXPECT_TRUE(reviewer.ok()) << reviewer.error_message();
  // No client certificate, one from another CA, or no TLS at all: the
  // handshake fails.
  EXPECT_EQ(Call(address, "ca", "").error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Call(address, "ca", "impostor").error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Call(address, "", "").error_code(), grpc::StatusCode::UNAVAILABLE);
  // The right CA, but a name the policy does not list.
  EXPECT_EQ(Call(address, "ca", "stranger").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // A client that does not trust the server's CA refuses it.
  EXPECT_EQ(Call(address, "other-ca", "reviewer").error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(AuthTlsTest, ARotatedServerCertificateIsServedWithoutARestart) {
  // TLS without client certificates (tokens would authenticate).
  auto server = Serve(/*mutual=*/false);
  ASSERT_NE(server, nullptr);
  const std::string address = absl::StrCat("127.0.0.1:", server->grpc_server().port());
  // Trusting the first CA: the handshake completes (the call itself is then
  // refused for having no token).
  EXPECT_EQ(Call(address, "ca", "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(address, "other-ca", "").error_code(), grpc::StatusCode::UNAVAILABLE);

  // Rotate: the new certificate and key replace the old files.
  Shell(absl::StrCat("cp ", Path("server2.key"), " ", Path("server.key.new"), " && cp ",
                     Path("server2.pem"), " ", Path("server.pem.new"), " && mv ",
                     Path("server.key.new"), " ", Path("server.key"), " && mv ",
                     Path("server.pem.new"), " ", Path("server.pem")));
  grpc::StatusCode code = grpc::StatusCode::UNAVAILABLE;
  for (int i = 0; i < 50 && code == grpc::StatusCode::UNAVAILABLE; ++i) {
    absl::SleepFor(absl::Milliseconds(200));
    code = Call(address, "other-ca", "").error_code();
  }
  EXPECT_EQ(code, grpc::StatusCode::UNAUTHENTICATED) << "the new certificate was not picked up";
  EXPECT_EQ(Call(address, "ca", "").error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(AuthTlsTest, AServerDoesNotStartWithoutItsCertificate) {
  ingestion::IngestionServerOptions options;
  options.data_dir = Path("data");
  options.security.tls_cert_file = Path("missing.pem");
  options.security.tls_key_file = Path("server.key");
  auto server = ingestion::IngestionServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kNotFound);
  options.security.tls_cert_file = "";
  options.security.tls_client_ca_file = Path("ca.pem");
  EXPECT_EQ(ingestion::IngestionServer::Start(options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace juesuan
