// juesuanctl: the operators' command line for the juesuan services.
//
//   juesuanctl [--ingestion_addr=HOST:PORT] [--timeout=30s] [--output=text|json] COMMAND ...
//
// Commands:
//   health                              grpc.health.v1.Health/Check of ingestion
//   submit FILE.json [--request_id=ID] [--validate_only]
//                                       submit accounts (proto3 JSON of FinalAccounts)
//   get NAME [--view=basic|full|digest] accounts (latest) or one revision
//   list [--fiscal_year=Y] [--region=R] latest revision of each department-year
//   revisions NAME                      revisions of departments/{d}/accounts/{y}
//   explain REVISION FINDING_ID TEXT [--author=WHO]
//   explain REVISION --explanations=FILE [--author=WHO]
//                                       many at once: FINDING_ID<TAB>TEXT lines, or JSON
//   publish REVISION
//   departments [--region=R]
//   rules [--fiscal_year=Y]
//
// Scoring (--scoring_addr, default 127.0.0.1:50052):
//   score ACCOUNTS --profile=P          score one department-year, print the scorecard
//   scorecard NAME --profile=P          a stored scorecard (JSON)
//   scorecards --fiscal_year=Y --profile=P [--region=R]   ranked table
//   profiles                            the scoring profiles
//   score-all --fiscal_year=Y (or --year=Y; Y may be current or previous) --profile=P
//             [--region=R] [--request_id=ID]
//                                       start a scoring job and follow it to its end;
//                                       exit 0 all scored, 2 some failed, 1 job failed
//   jobs | job NAME                     scoring jobs
//
// Rendering (--rendering_addr, default 127.0.0.1:50053):
//   render ACCOUNTS [--format=text|markdown|html|xlsx] [--template_id=T] [--review]
//          [--out=FILE]
//                                       render the disclosure; the document goes to FILE
//                                       (or stdout), its provenance to stderr
//   render-all --fiscal_year=Y [--region=R] [--format=F] [--limit=N] [--parallel=P]
//                                       render every department-year's disclosure
//   disclosure NAME [--format=F] [--template_id=T] [--review] [--out=FILE]   a kept document
//   disclosures [PARENT]                kept documents (departments/{d} or departments/-)
//   templates                           the templates
//   audit ACCOUNTS|ACCOUNTS.json (--pdf=FILE | --text=FILE) [--template_id=T]
//   audit --accounts=ACCOUNTS --template=T (--pdf=FILE | --text=FILE)
//                                       audit a published document (its PDF or text)
//                                       against stored or inline accounts: each stated
//                                       figure, page, stated → computed; stored when
//                                       the accounts name their department and year
//   import --pdf=FILE [--out=FILE]     a published PDF's tables as FinalAccounts JSON, on
//                                       this machine, with a report of what was read and
//                                       what could not be placed (stderr)
//   check-pdf FILE|DIR [--template_id=T]  import, validate (nothing stored) and audit the
//                                       narrative of a published PDF, or of every PDF in a
//                                       folder, with a summary table
//   audits [PARENT]                     stored audits (departments/{d} or departments/-)
//   audit-report NAME                   a stored audit's findings (departments/{d}/audits/{id})
//
// Data:
//   generate --count=N [--seed=S] [--start=K] [--parallel=P]
//                                       submit N generated department-years to ingestion
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/client_security.h"
#include "common/error_details.h"
#include "common/grpc_status.h"
#include "gen/accounts_generator.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "juesuan/disclosure/v1/disclosure.grpc.pb.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "juesuan/scoring/v1/scoring_service.grpc.pb.h"
#include "services/juesuanctl/audit_command.h"
#include "services/juesuanctl/check_pdf_command.h"
#include "services/juesuanctl/explanations_file.h"
#include "services/juesuanctl/fiscal_year.h"
#include "services/juesuanctl/import_command.h"
#include "services/juesuanctl/input_file.h"
#include "services/juesuanctl/json_output.h"
#include "services/juesuanctl/report_text.h"
#include "services/juesuanctl/scorecard_text.h"

ABSL_FLAG(std::string, ingestion_addr, "127.0.0.1:50051", "juesuan-ingestion address");
ABSL_FLAG(std::string, scoring_addr, "127.0.0.1:50052", "juesuan-scoring address");
ABSL_FLAG(std::string, rendering_addr, "127.0.0.1:50053", "juesuan-rendering address");
ABSL_FLAG(std::string, token_file, "",
          "file holding the bearer token sent with every call; empty: none");
ABSL_FLAG(std::string, tls_ca_file, "", "PEM CA of the servers' certificates; set: call over TLS");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM client certificate, for servers requiring mutual TLS");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, format, "text", "render/disclosure: text, markdown, html or xlsx");
ABSL_FLAG(std::string, template_id, "xinjiang-2023",
          "render/disclosure: template (ID or templates/ID)");
ABSL_FLAG(std::string, text, "",
          "audit: the published document's text, a file (- for standard input)");
