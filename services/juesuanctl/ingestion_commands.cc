// The commands of juesuan-ingestion (--ingestion_addr): accounts in, read,
// explained, published; the code tables' rules; generated load.
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/error_details.h"
#include "gen/accounts_generator.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/juesuanctl/cli.h"
#include "services/juesuanctl/command.h"
#include "services/juesuanctl/explanations_file.h"
#include "services/juesuanctl/flags.h"
#include "services/juesuanctl/input_file.h"
#include "services/juesuanctl/report_text.h"

namespace juesuan::ctl {
namespace {

namespace v1 = ::juesuan::ingestion::v1;
using grpc::health::v1::HealthCheckResponse;

v1::AccountsView View() {
  const std::string view = absl::GetFlag(FLAGS_view);
  if (view == "basic") return v1::ACCOUNTS_VIEW_BASIC;
  if (view == "full") return v1::ACCOUNTS_VIEW_FULL;
  if (view == "digest") return v1::ACCOUNTS_VIEW_DIGEST;
  return v1::ACCOUNTS_VIEW_UNSPECIFIED;  // the server's default (or its error)
}

int Health(const Invocation&) {
  auto health = grpc::health::v1::Health::NewStub(Dial(absl::GetFlag(FLAGS_ingestion_addr)));
  grpc::ClientContext context;
  SetDeadline(context);
  grpc::health::v1::HealthCheckRequest request;
  HealthCheckResponse response;
  const grpc::Status s = health->Check(&context, request, &response);
  if (!s.ok()) return PrintError(s);
  Print(response,
        [&] { return HealthCheckResponse::ServingStatus_Name(response.status()) + "\n"; });
  return response.status() == HealthCheckResponse::SERVING ? kExitOk : kExitFailed;
}

int Submit(const Invocation& in) {
  absl::StatusOr<std::string> json = ReadInput(in.Arg(0));
  if (!json.ok()) return Fail(json.status());
  v1::SubmitAccountsRequest request;
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(*json, request.mutable_accounts());
  if (!parsed.ok()) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat(in.Arg(0), ": not FinalAccounts JSON: ", parsed.ToString())));
  }
  request.set_request_id(absl::GetFlag(FLAGS_request_id));
  request.set_validate_only(absl::GetFlag(FLAGS_validate_only));
  absl::StatusOr<v1::SubmitAccountsResponse> response = Ingestion().SubmitAccounts(request);
  if (!response.ok()) {
    // A refusal carries the report: show it before the error.
    v1::ValidationReport report;
    if (GetDetail(response.status(), &report)) {
      Print(report, [&] { return ReportToText(report); });
    }
    return PrintError(response.status());
  }
  return Print(*response, [&] {
    return absl::StrCat(response->name().empty() ? "validated (validate_only: nothing stored)"
                                                 : absl::StrCat("stored ", response->name()),
                        "\n\n", ReportToText(response->validation_report()));
  });
}

int Get(const Invocation& in) {
  auto response = Ingestion().GetAccounts(in.Arg(0), View());
  return response.ok() ? PrintJson(*response) : PrintError(response.status());
}

int List(const Invocation&) {
  v1::ListAccountsRequest request;
  request.set_parent("departments/-");
  request.set_fiscal_year(FiscalYear());
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  request.set_view(View());
  auto response = Ingestion().ListAccounts(request);
  return response.ok() ? PrintJson(*response) : PrintError(response.status());
}

int Revisions(const Invocation& in) {
  v1::ListAccountRevisionsRequest request;
  request.set_parent(in.Arg(0));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  request.set_view(View());
  auto response = Ingestion().ListAccountRevisions(request);
  return response.ok() ? PrintJson(*response) : PrintError(response.status());
}

int Explain(const Invocation& in) {
  v1::ExplainFindingsRequest request;
  request.set_name(in.Arg(0));
  request.set_author(absl::GetFlag(FLAGS_author));
  if (const std::string file = absl::GetFlag(FLAGS_explanations); !file.empty()) {
    absl::StatusOr<std::string> text = ReadInput(file);
    if (!text.ok()) return Fail(text.status());
    auto explanations = ParseExplanations(*text);
    if (!explanations.ok()) {
      return Fail(
          absl::InvalidArgumentError(absl::StrCat(file, ": ", explanations.status().message())));
    }
    for (auto& e : *explanations) *request.add_explanations() = std::move(e);
  } else {
    if (in.args.size() < 3) {
      return UsageError("explain: FINDING_ID and TEXT, or --explanations=FILE, are required");
    }
    auto* e = request.add_explanations();
    e->set_finding_id(in.Arg(1));
    e->set_text(in.Arg(2));
  }
  auto response = Ingestion().ExplainFindings(request);
  if (!response.ok()) return PrintError(response.status());
  return Print(*response, [&] { return ReportToText(response->validation_report()); });
}

int Publish(const Invocation& in) {
  v1::PublishAccountsRequest request;
  request.set_name(in.Arg(0));
  auto response = Ingestion().PublishAccounts(request);
  if (!response.ok()) return PrintError(response.status());
  return Print(*response, [&] { return absl::StrCat("published ", response->name(), "\n"); });
}

