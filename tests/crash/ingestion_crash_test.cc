// Nothing acknowledged is lost: the real juesuan-ingestion binary, as a
// process, killed with SIGKILL at random moments while client threads submit
// distinct accounts and record every acknowledged revision, then restarted
// on the same data directory, cycle after cycle.
//
// After each restart: every revision acknowledged before the kill is there
// and holds exactly the accounts submitted; each department-year's
// revisions are numbered 1..n with no gap, and every one of them is a
// submission of ours, whole (no half-written revision is visible); a retry
// of a submission whose answer the kill swallowed, with its request_id,
// answers the revision it made if it was made, and makes exactly one if not.
//
// JUESUAN_CRASH_CYCLES (default 20) sets the cycles; JUESUAN_CRASH_SEED the
// random seed (printed, so a failure can be replayed).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/sha256.h"
#include "grpc/grpc.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "tests/support/test_support.h"

namespace juesuan {
namespace {

namespace iv1 = ::juesuan::ingestion::v1;
using ::juesuan::testing::SeedAccounts;
using ::juesuan::testing::TempDir;

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::atoi(value);
}

// A channel that reconnects within 200 ms of the server coming back (not
// gRPC's default backoff of up to two minutes).
std::shared_ptr<grpc::Channel> Dial(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 50);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 50);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 200);
  args.SetMaxReceiveMessageSize(64 << 20);
  // Its own subchannels: not one shared with a channel of the killed
  // process's time, still waiting out its backoff.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

