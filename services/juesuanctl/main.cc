// juesuanctl: the operators' command line for the juesuan services.
//
//   juesuanctl [flags] COMMAND [ARGS...]
//   juesuanctl help [COMMAND]
//
// The commands are a table (command.h), one file per service group; this
// file reads the command line, refuses one that cannot mean anything (exit
// 2) and runs the command it names.
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/juesuanctl/cli.h"
#include "services/juesuanctl/command.h"
#include "services/juesuanctl/fiscal_year.h"
#include "services/juesuanctl/flags.h"
#include "services/juesuanctl/help.h"

namespace {

using juesuan::ctl::UsageError;

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

// An address flag given empty (an unset shell variable, `--ingestion_addr=`):
// a message naming it, or "". gRPC would only say it cannot make a channel.
std::string EmptyAddressFlag() {
  const std::pair<const char*, std::string> addresses[] = {
      {"--ingestion_addr", absl::GetFlag(FLAGS_ingestion_addr)},
      {"--scoring_addr", absl::GetFlag(FLAGS_scoring_addr)},
      {"--rendering_addr", absl::GetFlag(FLAGS_rendering_addr)}};
  for (const auto& [flag, value] : addresses) {
    if (value.empty()) return absl::StrCat(flag, " is empty: give the server's host:port");
  }
  return "";
}

// --fiscal_year (or --year) resolved for the commands; a usage error's
// message, or "".
std::string ResolveFiscalYear() {
  const std::string fiscal_year = absl::GetFlag(FLAGS_fiscal_year);
  const std::string year = absl::GetFlag(FLAGS_year);
  if (fiscal_year.empty() && year.empty()) return "";
  absl::StatusOr<int> resolved =
      juesuan::ctl::ResolveFiscalYear(fiscal_year.empty() ? year : fiscal_year, absl::Now(),
                                      fiscal_year.empty() ? "--year" : "--fiscal_year");
  if (!resolved.ok()) return std::string(resolved.status().message());
  juesuan::ctl::SetFiscalYear(*resolved);
  return "";
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

// `juesuanctl help [COMMAND]`.
int Help(const juesuan::ctl::Invocation& in) {
  if (in.args.empty()) {
    std::cout << juesuan::ctl::HelpText();
    return 0;
  }
  const juesuan::ctl::Command* command = juesuan::ctl::FindCommand(in.Arg(0));
  if (command == nullptr) {
    return UsageError(
        absl::StrCat("help: no command \"", in.Arg(0), "\"; `juesuanctl help` lists them"));
  }
  std::cout << juesuan::ctl::CommandHelp(*command);
  return 0;
}

// Runs `command` if the line gives it what it needs: else a usage error.
int Run(const juesuan::ctl::Command& command, const juesuan::ctl::Invocation& in) {
  if (in.args.size() < command.required.size()) {
    return UsageError(absl::StrCat(command.name, ": ", command.required[in.args.size()],
                                   " is missing; usage: juesuanctl ", command.name, " ",
                                   command.synopsis, " (juesuanctl help ", command.name, ")"));
  }
  if (const std::string unread = juesuan::ctl::FlagsNotRead(command); !unread.empty()) {
    std::cerr << "juesuanctl: " << command.name << " does not read " << unread
              << " (juesuanctl help " << command.name << ")\n";
  }
  return command.run(in);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "juesuanctl [flags] COMMAND [ARGS...]; `juesuanctl help` lists the commands, `juesuanctl "
      "help COMMAND` gives one's arguments, flags and an example");
  std::vector<std::string> spelled = TemplateSpelling(argc, argv);
  std::vector<char*> argv_spelled;
  for (std::string& arg : spelled) argv_spelled.push_back(arg.data());
  std::vector<char*> args =
      absl::ParseCommandLine(static_cast<int>(argv_spelled.size()), argv_spelled.data());
  if (const std::string output = absl::GetFlag(FLAGS_output);
      output != "text" && output != "json") {
    absl::SetFlag(&FLAGS_output, "text");  // the error itself in text
    return UsageError(absl::StrCat("--output must be text or json, got \"", output, "\""));
  }
  if (args.size() < 2) return UsageError("no command; `juesuanctl help` lists them");
  const juesuan::ctl::Invocation in{args[1],
                                    std::vector<std::string>(args.begin() + 2, args.end())};
  if (in.command == "help") return Help(in);
  const juesuan::ctl::Command* command = juesuan::ctl::FindCommand(in.command);
  if (command == nullptr) {
    return UsageError(
        absl::StrCat("unknown command \"", in.command, "\"; `juesuanctl help` lists them"));
  }
  if (const std::string bad = NegativeCountFlag(); !bad.empty()) return UsageError(bad);
  if (const std::string bad = EmptyAddressFlag(); !bad.empty()) return UsageError(bad);
  if (const std::string bad = ResolveFiscalYear(); !bad.empty()) return UsageError(bad);
  return Run(*command, in);
}