ABSL_FLAG(std::string, pdf, "",
          "audit, import: the published document's PDF, a file (up to 50 MB)");
ABSL_FLAG(std::string, accounts, "",
          "audit: the accounts, as the first argument (departments/{d}/accounts/{y} or a "
          "FinalAccounts JSON file)");
ABSL_FLAG(bool, review, false,
          "render/disclosure: the review (score review, revision and suite version in the text) "
          "instead of the published text");
ABSL_FLAG(std::string, out, "",
          "render/disclosure: write the document to this file (default: stdout)");
ABSL_FLAG(std::string, profile, "changji-2023", "scoring profile (ID or scoringProfiles/ID)");
ABSL_FLAG(int, count, 100, "generate: how many department-years");
ABSL_FLAG(uint64_t, seed, 1, "generate: the generator's seed");
ABSL_FLAG(int64_t, start, 0, "generate: index of the first department-year");
ABSL_FLAG(int, parallel, 8, "generate, render-all: calls in flight");
ABSL_FLAG(int64_t, limit, 0, "render-all: at most this many documents (0: every department-year)");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30), "deadline of each call");
ABSL_FLAG(std::string, output, "text", "text or json");
ABSL_FLAG(std::string, request_id, "", "submit: idempotency key");
ABSL_FLAG(bool, validate_only, false, "submit: validate, store nothing");
ABSL_FLAG(std::string, view, "",
          "get/list: basic, full or digest (get: what tells revisions apart)");
ABSL_FLAG(std::string, fiscal_year, "",
          "list/rules/scorecards/score-all/generate: fiscal year: YYYY, current, or previous "
          "(the year that ended, whose final accounts are disclosed now; China Standard Time)");
ABSL_FLAG(std::string, year, "",
          "the same as --fiscal_year (the scheduled job runs score-all --year=previous)");
ABSL_FLAG(std::string, region, "",
          "list/departments: 6-digit region code; check-pdf: the region the document is "
          "validated in (it prints none)");
ABSL_FLAG(std::string, author, "juesuanctl", "explain: who explains");
ABSL_FLAG(std::string, explanations, "",
          "explain: a file of explanations, FINDING_ID<TAB>TEXT a line or "
          "{\"explanations\": [...]} JSON; - for stdin");
ABSL_FLAG(int, page_size, 0, "list/revisions/departments: page size (0: server default)");
ABSL_FLAG(std::string, page_token, "",
          "list/revisions/departments: the nextPageToken of the previous page");

namespace {

namespace v1 = ::juesuan::ingestion::v1;

// --fiscal_year, or --year when only that is given; 0 when neither is.
// Resolved once in main().
int resolved_fiscal_year = 0;
int FiscalYear() { return resolved_fiscal_year; }

int Fail(const std::string& message) {
  std::cerr << "juesuanctl: " << message << "\n";
  return EXIT_FAILURE;
}

// A command line that cannot mean anything: exit 2, as usage errors do.
int UsageError(const std::string& message) {
  std::cerr << "juesuanctl: " << message << "\n";
  return 2;
}

// The count and size flags that must not be negative (or, for parallelism
// and counts, zero): a message naming the first that is, or "".
std::string NegativeCountFlag() {
  const std::pair<const char*, int64_t> at_least_one[] = {
      {"--count", absl::GetFlag(FLAGS_count)}, {"--parallel", absl::GetFlag(FLAGS_parallel)}};
  for (const auto& [flag, value] : at_least_one) {
    if (value < 1) return absl::StrCat(flag, " must be at least 1, got ", value);
  }
  const std::pair<const char*, int64_t> not_negative[] = {
      {"--start", absl::GetFlag(FLAGS_start)},
      {"--limit", absl::GetFlag(FLAGS_limit)},
      {"--page_size", absl::GetFlag(FLAGS_page_size)}};
  for (const auto& [flag, value] : not_negative) {
    if (value < 0) return absl::StrCat(flag, " must not be negative, got ", value);
  }
  if (absl::GetFlag(FLAGS_timeout) <= absl::ZeroDuration()) return "--timeout must be positive";
  return "";
}

using juesuan::ctl::ToJson;

// Prints a failed call: code, message, and the details a user acts on.
int PrintError(const grpc::Status& wire) {
  const absl::Status status = juesuan::FromGrpcStatus(wire);
  std::cerr << "error: " << absl::StatusCodeToString(status.code()) << ": " << status.message()
            << "\n";
  google::rpc::ErrorInfo info;
  if (juesuan::GetDetail(status, &info)) {
    std::cerr << "  reason: " << info.reason() << " (" << info.domain() << ")\n";
  }
  google::rpc::BadRequest bad_request;
  if (juesuan::GetDetail(status, &bad_request)) {
    for (const auto& v : bad_request.field_violations()) {
      std::cerr << "  field " << v.field() << ": " << v.description() << "\n";
    }
  }
  google::rpc::PreconditionFailure failure;
  if (juesuan::GetDetail(status, &failure)) {
    for (const auto& v : failure.violations()) {
      std::cerr << "  " << v.type() << " " << v.subject() << ": " << v.description() << "\n";
    }
  }
  return EXIT_FAILURE;
}

// A channel to `address` with the credentials the flags name (read once);
// credentials that cannot be read end the command.
std::shared_ptr<grpc::Channel> Dial(const std::string& address) {
  static const juesuan::ClientSecurity* security = [] {
    juesuan::ClientSecurityOptions options;
    options.token_file = absl::GetFlag(FLAGS_token_file);
    options.tls_ca_file = absl::GetFlag(FLAGS_tls_ca_file);
    options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
    options.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
    auto loaded = juesuan::ClientSecurity::Load(options);
    if (!loaded.ok()) {
      std::cerr << "juesuanctl: " << loaded.status().message() << "\n";
      std::exit(EXIT_FAILURE);
    }
    return new juesuan::ClientSecurity(*std::move(loaded));
  }();
  // Answers up to the servers' reply cap: a large department's HTML
  // disclosure or a FULL page is past gRPC's default of 4 MiB.
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  return security->Channel(address, args);
}

void SetDeadline(grpc::ClientContext& context) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_timeout)));
}