int FreePort() {
  // Bind port 0, read it back, close: the server binds it next.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// The server process.
class Server {
 public:
  Server(std::string data_dir, int port) : data_dir_(std::move(data_dir)), port_(port) {}
  ~Server() { Kill(); }

  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }

  void Start() {
    pid_ = fork();
    if (pid_ == 0) {
      const std::string data = absl::StrCat("--data_dir=", data_dir_);
      const std::string listen = absl::StrCat("--listen=", address());
      // Its logs would drown the test's; they are one line per call.
      freopen("/dev/null", "w", stderr);
      execl(JUESUAN_INGESTION_BINARY, JUESUAN_INGESTION_BINARY, data.c_str(), listen.c_str(),
            "--writer_threads=8", static_cast<char*>(nullptr));
      _exit(127);
    }
  }

  // Waits until it answers SERVING; false after 20 s.
  bool WaitServing() {
    const absl::Time until = absl::Now() + absl::Seconds(20);
    while (absl::Now() < until) {
      auto stub = grpc::health::v1::Health::NewStub(Dial(address()));
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
      grpc::health::v1::HealthCheckRequest request;
      grpc::health::v1::HealthCheckResponse response;
      if (stub->Check(&context, request, &response).ok() &&
          response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
        return true;
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }

  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  const std::string data_dir_;
  const int port_;
  pid_t pid_ = -1;
};

// A submission: what was sent, and what the server answered, if it did.
struct Submission {
  std::string request_id;
  std::string accounts_name;  // departments/{d}/accounts/2023
  std::string digest;         // SHA-256 of the accounts' deterministic bytes
  std::string revision;       // the answer's revision name; "" if no answer came
};

class IngestionCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    seed_ = static_cast<uint32_t>(EnvInt("JUESUAN_CRASH_SEED", static_cast<int>(time(nullptr))));
    std::cout << "JUESUAN_CRASH_SEED=" << seed_ << "\n";
    rng_.seed(seed_);
    server_ = std::make_unique<Server>(absl::StrCat(dir_.path(), "/ingestion"), FreePort());
    template_ = SeedAccounts();
  }

  std::unique_ptr<iv1::AccountIngestionService::Stub> Stub() {
    return iv1::AccountIngestionService::NewStub(Dial(server_->address()));
  }

  // The accounts of submission `n` of client `client` in cycle `cycle`: each
  // client keeps to three departments a cycle, so department-years get
  // dozens of revisions, each with different content.
  iv1::SubmitAccountsRequest Request(int cycle, int client, int n) {
    iv1::SubmitAccountsRequest request;
    *request.mutable_accounts() = template_;
    request.mutable_accounts()->mutable_department()->set_name(
        absl::StrCat("departments/crash-k", cycle, "-c", client, "-d", n % 3));
    request.mutable_accounts()->mutable_department()->add_functions(
        absl::StrCat("第 ", cycle, " 轮第 ", n, " 次提交。"));
    request.set_request_id(absl::StrCat("crash-", seed_, "-", cycle, "-", client, "-", n));
    return request;
  }

  static std::string Digest(const accounts::v1::FinalAccounts& accounts) {
    return Sha256Hex(DeterministicBytes(accounts));
  }

  grpc::Status Submit(iv1::AccountIngestionService::Stub& stub,
                      const iv1::SubmitAccountsRequest& request, iv1::SubmitAccountsResponse* out) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    return stub.SubmitAccounts(&context, request, out);
  }

  // Runs `clients` threads submitting until the server dies; records every
  // submission sent, answered or not.
  void Load(int cycle, int clients, std::vector<Submission>* sent) {
    std::mutex mu;
    std::vector<std::thread> threads;
    std::atomic<bool> dead{false};
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&, c] {
        auto stub = Stub();
        for (int n = 0; !dead.load(); ++n) {
          const iv1::SubmitAccountsRequest request = Request(cycle, c, n);
          Submission s{request.request_id(),
                       absl::StrCat(request.accounts().department().name(), "/accounts/2023"),
                       Digest(request.accounts()), ""};
          iv1::SubmitAccountsResponse response;
          const grpc::Status status = Submit(*stub, request, &response);
          if (status.ok()) {
            s.revision = response.name();
          } else if (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
                     status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED &&
                     status.error_code() != grpc::StatusCode::CANCELLED &&
                     status.error_code() != grpc::StatusCode::UNKNOWN) {
            ADD_FAILURE() << "submit " << s.request_id << ": " << status.error_code() << " "
                          << status.error_message();
          } else {
            dead = true;  // the kill landed; this one is in doubt
          }
          std::lock_guard<std::mutex> lock(mu);
          sent->push_back(std::move(s));
        }
      });
    }
    std::uniform_int_distribution<int> delay_ms(300, 1500);
    absl::SleepFor(absl::Milliseconds(delay_ms(rng_)));
    server_->Kill();
    dead = true;
    for (auto& t : threads) t.join();
  }

  // The revisions of `accounts_name`, oldest first.
  std::vector<iv1::AccountsRevision> Revisions(iv1::AccountIngestionService::Stub& stub,
                                               const std::string& accounts_name) {
    std::vector<iv1::AccountsRevision> out;
    std::string token;
    do {
      grpc::ClientContext context;
      iv1::ListAccountRevisionsRequest request;
      request.set_parent(accounts_name);
      request.set_page_size(1000);
      request.set_page_token(token);
      request.set_view(iv1::ACCOUNTS_VIEW_FULL);
      iv1::ListAccountRevisionsResponse response;
      const grpc::Status status = stub.ListAccountRevisions(&context, request, &response);
      EXPECT_TRUE(status.ok()) << accounts_name << ": " << status.error_message();
      if (!status.ok()) break;
      for (auto& r : *response.mutable_revisions()) out.push_back(std::move(r));
      token = response.next_page_token();
    } while (!token.empty());
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.revision_id() < b.revision_id(); });
    return out;
  }

  // Checks the department-years of `acked` whose names start with `prefix`:
  // revisions 1..n, as many as were acknowledged (no loss, no duplicate, no
  // stray half-written one), each acknowledged one present with exactly the
  // accounts sent. Returns the revisions checked.
  int Verify(iv1::AccountIngestionService::Stub& stub,
             const std::map<std::string, Submission>& acked, const std::string& prefix) {
    std::map<std::string, std::vector<const Submission*>> by_accounts;
    for (const auto& [id, s] : acked) {
      if (s.accounts_name.rfind(prefix, 0) == 0) by_accounts[s.accounts_name].push_back(&s);
    }
    int checked = 0;
    for (const auto& [accounts_name, submissions] : by_accounts) {
      const std::vector<iv1::AccountsRevision> revisions = Revisions(stub, accounts_name);
      std::map<std::string, const iv1::AccountsRevision*> by_name;
      for (size_t i = 0; i < revisions.size(); ++i) {
        EXPECT_EQ(revisions[i].revision_id(), static_cast<int64_t>(i + 1))
            << accounts_name << ": revision numbers have a gap";
        by_name[revisions[i].name()] = &revisions[i];
      }
      EXPECT_EQ(revisions.size(), submissions.size())
          << accounts_name << ": revisions that are not one acknowledged submission each";
      for (const Submission* s : submissions) {
        auto it = by_name.find(s->revision);
        if (it == by_name.end()) {
          ADD_FAILURE() << "acknowledged " << s->revision << " (" << s->request_id << ") is gone";
          continue;
        }
        EXPECT_EQ(Digest(it->second->accounts()), s->digest) << s->revision << " changed";
        EXPECT_EQ(it->second->request_id(), s->request_id);
        ++checked;
      }
    }
    return checked;
  }

  TempDir dir_;
  uint32_t seed_ = 0;
  std::mt19937 rng_;
  std::unique_ptr<Server> server_;
  accounts::v1::FinalAccounts template_;
};