int Departments(const Invocation&) {
  v1::ListDepartmentsRequest request;
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  auto response = Ingestion().ListDepartments(request);
  return response.ok() ? PrintJson(*response) : PrintError(response.status());
}

int Rules(const Invocation&) {
  v1::ListValidationRulesRequest request;
  request.set_fiscal_year(FiscalYear());
  request.set_page_size(1000);
  auto response = Ingestion().ListValidationRules(request);
  if (!response.ok()) return PrintError(response.status());
  return Print(*response, [&] {
    std::string text;
    for (const auto& rule : response->validation_rules()) {
      absl::StrAppend(&text, rule.rule_id(), "\t", v1::Severity_Name(rule.severity()), "\t",
                      rule.message(), "\n");
    }
    return text;
  });
}

// Submits --count generated department-years, --parallel at a time.
int Generate(const Invocation&) {
  gen::GeneratorOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  if (FiscalYear() != 0) options.fiscal_year = FiscalYear();
  // One region only: e.g. one shard's share (deploy/README.md, "Beyond one machine").
  if (const std::string region = absl::GetFlag(FLAGS_region); !region.empty()) {
    options.regions = {region};
  }
  const gen::AccountsGenerator generator = gen::DefaultGenerator(options);
  const int64_t start = absl::GetFlag(FLAGS_start);
  const int64_t count = absl::GetFlag(FLAGS_count);
  const ParallelRun run = RunParallel(count, [&](int64_t k) {
    const int64_t i = start + k;
    v1::SubmitAccountsRequest request;
    *request.mutable_accounts() = generator.Generate(i);
    request.set_request_id(absl::StrCat("gen-", options.seed, "-", i));
    auto response = Ingestion().SubmitAccounts(request);
    return response.ok() ? std::string()
                         : absl::StrCat("department ", i, ": ", response.status().message());
  });
  const int64_t stored = count - run.failed;
  std::cout << "generated " << count << " department-years (seed " << options.seed << ", "
            << options.fiscal_year << "): " << stored << " stored, " << run.failed << " failed, "
            << absl::StrFormat("%.1f", run.seconds) << " s ("
            << absl::StrFormat("%.0f", stored / std::max(run.seconds, 1e-9)) << "/s)\n";
  return run.failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace

// One table of the group's commands, their flags and examples (what `help`
// prints): long, as a table is, not as logic is.
std::vector<Command> IngestionCommands() {
  return {
      {"health",
       "ingestion",
       "",
       "grpc.health.v1.Health/Check of ingestion: SERVING or not",
       {},
       {},
       "juesuanctl health",
       Health},
      {"submit",
       "ingestion",
       "FILE.json",
       "submit accounts (proto3 JSON of FinalAccounts; - for stdin): the revision stored and "
       "its validation report, or the refusal with every finding",
       {"FILE.json"},
       {"request_id", "validate_only"},
       "juesuanctl submit changji-kejiju-2023.json --request_id=load-2024-06-01",
       Submit},
      {"get",
       "ingestion",
       "NAME",
       "accounts (their latest revision) or one revision, as JSON",
       {"NAME"},
       {"view"},
       "juesuanctl get departments/changji-kejiju/accounts/2023 --view=basic",
       Get},
      {"list",
       "ingestion",
       "",
       "the latest revision of each department-year, as JSON",
       {},
       {"fiscal_year", "year", "region", "view", "page_size", "page_token"},
       "juesuanctl list --fiscal_year=2023 --region=652300",
       List},
      {"revisions",
       "ingestion",
       "ACCOUNTS",
       "every revision of departments/{d}/accounts/{y}",
       {"ACCOUNTS"},
       {"view", "page_size", "page_token"},
       "juesuanctl revisions departments/changji-kejiju/accounts/2023",
       Revisions},
      {"explain",
       "ingestion",
       "REVISION [FINDING_ID TEXT]",
       "explain warnings of a revision: one, or many from --explanations (FINDING_ID<TAB>TEXT "
       "lines, or JSON); a new revision, its report printed",
       {"REVISION"},
       {"author", "explanations"},
       "juesuanctl explain departments/changji-kejiju/accounts/2023/revisions/1 "
       "CELLS-T7:three_public_expenses.vehicles.budget_fen '购置费与运行维护费预算已分别列示'",
       Explain},
      {"publish",
       "ingestion",
       "REVISION",
       "mark a revision published (no fatal findings left)",
       {"REVISION"},
       {},
       "juesuanctl publish departments/changji-kejiju/accounts/2023/revisions/2",
       Publish},
      {"departments",
       "ingestion",
       "",
       "the departments ingestion holds, as JSON",
       {},
       {"region", "page_size", "page_token"},
       "juesuanctl departments --region=652300",
       Departments},
      {"rules",
       "ingestion",
       "",
       "the validation rules of a fiscal year: ID, severity, message",
       {},
       {"fiscal_year", "year"},
       "juesuanctl rules --fiscal_year=2024",
       Rules},
      {"generate",
       "ingestion",
       "",
       "submit --count generated department-years, --parallel at a time (load, demos)",
       {},
       {"count", "seed", "start", "parallel", "fiscal_year", "year"},
       "juesuanctl generate --count=1000 --seed=7 --parallel=16",
       Generate},
  };
}

}  // namespace juesuan::ctl