v1::AccountsView ParseView(const std::string& view) {
  if (view == "basic") return v1::ACCOUNTS_VIEW_BASIC;
  if (view == "full") return v1::ACCOUNTS_VIEW_FULL;
  if (view == "digest") return v1::ACCOUNTS_VIEW_DIGEST;
  return v1::ACCOUNTS_VIEW_UNSPECIFIED;
}

bool JsonOutput() { return absl::GetFlag(FLAGS_output) == "json"; }

std::string ProfileName() {
  const std::string p = absl::GetFlag(FLAGS_profile);
  return p.rfind("scoringProfiles/", 0) == 0 ? p : "scoringProfiles/" + p;
}

namespace sv1 = ::juesuan::scoring::v1;
namespace dv1 = ::juesuan::disclosure::v1;

dv1::Format ParseFormat(const std::string& format) {
  if (format == "text") return dv1::FORMAT_TEXT;
  if (format == "markdown" || format == "md") return dv1::FORMAT_MARKDOWN;
  if (format == "html") return dv1::FORMAT_HTML;
  if (format == "xlsx") return dv1::FORMAT_XLSX;
  return dv1::FORMAT_UNSPECIFIED;  // the server names the field
}

dv1::View DisclosureView() {
  return absl::GetFlag(FLAGS_review) ? dv1::VIEW_REVIEW : dv1::VIEW_PUBLISHED;
}

std::string TemplateName() {
  const std::string t = absl::GetFlag(FLAGS_template_id);
  return t.rfind("templates/", 0) == 0 ? t : "templates/" + t;
}

// Writes a document to --out (or stdout) and what it came from to stderr.
int WriteDisclosure(const dv1::Disclosure& d) {
  if (JsonOutput()) {
    std::cout << ToJson(d);
    return EXIT_SUCCESS;
  }
  const std::string out = absl::GetFlag(FLAGS_out);
  const std::string& bytes = d.format() == dv1::FORMAT_XLSX ? d.binary_content() : d.content();
  if (out.empty()) {
    std::cout << bytes;
  } else {
    std::ofstream file(out, std::ios::binary);
    file << bytes;
    file.close();
    if (!file) return Fail(absl::StrCat("cannot write \"", out, "\""));
  }
  const auto& p = d.provenance();
  std::cerr << d.name() << " (" << dv1::Format_Name(d.format()) << ", " << d.content_type() << ", "
            << d.content_bytes() << " bytes" << (out.empty() ? "" : " -> " + out) << ")\n"
            << "  accounts   " << p.accounts_revision() << "  sha256 " << p.accounts_sha256()
            << "\n"
            << "  scorecard  "
            << (d.without_scorecard() ? std::string("none (the document says so)")
                                      : absl::StrCat(p.scorecard(), " under ", p.scoring_profile(),
                                                     " v", p.scoring_profile_version()))
            << "\n"
            << "  template   " << p.template_() << " v" << p.template_version() << ", juesuan "
            << p.suite_version() << "\n"
            << "  content    sha256 " << p.content_sha256() << "\n";
  return EXIT_SUCCESS;
}

