// `juesuanctl help [COMMAND]`, written from the command table (command.h):
// every command with its arguments and what it does, by service group; or
// one command's arguments, flags (with their defaults) and an example.
#ifndef JUESUAN_SERVICES_JUESUANCTL_HELP_H_
#define JUESUAN_SERVICES_JUESUANCTL_HELP_H_

#include <string>

#include "services/juesuanctl/command.h"

namespace juesuan::ctl {

std::string HelpText();
std::string CommandHelp(const Command& command);

// The flags given on the command line (set away from their defaults) that
// `command` does not read, as "--a, --b"; "" when none.
std::string FlagsNotRead(const Command& command);

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_HELP_H_
