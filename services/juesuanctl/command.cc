#include "services/juesuanctl/command.h"

namespace juesuan::ctl {

const std::string& Invocation::Arg(size_t i) const {
  static const std::string* none = new std::string();
  return i < args.size() ? args[i] : *none;
}

const std::vector<Command>& AllCommands() {
  static const std::vector<Command>* all = [] {
    auto* commands = new std::vector<Command>();
    for (auto group : {IngestionCommands, ScoringCommands, RenderingCommands, DocumentCommands,
                       OperationsCommands}) {
      for (Command& c : group()) commands->push_back(std::move(c));
    }
    return commands;
  }();
  return *all;
}

const Command* FindCommand(const std::string& name) {
  for (const Command& c : AllCommands()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

const std::vector<const char*>& ConnectionFlags() {
  static const std::vector<const char*>* flags = new std::vector<const char*>{
      "ingestion_addr", "scoring_addr", "rendering_addr", "token_file", "tls_ca_file",
      "tls_cert_file",  "tls_key_file", "timeout",        "output"};
  return *flags;
}

}  // namespace juesuan::ctl