TEST_F(IngestionCrashTest, AcknowledgedRevisionsSurviveSigkill) {
  const int cycles = EnvInt("JUESUAN_CRASH_CYCLES", 20);
  std::map<std::string, Submission> acked;  // by request_id
  int in_doubt_total = 0, retried_made = 0, checked = 0;
  for (int cycle = 0;; ++cycle) {
    SCOPED_TRACE(absl::StrCat("cycle ", cycle, " seed ", seed_));
    const absl::Time cycle_start = absl::Now();
    server_->Start();
    ASSERT_TRUE(server_->WaitServing()) << "the server did not come back";
    auto stub = Stub();

    // The department-years of the last cycle (the ones the kills hit), and
    // after the last cycle all of them.
    checked += Verify(*stub, acked,
                      cycle == cycles ? "" : absl::StrCat("departments/crash-k", cycle - 1, "-"));
    if (HasFatalFailure()) return;
    if (cycle == cycles) break;

    const absl::Time verified = absl::Now();
    std::vector<Submission> sent;
    Load(cycle, 4, &sent);
    const absl::Time loaded = absl::Now();
    // The server is dead. Restart it to settle the ones in doubt: a retry
    // with the same request_id answers the revision the first attempt made,
    // or makes it now, once.
    server_->Start();
    ASSERT_TRUE(server_->WaitServing());
    stub = Stub();
    for (Submission& s : sent) {
      if (s.revision.empty()) {
        ++in_doubt_total;
        const int n = std::stoi(s.request_id.substr(s.request_id.rfind('-') + 1));
        const std::string client = s.request_id.substr(0, s.request_id.rfind('-'));
        const int c = std::stoi(client.substr(client.rfind('-') + 1));
        const iv1::SubmitAccountsRequest request = Request(cycle, c, n);
        ASSERT_EQ(request.request_id(), s.request_id);
        iv1::SubmitAccountsResponse response;
        const grpc::Status status = Submit(*stub, request, &response);
        ASSERT_TRUE(status.ok()) << "retry of " << s.request_id << ": " << status.error_message();
        s.revision = response.name();
        ++retried_made;
        // The retry again answers the same revision.
        iv1::SubmitAccountsResponse again;
        ASSERT_TRUE(Submit(*stub, request, &again).ok());
        EXPECT_EQ(again.name(), s.revision);
      }
      acked[s.request_id] = s;
    }
    server_->Kill();
    std::cout << "cycle " << cycle << ": " << sent.size() << " sent, killed after "
              << absl::FormatDuration(loaded - verified) << "; verify "
              << absl::FormatDuration(verified - cycle_start) << ", settle "
              << absl::FormatDuration(absl::Now() - loaded) << "\n";
  }
  std::cout << "crash cycles: " << cycles << " kills under load, " << acked.size()
            << " submissions acknowledged, " << in_doubt_total << " in doubt at a kill (settled by "
            << retried_made << " retries), " << checked << " revision checks\n";
  EXPECT_GT(acked.size(), 0u);
}

}  // namespace
}  // namespace juesuan
