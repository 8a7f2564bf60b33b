#include "services/juesuanctl/help.h"

#include <set>
#include <string>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace juesuan::ctl {
namespace {

// "  --name=DEFAULT   help" for one flag.
std::string FlagLine(const char* name) {
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  if (flag == nullptr) return absl::StrCat("  --", name, "\n");
  const std::string def = flag->DefaultValue();
  const std::string spelled = absl::StrCat("--", name, def.empty() ? "" : "=" + def);
  // The help beside the flag, or under it when the flag is long.
  if (spelled.size() > 24) return absl::StrCat("  ", spelled, "\n      ", flag->Help(), "\n");
  return absl::StrFormat("  %-24s %s\n", spelled, flag->Help());
}

std::string Usage(const Command& c) {
  return absl::StrCat("juesuanctl ", c.name, *c.synopsis ? " " : "", c.synopsis,
                      c.flags.empty() ? "" : " [flags]");
}

}  // namespace

std::string HelpText() {
  std::string text =
      "juesuanctl: the operators' command line for the juesuan services.\n\n"
      "  juesuanctl [flags] COMMAND [ARGS...]\n"
      "  juesuanctl help COMMAND     a command's arguments, flags and an example\n";
  std::string group;
  for (const Command& c : AllCommands()) {
    if (group != c.group) {
      group = c.group;
      absl::StrAppend(&text, "\n", group, ":\n");
    }
    absl::StrAppend(&text, absl::StrFormat("  %-12s %-26s %s\n", c.name, c.synopsis, c.summary));
  }
  absl::StrAppend(&text, "\nFlags of every command:\n");
  for (const char* flag : ConnectionFlags()) absl::StrAppend(&text, FlagLine(flag));
  absl::StrAppend(&text,
                  "\nExit status: 0 done, 1 failed (the server's error, or a local one), 2 a "
                  "command line that cannot mean anything. Under --output=json an error is one "
                  "JSON object on stderr: {\"error\": {\"code\", \"status\", \"message\", "
                  "\"details\"}}.\n");
  return text;
}

std::string CommandHelp(const Command& c) {
  std::string text = absl::StrCat(Usage(c), "\n\n  ", c.summary, "\n");
  if (!c.flags.empty()) {
    absl::StrAppend(&text, "\nFlags:\n");
    for (const char* flag : c.flags) absl::StrAppend(&text, FlagLine(flag));
  }
  absl::StrAppend(&text, "\nExample:\n  ", c.example, "\n\n",
                  "Every command also reads the connection flags: `juesuanctl help`.\n");
  return text;
}

std::string FlagsNotRead(const Command& command) {
  std::set<std::string> read(command.flags.begin(), command.flags.end());
  read.insert(ConnectionFlags().begin(), ConnectionFlags().end());
  std::set<std::string> every;
  for (const Command& c : AllCommands()) every.insert(c.flags.begin(), c.flags.end());
  std::vector<std::string> unread;
  for (const std::string& name : every) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (read.count(name) > 0 || flag == nullptr) continue;
    if (flag->CurrentValue() != flag->DefaultValue()) unread.push_back("--" + name);
  }
  return absl::StrJoin(unread, ", ");
}

}  // namespace juesuan::ctl
