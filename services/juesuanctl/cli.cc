#include "services/juesuanctl/cli.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "common/client_security.h"
#include "common/error_details.h"
#include "common/grpc_status.h"
#include "google/rpc/error_details.pb.h"
#include "services/juesuanctl/flags.h"
#include "services/juesuanctl/json_output.h"

namespace juesuan::ctl {
namespace {

int resolved_fiscal_year = 0;

const ClientSecurity& Security() {
  static const ClientSecurity* security = [] {
    ClientSecurityOptions options;
    options.token_file = absl::GetFlag(FLAGS_token_file);
    options.tls_ca_file = absl::GetFlag(FLAGS_tls_ca_file);
    options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
    options.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
    auto loaded = ClientSecurity::Load(options);
    if (!loaded.ok()) std::exit(Fail(loaded.status()));
    return new ClientSecurity(*std::move(loaded));
  }();
  return *security;
}

void PrintDetails(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  if (GetDetail(status, &info)) {
    std::cerr << "  reason: " << info.reason() << " (" << info.domain() << ")\n";
  }
  google::rpc::BadRequest bad_request;
  if (GetDetail(status, &bad_request)) {
    for (const auto& v : bad_request.field_violations()) {
      std::cerr << "  field " << v.field() << ": " << v.description() << "\n";
    }
  }
  google::rpc::PreconditionFailure failure;
  if (GetDetail(status, &failure)) {
    for (const auto& v : failure.violations()) {
      std::cerr << "  " << v.type() << " " << v.subject() << ": " << v.description() << "\n";
    }
  }
}

}  // namespace

bool JsonOutput() { return absl::GetFlag(FLAGS_output) == "json"; }

int FiscalYear() { return resolved_fiscal_year; }
void SetFiscalYear(int year) { resolved_fiscal_year = year; }

std::shared_ptr<grpc::Channel> Dial(const std::string& address) {
  // Answers up to the servers' reply cap: a large department's HTML
  // disclosure or a FULL page is past gRPC's default of 4 MiB.
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  return Security().Channel(address, args);
}

clients::IngestionClient& Ingestion() {
  static clients::IngestionClient* client = new clients::IngestionClient(
      absl::GetFlag(FLAGS_ingestion_addr), absl::GetFlag(FLAGS_timeout), Security(),
      clients::IngestionClient::Errors::kAsAnswered);
  return *client;
}

void SetDeadline(grpc::ClientContext& context) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_timeout)));
}

std::string TemplateName() {
  const std::string t = absl::GetFlag(FLAGS_template_id);
  return t.rfind("templates/", 0) == 0 ? t : "templates/" + t;
}

ParallelRun RunParallel(int64_t count, const std::function<std::string(int64_t)>& call) {
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> failed{0};
  const absl::Time began = absl::Now();
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, absl::GetFlag(FLAGS_parallel)); ++t) {
    threads.emplace_back([&] {
      for (int64_t i = next++; i < count; i = next++) {
        const std::string error = call(i);
        if (!error.empty() && failed++ < 5) std::cerr << error << "\n";
      }
    });
  }
  for (auto& t : threads) t.join();
  return {failed.load(), absl::ToDoubleSeconds(absl::Now() - began)};
}

int Print(const google::protobuf::Message& message, const std::function<std::string()>& as_text) {
  std::cout << (JsonOutput() ? ToJson(message) : as_text());
  return kExitOk;
}

int PrintJson(const google::protobuf::Message& message) {
  std::cout << ToJson(message);
  return kExitOk;
}

int PrintError(const absl::Status& status) {
  if (JsonOutput()) {
    std::cerr << ErrorToJson(status);
    return kExitFailed;
  }
  std::cerr << "error: " << absl::StatusCodeToString(status.code()) << ": " << status.message()
            << "\n";
  PrintDetails(status);
  return kExitFailed;
}

int PrintError(const grpc::Status& status) { return PrintError(FromGrpcStatus(status)); }

int Fail(const absl::Status& status) {
  if (JsonOutput()) {
    std::cerr << ErrorToJson(status);
  } else {
    std::cerr << "juesuanctl: " << absl::StatusCodeToString(status.code()) << ": "
              << status.message() << "\n";
  }
  return kExitFailed;
}

int UsageError(const std::string& message) {
  if (JsonOutput()) {
    std::cerr << ErrorToJson(absl::InvalidArgumentError(message));
  } else {
    std::cerr << "juesuanctl: " << message << "\n";
  }
  return kExitUsage;
}

}  // namespace juesuan::ctl
