// The scoring profiles a server knows: the built-in ones (data/profiles/) or
// the *.textproto files of a directory. Each is validated when loaded.
#ifndef JUESUAN_SERVICES_SCORING_PROFILES_H_
#define JUESUAN_SERVICES_SCORING_PROFILES_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/named_registry.h"
#include "juesuan/scoring/v1/scoring.pb.h"

namespace juesuan::scoring {

class ProfileRegistry {
 public:
  // The profiles compiled into the binary.
  static absl::StatusOr<std::shared_ptr<const ProfileRegistry>> Embedded();
  // Every *.textproto in `dir`.
  static absl::StatusOr<std::shared_ptr<const ProfileRegistry>> FromDirectory(
      absl::string_view dir);
  // Parses one profile (text format) and validates it; `source` names it in errors.
  static absl::StatusOr<juesuan::scoring::v1::ScoringProfile> Parse(absl::string_view text,
                                                                    absl::string_view source);

  // The profile named `scoringProfiles/{id}`: INVALID_ARGUMENT for a
  // malformed name, NOT_FOUND for an unknown one.
  absl::StatusOr<const juesuan::scoring::v1::ScoringProfile*> Get(absl::string_view name) const;
  // All profiles, by name.
  std::vector<const juesuan::scoring::v1::ScoringProfile*> List() const;

  absl::Status Add(juesuan::scoring::v1::ScoringProfile profile);

 private:
  NamedRegistry<juesuan::scoring::v1::ScoringProfile> profiles_{"scoringProfiles", "profile"};
};

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_PROFILES_H_
