// Reading a builtin check's string parameters from the rule catalogue.
#ifndef JUESUAN_SERVICES_INGESTION_RULES_BUILTIN_PARAMS_H_
#define JUESUAN_SERVICES_INGESTION_RULES_BUILTIN_PARAMS_H_

#include <map>
#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace juesuan::ingestion {

// Reads the parameters a check takes; refuses unknown ones.
class ParamReader {
 public:
  ParamReader(std::string check, const std::map<std::string, std::string>& params)
      : check_(std::move(check)), params_(params) {}

  absl::StatusOr<std::string> Required(const std::string& key) {
    used_.insert(key);
    auto it = params_.find(key);
    if (it == params_.end() || it->second.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("builtin ", check_, ": parameter \"", key, "\" is required"));
    }
    return it->second;
  }

  std::string Optional(const std::string& key) {
    used_.insert(key);
    auto it = params_.find(key);
    return it == params_.end() ? std::string() : it->second;
  }

  absl::Status Finish() const {
    for (const auto& [key, value] : params_) {
      if (used_.count(key) == 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("builtin ", check_, ": unknown parameter \"", key, "\""));
      }
    }
    return absl::OkStatus();
  }

 private:
  std::string check_;
  const std::map<std::string, std::string>& params_;
  std::set<std::string> used_;
};

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_BUILTIN_PARAMS_H_
