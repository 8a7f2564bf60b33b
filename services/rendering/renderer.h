// Filling a template with a view model, per format, with libmstch (a
// logic-less mustache engine). `{{x}}` escapes for the format (HTML entities
// in HTML; table-safe text in Markdown; nothing in text); `{{{x}}}` never
// escapes. Templates are data (data/templates/<id>/), versioned and listed.
#ifndef JUESUAN_SERVICES_RENDERING_RENDERER_H_
#define JUESUAN_SERVICES_RENDERING_RENDERER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/named_registry.h"
#include "juesuan/disclosure/v1/disclosure.pb.h"
#include "mstch/mstch.hpp"

namespace juesuan::rendering {

// One template: its resource and the mustache source of each format.
struct LoadedTemplate {
  juesuan::disclosure::v1::Template info;
  std::map<juesuan::disclosure::v1::Format, std::string> sources;
  // Lowercase hex SHA-256 of each source: a kept document is rendered again
  // when its template's text changed, even if its version was not bumped.
  std::map<juesuan::disclosure::v1::Format, std::string> source_sha256;
};

class TemplateRegistry {
 public:
  // The templates compiled into the binary (data/templates/).
  static absl::StatusOr<std::shared_ptr<const TemplateRegistry>> Embedded();
  // Every <dir>/<id>/template.textproto with its *.mustache files.
  static absl::StatusOr<std::shared_ptr<const TemplateRegistry>> FromDirectory(
      absl::string_view dir);

  // `templates/{id}`: INVALID_ARGUMENT if malformed, NOT_FOUND if unknown.
  absl::StatusOr<const LoadedTemplate*> Get(absl::string_view name) const;
  std::vector<const LoadedTemplate*> List() const;

  // Parses and checks one template (every listed format has a source).
  absl::Status Add(absl::string_view textproto, std::map<std::string, std::string> files,
                   absl::string_view source);

 private:
  NamedRegistry<LoadedTemplate> templates_{"templates", "template", 100};
};

// MIME type of a format.
std::string ContentType(juesuan::disclosure::v1::Format format);

// Renders `source` with `view` for `format`. Thread-safe.
std::string RenderTemplate(const std::string& source, const mstch::map& view,
                           juesuan::disclosure::v1::Format format);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_RENDERER_H_
