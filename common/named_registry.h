// Resources named `{collection}/{id}` loaded once at start (scoring
// profiles, templates): the one shape of a registry, with the same errors
// everywhere — a name of another shape is INVALID_ARGUMENT, an unknown one
// NOT_FOUND listing the known ones, a name added twice INVALID_ARGUMENT.
#ifndef JUESUAN_COMMON_NAMED_REGISTRY_H_
#define JUESUAN_COMMON_NAMED_REGISTRY_H_

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/utf8.h"

namespace juesuan {

template <typename T>
class NamedRegistry {
 public:
  // `collection` e.g. "templates"; `singular` e.g. "template" (for messages);
  // names longer than `max_name_bytes` (0: any) are malformed.
  NamedRegistry(std::string collection, std::string singular, size_t max_name_bytes = 0)
      : prefix_(collection + "/"), singular_(std::move(singular)), max_(max_name_bytes) {}

  absl::Status Add(const std::string& name, T value) {
    if (!items_.emplace(name, std::move(value)).second) {
      return absl::InvalidArgumentError(absl::StrCat(name, " defined twice"));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<const T*> Get(absl::string_view name) const {
    if (!absl::StartsWith(name, prefix_) || name.size() == prefix_.size() ||
        (max_ > 0 && name.size() > max_)) {
      return absl::InvalidArgumentError(
          absl::StrCat("must be ", prefix_, "{", singular_, "}, got \"", CutUtf8(name, 100), "\""));
    }
    auto it = items_.find(std::string(name));
    if (it == items_.end()) {
      std::string known;
      for (const auto& [n, item] : items_) absl::StrAppend(&known, known.empty() ? "" : ", ", n);
      return absl::NotFoundError(absl::StrCat(name, " not found (known: ", known, ")"));
    }
    return &it->second;
  }

  // Every item, by name.
  std::vector<const T*> List() const {
    std::vector<const T*> out;
    for (const auto& [name, item] : items_) out.push_back(&item);
    return out;
  }

  bool empty() const { return items_.empty(); }

 private:
  const std::string prefix_;
  const std::string singular_;
  const size_t max_;
  std::map<std::string, T> items_;
};

}  // namespace juesuan

#endif  // JUESUAN_COMMON_NAMED_REGISTRY_H_
