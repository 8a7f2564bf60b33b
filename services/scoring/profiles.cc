#include "services/scoring/profiles.h"

#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/text_proto.h"
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
  ScoringProfile profile;
  JUESUAN_RETURN_IF_ERROR(ParseTextProto(text, source, &profile));
  if (absl::Status s = ValidateProfile(profile); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": ", s.message()));
  }
  return profile;
}

absl::Status ProfileRegistry::Add(ScoringProfile profile) {
  const std::string name = profile.name();
  absl::Status added = profiles_.Add(name, std::move(profile));
  if (!added.ok()) return absl::InvalidArgumentError(absl::StrCat("profile ", added.message()));
  return added;
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
    JUESUAN_ASSIGN_OR_RETURN(const std::string text, ReadFileText(entry.path().string()));
    auto profile = Parse(text, entry.path().string());
    if (!profile.ok()) return profile.status();
    if (absl::Status s = registry->Add(*std::move(profile)); !s.ok()) return s;
  }
  if (error) return absl::NotFoundError(absl::StrCat("cannot list ", dir, ": ", error.message()));
  if (registry->profiles_.empty())
    return absl::NotFoundError(absl::StrCat("no *.textproto in ", dir));
  return registry;
}

absl::StatusOr<const ScoringProfile*> ProfileRegistry::Get(absl::string_view name) const {
  absl::StatusOr<const ScoringProfile*> found = profiles_.Get(name);
  if (absl::IsInvalidArgument(found.status())) {
    return absl::InvalidArgumentError(absl::StrCat("profile: ", found.status().message()));
  }
  return found;
}

std::vector<const ScoringProfile*> ProfileRegistry::List() const { return profiles_.List(); }

}  // namespace juesuan::scoring