int Rendering(const std::string& command, const std::function<std::string(size_t)>& arg) {
  auto channel = Dial(absl::GetFlag(FLAGS_rendering_addr));
  auto stub = dv1::DisclosureRenderingService::NewStub(channel);
  grpc::ClientContext context;
  SetDeadline(context);
  if (command == "render") {
    dv1::RenderDisclosureRequest request;
    request.set_accounts(arg(2));
    request.set_format(ParseFormat(absl::GetFlag(FLAGS_format)));
    request.set_template_(TemplateName());
    request.set_view(DisclosureView());
    dv1::Disclosure response;
    const grpc::Status s = stub->RenderDisclosure(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    return WriteDisclosure(response);
  }
  if (command == "disclosure") {
    dv1::GetDisclosureRequest request;
    request.set_name(arg(2));
    request.set_format(ParseFormat(absl::GetFlag(FLAGS_format)));
    request.set_template_(TemplateName());
    request.set_view(DisclosureView());
    dv1::Disclosure response;
    const grpc::Status s = stub->GetDisclosure(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    return WriteDisclosure(response);
  }
  if (command == "audit") {
    const std::string accounts = absl::GetFlag(FLAGS_accounts);
    absl::StatusOr<dv1::AuditDisclosureRequest> request =
        juesuan::ctl::AuditRequest({accounts.empty() ? arg(2) : accounts, absl::GetFlag(FLAGS_text),
                                    absl::GetFlag(FLAGS_pdf), TemplateName()});
    if (!request.ok()) return Fail(std::string(request.status().message()));
    dv1::DisclosureAudit response;
    const grpc::Status s = stub->AuditDisclosure(&context, *request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << (JsonOutput() ? ToJson(response) : juesuan::ctl::AuditToText(response));
    return EXIT_SUCCESS;
  }
  if (command == "audits") {
    dv1::ListDisclosureAuditsRequest request;
    request.set_parent(arg(2).empty() ? "departments/-" : arg(2));
    request.set_page_size(absl::GetFlag(FLAGS_page_size));
    request.set_page_token(absl::GetFlag(FLAGS_page_token));
    dv1::ListDisclosureAuditsResponse response;
    const grpc::Status s = stub->ListDisclosureAudits(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << (JsonOutput() ? ToJson(response) : juesuan::ctl::AuditsToText(response));
    return EXIT_SUCCESS;
  }
  if (command == "audit-report") {
    dv1::GetDisclosureAuditRequest request;
    request.set_name(arg(2));
    dv1::DisclosureAudit response;
    const grpc::Status s = stub->GetDisclosureAudit(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << (JsonOutput() ? ToJson(response) : juesuan::ctl::AuditToText(response));
    return EXIT_SUCCESS;
  }
  if (command == "disclosures") {
    dv1::ListDisclosuresRequest request;
    request.set_parent(arg(2).empty() ? "departments/-" : arg(2));
    request.set_page_size(absl::GetFlag(FLAGS_page_size));
    request.set_page_token(absl::GetFlag(FLAGS_page_token));
    dv1::ListDisclosuresResponse response;
    const grpc::Status s = stub->ListDisclosures(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    if (JsonOutput()) {
      std::cout << ToJson(response);
      return EXIT_SUCCESS;
    }
    for (const auto& d : response.disclosures()) {
      std::cout << absl::StrFormat("%-50s %-16s %-24s %8d B  %s%s\n", d.name(),
                                   dv1::Format_Name(d.format()), d.template_(), d.content_bytes(),
                                   d.provenance().accounts_revision(),
                                   d.without_scorecard() ? "  (no scorecard)" : "");
    }
    if (!response.next_page_token().empty()) {
      std::cout << "next page: --page_token=" << response.next_page_token() << "\n";
    }
    return EXIT_SUCCESS;
  }
  // templates
  dv1::ListTemplatesRequest request;
  dv1::ListTemplatesResponse response;
  const grpc::Status s = stub->ListTemplates(&context, request, &response);
  if (!s.ok()) return PrintError(s);
  if (JsonOutput()) {
    std::cout << ToJson(response);
    return EXIT_SUCCESS;
  }
  for (const auto& t : response.templates()) {
    std::string formats;
    for (int f : t.formats()) {
      absl::StrAppend(&formats, formats.empty() ? "" : ",",
                      dv1::Format_Name(static_cast<dv1::Format>(f)));
    }
    std::cout << t.name() << "  v" << t.version() << "  " << t.display_name() << "  [" << formats
              << "]  scores: " << t.scoring_profile() << "\n";
  }
  return EXIT_SUCCESS;
}

int Scoring(const std::string& command, const std::function<std::string(size_t)>& arg) {
  auto channel = Dial(absl::GetFlag(FLAGS_scoring_addr));
  auto stub = sv1::PerformanceScoringService::NewStub(channel);
  grpc::ClientContext context;
  SetDeadline(context);
  if (command == "score") {
    sv1::ScoreAccountsRequest request;
    request.set_accounts(arg(2));
    request.set_profile(ProfileName());
    sv1::Scorecard response;
    const grpc::Status s = stub->ScoreAccounts(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << (JsonOutput() ? ToJson(response) : juesuan::ctl::ScorecardToText(response));
    return EXIT_SUCCESS;
  }
  if (command == "scorecard") {
    sv1::GetScorecardRequest request;
    request.set_name(arg(2));
    request.set_profile(ProfileName());
    sv1::Scorecard response;
    const grpc::Status s = stub->GetScorecard(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << ToJson(response);
    return EXIT_SUCCESS;
  }
  if (command == "scorecards") {
    sv1::ListScorecardsRequest request;
    request.set_parent("departments/-");
    request.set_profile(ProfileName());
    request.set_fiscal_year(FiscalYear());
    request.set_region_code(absl::GetFlag(FLAGS_region));
    request.set_page_size(absl::GetFlag(FLAGS_page_size));
    request.set_page_token(absl::GetFlag(FLAGS_page_token));
    sv1::ListScorecardsResponse response;
    const grpc::Status s = stub->ListScorecards(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << (JsonOutput() ? ToJson(response) : juesuan::ctl::ScorecardsToTable(response));
    return EXIT_SUCCESS;
  }
  if (command == "profiles") {
    sv1::ListScoringProfilesRequest request;
    sv1::ListScoringProfilesResponse response;
    const grpc::Status s = stub->ListScoringProfiles(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    if (JsonOutput()) {
      std::cout << ToJson(response);
    } else {
      for (const auto& p : response.scoring_profiles()) {
        std::cout << p.name() << "\tv" << p.version() << "\t" << p.display_name() << "\n";
      }
    }
    return EXIT_SUCCESS;
  }
  if (command == "jobs") {
    sv1::ListScoringJobsRequest request;
    request.set_page_size(absl::GetFlag(FLAGS_page_size));
    request.set_page_token(absl::GetFlag(FLAGS_page_token));
    sv1::ListScoringJobsResponse response;
    const grpc::Status s = stub->ListScoringJobs(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << ToJson(response);
    return EXIT_SUCCESS;
  }
  if (command == "job") {
    sv1::GetScoringJobRequest request;
    request.set_name(arg(2));
    sv1::ScoringJob response;
    const grpc::Status s = stub->GetScoringJob(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << ToJson(response);
    return EXIT_SUCCESS;
  }
  // score-all: start, then follow until the job ends.
  sv1::StartScoringJobRequest start;
  start.set_fiscal_year(FiscalYear());
  start.set_region_code(absl::GetFlag(FLAGS_region));
  start.set_profile(ProfileName());
  start.set_request_id(absl::GetFlag(FLAGS_request_id));
  sv1::ScoringJob job;
  {
    grpc::ClientContext start_context;
    SetDeadline(start_context);
    const grpc::Status s = stub->StartScoringJob(&start_context, start, &job);
    if (!s.ok()) return PrintError(s);
  }
  std::cerr << "job " << job.name() << " (" << job.profile() << ", " << job.fiscal_year()
            << (job.region_code().empty() ? "" : ", region " + job.region_code()) << ")\n";
  sv1::WatchScoringJobRequest watch;
  watch.set_name(job.name());
  // Follow the job; if the server restarts (the job resumes there), watch
  // again for up to a minute before giving up.
  const absl::Time give_up_after = absl::Now() + absl::Minutes(1);
  // The progress bar redraws itself: on a terminal only (a CronJob's log
  // gets the summary at the end, not a line of carriage returns).
  const bool progress = isatty(STDERR_FILENO) == 1;
  grpc::Status end;
  while (true) {
    grpc::ClientContext watch_context;
    auto reader = stub->WatchScoringJob(&watch_context, watch);
    sv1::ScoringJob update;
    while (reader->Read(&update)) {
      job = update;
      if (progress) std::cerr << "\r" << juesuan::ctl::ProgressBar(job) << std::flush;
    }
    end = reader->Finish();
    const bool terminal = job.state() != sv1::JOB_STATE_RUNNING;
    if (end.ok() && terminal) break;
    if (end.error_code() != grpc::StatusCode::UNAVAILABLE && !(end.ok() && !terminal)) break;
    if (absl::Now() > give_up_after) break;
    absl::SleepFor(absl::Seconds(1));
  }
  if (progress) std::cerr << "\n";
  if (!end.ok()) return PrintError(end);
  if (JsonOutput())
    std::cout << ToJson(job);
  else
    std::cout << juesuan::ctl::JobSummary(job);
  switch (job.state()) {
    case sv1::JOB_STATE_SUCCEEDED:
      return EXIT_SUCCESS;
    case sv1::JOB_STATE_SUCCEEDED_WITH_FAILURES:
      return 2;
    default:
      return EXIT_FAILURE;
  }
}

// Submits --count generated department-years, --parallel at a time.
// call(i) for every i in [0, count), --parallel at a time. call returns ""
// or what failed; the first five failures are printed.
struct Parallel {
  int64_t failed = 0;
  double seconds = 0;
};
Parallel RunParallel(int64_t count, const std::function<std::string(int64_t)>& call) {
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

// render-all: renders the disclosure of every department-year of a fiscal
// year (and region) that ingestion holds, --parallel at a time, e.g. after a
// template change; prints how many and how fast.
int RenderAll(v1::AccountIngestionService::Stub* ingestion) {
  if (FiscalYear() == 0) return Fail("render-all needs --fiscal_year (or --year)");
  std::vector<std::string> names;
  std::string token;
  const int64_t limit = absl::GetFlag(FLAGS_limit);
  do {
    v1::ListAccountsRequest request;
    request.set_parent("departments/-");
    request.set_fiscal_year(FiscalYear());
    request.set_region_code(absl::GetFlag(FLAGS_region));
    request.set_page_size(1000);
    request.set_page_token(token);
    v1::ListAccountsResponse response;
    grpc::ClientContext context;
    SetDeadline(context);
    const grpc::Status s = ingestion->ListAccounts(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    for (const auto& revision : response.accounts()) {
      if (limit > 0 && static_cast<int64_t>(names.size()) >= limit) break;
      // The accounts, not the revision: the latest revision's kept document.
      names.push_back(revision.name().substr(0, revision.name().find("/revisions/")));
    }
    token = response.next_page_token();
  } while (!token.empty() && (limit == 0 || static_cast<int64_t>(names.size()) < limit));

  auto stub = dv1::DisclosureRenderingService::NewStub(Dial(absl::GetFlag(FLAGS_rendering_addr)));
  const dv1::Format format = ParseFormat(absl::GetFlag(FLAGS_format));
  std::atomic<int64_t> bytes{0};
  const Parallel run = RunParallel(static_cast<int64_t>(names.size()), [&](int64_t i) {
    dv1::RenderDisclosureRequest request;
    request.set_accounts(names[i]);
    request.set_format(format);
    request.set_template_(TemplateName());
    dv1::Disclosure response;
    grpc::ClientContext context;
    SetDeadline(context);
    const grpc::Status s = stub->RenderDisclosure(&context, request, &response);
    if (!s.ok()) return absl::StrCat(names[i], ": ", s.error_message());
    bytes += response.content_bytes();
    return std::string();
  });
  const int64_t rendered = static_cast<int64_t>(names.size()) - run.failed;
  std::cout << "rendered " << rendered << " of " << names.size() << " documents ("
            << absl::GetFlag(FLAGS_format) << ", " << bytes / std::max<int64_t>(1, rendered)
            << " B each): " << run.failed << " failed, " << absl::StrFormat("%.1f", run.seconds)
            << " s (" << absl::StrFormat("%.0f", rendered / std::max(run.seconds, 1e-9)) << "/s)\n";
  return run.failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

int Generate(v1::AccountIngestionService::Stub* stub) {
  juesuan::gen::GeneratorOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  if (FiscalYear() != 0) options.fiscal_year = FiscalYear();
  const juesuan::gen::AccountsGenerator generator = juesuan::gen::DefaultGenerator(options);
  const int64_t start = absl::GetFlag(FLAGS_start);
  const int64_t count = absl::GetFlag(FLAGS_count);
  const Parallel run = RunParallel(count, [&](int64_t k) {
    const int64_t i = start + k;
    v1::SubmitAccountsRequest request;
    *request.mutable_accounts() = generator.Generate(i);
    request.set_request_id(absl::StrCat("gen-", options.seed, "-", i));
    v1::SubmitAccountsResponse response;
    grpc::ClientContext context;
    SetDeadline(context);
    const grpc::Status s = stub->SubmitAccounts(&context, request, &response);
    return s.ok() ? std::string() : absl::StrCat("department ", i, ": ", s.error_message());
  });
  const int64_t stored = count - run.failed;
  std::cout << "generated " << count << " department-years (seed " << options.seed << ", "
            << options.fiscal_year << "): " << stored << " stored, " << run.failed << " failed, "
            << absl::StrFormat("%.1f", run.seconds) << " s ("
            << absl::StrFormat("%.0f", stored / std::max(run.seconds, 1e-9)) << "/s)\n";
  return run.failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

}  // namespace

// import --pdf=FILE: the accounts' JSON to --out (or stdout), the report
// to stderr; with --output=json, {"accounts": …, "report": …} on stdout.
int Import() {
  const std::string pdf = absl::GetFlag(FLAGS_pdf);
  if (pdf.empty()) return UsageError("import: --pdf=FILE is required");
  absl::StatusOr<juesuan::ctl::ImportOutput> imported = juesuan::ctl::ImportPdfFile(pdf);
  if (!imported.ok()) {
    return Fail(absl::StrCat(absl::StatusCodeToString(imported.status().code()), ": ",
                             imported.status().message()));
  }
  if (JsonOutput()) {
    std::cout << "{\n\"accounts\": " << imported->accounts_json
              << ",\n\"report\": " << imported->report_json << "\n}\n";
    return EXIT_SUCCESS;
  }
  std::cerr << imported->report_text;
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) {
    std::cout << imported->accounts_json;
    return EXIT_SUCCESS;
  }
  std::ofstream file(out, std::ios::binary);
  file << imported->accounts_json;
  return file.good() ? EXIT_SUCCESS : Fail(absl::StrCat("cannot write ", out));
}

// `--template` is C++'s keyword, so no flag can be named so; it is read as
// --template_id (the audit issue and its users spell it --template).
std::vector<std::string> TemplateSpelling(int argc, char** argv) {
  std::vector<std::string> out(argv, argv + argc);
  for (std::string& arg : out) {
    for (const char* prefix : {"--template", "-template"}) {
      const std::string p = prefix;
      if (arg == p || arg.rfind(p + "=", 0) == 0) arg = "--template_id" + arg.substr(p.size());
    }
  }
  return out;
}

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "juesuanctl [flags] health | submit FILE.json | get NAME | list | revisions NAME | "
      "explain REVISION FINDING_ID TEXT | publish REVISION | departments | rules | score ... | "
      "render ACCOUNTS ... (see the source's header comment for every command)");
  std::vector<std::string> spelled = TemplateSpelling(argc, argv);
  std::vector<char*> argv_spelled;
  for (std::string& arg : spelled) argv_spelled.push_back(arg.data());
  std::vector<char*> args =
      absl::ParseCommandLine(static_cast<int>(argv_spelled.size()), argv_spelled.data());
  if (args.size() < 2) return UsageError("no command; try --help");
  if (const std::string bad = NegativeCountFlag(); !bad.empty()) return UsageError(bad);
  if (const std::string output = absl::GetFlag(FLAGS_output);
      output != "text" && output != "json") {
    return UsageError(absl::StrCat("--output must be text or json, got \"", output, "\""));
  }
  {
    const std::string fiscal_year = absl::GetFlag(FLAGS_fiscal_year);
    const std::string year = absl::GetFlag(FLAGS_year);
    if (!fiscal_year.empty() || !year.empty()) {
      absl::StatusOr<int> resolved =
          juesuan::ctl::ResolveFiscalYear(fiscal_year.empty() ? year : fiscal_year, absl::Now(),
                                          fiscal_year.empty() ? "--year" : "--fiscal_year");
      if (!resolved.ok()) return UsageError(std::string(resolved.status().message()));
      resolved_fiscal_year = *resolved;
    }
  }
  const std::string command = args[1];
  const std::function<std::string(size_t)> arg = [&](size_t i) -> std::string {
    return i < args.size() ? args[i] : "";
  };

  if (command == "import") return Import();
  if (command == "check-pdf") {
    if (arg(2).empty()) return UsageError("check-pdf: a PDF or a folder of PDFs is required");
    auto ingestion =
        v1::AccountIngestionService::NewStub(Dial(absl::GetFlag(FLAGS_ingestion_addr)));
    auto rendering =
        dv1::DisclosureRenderingService::NewStub(Dial(absl::GetFlag(FLAGS_rendering_addr)));
    juesuan::ctl::CheckPdfOptions options;
    options.ingestion = ingestion.get();
    options.rendering = rendering.get();
    options.template_name = TemplateName();
    options.timeout = absl::GetFlag(FLAGS_timeout);
    options.json = JsonOutput();
    options.progress = isatty(STDERR_FILENO) == 1;
    options.region_code = absl::GetFlag(FLAGS_region);
    return juesuan::ctl::CheckPdf(arg(2), options, std::cout, std::cerr);
  }
  for (const char* scoring :
       {"score", "scorecard", "scorecards", "profiles", "score-all", "jobs", "job"}) {
    if (command == scoring) return Scoring(command, arg);
  }
  for (const char* rendering :
       {"render", "disclosure", "disclosures", "templates", "audit", "audits", "audit-report"}) {
    if (command == rendering) return Rendering(command, arg);
  }
  auto channel = Dial(absl::GetFlag(FLAGS_ingestion_addr));
  auto stub = v1::AccountIngestionService::NewStub(channel);
  if (command == "generate") return Generate(stub.get());
  if (command == "render-all") return RenderAll(stub.get());
  grpc::ClientContext context;
  SetDeadline(context);

  if (command == "health") {
    auto health = grpc::health::v1::Health::NewStub(channel);
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status s = health->Check(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status())
              << "\n";
    return response.status() == grpc::health::v1::HealthCheckResponse::SERVING ? EXIT_SUCCESS
                                                                               : EXIT_FAILURE;
  }
  if (command == "submit") {
    absl::StatusOr<std::string> json = juesuan::ctl::ReadInput(arg(2));
    if (!json.ok()) return Fail(std::string(json.status().message()));
    v1::SubmitAccountsRequest request;
    const auto parsed =
        google::protobuf::util::JsonStringToMessage(*json, request.mutable_accounts());
    if (!parsed.ok())
      return Fail(absl::StrCat(arg(2), ": not FinalAccounts JSON: ", parsed.ToString()));
    request.set_request_id(absl::GetFlag(FLAGS_request_id));
    request.set_validate_only(absl::GetFlag(FLAGS_validate_only));
    v1::SubmitAccountsResponse response;
    const grpc::Status s = stub->SubmitAccounts(&context, request, &response);
    if (!s.ok()) {
      // A refusal carries the report: show it before the error.
      v1::ValidationReport report;
      if (juesuan::GetDetail(juesuan::FromGrpcStatus(s), &report)) {
        std::cout << (JsonOutput() ? ToJson(report) : juesuan::ctl::ReportToText(report));
      }
      return PrintError(s);
    }
    if (JsonOutput()) {
      std::cout << ToJson(response);
    } else {
      std::cout << (response.name().empty() ? "validated (validate_only: nothing stored)"
                                            : absl::StrCat("stored ", response.name()))
                << "\n\n"
                << juesuan::ctl::ReportToText(response.validation_report());
    }
    return EXIT_SUCCESS;
  }
  if (command == "get") {
    v1::GetAccountsRequest request;
    request.set_name(arg(2));
    request.set_view(ParseView(absl::GetFlag(FLAGS_view)));
    v1::AccountsRevision response;
    const grpc::Status s = stub->GetAccounts(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << ToJson(response);
    return EXIT_SUCCESS;
  }
  if (command == "list") {
    v1::ListAccountsRequest request;
    request.set_parent("departments/-");
    request.set_fiscal_year(FiscalYear());
    request.set_region_code(absl::GetFlag(FLAGS_region));
    request.set_page_size(absl::GetFlag(FLAGS_page_size));
    request.set_page_token(absl::GetFlag(FLAGS_page_token));
    request.set_view(ParseView(absl::GetFlag(FLAGS_view)));
    v1::ListAccountsResponse response;
    const grpc::Status s = stub->ListAccounts(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << ToJson(response);
    return EXIT_SUCCESS;
  }
  if (command == "revisions") {
    v1::ListAccountRevisionsRequest request;
    request.set_parent(arg(2));
    request.set_page_size(absl::GetFlag(FLAGS_page_size));
    request.set_page_token(absl::GetFlag(FLAGS_page_token));
    request.set_view(ParseView(absl::GetFlag(FLAGS_view)));
    v1::ListAccountRevisionsResponse response;
    const grpc::Status s = stub->ListAccountRevisions(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << ToJson(response);
    return EXIT_SUCCESS;
  }
  if (command == "explain") {
    v1::ExplainFindingsRequest request;
    request.set_name(arg(2));
    request.set_author(absl::GetFlag(FLAGS_author));
    if (const std::string file = absl::GetFlag(FLAGS_explanations); !file.empty()) {
      absl::StatusOr<std::string> text = juesuan::ctl::ReadInput(file);
      if (!text.ok()) return Fail(std::string(text.status().message()));
      auto explanations = juesuan::ctl::ParseExplanations(*text);
      if (!explanations.ok())
        return Fail(absl::StrCat(file, ": ", explanations.status().message()));
      for (auto& e : *explanations) *request.add_explanations() = std::move(e);
    } else {
      auto* e = request.add_explanations();
      e->set_finding_id(arg(3));
      e->set_text(arg(4));
    }
    v1::AccountsRevision response;
    const grpc::Status s = stub->ExplainFindings(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << (JsonOutput() ? ToJson(response)
                               : juesuan::ctl::ReportToText(response.validation_report()));
    return EXIT_SUCCESS;
  }
  if (command == "publish") {
    v1::PublishAccountsRequest request;
    request.set_name(arg(2));
    v1::AccountsRevision response;
    const grpc::Status s = stub->PublishAccounts(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << (JsonOutput() ? ToJson(response)
                               : absl::StrCat("published ", response.name(), "\n"));
    return EXIT_SUCCESS;
  }
  if (command == "departments") {
    v1::ListDepartmentsRequest request;
    request.set_region_code(absl::GetFlag(FLAGS_region));
    request.set_page_size(absl::GetFlag(FLAGS_page_size));
    request.set_page_token(absl::GetFlag(FLAGS_page_token));
    v1::ListDepartmentsResponse response;
    const grpc::Status s = stub->ListDepartments(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    std::cout << ToJson(response);
    return EXIT_SUCCESS;
  }
  if (command == "rules") {
    v1::ListValidationRulesRequest request;
    request.set_fiscal_year(FiscalYear());
    request.set_page_size(1000);
    v1::ListValidationRulesResponse response;
    const grpc::Status s = stub->ListValidationRules(&context, request, &response);
    if (!s.ok()) return PrintError(s);
    if (JsonOutput()) {
      std::cout << ToJson(response);
    } else {
      for (const auto& rule : response.validation_rules()) {
        std::cout << rule.rule_id() << "\t" << v1::Severity_Name(rule.severity()) << "\t"
                  << rule.message() << "\n";
      }
    }
    return EXIT_SUCCESS;
  }
  return Fail(absl::StrCat("unknown command \"", command, "\"; try --help"));
}
