// How fidelity to a published document is measured (tests only): remove
// all whitespace (line breaks fall anywhere in a PDF's text, even inside
// numbers), split after every "。", and count the sentences that occur
// verbatim in the rendering with its whitespace removed.
#ifndef JUESUAN_SERVICES_RENDERING_FIDELITY_H_
#define JUESUAN_SERVICES_RENDERING_FIDELITY_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace juesuan::rendering {

// Without ASCII whitespace, form feeds and U+3000.
std::string RemoveWhitespace(absl::string_view text);

// `text` split after every "。"; a tail without one is a sentence too.
std::vector<std::string> Sentences(absl::string_view text);

// Markdown or HTML as a reader reads it: tags, Markdown's markup (#, *,
// >, |) and the entities of escaped text removed, then whitespace.
std::string ReadableText(absl::string_view document);

// The sentences not found in `rendered` (whitespace already removed).
std::vector<std::string> NotGivenBack(const std::vector<std::string>& sentences,
                                      absl::string_view rendered);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_FIDELITY_H_
