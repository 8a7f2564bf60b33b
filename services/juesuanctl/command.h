// juesuanctl's commands as a table: each names its arguments, the flags it
// reads, a line saying what it does and an example, so that `juesuanctl
// help [COMMAND]`, the check of a command line and the dispatch all read the
// same entry. One file of entries per service group:
// ingestion_commands.cc, scoring_commands.cc, rendering_commands.cc,
// document_commands.cc, operations_commands.cc.
#ifndef JUESUAN_SERVICES_JUESUANCTL_COMMAND_H_
#define JUESUAN_SERVICES_JUESUANCTL_COMMAND_H_

#include <string>
#include <vector>

namespace juesuan::ctl {

// A command line, past the flags: the command's positional arguments.
struct Invocation {
  std::string command;
  std::vector<std::string> args;  // after the command's name

  // The i-th argument (0: the first after the command), "" past the end.
  const std::string& Arg(size_t i) const;
};

struct Command {
  const char* name;
  const char* group;     // "ingestion", "scoring", "rendering", "documents", "operations"
  const char* synopsis;  // the arguments, e.g. "NAME"; "" for none
  const char* summary;   // one line
  // Positional arguments that must be given; a line without them is a
  // usage error (exit 2) naming the first missing.
  std::vector<const char*> required;
  // The flags the command reads besides the connection flags, by name.
  std::vector<const char*> flags;
  const char* example;
  // Runs it: the process's exit status (0 done, 1 failed, 2 usage; a
  // command may say more, as score-all does).
  int (*run)(const Invocation& invocation);
};

// The groups' tables, in the order help lists them.
std::vector<Command> IngestionCommands();
std::vector<Command> ScoringCommands();
std::vector<Command> RenderingCommands();
std::vector<Command> DocumentCommands();
std::vector<Command> OperationsCommands();

// Every command; the one named `name`, or nullptr.
const std::vector<Command>& AllCommands();
const Command* FindCommand(const std::string& name);

// The flags every command reads (addresses, credentials, deadline, output).
const std::vector<const char*>& ConnectionFlags();

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_COMMAND_H_
