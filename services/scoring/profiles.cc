#include "services/scoring/profiles.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "services/scoring/scorer.h"

namespace juesuan::embedded {
absl::string_view profile_changji_2023_textproto();
absl::string_view profile_central_2020_textproto();
}  // namespace juesuan::embedded

namespace juesuan::scoring {

using ::juesuan::scoring::v1::ScoringProfile;

absl::StatusOr<ScoringProfile> ProfileRegistry::Parse(absl::string_view text,
                                                      absl::string_view source) {
  class Collector final : public google::protobuf::io::ErrorCollector {
   public:
    void AddError(int line, int column, const std::string& message) override {
      if (error.empty()) error = absl::StrCat("line ", line + 1, ":", column + 1, ": ", message);
    }
    std::string error;
  } collector;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  ScoringProfile profile;
  if (!parser.ParseFromString(std::string(text), &profile)) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": ", collector.error));
  }
  if (absl::Status s = ValidateProfile(profile); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": ", s.message()));
  }
  return profile;
}

absl::Status ProfileRegistry::Add(ScoringProfile profile) {
  const std::string name = profile.name();
  if (!profiles_.emplace(name, std::move(profile)).second) {
    return absl::InvalidArgumentError(absl::StrCat("profile ", name, " defined twice"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const ProfileRegistry>> ProfileRegistry::Embedded() {
  auto registry = std::make_shared<ProfileRegistry>();
  for (const auto& [text, source] : {std::pair{embedded::profile_changji_2023_textproto(),
                                               "data/profiles/changji-2023.textproto"},
                                     std::pair{embedded::profile_central_2020_textproto(),
                                               "data/profiles/central-2020.textproto"}}) {
    auto profile = Parse(text, source);
    if (!profile.ok()) return profile.status();
    if (absl::Status s = registry->Add(*std::move(profile)); !s.ok()) return s;
  }
  return registry;
}

absl::StatusOr<std::shared_ptr<const ProfileRegistry>> ProfileRegistry::FromDirectory(
    absl::string_view dir) {
  auto registry = std::make_shared<ProfileRegistry>();
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(dir), error)) {
    if (!absl::EndsWith(entry.path().string(), ".textproto")) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto profile = Parse(text.str(), entry.path().string());
    if (!profile.ok()) return profile.status();
    if (absl::Status s = registry->Add(*std::move(profile)); !s.ok()) return s;
  }
  if (error) return absl::NotFoundError(absl::StrCat("cannot list ", dir, ": ", error.message()));
  if (registry->profiles_.empty())
    return absl::NotFoundError(absl::StrCat("no *.textproto in ", dir));
  return registry;
}

absl::StatusOr<const ScoringProfile*> ProfileRegistry::Get(absl::string_view name) const {
  if (!absl::StartsWith(name, "scoringProfiles/") || name.size() == 16) {
    return absl::InvalidArgumentError(
        absl::StrCat("profile: must be scoringProfiles/{profile}, got \"", name, "\""));
  }
  auto it = profiles_.find(std::string(name));
  if (it == profiles_.end()) {
    std::string known;
    for (const auto& [n, p] : profiles_) absl::StrAppend(&known, known.empty() ? "" : ", ", n);
    return absl::NotFoundError(absl::StrCat(name, " not found (known: ", known, ")"));
  }
  return &it->second;
}

std::vector<const ScoringProfile*> ProfileRegistry::List() const {
  std::vector<const ScoringProfile*> out;
  for (const auto& [name, profile] : profiles_) out.push_back(&profile);
  return out;
}

}  // namespace juesuan::scoring
