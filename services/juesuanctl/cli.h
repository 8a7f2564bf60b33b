// What every juesuanctl command does the same way: dial a service with the
// flags' credentials, give a call its deadline, print an answer (text, or
// JSON under --output=json) and say what failed — a server's error with the
// details a user acts on, a local failure, or a usage error — in text on
// stderr, or as one JSON error object there under --output=json.
#ifndef JUESUAN_SERVICES_JUESUANCTL_CLI_H_
#define JUESUAN_SERVICES_JUESUANCTL_CLI_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "clients/ingestion_client.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace juesuan::ctl {

// Exit statuses: done, failed (a server's error or a local one), a command
// line that cannot mean anything.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

bool JsonOutput();

// --fiscal_year, or --year when only that is given, resolved once by main
// (fiscal_year.h); 0 when neither is.
int FiscalYear();
void SetFiscalYear(int year);

// A channel to `address` with the credentials the flags name (read once;
// credentials that cannot be read end the process, exit 1).
std::shared_ptr<grpc::Channel> Dial(const std::string& address);

// juesuan-ingestion at --ingestion_addr, --timeout a call: one per process.
clients::IngestionClient& Ingestion();

// Now + --timeout on `context`.
void SetDeadline(grpc::ClientContext& context);

// `templates/{t}` from --template_id (with or without the prefix).
std::string TemplateName();

// call(i) for every i in [0, count), --parallel at a time; call returns ""
// or what failed, and the first five failures are printed.
struct ParallelRun {
  int64_t failed = 0;
  double seconds = 0;
};
ParallelRun RunParallel(int64_t count, const std::function<std::string(int64_t)>& call);

// One unary call of `rpc` on `stub` under --timeout: print(response)'s
// exit status, or the error printed (1).
template <typename Stub, typename Request, typename Response, typename Printer>
int CallAndPrint(Stub& stub,
                 grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                 const Request& request, const Printer& print);

// Prints `message` as JSON under --output=json, else `as_text()`: 0.
int Print(const google::protobuf::Message& message, const std::function<std::string()>& as_text);
// Prints `message` as JSON whatever --output says (the commands whose
// answer has no text form): 0.
int PrintJson(const google::protobuf::Message& message);

// A failed call: code, message and the details (ErrorInfo, BadRequest,
// PreconditionFailure), or the JSON error: 1.
int PrintError(const absl::Status& status);
int PrintError(const grpc::Status& status);

// A local failure (a file that cannot be read or written): 1.
int Fail(const absl::Status& status);

// A command line that cannot mean anything: 2.
int UsageError(const std::string& message);

template <typename Stub, typename Request, typename Response, typename Printer>
int CallAndPrint(Stub& stub,
                 grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                 const Request& request, const Printer& print) {
  grpc::ClientContext context;
  SetDeadline(context);
  Response response;
  const grpc::Status s = (stub.*rpc)(&context, request, &response);
  return s.ok() ? print(response) : PrintError(s);
}

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_CLI_H_
